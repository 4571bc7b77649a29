#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "cogov/model/build.hpp"
#include "cogov/model/government_step.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

core::Territory two_grids() {
  core::TerritoryConfig tc;
  tc.grid_size = tc.rural_grid_size = 1000;
  tc.grids_per_township = 2;
  return core::Territory::build(tc, 2000, 1);
}

/// This step's reports: entries of (grid, channel, priority, reports, of which fraud).
struct Filed {
  std::uint32_t grid;
  Channel channel;
  bool priority;
  std::uint32_t reports, fraud;
};

struct Reports {
  std::vector<std::uint32_t> reports, fraud;
  Reports(const core::Territory& t, std::initializer_list<Filed> filed)
      : reports(std::size_t{t.grids()} * kChannels * 2), fraud(reports.size()) {
    for (const Filed& f : filed) {
      reports[report_index(f.grid, f.channel, f.priority)] += f.reports;
      fraud[report_index(f.grid, f.channel, f.priority)] += f.fraud;
    }
  }
};

/// Only the local channel, no delays, escalation after `escalation_hours` at the grid.
GovernmentConfig local_only(double grid_capacity, double escalation_hours) {
  GovernmentConfig c;
  c.grid = {grid_capacity, 0.0, escalation_hours};
  c.township = {0.0, 0.0, 1e9};
  c.county = {0.0, 0.0, 1e9};
  c.expiry_days = 1e9;
  return c;
}

GovernmentTally step(const GovernmentConfig& c, Government& gov, const core::Territory& t,
                     const Reports& r, std::uint32_t at, double delay_factor = 1.0) {
  GovernmentInputs in;
  in.reports = r.reports;
  in.fraud = r.fraud;
  in.step = at;
  in.step_days = 1.0;
  in.delay_factor = delay_factor;
  return government_step(c, gov, t, in);
}

constexpr auto local = Channel::local;
constexpr auto platform = Channel::platform;
constexpr auto central = Channel::central;

}  // namespace

TEST_CASE("government: grid teams handle up to capacity, oldest first, and escalate after the wait",
          "[model][government]") {
  const core::Territory t = two_grids();
  const GovernmentConfig c = local_only(3, 24);
  Government gov = make_government(c, t, 1.0);
  GovernmentTally x = step(c, gov, t, Reports(t, {{0, local, false, 10, 10}}), 0);
  CHECK(x.filed[1] == 10);
  CHECK(x.handled[1] == 3);
  CHECK(x.mean_delay(1) == Approx(8.4));  // 3 a day: the first three wait 12 - 3.6 h
  x = step(c, gov, t, Reports(t, {{0, local, false, 2, 2}}), 1);
  // Step 1 handles 3 of the 7 old reports first (none of the 2 new ones); then the old ones,
  // at the grid for 24 hours or more by the end of step 1, move to the township.
  CHECK(x.handled[1] == 3);
  CHECK(x.waiting_by_level[0] == Approx(2));
  CHECK(x.waiting_by_level[1] == Approx(4));
  CHECK(x.waiting_all == Approx(6));
}

TEST_CASE("government: a delay shorter or longer than a step is handled in fractions",
          "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.platform = {1000.0, 6.0, 0.0};
  Government gov = make_government(c, t, 1.0);
  // Reports arrive spread over the day: those filed in the first 18 hours are handled by its
  // end, 6 hours after filing; the rest the next day.
  GovernmentTally x = step(c, gov, t, Reports(t, {{0, platform, false, 8, 0}}), 0);
  CHECK(x.handled[0] == Approx(6));
  CHECK(x.mean_delay(0) == Approx(6));
  x = step(c, gov, t, Reports(t, {}), 1);
  CHECK(x.handled[0] == Approx(2));
  CHECK(x.mean_delay(0) == Approx(6));
  CHECK(step(c, gov, t, Reports(t, {}), 2).mean_delay(0) == 0);

  c.platform.delay_hours = 36;  // half of a step's reports on the next day, half the day after
  Government slow = make_government(c, t, 1.0);
  CHECK(step(c, slow, t, Reports(t, {{0, platform, false, 8, 0}}), 0).handled[0] == 0);
  CHECK(step(c, slow, t, Reports(t, {}), 1).handled[0] == Approx(4));
  x = step(c, slow, t, Reports(t, {}), 2);
  CHECK(x.handled[0] == Approx(4));
  CHECK(x.mean_delay(0) == Approx(36));
}

