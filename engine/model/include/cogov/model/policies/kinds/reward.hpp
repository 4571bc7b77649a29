#pragma once
// reward (docs/model.md section 8.2): incentives for the targeted netizens.
//
//   per_report             u_i += reward_utility x amount; paid per report filed
//   per_participation_day  u_i += reward_utility x amount; paid per participant-day
//   honour                 u_i += intensity; no payment
// A cash reward (the first two) with crowding_out multiplies the altruism term by (1 - chi)
// while it runs.
//
//   charge  (amount + cost_per_unit) x reports by the target (per_report), or
//           x targeted participants x days (per_participation_day); honour: none

#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

enum class RewardMode : std::uint8_t { per_report, per_participation_day, honour };
inline constexpr core::Option<RewardMode> kRewardModes[] = {
    {"per_report", RewardMode::per_report},
    {"per_participation_day", RewardMode::per_participation_day},
    {"honour", RewardMode::honour},
};

struct Reward {
  static constexpr std::string_view name = "reward";
  static constexpr std::string_view summary =
      "cash per report or per participation day, or honours";
  struct Config {
    Target target;
    RewardMode mode = RewardMode::per_report;
    double amount = 10;            ///< yuan per report or per participation day
    double reward_utility = 0.05;  ///< utility per yuan of the amount
    double intensity = 1.0;        ///< honour: utility
    bool crowding_out = true;      ///< cash crowds out altruism (participation.crowding_out)
    double cost_per_unit = 0;      ///< handling cost per paid report or participant-day
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kTargetKinds, "who is offered the reward");
    v.choice("reward_mode", c.mode, kRewardModes, "what is rewarded");
    v.value("amount", c.amount,
            {Range::at_least(0), "yuan", "cash per report or per participation day"});
    v.value("reward_utility", c.reward_utility,
            {Range::at_least(0), "utility per yuan", "weight of the amount in utility"});
    v.value("intensity", c.intensity, {Range::any(), "utility", "honour: status utility"});
    v.value("crowding_out", c.crowding_out,
            {Range::any(), "", "cash crowds out altruism (participation.crowding_out)"});
    v.value("cost_per_unit", c.cost_per_unit,
            {Range::at_least(0), "yuan", "cash modes: handling cost per paid unit"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    UtilityTerm term{x.target(c.target), 0.0, 1.0, false, 0.0, Unit::none};
    switch (c.mode) {
      case RewardMode::per_report:
        term.value = c.reward_utility * c.amount, term.unit = Unit::reports;
        break;
      case RewardMode::per_participation_day:
        term.value = c.reward_utility * c.amount, term.unit = Unit::participant_days;
        break;
      case RewardMode::honour:
        term.value = c.intensity;
        break;
    }
    x.add(term);
    const bool cash = c.mode != RewardMode::honour;
    x.effects.cash_reward = x.effects.cash_reward || (cash && c.crowding_out);
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    switch (c.mode) {
      case RewardMode::per_report:
        return (c.amount + c.cost_per_unit) * u.units;
      case RewardMode::per_participation_day:
        return (c.amount + c.cost_per_unit) * u.units * u.step_days;
      case RewardMode::honour:
        return 0.0;
    }
    return 0.0;
  }
};

}  // namespace cogov::model
