#include <catch2/catch.hpp>

#include "cogov/model/mechanisms/participation_threshold.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

TEST_CASE("threshold: participate when the participating share reaches theta",
          "[model][threshold]") {
  const ThresholdConfig monotone{true}, reversible{false};
  CHECK(threshold_decision(monotone, false, 4, 2, 0.5f));
  CHECK_FALSE(threshold_decision(monotone, false, 4, 1, 0.5f));
  CHECK(threshold_decision(monotone, true, 4, 0, 0.5f));          // monotone keeps it
  CHECK_FALSE(threshold_decision(reversible, true, 4, 0, 0.5f));  // not monotone drops it
  CHECK_FALSE(threshold_decision(monotone, false, 0, 0, 0.0f));   // isolated keeps its state
}

TEST_CASE("threshold: a cascade runs along a chain on a hand-made graph", "[model][threshold]") {
  // Path 0-1-2-3-4-5 with theta 0.5: seeding 0 makes 1 join (1/2), then 2, ... one per step.
  auto scenario = test::participation_only(test::small_scenario(6, 10));
  scenario.rules.participation.rule = ParticipationRule::threshold;
  scenario.rules.participation.inertia_prob = 0.0;
  run::World w = test::small_world(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
  w.netizens.visible.now()[0] = visible::participating;
  run::Simulation sim(scenario, std::move(w));
  for (std::uint32_t t = 1; t <= 5; ++t) {
    sim.step();
    CHECK(sim.tally().participants == t + 1);
  }
  sim.step();
  CHECK(sim.tally().participants == 6);
}

TEST_CASE("threshold: a high threshold stops the cascade, non-monotone seeds drop out",
          "[model][threshold]") {
  auto scenario = test::participation_only(test::small_scenario(6, 10));
  scenario.rules.participation.rule = ParticipationRule::threshold;
  scenario.rules.participation.inertia_prob = 0.0;
  SECTION("theta 0.6 on a path: nobody follows a single seed") {
    run::World w = test::small_world(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
    w.netizens.threshold.assign(6, 0.6f);
    w.netizens.visible.now()[0] = visible::participating;
    run::Simulation sim(scenario, std::move(w));
    for (int t = 0; t < 5; ++t) sim.step();
    CHECK(sim.tally().participants == 1);
  }
  SECTION("non-monotone: the seed of a star leaves, the leaves join, and they alternate") {
    scenario.rules.participation.threshold.monotone = false;
    run::World w = test::small_world(5, test::star(4));
    w.netizens.visible.now()[0] = visible::participating;
    run::Simulation sim(scenario, std::move(w));
    sim.step();
    CHECK(sim.tally().participants == 4);  // leaves see 1/1; the centre sees 0/4
    CHECK_FALSE(sim.world().netizens.participating(0));
    sim.step();
    CHECK(sim.tally().participants == 1);  // the centre sees 4/4; leaves see 0/1
  }
}
