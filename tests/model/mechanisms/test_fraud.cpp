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
