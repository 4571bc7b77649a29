#include <catch2/catch.hpp>

#include <cmath>

#include "cogov/model/build.hpp"
#include "cogov/model/mechanisms/fraud.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

io::Scenario fraud_only() {
  io::Scenario s = test::participation_only(test::small_scenario(5, 5));
  s.fraud.enabled = true;
  s.fraud.attempt_rate = 50;  // an attempt every step
  s.rules.participation.inertia_prob = 0.9999;
  return s;
}

struct FraudCounts {
  double attempts = 0, intercepted = 0, successes = 0, reports = 0;
};

template <class Make>
FraudCounts fraud_counts(const io::Scenario& base, Make make, int runs = 3000) {
  FraudCounts c;
  io::Scenario s = base;
  for (int seed = 0; seed < runs; ++seed) {
    s.seed = static_cast<std::uint64_t>(seed);
    run::Simulation sim(s, make());
    sim.step();
    const auto& t = sim.tally();
    // Only netizen 0 is exposed to fraud in these worlds' measurements: divide per run.
    c.attempts += static_cast<double>(t.attempts);
    c.intercepted += static_cast<double>(t.intercepted);
    c.successes += static_cast<double>(t.successes);
    c.reports += static_cast<double>(t.victim_reports);
  }
  return c;
}

}  // namespace

TEST_CASE("fraud: success falls by (1 - eps_nbr) per participating neighbour", "[model][fraud]") {
  const FraudConfig c;
  const double none = fraud_success_probability(c, 3, 0.3, false, 0);
  for (std::uint32_t k = 1; k <= 5; ++k) {
    CHECK(fraud_success_probability(c, 3, 0.3, false, k) ==
          Approx(none * std::pow(1 - c.neighbour_protection, k)));
  }
  CHECK(fraud_success_probability(c, 3, 0.3, true, 0) == Approx(none * (1 - c.self_protection)));
  CHECK(fraud_success_probability(c, 3, 0.9, false, 0) < none);
}

TEST_CASE("fraud: measured success rate on a star matches the closed form", "[model][fraud]") {
  io::Scenario s = fraud_only();
  s.fraud.success_prob = {0.8, 0.8, 0.8, 0.8};
  s.fraud.neighbour_protection = 0.3;
  s.fraud.literacy_protection = 0;
  for (std::uint32_t helpers : {0u, 2u, 4u}) {
    // Leaves are attacked too; count only the centre by giving leaves usage 0.
    const auto counts = fraud_counts(s, [helpers] {
      run::World w = test::small_world(5, test::star(4));
      w.netizens.usage = {1, 0, 0, 0, 0};
      for (std::uint32_t v = 1; v <= helpers; ++v)
        w.netizens.visible.now()[v] = visible::participating;
      return w;
    });
    INFO(helpers << " participating neighbours");
    CHECK(counts.attempts == Approx(3000).epsilon(0.01));
    CHECK(counts.successes / counts.attempts == Approx(0.8 * std::pow(0.7, helpers)).margin(0.03));
  }
}

TEST_CASE("fraud: a participating platform intercepts w_eff * security of attempts",
          "[model][fraud]") {
  io::Scenario s = fraud_only();
  s.enterprise.inertia_prob = 0.9999;
  s.fraud.interception_efficacy = 0.8;
  const auto counts = fraud_counts(s, [] {
    run::World w = test::small_world(1, {});
    w.enterprises = make_enterprises(EnterpriseConfig{}, w.territory, 1, 1);
    w.enterprises.security.assign(w.enterprises.size(), 0.5f);
    w.enterprises.deceptive.assign(w.enterprises.size(), 0);
    w.enterprises.participating.now().assign(w.enterprises.size(), 1);
    w.platform = graph::Layer::from_undirected(1 + w.enterprises.size(), {{0, 1}});
    return w;
  });
  // Security moves towards 0.9 by 1 - e^-0.05 during the step before netizens act.
  const double s1 = 0.5 + (1 - std::exp(-0.05)) * (0.9 - 0.5);
  CHECK(counts.intercepted / counts.attempts == Approx(0.8 * s1).margin(0.03));
}

