#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/model/mechanisms/participation_logit.hpp"

using namespace cogov::model;

namespace {

LogitInputs neutral() {
  return LogitInputs{0.2, 0.0, 0.3, 0.4, 0.1, 1, 0.0, false};
}

}  // namespace

TEST_CASE("logit: the utility is the sum of its terms (hand-computed)", "[model][participation]") {
  LogitConfig c;  // defaults
  const LogitInputs x{0.5, 0.25, 0.2, 0.6, 0.3, 3, 0.4, false};
  const double expected = c.baseline + c.herding * (1 + c.risk_amplification * 0.2) * 0.5 +
                          c.self_protection * 0.2 + c.altruism * 0.6 + c.compassion * 0.6 * 0.25 +
                          0.4 - c.cost[3] - c.fatigue_weight * 0.3;
  CHECK(logit_utility(c, x) == Approx(expected));
  CHECK(logit_probability(c, x) == Approx(1 / (1 + std::exp(-expected / c.temperature))));
}

TEST_CASE("logit: each term moves participation the documented way", "[model][participation]") {
  const LogitConfig c;
  const double base = logit_probability(c, neutral());
  auto with = [&](auto change) {
    LogitInputs x = neutral();
    change(x);
    return logit_probability(c, x);
  };
  CHECK(with([](LogitInputs& x) { x.herding_share = 0.6; }) >
        base);                                                   // more participating neighbours
  CHECK(with([](LogitInputs& x) { x.altruism = 0.9; }) > base);  // more altruism
  CHECK(with([](LogitInputs& x) { x.victim_share = 0.5; }) > base);  // compassion for victims
  CHECK(with([](LogitInputs& x) { x.risk = 0.8; }) > base);          // self-protection
  CHECK(with([](LogitInputs& x) { x.policy = 1.0; }) > base);        // policy terms add
  CHECK(with([](LogitInputs& x) { x.fatigue = 0.9; }) < base);       // fatigue
  CHECK(with([](LogitInputs& x) { x.age_group = 3; }) < base);  // seniors pay more (0.9 vs 0.5)
  CHECK(with([](LogitInputs& x) { x.cash_reward = true; }) < base);  // crowding-out of altruism
}

TEST_CASE("logit: risk amplifies herding by (1 + kappa r)", "[model][participation]") {
  LogitConfig c;
  c.risk_amplification = 2.0;
  LogitInputs lo = neutral(), hi = neutral();
  lo.risk = hi.risk = 0.5;
  hi.herding_share = lo.herding_share + 0.1;
  // The herding gain of 0.1 more share is J (1 + 2 * 0.5) * 0.1 = 0.6 with J = 3.
  CHECK(logit_utility(c, hi) - logit_utility(c, lo) == Approx(0.6));
}

TEST_CASE("logit: cost lowers and temperature flattens the choice", "[model][participation]") {
  LogitConfig c;
  LogitInputs x = neutral();
  const double p = logit_probability(c, x);
  c.cost[1] += 1.0;
  CHECK(logit_probability(c, x) < p);
  LogitConfig hot;
  hot.temperature = 100;
  CHECK(logit_probability(hot, x) == Approx(0.5).margin(0.02));
}

TEST_CASE("logit: the table-first choice equals u < probability, bit for bit",
          "[model][participation]") {
  // logit_choice decides from an interpolated table unless u is within kSigmoidMargin of it:
  // every decision must be the one the exact probability gives, including u at, just
  // below and just above the probability, and utilities across and beyond the table.
  cogov::core::Stream rng(7, cogov::core::AgentKind::world, 0, 0,
                          cogov::core::Purpose::sweep_sample);
  std::uint64_t checked = 0, near = 0;
  for (const double temperature : {1.0, 0.35, 2.5}) {
    LogitConfig c;
    c.temperature = temperature;
    for (int trial = 0; trial < 20000; ++trial) {
      LogitInputs x = neutral();
      x.herding_share = rng.uniform();
      x.victim_share = rng.uniform();
      x.risk = rng.uniform();
      x.altruism = rng.uniform();
      x.fatigue = rng.uniform();
      x.age_group = static_cast<int>(rng.below(4));
      x.policy = (rng.uniform() - 0.5) * 40.0;  // utilities well past the table's +-16
      const double p = logit_probability(c, x);
      for (const double u : {rng.uniform(), p, std::nextafter(p, 0.0), std::nextafter(p, 1.0),
                             p - 3e-5, p + 3e-5, p - 2e-4, p + 2e-4}) {
        REQUIRE(logit_choice(c, x, u) == (u < p));
        ++checked;
        near += std::abs(u - p) < kSigmoidMargin;
      }
    }
  }
  CHECK(checked == 480000);
  CHECK(near > 200000);  // the exact path was exercised, not only the table
}

TEST_CASE("logit: the table is within its margin of the logistic function",
          "[model][participation]") {
  // Between nodes (where linear interpolation is worst) the error must stay under the margin
  // the choice relies on, with room to spare.
  double worst = 0;
  for (double z = -kSigmoidRange; z < kSigmoidRange; z += 1.0 / 256) {
    worst = std::max(worst, std::abs(logistic_from_table(z) - 1.0 / (1.0 + std::exp(-z))));
  }
  CHECK(worst < kSigmoidMargin / 2);
}
