#pragma once
// The policy book: the scheduled [[policy]] entries, whether each is running, its spending
// and the one budget. Each step it compiles what the running policies do (PolicyEffects
// for netizens, orders for firms and NGOs, through each kind's compile()) and afterwards
// charges their costs: cost_per_day x days plus the kind's charge() from the policy's own
// counters (policies/kinds/*.hpp give each formula). A charge larger than what is left
// takes what is left, and the policy stops for good. A policy with a trigger runs, within
// its schedule, while its trigger is on: observe() updates the triggers at the end of each
// step from the step's reduced tallies (policies/trigger.hpp).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cogov/core/columns.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/policies/policy.hpp"
#include "cogov/model/policies/trigger.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

/// Everything a policy book accumulates during a run (for checkpoints): per-policy columns
/// and the budget.
struct PolicyBookState {
  std::vector<double> spending, last_charge, target_size, untrained, held, participants,
      report_rate;
  std::vector<std::uint8_t> stopped, running, appointed;
  std::vector<std::uint32_t> hub_cutoff;
  // Triggers (policies/trigger.hpp): per policy, and the windows of the policies with a
  // trigger one after the other, each oldest reading at position seen % its length.
  std::vector<double> trigger_window, trigger_started, trigger_stopped, trigger_value;
  std::vector<std::uint64_t> trigger_seen;
  std::vector<std::uint8_t> trigger_on, trigger_fired;
  double budget_left = 0;

  template <class Self, class F>
  static void visit_columns(Self& b, F&& f) {
    using core::ColumnInfo;
    f(ColumnInfo{"spending", "yuan", "spent so far"}.at_least(0), b.spending);
    f(ColumnInfo{"last_charge", "yuan", "charge of the last step"}, b.last_charge);
    f(ColumnInfo{"target_size", "netizens", "size of the target (-1: not counted)"}.at_least(-1),
      b.target_size);
    f(ColumnInfo{"untrained", "netizens", "never trained in the target (training; -1: not counted)"}
          .at_least(-1),
      b.untrained);
    f(ColumnInfo{"held", "", "moderators appointed, or NGOs funded"}.at_least(0), b.held);
    f(ColumnInfo{"participants", "netizens", "participants in the target (rewards)"}.at_least(0),
      b.participants);
    f(ColumnInfo{"report_rate", "per participant per day", "their smoothed reports (rewards)"}
          .at_least(0),
      b.report_rate);
    f(ColumnInfo{"stopped", "0/1", "stopped for good (budget spent)"}.flag(), b.stopped);
    f(ColumnInfo{"running", "0/1", "running this step"}.flag(), b.running);
    f(ColumnInfo{"appointed", "0/1", "moderators appointed"}.flag(), b.appointed);
    f(ColumnInfo{"hub_cutoff", "neighbours", "degree of the hub target (0: not computed)"},
      b.hub_cutoff);
    f(ColumnInfo{"trigger_window", "", "the triggers' last readings, policy after policy"}.or_nan(),
      b.trigger_window);
    f(ColumnInfo{"trigger_seen", "steps", "readings each trigger has taken"}, b.trigger_seen);
    f(ColumnInfo{"trigger_on", "0/1", "the trigger has the policy run"}.flag(), b.trigger_on);
    f(ColumnInfo{"trigger_fired", "0/1", "the trigger started the policy at the last step's end"}
          .flag(),
      b.trigger_fired);
    f(ColumnInfo{"trigger_started", "days", "first day of the last activation (-1: none)"}.at_least(
          -1),
      b.trigger_started);
    f(ColumnInfo{"trigger_stopped", "days", "first day off after it (-1: none)"}.at_least(-1),
      b.trigger_stopped);
    f(ColumnInfo{"trigger_value", "", "the trigger's last value (NaN: window not full)"}.or_nan(),
      b.trigger_value);
  }
};

/// What the netizen pass saw of each policy's target (rewards): participants at t and
/// their reports (NetizenTally reward_participants, reward_participant_reports).
struct TargetCounts {
  std::array<std::uint64_t, kMaxPolicies> participants{}, participant_reports{};
  std::array<double, kMaxPolicies> yuan{};              ///< counted in yuan (matched donations)
  std::array<std::uint64_t, kMaxPolicies> untrained{};  ///< never trained, in the target
};

class PolicyBook {
 public:
  /// `step_days` sizes the triggers' windows (TriggerConfig::window_steps).
  PolicyBook(std::vector<PolicyConfig> policies, double budget, std::uint64_t seed,
             double step_days = 1.0);

  /// Compiles the effects of the policies running on `day`; appoints moderators and funds
  /// NGOs as needed.
  PolicyEffects compile(double day, double step_days, double step_hours, Netizens& netizens,
                        const graph::Layer& social, const core::Territory& territory, Ngos* ngos,
                        PolicyOrders& orders);
  /// Throws ConfigError (naming `file`, the policy and its target keys) for every policy
  /// whose target (netizens, firms or NGOs) matches nobody in this world, or lists grids or
  /// counties it does not have. (target = "moderators" is exempt: moderators may be
  /// appointed later.)
  void check_targets(Netizens& netizens, const graph::Layer& social,
                     const core::Territory& territory, const Enterprises& firms, const Ngos& ngos,
                     const std::string& file);
  /// Charges this step's costs; `units` combines the counts of all phases per policy. Also
  /// updates what rewards expect from `seen` (PolicySlot participants and report_rate).
  void charge(double step_days, const std::array<std::uint64_t, kMaxPolicies>& units,
              const TargetCounts& seen = {});
  /// At the end of a step: each trigger takes its series' reading of this step and decides
  /// whether its policy runs from `next_day` (policies/trigger.hpp); `netizens` scales per.
  void observe(const TriggerReadings& readings, std::uint64_t netizens, double next_day);

  std::size_t size() const { return policies_.size(); }
  const std::vector<PolicyConfig>& policies() const { return policies_; }
  const std::vector<double>& spending() const { return spending_; }
  const std::vector<double>& last_charge() const { return last_charge_; }
  double budget_left() const { return budget_left_; }
  bool stopped(std::size_t k) const { return stopped_[k] != 0; }
  bool running(std::size_t k) const { return running_[k] != 0; }
  const PolicySlot& slot(std::size_t k) const { return slots_[k]; }
  /// Whether any policy has a trigger (else observe() does nothing and need not be called).
  bool has_triggers() const { return has_triggers_; }
  const TriggerState& trigger(std::size_t k) const { return triggers_[k]; }
  /// The policies' labels (their names, or kinds), in list order.
  std::vector<std::string> names() const;

  PolicyBookState state() const;
  void restore(const PolicyBookState& state);

 private:
  std::vector<PolicyConfig> policies_;
  std::vector<std::uint64_t> keys_;  ///< stable ids (policy_key of each label)
  std::uint64_t seed_;
  double budget_left_;
  std::vector<double> spending_, last_charge_;
  std::vector<std::uint8_t> stopped_, running_;
  std::vector<PolicySlot> slots_;
  std::vector<std::vector<std::uint8_t>> grid_masks_;
  std::vector<TriggerState> triggers_;
  bool has_triggers_ = false;

  /// The policy may run on `day`: its schedule, and the budget, allow it.
  bool scheduled(std::size_t k, double day) const;
};

}  // namespace cogov::model
