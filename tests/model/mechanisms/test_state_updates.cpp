#include <catch2/catch.hpp>

#include <cmath>

#include "cogov/core/rng.hpp"
#include "cogov/model/mechanisms/fatigue.hpp"
#include "cogov/model/mechanisms/perceived_risk.hpp"
#include "cogov/model/mechanisms/trust.hpp"

using namespace cogov::model;

TEST_CASE("fatigue: accumulates while participating and decays otherwise", "[model][fatigue]") {
  const double up = cogov::core::rate_to_prob(0.05, 1.0),
               down = cogov::core::rate_to_prob(0.10, 1.0);
  float f = 0.0f;
  for (int t = 0; t < 10; ++t) f = update_fatigue(f, true, up, down);
  CHECK(f == Approx(1 - std::pow(1 - up, 10)).epsilon(1e-5));  // f -> 1 geometrically
  const float peak = f;
  for (int t = 0; t < 10; ++t) f = update_fatigue(f, false, up, down);
  CHECK(f == Approx(peak * std::pow(1 - down, 10)).epsilon(1e-5));
  CHECK(update_fatigue(1.0f, true, up, down) == 1.0f);  // bounded
  CHECK(update_fatigue(0.0f, false, up, down) == 0.0f);
}

TEST_CASE(
    "perceived risk: decays, jumps on victimisation and campaigns, follows neighbours, clamps",
    "[model][perceived_risk]") {
  const PerceivedRiskConfig c;  // 0.5, 0.2, 0.1
  const double keep = std::exp(-c.decay_rate);
  CHECK(update_risk(c, 0.4f, keep, false, 0.0, false) == Approx(0.4 * keep));
  CHECK(update_risk(c, 0.0f, keep, true, 0.0, false) == Approx(0.5));
  CHECK(update_risk(c, 0.0f, keep, false, 0.5, false) == Approx(0.1));
  CHECK(update_risk(c, 0.0f, keep, false, 0.0, true) == Approx(0.1));
  CHECK(update_risk(c, 0.9f, keep, true, 1.0, true) == 1.0f);
}

TEST_CASE("trust: each cause moves it in its direction by its share of the way", "[model][trust]") {
  const TrustConfig c;  // gains 0.05, losses 0.10, believing 0.003 per day
  const double keep = std::exp(-c.loss_believing_rate * 1.0);
  auto after = [&](TrustEvents e) { return update_trust(c, 0.5f, e, keep); };
  CHECK(after({.handled = true}) == Approx(0.525));
  CHECK(after({.refuted = true}) == Approx(0.525));
  CHECK(after({.unhandled = true}) == Approx(0.45));
  CHECK(after({.victimised = true}) == Approx(0.45));
  CHECK(after({.believing = true}) == Approx(0.5 * keep));
  CHECK(after({}) == 0.5f);
  // Thirty days of belief keep exp(-0.09) of one's trust.
  float t = 0.5f;
  for (int d = 0; d < 30; ++d) t = update_trust(c, t, {.believing = true}, keep);
  CHECK(t == Approx(0.5 * std::exp(-30 * c.loss_believing_rate)).epsilon(1e-5));
  for (int i = 0; i < 1000; ++i) t = update_trust(c, t, {.handled = true}, keep);
  CHECK(t <= 1.0f);
  for (int i = 0; i < 1000; ++i) t = update_trust(c, t, {.victimised = true}, keep);
  CHECK(t >= 0.0f);
}

TEST_CASE("perceived risk: a believed rumour raises it (panic) towards w_rumour / delta",
          "[model][perceived_risk]") {
  const PerceivedRiskConfig c;  // delta 0.05, w_rumour 0.01 per day
  const double keep = std::exp(-c.decay_rate);
  CHECK(update_risk(c, 0.0f, keep, false, 0.0, false, true, c.weight_rumour) ==
        Approx(c.weight_rumour));
  CHECK(update_risk(c, 0.0f, keep, false, 0.0, false, false, c.weight_rumour) == 0.0f);
  float r = 0.0f;
  for (int d = 0; d < 2000; ++d)
    r = update_risk(c, r, keep, false, 0.0, false, true, c.weight_rumour);
  CHECK(r == Approx(c.weight_rumour / (1.0 - keep)).epsilon(1e-4));
}
