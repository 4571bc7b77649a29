#pragma once
// Report handling (docs/model.md section 8.1). A report goes through one of three channels:
// the platform the reporter uses (platforms pooled: one queue), the local offices (a chain of
// 1-4 levels, grid team -> township -> county -> city) or the central reporting centre (one
// queue); the reporter's channel is drawn by channel_share (the national split of January
// 2021: 89% platforms, 10% local offices, 1.6% the central centre; ../shared/SOURCES.md).
//
// Every unit handles up to its capacity per day, oldest first. A report can be handled
// delay_hours after it reaches a unit (reports arrive spread over their step, so with a
// step of 24 h and a delay of 6 h, 3/4 of a step's reports can be handled in that step and
// the rest in the next); a local report that waited escalation_hours at its level moves up.
// Reports not handled within expiry_days of filing are closed unhandled. The engine follows
// batches (one per grid, channel, priority and step), not single reports: each batch knows
// where its reporters live, how many of its reports are about fraud and how long it waited
// before reaching its unit; a part of a batch takes its share of each.
//
// What handled reports do: fraud reports disrupt fraud in the reporters' county,
//   D_c <- 1 - (1 - D_c) e^(-recovery days) - disruption_per_report * fraud_c / (n_c / 1000),
// clamped to [min_disruption, 1]; rumour reports remove rumour content in that county (the
// rumours' transmission there x (1 - removal_c), removal_c = 1 - exp(-removal_per_report *
// rumour_c / (n_c / 1000)), rumour_c the rumour reports handled in the last step); and a
// reporter learns at t + 1 whether its report was handled within feedback_days, with the
// probability of the latest known outcome of its grid's reports in its channel (the share
// of the cohort filed feedback_days ago that was handled in time), which moves trust.

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"

namespace cogov::model {

enum class Channel : std::uint8_t { platform, local, central };
inline constexpr int kChannels = 3;
inline constexpr const char* kChannelNames[kChannels] = {"platform", "local", "central"};

/// The levels of the local channel, bottom up; a scenario uses the first `levels` of them.
enum class Level : std::uint8_t { grid, township, county, city };
inline constexpr int kLevels = 4;
inline constexpr const char* kLevelNames[kLevels] = {"grid", "township", "county", "city"};

/// One kind of unit: how fast it handles and when its reports move up.
struct UnitConfig {
  double capacity = 0;          ///< reports per day (per unit, or per netizens: see visit)
  double delay_hours = 24;      ///< handling time once a report is at the unit
  double escalation_hours = 0;  ///< local levels: wait before moving up (not at the top)

  template <class V>
  static void visit(V& v, UnitConfig& c, const char* capacity_units, bool escalates) {
    using core::Range;
    v.value("capacity", c.capacity,
            {Range::at_least(0), capacity_units, "reports handled per day"});
    v.value("delay_hours", c.delay_hours,
            {Range::at_least(0), "hours", "handling time of a report at the unit"});
    if (escalates) {
      v.value("escalation_hours", c.escalation_hours,
              {Range::at_least(0), "hours",
               "wait at this level before a report moves to the next (unused at the top)"});
    }
  }
};

struct GovernmentConfig {
  double budget = 1.0e7;  ///< yuan, shared by all policies
  std::array<double, kChannels> channel_share{0.89, 0.10, 0.016};
  std::uint32_t levels = 3;  ///< local levels used: grid, township, county (, city)
  UnitConfig grid{3.0, 24.0, 24.0};
  UnitConfig township{20.0, 24.0, 72.0};
  UnitConfig county{100.0, 24.0, 168.0};
  UnitConfig city{400.0, 24.0, 0.0};
  UnitConfig platform{1.0, 6.0, 0.0};  ///< capacity per 1000 netizens
  UnitConfig central{2.0, 48.0, 0.0};  ///< capacity per 100 000 netizens
  double expiry_days = 30.0;
  double feedback_days = 7.0;
  double disruption_per_report = 0.05;     ///< per handled report per 1000 county netizens
  double disruption_recovery_rate = 0.05;  ///< per day back towards 1
  double min_disruption = 0.2;
  double removal_per_report = 0.05;  ///< rumour content removed per handled report per 1000

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, GovernmentConfig& c) {
    using core::Range;
    v.value("budget", c.budget, {Range::at_least(0), "yuan", "one budget for all policies"});
    v.value("channel_share", c.channel_share,
            {Range::at_least(0), "weights",
             "where reports go (" + core::join_names(kChannelNames) +
                 "); normalised; a netizen without a platform reports locally"});
    v.value("levels", c.levels,
            {Range::between(1, kLevels), "",
             "local levels used, bottom up: 1 grid only (flat), 2 + township, 3 + county, "
             "4 + city"});
    v.value("expiry_days", c.expiry_days,
            {Range::at_least(0), "days", "reports not handled within this are closed unhandled"});
    v.value("feedback_days", c.feedback_days,
            {Range::at_least(0), "days",
             "a reporter counts its report handled if it was within this time"});
    v.value("disruption_per_report", c.disruption_per_report,
            {Range::at_least(0), "",
             "fall of county fraud activity per handled fraud report per 1000 netizens"});
    v.value("disruption_recovery_rate", c.disruption_recovery_rate,
            {Range::at_least(0), "per day", "recovery of fraud activity"});
    v.value("min_disruption", c.min_disruption,
            {Range::unit(), "", "floor of the disruption factor D_c"});
    v.value("removal_per_report", c.removal_per_report,
            {Range::at_least(0), "",
             "rumour content removed per handled rumour report per 1000 county netizens"});
    v.section("grid", "grid teams (local level 1)",
              [&] { UnitConfig::visit(v, c.grid, "reports per day per team", true); });
    v.section("township", "township offices (local level 2)",
              [&] { UnitConfig::visit(v, c.township, "reports per day per office", true); });
    v.section("county", "county offices (local level 3)",
              [&] { UnitConfig::visit(v, c.county, "reports per day per office", true); });
    v.section("city", "the city office (local level 4)",
              [&] { UnitConfig::visit(v, c.city, "reports per day", false); });
    v.section("platform", "platforms' report handling (pooled)", [&] {
      UnitConfig::visit(v, c.platform, "reports per day per 1000 netizens", false);
    });
    v.section("central", "the central reporting centre", [&] {
      UnitConfig::visit(v, c.central, "reports per day per 100 000 netizens", false);
    });
  }

