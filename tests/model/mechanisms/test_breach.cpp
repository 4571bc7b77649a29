#include <catch2/catch.hpp>

#include "cogov/model/build.hpp"
#include "cogov/model/enterprise_step.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

Enterprises firms(std::uint32_t n, float security) {
  core::TerritoryConfig tc;
  const core::Territory t = core::Territory::build(tc, 100000, 1);
  EnterpriseConfig c;
  c.per_100k = n;
  Enterprises e = make_enterprises(c, t, 100000, 1);
  e.security.assign(e.size(), security);
  e.deceptive.assign(e.size(), 0);
  return e;
}

}  // namespace

TEST_CASE("breach: insecure firms pile up vulnerabilities and are breached, secure ones patch",
          "[model][breach]") {
  BreachConfig b;
  b.breach_rate = 0.01;
  EnterpriseConfig c;
  c.inertia_prob = 0.999;
  c.security_decay_rate = 0;
  c.security_gain_rate = 0;  // security stays where it is set, participating or not
  EnterpriseInputs in;
  in.breach = &b;
  std::vector<float> interception, moderation;
  auto run = [&](float security) {
    Enterprises e = firms(400, security);
    std::uint64_t breaches = 0;
    for (std::uint32_t t = 0; t < 100; ++t) {
      breaches +=
          enterprise_step(c, e, StepContext{1, t, 1.0}, in, interception, moderation).breaches;
    }
    double v = 0;
    for (auto x : e.vulnerabilities) v += x;
    return std::pair{v / e.size(), breaches};
  };
  const auto [v_low, b_low] = run(0.1f);
  const auto [v_high, b_high] = run(0.9f);
  // Stock at balance: inflow vuln_rate (1 - s) = outflow patch_rate s V -> V = (1 - s) / s.
  CHECK(v_low == Approx(9.0).epsilon(0.25));
  CHECK(v_high == Approx(0.11).margin(0.1));
  CHECK(b_low > 10 * std::max<std::uint64_t>(1, b_high));
}

TEST_CASE("breach: users of a breached firm become exposed with exposure_prob", "[model][breach]") {
  io::Scenario s = test::participation_only(test::small_scenario(2000, 1));
  s.breach.enabled = true;
  s.breach.exposure_prob = 0.3;
  run::World w = test::small_world(2000, {});
  w.enterprises = firms(1, 0.0f);
  w.enterprises.vulnerabilities.assign(w.enterprises.size(), 100000);  // breach is certain
  graph::EdgeList uses;
  for (std::uint32_t i = 0; i < 2000; ++i) uses.push_back({i, 2000});
  w.platform = graph::Layer::from_undirected(2000 + w.enterprises.size(), uses);
  run::Simulation sim(s, std::move(w));
  sim.step();
  CHECK(sim.record().enterprises.breaches >= 1);
  CHECK(static_cast<double>(sim.tally().newly_exposed) / 2000 == Approx(0.3).margin(0.03));
}
