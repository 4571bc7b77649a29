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

TEST_CASE("trust: rises when reports are handled, falls when victimised unheard",
          "[model][trust]") {
  const TrustConfig c;  // gain 0.05, loss 0.10
  CHECK(update_trust(c, 0.5f, true, false) == Approx(0.525));
  CHECK(update_trust(c, 0.5f, false, true) == Approx(0.45));
  CHECK(update_trust(c, 0.5f, false, false) == 0.5f);
  float t = 0.5f;
  for (int i = 0; i < 1000; ++i) t = update_trust(c, t, true, false);
  CHECK(t <= 1.0f);
}
