#include <catch2/catch.hpp>

#include <cmath>

#include "cogov/core/rng.hpp"
#include "cogov/model/build.hpp"
#include "cogov/model/mechanisms/rumour.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

io::Scenario rumour_only() {
  io::Scenario s = test::participation_only(test::small_scenario(5, 5));
  s.rumour.enabled = true;
  s.rumour.seed_rate = 0;
  s.rules.participation.inertia_prob = 0.9999;  // participation frozen as set by hand
  return s;
}

/// Share of `runs` seeds in which netizen 0 ends the first step in rumour state `state`.
template <class Make>
double share_in_state(io::Scenario s, Make make, RumourState state, int runs = 3000) {
  int hits = 0;
  for (int seed = 0; seed < runs; ++seed) {
    s.seed = static_cast<std::uint64_t>(seed);
    run::Simulation sim(s, make());
    sim.step();
    hits += sim.world().netizens.rumour[0] == static_cast<std::uint8_t>(state);
  }
  return static_cast<double>(hits) / runs;
}

/// Star with centre 0; `believers` leaves believe.
run::World star_with_believers(std::uint32_t believers, float literacy = 0.0f) {
  run::World w = test::small_world(5, test::star(4));
  w.netizens.literacy.assign(5, literacy);
  for (std::uint32_t v = 1; v <= believers; ++v) {
    w.netizens.rumour[v] = static_cast<std::uint8_t>(RumourState::believer);
    w.netizens.visible.now()[v] |= visible::believer;
  }
  return w;
}

}  // namespace

TEST_CASE("rumour: transmission is 1 - prod(1 - p) over believing neighbours", "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.transmission_prob = 0.2;
  for (std::uint32_t b : {1u, 3u}) {
    const double measured = share_in_state(
        s, [b] { return star_with_believers(b); }, RumourState::believer);
    CHECK(measured == Approx(1 - std::pow(0.8, b)).margin(0.03));
  }
}

TEST_CASE("rumour: literacy and participation protect by (1 - eps)", "[model][rumour]") {
  const RumourConfig c;  // p_R 0.05, eps_l 0.5, eps_P 0.5
  CHECK(rumour_susceptibility(c, 0.0, false) == Approx(0.05));
  CHECK(rumour_susceptibility(c, 1.0, false) == Approx(0.025));
  CHECK(rumour_susceptibility(c, 1.0, true) == Approx(0.0125));
}

TEST_CASE("rumour: a participating netizen rejects a rumour with prob rho * literacy",
          "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.rejection_prob = 0.6;
  const double rejected = share_in_state(
      s,
      [] {
        run::World w = star_with_believers(1, 0.5f);
        w.netizens.visible.now()[0] |= visible::participating;
        return w;
      },
      RumourState::recovered);
  CHECK(rejected == Approx(0.3).margin(0.03));
}

TEST_CASE("rumour: stifling, debunking and forgetting", "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.stifle_prob = 0.2;
  s.rumour.debunk_prob = 0.1;
  auto believer_centre = [](std::uint32_t debunkers) {
    return [debunkers] {
      run::World w = test::small_world(5, test::star(4));
      w.netizens.rumour[0] = static_cast<std::uint8_t>(RumourState::believer);
      for (std::uint32_t v = 1; v <= debunkers; ++v) {
        w.netizens.rumour[v] = static_cast<std::uint8_t>(RumourState::recovered);
        w.netizens.visible.now()[v] = visible::participating | visible::debunker;
      }
      return w;
    };
  };
  // Stifling alone: 0.2; with 2 debunkers: 1 - 0.9^2 (1 - 0.2).
  CHECK(share_in_state(s, believer_centre(0), RumourState::recovered) == Approx(0.2).margin(0.03));
  CHECK(share_in_state(s, believer_centre(2), RumourState::recovered) ==
        Approx(1 - 0.81 * 0.8).margin(0.03));
  CHECK(debunk_probability(s.rumour, 0, 1) == Approx(std::min(1.0, 0.1 * s.rumour.debunk_boost)));
  s.rumour.forget_rate = 0.5;
  const double forgot = share_in_state(
      s,
      [] {
        run::World w = test::small_world(5, test::star(4));
        w.netizens.rumour[0] = static_cast<std::uint8_t>(RumourState::recovered);
        return w;
      },
      RumourState::susceptible);
  CHECK(forgot == Approx(1 - std::exp(-0.5)).margin(0.03));
}

