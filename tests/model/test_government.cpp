#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "cogov/model/build.hpp"
#include "cogov/model/government_step.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

using V = std::vector<std::uint32_t>;

core::Territory two_grids() {
  core::TerritoryConfig tc;
  tc.grid_size = tc.rural_grid_size = 1000;
  tc.grids_per_township = 2;
  return core::Territory::build(tc, 2000, 1);
}

}  // namespace

TEST_CASE(
    "government: grid teams handle up to capacity, oldest first, and escalate after the delay",
    "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.grid_capacity = 3;
  c.township_capacity = 0;
  c.county_capacity = 0;
  c.grid_delay_days = 2;
  Government gov = make_government(c, t);
  const std::vector<std::uint32_t> ten{10, 0};
  GovernmentTally x = government_step(c, gov, t, ten, ten, 0, 1.0, 1.0);
  CHECK(x.filed == 10);
  CHECK(x.handled == 3);
  CHECK(gov.grid_handled_share[0] == Approx(0.3));
  x = government_step(c, gov, t, V{2, 0}, V{2, 0}, 1, 1.0, 1.0);
  // Step 1 handles 3 of the 7 old reports first (none of the 2 new ones); then the old ones,
  // waiting for 2 steps, escalate to the township.
  CHECK(x.handled == 3);
  CHECK(gov.grid_handled_share[0] == 0.0f);
  CHECK(gov.grid[0].size() == 2);
  CHECK(gov.township[0].size() == 4);
  CHECK(x.waiting == 6);
}

TEST_CASE("government: data sharing (escalation factor) shortens the wait", "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.grid_capacity = 0;
  c.grid_delay_days = 4;
  Government slow = make_government(c, t), fast = make_government(c, t);
  government_step(c, slow, t, V{5, 0}, V{5, 0}, 0, 1.0, 1.0);
  government_step(c, fast, t, V{5, 0}, V{5, 0}, 0, 1.0, 0.25);
  CHECK(slow.grid[0].size() == 5);
  CHECK(fast.grid[0].size() == 0);  // escalated at once and handled by the township
}

TEST_CASE("government: handled fraud reports disrupt county fraud, which recovers without them",
          "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.grid_capacity = 100;
  c.disruption_per_report = 0.01;
  c.disruption_recovery_rate = 0.1;
  Government gov = make_government(c, t);
  // 40 handled, 30 of them about fraud (10 of rumours), in a county of 2000 netizens:
  // 1 - 0.01 * 30 / 2 = 0.85.
  const GovernmentTally x = government_step(c, gov, t, V{20, 20}, V{10, 20}, 0, 1.0, 1.0);
  CHECK(x.handled == 40);
  CHECK(x.fraud_handled == 30);
  CHECK(gov.disruption[0] == Approx(0.85));
  government_step(c, gov, t, V{0, 0}, V{0, 0}, 1, 1.0, 1.0);
  CHECK(gov.disruption[0] == Approx(1 - 0.15 * std::exp(-0.1)));
}

TEST_CASE("government: a partly handled batch takes its share of fraud reports",
          "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.grid_capacity = 4;
  c.township_capacity = 0;
  c.county_capacity = 0;
  c.grid_delay_days = 10;
  Government gov = make_government(c, t);
  const GovernmentTally x = government_step(c, gov, t, V{10, 0}, V{5, 0}, 0, 1.0, 1.0);
  CHECK(x.handled == 4);
  CHECK(x.fraud_handled == Approx(2));
  REQUIRE(gov.grid[0].waiting.size() == 1);
  CHECK(gov.grid[0].waiting.front().count == Approx(6));
  CHECK(gov.grid[0].waiting.front().fraud == Approx(3));
}