TEST_CASE("fraud: victims lose money, count as victims for W days and report by the decision",
          "[model][fraud]") {
  io::Scenario s = fraud_only();
  s.fraud.success_prob = {1, 1, 1, 1};
  s.fraud.literacy_protection = 0;
  s.fraud.victim_window_days = 3;
  auto world = [](float trust) {
    return [trust] {
      run::World w = test::small_world(1, {});
      w.netizens.trust = {trust};
      w.netizens.literacy = {0.5f};
      return w;
    };
  };
  const auto counts = fraud_counts(s, world(0.8f));
  CHECK(counts.successes == 3000);
  // A non-participant at trust 0.8 and literacy 0.5: sigma(0.1 + 2 x 0.2 + 0.5 - 1) = 0.5.
  const double q =
      report_probability(s.rules.reporting, Reportable::victimised, false, 0.8, 0.5, 0);
  CHECK(q == Approx(0.5));
  CHECK(counts.reports / counts.successes == Approx(q).margin(0.03));
  // Less trust, fewer reports: sigma(0.1 - 0.8 + 0.5 - 1) = sigma(-1.2) at trust 0.2.
  const auto distrustful = fraud_counts(s, world(0.2f));
  CHECK(distrustful.reports / distrustful.successes == Approx(core::sigmoid(-1.2)).margin(0.03));
  run::Simulation sim(s, test::small_world(1, {}));
  sim.step();
  CHECK(sim.world().netizens.loss[0] > 0.0f);
  CHECK(sim.world().netizens.victim_countdown[0] == 2);  // W = 3 steps, one already passed
  CHECK(sim.world().netizens.risk[0] >= 0.5f);
}

TEST_CASE("fraud: data exposure multiplies attempts by (1 + psi)", "[model][fraud]") {
  io::Scenario s = fraud_only();
  s.fraud.attempt_rate = 0.1;
  s.fraud.exposure_multiplier = 2.0;
  const auto plain = fraud_counts(
      s, [] { return test::small_world(1, {}); }, 6000);
  const auto exposed = fraud_counts(
      s,
      [] {
        run::World w = test::small_world(1, {});
        w.netizens.exposed = {1};
        return w;
      },
      6000);
  CHECK(plain.attempts / 6000 == Approx(1 - std::exp(-0.1)).margin(0.012));
  CHECK(exposed.attempts / 6000 == Approx(1 - std::exp(-0.3)).margin(0.015));
}

TEST_CASE("fraud: the by-age and by-region series add up, and unique victims restart each year",
          "[model][fraud]") {
  io::Scenario s = test::participation_only(test::small_scenario(4000, 400));
  s.fraud.enabled = true;
  s.fraud.attempt_rate = 0.05;
  s.territory.urban_share = 0.5;
  run::Simulation sim(s);
  double unique_year1 = 0, unique_year2 = 0, successes = 0;
  std::uint64_t victims_year1 = 0;  // distinct netizens defrauded in days 0-364
  std::vector<std::uint8_t> hit(4000, 0);
  std::vector<float> loss_before(sim.world().netizens.loss);
  for (int t = 0; t < 400; ++t) {
    sim.step();
    const NetizenTally& x = sim.tally();
    std::uint64_t a = 0, i = 0, v = 0, ar = 0, ir = 0, vr = 0;
    for (int g = 0; g < kAgeGroups; ++g) {
      a += x.attempts_by_age[g];
      i += x.intercepted_by_age[g];
      v += x.victims_by_age[g];
    }
    for (int k = 0; k < 2; ++k) {
      ar += x.attempts_by_region[k];
      ir += x.intercepted_by_region[k];
      vr += x.victims_by_region[k];
    }
    REQUIRE(a == x.attempts);
    REQUIRE(ar == x.attempts);
    REQUIRE(i == x.intercepted);
    REQUIRE(ir == x.intercepted);
    REQUIRE(v == x.successes);
    REQUIRE(vr == x.successes);
    REQUIRE(x.loss_by_region[0] + x.loss_by_region[1] ==
            Approx(x.loss_by_age[0] + x.loss_by_age[1] + x.loss_by_age[2] + x.loss_by_age[3]));
    (t < 365 ? unique_year1 : unique_year2) += static_cast<double>(x.unique_victims);
    successes += static_cast<double>(x.successes);
    if (t < 365) {
      const auto& loss = sim.world().netizens.loss;
      for (std::uint32_t k = 0; k < 4000; ++k) {
        if (loss[k] != loss_before[k] && !hit[k]) {
          hit[k] = 1;
          ++victims_year1;
        }
      }
      loss_before = loss;
    }
  }
  REQUIRE(successes > 100);
  CHECK(unique_year1 == static_cast<double>(victims_year1));
  CHECK(unique_year2 > 0);  // the second year counts its victims afresh
  CHECK(unique_year1 + unique_year2 < successes + 1);
}