TEST_CASE("rumour: prevalence falls when participants debunk", "[model][rumour]") {
  auto mean_believers = [](double debunk) {
    io::Scenario s = test::small_scenario(20000, 60);
    s.fraud.enabled = false;
    s.breach.enabled = false;
    s.rumour.debunk_prob = debunk;
    s.rules.participation.logit.baseline = 0.0;  // many participants
    run::Simulation sim(s);
    double sum = 0;
    for (int t = 0; t < 60; ++t) {
      sim.step();
      sum += static_cast<double>(sim.tally().rumour[1]);
    }
    return sum / 60;
  };
  const double without = mean_believers(0.0), with = mean_believers(0.1);
  CHECK(with < 0.8 * without);
}

TEST_CASE("rumour: a participating platform's moderation cuts transmission by (1 - m)",
          "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.transmission_prob = 0.4;
  s.rumour.moderation_efficacy = 1.0;
  s.enterprise.inertia_prob = 0.9999;
  // Firm 0, or firm 300: past the ids the one-byte copy of the primary platform holds.
  const std::uint32_t firm = GENERATE(0u, 300u);
  auto with_platform = [firm](bool participating) {
    return [participating, firm] {
      run::World w = star_with_believers(1);
      EnterpriseConfig c;
      c.per_100k = 301 * 1e5 / 5;  // 301 firms for 5 netizens
      w.enterprises = model::make_enterprises(c, w.territory, 5, 1);
      w.enterprises.security.assign(w.enterprises.size(), 0.0f);  // only the used firm moderates
      w.enterprises.security[firm] = 0.5f;
      w.enterprises.participating.now().assign(w.enterprises.size(), participating ? 1 : 0);
      w.enterprises.deceptive.assign(w.enterprises.size(), 0);
      graph::EdgeList uses;
      for (std::uint32_t i = 0; i < 5; ++i) uses.push_back({i, 5 + firm});  // everyone uses it
      w.platform = graph::Layer::from_undirected(5 + w.enterprises.size(), uses);
      return w;
    };
  };
  const double open = share_in_state(s, with_platform(false), RumourState::believer);
  const double moderated = share_in_state(s, with_platform(true), RumourState::believer);
  CHECK(open == Approx(0.4).margin(0.03));
  CHECK(
      moderated ==
      Approx(0.4 * (1 - 0.5)).margin(0.03));  // m = m_eff * s = 0.5 (security after one step ~0.5)
}

TEST_CASE("rumour: official refutation converts believers once the lag has passed",
          "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.stifle_prob = 0;
  model::PolicyConfig p = make_policy<RefutationPlatform>();
  config_of<RefutationPlatform>(p).reach = 0.8;
  config_of<RefutationPlatform>(p).conversion_prob = 0.5;
  auto fresh_believer = [] {
    run::World w = test::small_world(5, {});
    w.netizens.rumour[0] = static_cast<std::uint8_t>(RumourState::believer);
    return w;
  };
  config_of<RefutationPlatform>(p).lag_hours = 12;  // half of the first day is after the lag
  s.policies = {p};
  CHECK(share_in_state(s, fresh_believer, RumourState::recovered) ==
        Approx(0.4 * 0.5).margin(0.03));
  config_of<RefutationPlatform>(s.policies[0]).lag_hours = 36;  // nothing on the first day
  CHECK(share_in_state(s, fresh_believer, RumourState::recovered) == 0.0);
  config_of<RefutationPlatform>(s.policies[0]).lag_hours = 0;
  CHECK(share_in_state(s, fresh_believer, RumourState::recovered) == Approx(0.4).margin(0.03));
}

TEST_CASE("rumour: the primary platform's one-byte copy holds ids below 255, else 255",
          "[model][rumour]") {
  const std::vector<std::uint32_t> primary{0, 7, 254, 255, 256, 70000, ~0u};
  CHECK(primary_platform_bytes(primary) ==
        std::vector<std::uint8_t>{0, 7, 254, 255, 255, 255, 255});
}

