#include <catch2/catch.hpp>

#include "cogov/model/build.hpp"
#include "cogov/model/netizen_step.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

/// Fraction of `runs` seeds in which netizen 0 participates after one step.
double join_rate(const io::Scenario& base, run::World (*make)(), int runs = 400) {
  int joined = 0;
  for (int seed = 0; seed < runs; ++seed) {
    io::Scenario s = base;
    s.seed = static_cast<std::uint64_t>(seed);
    run::Simulation sim(s, make());
    sim.step();
    joined += sim.world().netizens.participating(0);
  }
  return static_cast<double>(joined) / runs;
}

io::Scenario logit_scenario() {
  io::Scenario s = test::participation_only(test::small_scenario(5, 5));
  s.rules.participation.inertia_prob = 0.0;
  return s;
}

}  // namespace

TEST_CASE("netizen step: more participating neighbours, more participation (hand-computed size)",
          "[model][participation]") {
  const io::Scenario s = logit_scenario();
  const double none = join_rate(s, [] { return test::small_world(5, test::star(4)); });
  const double all = join_rate(s, [] {
    auto w = test::small_world(5, test::star(4));
    for (std::uint32_t v = 1; v <= 4; ++v) w.netizens.visible.now()[v] = visible::participating;
    return w;
  });
  // Plain young netizen: u = -2 - 0.5 = -2.5 alone, -2.5 + 3 = 0.5 with s = 1.
  CHECK(none == Approx(1 / (1 + std::exp(2.5))).margin(0.04));
  CHECK(all == Approx(1 / (1 + std::exp(-0.5))).margin(0.06));
}

TEST_CASE("netizen step: victimised neighbours raise participation through compassion",
          "[model][participation]") {
  const io::Scenario s = logit_scenario();
  auto altruist = [] {
    auto w = test::small_world(5, test::star(4));
    w.netizens.altruism[0] = 1.0f;
    return w;
  };
  const double calm = join_rate(s, altruist);
  const double victims = join_rate(
      s, +[] {
        auto w = test::small_world(5, test::star(4));
        w.netizens.altruism[0] = 1.0f;
        for (std::uint32_t v = 1; v <= 4; ++v) w.netizens.visible.now()[v] = visible::victimised;
        return w;
      });
  (void)altruist;
  CHECK(victims > calm + 0.2);  // H = 2: utility +2 at alpha = 1, v = 1
}

TEST_CASE("netizen step: inertia keeps the previous choice", "[model][participation]") {
  io::Scenario s = logit_scenario();
  s.rules.participation.inertia_prob = 0.9;
  s.rules.participation.logit.baseline = -20;  // nobody would choose to participate
  int kept = 0;
  for (int seed = 0; seed < 300; ++seed) {
    s.seed = static_cast<std::uint64_t>(seed);
    auto w = test::small_world(5, test::star(4));
    w.netizens.visible.now()[0] = visible::participating;
    run::Simulation sim(s, std::move(w));
    sim.step();
    kept += sim.world().netizens.participating(0);
  }
  CHECK(kept / 300.0 == Approx(0.9).margin(0.05));
}

TEST_CASE("netizen step: the victim countdown is visible to neighbours for W steps",
          "[model][participation]") {
  io::Scenario s = logit_scenario();
  auto w = test::small_world(3, {{0, 1}, {1, 2}});
  w.netizens.victim_countdown[0] = 3;
  run::Simulation sim(s, std::move(w));
  for (int t = 0; t < 3; ++t) {
    sim.step();
    CHECK((sim.world().netizens.visible_now()[0] & visible::victimised) != 0);
    CHECK(sim.tally().recently_victimised == (t < 2 ? 1u : 0u));
  }
  sim.step();
  CHECK((sim.world().netizens.visible_now()[0] & visible::victimised) == 0);
}

TEST_CASE("netizen step: fatigue builds in participants and lowers their participation",
          "[model][fatigue]") {
  io::Scenario s = logit_scenario();
  s.rules.participation.logit.baseline = 5;  // everyone participates at first
  s.rules.participation.logit.fatigue_weight = 10;
  s.rules.fatigue.gain_rate = 0.5;
  run::Simulation sim(s, test::small_world(50, {}));
  sim.step();
  const auto early = sim.tally().participants;
  for (int t = 0; t < 30; ++t) sim.step();
  CHECK(early >= 45);
  CHECK(sim.tally().participants < early);
  CHECK(sim.tally().fatigue / 50 > 0.2);
}

TEST_CASE("netizen step: the tally counts every group", "[model][participation]") {
  io::Scenario s = logit_scenario();
  auto w = test::small_world(4, {});
  w.netizens.age = {0, 1, 2, 3};
  w.netizens.flags = {0, flag::urban, flag::urban | flag::party, 0};
  w.netizens.visible.now() = {1, 0, 1, 1};
  run::Simulation sim(s, std::move(w));
  const NetizenTally& t = sim.tally();
  CHECK(t.netizens == 4);
  CHECK(t.participants == 3);
  CHECK(t.by_age == std::array<std::uint64_t, 4>{1, 0, 1, 1});
  CHECK(t.by_region == std::array<std::uint64_t, 2>{2, 1});
  CHECK(t.region_count == std::array<std::uint64_t, 2>{2, 2});
  CHECK(t.party == 1);
  CHECK(t.party_count == 1);
}

