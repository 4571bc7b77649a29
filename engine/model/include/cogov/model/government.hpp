#pragma once
// Government units (docs/model.md section 8.1): one per grid team, township and county.
// Reports filed by netizens at step t join the queue of their grid team; each unit handles
// up to its capacity per day, oldest first; reports waiting longer than the level's
// escalation delay move up (grid -> township -> county). Reporters learn at t + 1 whether
// their report was handled (their grid's handled share), which moves trust.
// County fraud disruption: D_c <- 1 - (1 - D_c) e^(-recovery days) - disruption_per_report
// * handled_c / (netizens_c / 1000), clamped to [min_disruption, 1], handled_c the fraud
// reports handled (reports of rumours disrupt no fraud); fraud attempts scale with D_c.
// Queues hold reports of both kinds; each entry knows how many of its reports are of fraud,
// and a handled part of an entry takes its share of them.

#include <array>
#include <cstdint>
#include <deque>
#include <vector>
#include "cogov/core/spec.hpp"

namespace cogov::model {

struct GovernmentConfig {
  double budget = 1.0e7;       ///< yuan, shared by all policies
  double grid_capacity = 3.0;  ///< reports handled per grid team per day
  double township_capacity = 20.0;
  double county_capacity = 100.0;
  double grid_delay_days = 1.0;            ///< escalation delay at the grid level
  double township_delay_days = 3.0;        ///< ... and at the township level
  double disruption_per_report = 0.05;     ///< per handled report per 1000 county netizens
  double disruption_recovery_rate = 0.05;  ///< per day back towards 1
  double min_disruption = 0.2;

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, GovernmentConfig& c) {
    using core::Range;
    v.value("budget", c.budget, {Range::at_least(0), "yuan", "one budget for all policies"});
    v.value("grid_capacity", c.grid_capacity,
            {Range::at_least(0), "reports per day", "handled by each grid team"});
    v.value("township_capacity", c.township_capacity,
            {Range::at_least(0), "reports per day", "handled by each township"});
    v.value("county_capacity", c.county_capacity,
            {Range::at_least(0), "reports per day", "handled by each county"});
    v.value("grid_delay_days", c.grid_delay_days,
            {Range::at_least(0), "days", "wait before a grid report escalates to the township"});
    v.value("township_delay_days", c.township_delay_days,
            {Range::at_least(0), "days", "wait before escalating to the county"});
    v.value("disruption_per_report", c.disruption_per_report,
            {Range::at_least(0), "",
             "fall of county fraud activity per handled report per 1000 netizens"});
    v.value("disruption_recovery_rate", c.disruption_recovery_rate,
            {Range::at_least(0), "per day", "recovery of fraud activity"});
    v.value("min_disruption", c.min_disruption,
            {Range::unit(), "", "floor of the disruption factor D_c"});
  }
};

/// Reports that joined a unit at one step.
struct QueuedReports {
  std::uint32_t arrival;  ///< step they joined this unit
  double count;           ///< reports
  double fraud;           ///< of which about fraud
};

/// A report queue, oldest first.
struct ReportQueue {
  std::deque<QueuedReports> waiting;
  double size() const {
    double s = 0;
    for (const auto& w : waiting) s += w.count;
    return s;
  }
};

struct Government {
  std::vector<ReportQueue> grid, township, county;
  std::vector<double> disruption;            ///< D_c per county
  std::vector<float> grid_handled_share;     ///< share of the grid's last new reports handled
  std::vector<double> county_handled;        ///< handled this step per county
  std::vector<double> county_fraud_handled;  ///< ... of which about fraud
  double handled_total = 0;
  double budget_left = 0;
};

}  // namespace cogov::model