TEST_CASE("rumour: the escape floor is below every escape product, bit for bit, and close",
          "[model][rumour]") {
  // The netizen step skips the walk over its neighbours when u < escape_floor: exact only if
  // no product of factors 1 - a (1 - m), m in [0, 1], taken in any order, is below it.
  const auto walk = [](double a, std::uint32_t believers, auto moderation) {
    double escape = 1.0;
    for (std::uint32_t k = 0; k < believers; ++k) escape *= 1.0 - a * (1.0 - moderation(k));
    return escape;
  };
  core::Stream rng(12345, core::AgentKind::world, 0, 0, core::Purpose::sweep_sample);
  for (int trial = 0; trial < 20000; ++trial) {
    const double a = trial % 7 == 0   ? 1.0
                     : trial % 5 == 0 ? 1e-9 * rng.uniform53()
                                      : rng.uniform53();
    const auto believers = static_cast<std::uint32_t>(1 + rng.below(40));
    const double escape = walk(a, believers, [&](std::uint32_t k) {
      return k % 3 == 0 ? 0.0 : static_cast<double>(static_cast<float>(rng.uniform()));
    });
    const double unmoderated = walk(a, believers, [](std::uint32_t) { return 0.0; });
    REQUIRE(escape >= escape_floor(a, believers));
    REQUIRE(unmoderated >= escape_floor(a, believers));
    // Close: (1 - a)^B <= 1 - a B + (a B)^2 / 2, so few uniforms above the floor need the walk.
    const double ab = a * believers;
    CHECK(unmoderated - escape_floor(a, believers) <= ab * ab / 2 + 2e-9);
  }
  // The most believers the floor serves, with the smallest factor the margin must cover.
  for (const double a : {1e-7, 1e-9, 1e-12}) {
    const std::uint32_t believers = 1u << 20;
    REQUIRE(walk(a, believers, [](std::uint32_t) { return 0.0; }) >= escape_floor(a, believers));
  }
  CHECK(escape_floor(0.3, (1u << 20) + 1) == 0.0);  // past that, the walk always decides
  CHECK(escape_floor(0.3, 0) <= 1.0);               // no believers: the product is 1
  CHECK(escape_floor(0.05, 2) < 0.95 * 0.95);
}

TEST_CASE("rumour: the debunking table gives debunk_probability's bits, within it and past it",
          "[model][rumour]") {
  RumourConfig c;
  for (const double p : {0.02, 0.3, 0.5, 1.0}) {
    c.debunk_prob = p;
    c.debunk_boost = 3.0;
    const DebunkTable table(c);
    for (std::uint32_t n = 0; n < DebunkTable::kCounts + 40; ++n) {
      for (std::uint32_t b = 0; b <= n; b += 3) {
        REQUIRE(table(n - b, b) == debunk_probability(c, n - b, b));
      }
    }
  }
}

TEST_CASE("rumour: believing raises perceived risk (panic) and lowers trust, not believing neither",
          "[model][rumour][trust][perceived_risk]") {
  io::Scenario s = rumour_only();
  s.rumour.stifle_prob = 0;
  s.rumour.debunk_prob = 0;
  auto run10 = [&](bool believes) {
    run::World w = test::small_world(1, {});
    w.netizens.risk = {0.0f};
    w.netizens.trust = {0.5f};
    if (believes) w.netizens.rumour[0] = static_cast<std::uint8_t>(RumourState::believer);
    run::Simulation sim(s, std::move(w));
    for (int t = 0; t < 10; ++t) sim.step();
    return std::pair{sim.world().netizens.risk[0], sim.world().netizens.trust[0]};
  };
  const auto [risk, trust] = run10(true);
  const auto [calm_risk, calm_trust] = run10(false);
  const PerceivedRiskConfig& pr = s.rules.perceived_risk;
  const double keep = std::exp(-pr.decay_rate);
  // Ten days of panic: sum_k w keep^k for k < 10.
  CHECK(risk == Approx(pr.weight_rumour * (1 - std::pow(keep, 10)) / (1 - keep)).epsilon(1e-4));
  CHECK(trust == Approx(0.5 * std::exp(-10 * s.rules.trust.loss_believing_rate)).epsilon(1e-5));
  CHECK(calm_risk == 0.0f);
  CHECK(calm_trust == 0.5f);
}

TEST_CASE("rumour: a shock's transmission multiplier raises transmission (anxiety)",
          "[model][rumour]") {
  io::Scenario s = rumour_only();
  s.rumour.transmission_prob = 0.1;
  ShockConfig shock;
  shock.start_day = 0;
  shock.end_day = 10;
  shock.transmission_multiplier = 3.0;
  s.shocks = {shock};
  const double measured = share_in_state(
      s, [] { return star_with_believers(2); }, RumourState::believer);
  CHECK(measured == Approx(1 - std::pow(0.7, 2)).margin(0.03));
}