TEST_CASE("netizen step: a settled step (sums reused from the last tally) equals a full count",
          "[model][participation]") {
  // Lean rules on a ring with chords; netizen 0 starts victimised for two steps, so the
  // first steps must not settle and later ones do. Both runs must agree field by field.
  io::Scenario s = logit_scenario();
  s.rules.participation.rule = GENERATE(ParticipationRule::logit, ParticipationRule::threshold);
  graph::EdgeList edges;
  const std::uint32_t n = 400;
  for (std::uint32_t v = 0; v < n; ++v)
    edges.push_back({v, (v * 7 + 3) % n});  // chords; never a loop
  for (std::uint32_t v = 0; v + 1 < n; ++v) edges.push_back({v, v + 1});
  auto w = test::small_world(n, edges);
  for (std::uint32_t i = 0; i < n; ++i) {
    w.netizens.literacy[i] = 0.2f + 0.6f * static_cast<float>(i % 7) / 7.0f;
    w.netizens.trust[i] = 0.1f + 0.8f * static_cast<float>(i % 11) / 11.0f;
    w.netizens.risk[i] = 0.05f * static_cast<float>(i % 5);
    w.netizens.exposed[i] = i % 13 == 0;
    if (i % 3 == 0) w.netizens.visible.now()[i] = visible::participating;
  }
  w.netizens.victim_countdown[0] = 2;
  w.netizens.visible.now()[0] |= visible::victimised;

  Netizens full = w.netizens, settled = w.netizens;
  NetizenTally last = tally_netizens(settled);
  CHECK(last.recently_victimised == 1);
  CHECK(last.shown_victimised == 1);
  for (std::uint32_t t = 0; t < 6; ++t) {
    StepContext ctx;
    ctx.seed = 11;
    ctx.step = t;
    NetizenInputs with_sums;
    with_sums.state_sums = &last;
    const NetizenTally a = netizen_step(s.rules, w.social, full, ctx, {});
    const NetizenTally b = netizen_step(s.rules, w.social, settled, ctx, with_sums);
    full.swap_buffers();
    settled.swap_buffers();
    INFO("step " << t);
    CHECK(a.participants == b.participants);
    CHECK(a.joined == b.joined);
    CHECK(a.recently_victimised == b.recently_victimised);
    CHECK(a.shown_victimised == b.shown_victimised);
    CHECK(a.fatigue == b.fatigue);
    CHECK(a.risk == b.risk);
    CHECK(a.trust == b.trust);
    CHECK(a.literacy == b.literacy);
    CHECK(a.exposed == b.exposed);
    CHECK(a.rumour == b.rumour);
    CHECK(a.reports == b.reports);
    CHECK(a.literacy > 0);
    CHECK(a.exposed == 31);
    CHECK(full.risk == settled.risk);
    CHECK(full.visible.now() == settled.visible.now());
    last = b;
  }
  // After the victim window the world settles: nobody victimised, nor shown so.
  CHECK(last.recently_victimised == 0);
  CHECK(last.shown_victimised == 0);
}

TEST_CASE("netizen step: NGO members, and only members, receive their NGO's utility",
          "[model][ngo]") {
  // Netizens 0 and 1 alone; netizen 0 is in NGO 0 (vertex 2), whose member utility is large.
  const io::Scenario s = logit_scenario();
  auto w = test::small_world(2, {});
  const graph::Layer membership = graph::Layer::from_undirected(3, {{0, 2}});
  mark_ngo_members(w.netizens, membership);
  CHECK((w.netizens.flags[0] & flag::ngo_member) != 0);
  CHECK((w.netizens.flags[1] & flag::ngo_member) == 0);
  Ngos ngos;
  ngos.utility = {10.0f};
  ngos.boost = {0};
  ngos.reports = {0};
  ngos.donates = {0};
  for (auto& t : ngos.train_prob) t.assign(1, 0.0f);
  ngos.grid_group_formed = {0};
  const NgoConfig ngo_config;
  NetizenInputs in;
  in.membership = &membership;
  in.ngos = &ngos;
  in.ngo = &ngo_config;
  int member = 0, other = 0;
  for (std::uint32_t seed = 0; seed < 200; ++seed) {
    Netizens p = w.netizens;
    StepContext ctx;
    ctx.seed = seed;
    netizen_step(s.rules, w.social, p, ctx, in);
    p.swap_buffers();
    member += p.participating(0);
    other += p.participating(1);
  }
  // Utility 10 makes the member's joining near-certain; the other keeps the base rate.
  INFO("member " << member << ", other " << other);
  CHECK(member > 190);
  CHECK(other < 120);
}

TEST_CASE("simulation: NGO membership is flagged from the membership layer at the start",
          "[model][ngo]") {
  auto w = test::small_world(3, {});
  w.membership = graph::Layer::from_undirected(4, {{1, 3}});
  const run::Simulation sim(logit_scenario(), std::move(w));
  CHECK((sim.world().netizens.flags[1] & flag::ngo_member) != 0);
  CHECK((sim.world().netizens.flags[0] & flag::ngo_member) == 0);
}