TEST_CASE(
    "government: queues fill when capacity is below the flow, and data sharing shortens "
    "the measured delay",
    "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.central = {250.0, 24.0, 0.0};  // 5 reports a day for 2000 netizens
  c.expiry_days = 1e9;
  Government gov = make_government(c, t, 1.0);
  GovernmentTally x;
  for (std::uint32_t k = 0; k < 20; ++k)
    x = step(c, gov, t, Reports(t, {{1, central, false, 10, 5}}), k);
  CHECK(x.handled[2] == Approx(5));
  CHECK(x.waiting[2] == Approx(20 * 10 - 19 * 5));  // nothing handled on the first day
  CHECK(x.mean_delay(2) > 24 * 9);                  // the backlog grows a day every 2 days

  // Below capacity, the measured delay is the handling delay, and data sharing halves it.
  c.central.capacity = 1e6;
  Government silo = make_government(c, t, 1.0), shared = make_government(c, t, 1.0);
  double silo_hours = 0, shared_hours = 0;
  for (std::uint32_t k = 0; k < 5; ++k) {
    const Reports r(t, {{0, central, false, 4, 4}});
    const GovernmentTally a = step(c, silo, t, r, k), b = step(c, shared, t, r, k, 0.5);
    if (k > 2) {
      silo_hours = a.mean_delay(2);
      shared_hours = b.mean_delay(2);
    }
  }
  CHECK(silo_hours == Approx(24));
  CHECK(shared_hours == Approx(12));
  // Data sharing does not touch the platforms (firms, not agencies).
  c.platform = {0.0, 0.0, 0.0};
  Government p1 = make_government(c, t, 1.0), p2 = make_government(c, t, 1.0);
  step(c, p1, t, Reports(t, {{0, platform, false, 4, 4}}), 0);
  step(c, p2, t, Reports(t, {{0, platform, false, 4, 4}}), 0, 0.5);
  CHECK(p1.units[p1.platform_unit()].size() == p2.units[p2.platform_unit()].size());
}

TEST_CASE("government: data sharing shortens the escalation wait", "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c = local_only(0, 48);
  c.township.capacity = 100;
  Government slow = make_government(c, t, 1.0), fast = make_government(c, t, 1.0);
  // A wait of 12 hours (48 x 0.25): the first half of the day's reports have waited it by the
  // end of the day, the rest by the next.
  step(c, slow, t, Reports(t, {{0, local, false, 8, 8}}), 0);
  step(c, fast, t, Reports(t, {{0, local, false, 8, 8}}), 0, 0.25);
  CHECK(slow.units[slow.first_unit[0]].size() == 8);
  CHECK(fast.units[fast.first_unit[0]].size() == Approx(4));
  step(c, slow, t, Reports(t, {}), 1);
  const GovernmentTally x = step(c, fast, t, Reports(t, {}), 1, 0.25);
  CHECK(slow.units[slow.first_unit[0]].size() == 8);  // 48 hours only for the first report
  CHECK(fast.units[fast.first_unit[0]].size() == 0);
  CHECK(x.handled[1] == Approx(4));  // the township handled what moved up
}

TEST_CASE("government: priority reports are handled first", "[model][government]") {
  const core::Territory t = two_grids();
  const GovernmentConfig c = local_only(3, 1e9);
  Government gov = make_government(c, t, 1.0);
  step(c, gov, t, Reports(t, {{0, local, false, 5, 5}}), 0);  // 3 handled, 2 wait
  step(c, gov, t, Reports(t, {{0, local, true, 4, 0}}), 1);   // 3 of the 4 priority first
  const auto& q = gov.units[gov.first_unit[0]].waiting;
  REQUIRE(q.size() == 2);
  CHECK(q[0].priority == 0);
  CHECK(q[0].left == Approx(2));
  CHECK(q[1].priority == 1);
  CHECK(q[1].left == Approx(1));
}

TEST_CASE("government: reports not handled within expiry_days are closed unhandled",
          "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c = local_only(0, 1e9);
  c.expiry_days = 3;
  Government gov = make_government(c, t, 1.0);
  step(c, gov, t, Reports(t, {{0, local, false, 7, 0}}), 0);
  CHECK(step(c, gov, t, Reports(t, {}), 1).expired[1] == 0);
  const GovernmentTally x = step(c, gov, t, Reports(t, {}), 2);
  CHECK(x.expired[1] == 7);
  CHECK(x.waiting_all == 0);
}

TEST_CASE("government: the levels used are configurable (flat, 3, 4)", "[model][government]") {
  const core::Territory t = two_grids();
  for (std::uint32_t levels : {1u, 3u, 4u}) {
    GovernmentConfig c = local_only(0, 0);
    c.levels = levels;
    c.township = {0.0, 0.0, 0.0};
    c.county = {0.0, 0.0, 0.0};
    c.city = {0.0, 0.0, 0.0};
    Government gov = make_government(c, t, 1.0);
    const GovernmentTally x = step(c, gov, t, Reports(t, {{0, local, false, 6, 0}}), 0);
    // With no capacity anywhere, the reports climb to the top level in one step and stay.
    for (int k = 0; k < kLevels; ++k)
      CHECK(x.waiting_by_level[k] == (k + 1 == static_cast<int>(levels) ? 6 : 0));
  }
}