  const UnitConfig& level(int k) const {
    const UnitConfig* all[kLevels] = {&grid, &township, &county, &city};
    return *all[k];
  }
};

/// Reports that reached a unit at one step from one grid, channel and priority.
struct QueuedReports {
  std::uint32_t arrival = 0;  ///< step they reached this unit
  std::uint32_t filed = 0;    ///< step they were filed
  std::uint32_t grid = 0;     ///< where the reporters live
  std::uint8_t channel = 0;
  std::uint8_t priority = 0;  ///< handled before the others (registered volunteers, NGOs)
  double size = 0;            ///< reports when they reached the unit
  double left = 0;            ///< still waiting
  double fraud = 0;           ///< of `left`, about fraud
  double prior_hours = 0;     ///< mean wait before reaching this unit
};

/// A unit's queue, in order of arrival.
struct ReportQueue {
  std::deque<QueuedReports> waiting;
  double size() const {
    double s = 0;
    for (const auto& w : waiting) s += w.left;
    return s;
  }
};

struct Government {
  /// Every unit's queue: the platform pool, the central centre, then each local level's
  /// units bottom up (first_unit[k] is the first of level k; the city has one).
  std::vector<ReportQueue> units;
  std::array<std::uint32_t, kLevels + 1> first_unit{};
  std::vector<double> disruption;      ///< D_c per county
  std::vector<float> content_removal;  ///< removal_c per county, from the last step
  /// Per channel and grid (index channel * grids + grid): the share of the latest matured
  /// cohort handled within feedback_days, which its reporters learn.
  std::vector<float> handled_share;
  /// Cohorts not yet matured, per channel, grid and slot (filed step mod slots).
  std::vector<double> cohort_filed, cohort_in_time;
  std::uint32_t cohort_slots = 1;
  std::vector<double> county_fraud_handled, county_rumour_handled;  ///< this step
  double handled_total = 0;
  double budget_left = 0;

  std::uint32_t platform_unit() const { return 0; }
  std::uint32_t central_unit() const { return 1; }
};

/// The channel of netizen i's report filed at `step`: drawn by channel_share from the
/// netizen's own stream, so the government phase (which counts the reports) and the
/// reporter (which learns the outcome at step + 1) draw the same. Without a platform, a
/// platform report goes to the local offices.
inline Channel report_channel(const GovernmentConfig& c, std::uint64_t seed, std::uint32_t i,
                              std::uint32_t step, bool has_platform) {
  const double total = c.channel_share[0] + c.channel_share[1] + c.channel_share[2];
  if (total <= 0) return Channel::local;
  core::Stream rng(seed, core::AgentKind::netizen, i, step, core::Purpose::report_channel);
  const double u = rng.uniform() * total;
  if (u < c.channel_share[0]) return has_platform ? Channel::platform : Channel::local;
  if (u < c.channel_share[0] + c.channel_share[1]) return Channel::local;
  return Channel::central;
}

}  // namespace cogov::model