TEST_CASE("government: reporters learn the share of their channel's cohort handled in time",
          "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c;
  c.central = {1e6, 48.0, 0.0};
  c.platform = {1e6, 6.0, 0.0};
  c.feedback_days = 1;  // a week by default; here central reports (48 h) come too late
  Government gov = make_government(c, t, 1.0);
  const std::size_t grids = t.grids();
  CHECK(gov.handled_share[0 * grids + 0] == 1.0f);  // nothing known yet
  for (std::uint32_t k = 0; k < 4; ++k) {
    step(c, gov, t, Reports(t, {{0, central, false, 10, 0}, {0, platform, false, 10, 0}}), k);
  }
  CHECK(gov.handled_share[2 * grids + 0] == 0.0f);
  CHECK(gov.handled_share[0 * grids + 0] == Approx(1.0));
  CHECK(gov.handled_share[1 * grids + 0] == 1.0f);  // no local reports: unchanged
}

TEST_CASE(
    "government: handled fraud reports disrupt county fraud, which recovers without them, "
    "handled rumour reports remove content",
    "[model][government]") {
  const core::Territory t = two_grids();
  GovernmentConfig c = local_only(100, 1e9);
  c.disruption_per_report = 0.01;
  c.disruption_recovery_rate = 0.1;
  c.removal_per_report = 0.1;
  Government gov = make_government(c, t, 1.0);
  // 40 handled, 30 of them about fraud (10 of rumours), in a county of 2000 netizens:
  // D = 1 - 0.01 * 30 / 2 = 0.85, removal = 1 - exp(-0.1 * 10 / 2).
  const GovernmentTally x =
      step(c, gov, t, Reports(t, {{0, local, false, 20, 10}, {1, local, false, 20, 20}}), 0);
  CHECK(x.handled_all == 40);
  CHECK(x.fraud_handled == 30);
  CHECK(gov.disruption[0] == Approx(0.85));
  CHECK(gov.content_removal[0] == Approx(1 - std::exp(-0.5)));
  step(c, gov, t, Reports(t, {}), 1);
  CHECK(gov.disruption[0] == Approx(1 - 0.15 * std::exp(-0.1)));
  CHECK(gov.content_removal[0] == 0.0f);
}

TEST_CASE("government: a partly handled batch takes its share of fraud reports",
          "[model][government]") {
  const core::Territory t = two_grids();
  const GovernmentConfig c = local_only(4, 1e9);
  Government gov = make_government(c, t, 1.0);
  const GovernmentTally x = step(c, gov, t, Reports(t, {{0, local, false, 10, 5}}), 0);
  CHECK(x.handled[1] == 4);
  CHECK(x.fraud_handled == Approx(2));
  const auto& q = gov.units[gov.first_unit[0]].waiting;
  REQUIRE(q.size() == 1);
  CHECK(q.front().left == Approx(6));
  CHECK(q.front().fraud == Approx(3));
}

TEST_CASE("government: report channels follow channel_share, and without a platform go local",
          "[model][government]") {
  const GovernmentConfig c;
  std::array<int, kChannels> count{};
  const int n = 200000;
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(n); ++i)
    ++count[static_cast<int>(report_channel(c, 7, i, 3, true))];
  const double total = c.channel_share[0] + c.channel_share[1] + c.channel_share[2];
  for (int k = 0; k < kChannels; ++k) {
    const double p = c.channel_share[k] / total;
    CHECK(std::abs(count[k] / double(n) - p) < 4 * std::sqrt(p * (1 - p) / n));
  }
  for (std::uint32_t i = 0; i < 1000; ++i)
    CHECK(report_channel(c, 7, i, 3, false) != Channel::platform);
}

TEST_CASE("government: data shared in some grids cuts their units' delays only",
          "[model][government]") {
  const core::Territory t = two_grids();  // two grids, one township
  auto handled = [&](const GovernmentConfig& c, const std::vector<float>& factors) {
    Government gov = make_government(c, t, 1.0);
    const Reports r(t, {{0, local, false, 10, 0}, {1, local, false, 10, 0}});
    GovernmentInputs in;
    in.reports = r.reports;
    in.fraud = r.fraud;
    in.grid_delay_factor = factors;
    return government_step(c, gov, t, in).handled[1];
  };
  GovernmentConfig c;
  // Reports arrive spread over the day: a 12 h delay handles half of them the same day, a
  // 6 h delay three quarters.
  SECTION("each grid team takes its own grid's factor") {
    c.grid = {1000.0, 12.0, 1e9};
    CHECK(handled(c, {}) == Approx(10));
    CHECK(handled(c, {1.0f, 1.0f}) == Approx(10));
    CHECK(handled(c, {0.5f, 1.0f}) == Approx(7.5 + 5));
  }
  SECTION("the township serving both grids is cut only when both share") {
    c.grid = {0.0, 0.0, 0.0};  // grid teams pass every report on at once
    c.township = {1000.0, 12.0, 1e9};
    CHECK(handled(c, {}) == Approx(10));
    CHECK(handled(c, {0.5f, 1.0f}) == Approx(10));
    CHECK(handled(c, {0.5f, 0.5f}) == Approx(15));
  }
}
