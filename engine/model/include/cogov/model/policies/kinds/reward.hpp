#pragma once
// reward (docs/model.md section 8.2): incentives for the targeted netizens, each paying for
// what it rewards (the netizen side: mechanisms/reward_offer.hpp).
//
//   per_report             the cash of one report (reward_utility x amount) enters the report
//                          decision; participation gains the expected pay of a participant
//                          in the target, reward_utility x amount x rhat (rhat: their reports
//                          per participant per day, smoothed over kExpectationDays); paid per
//                          report filed by the target
//   per_participation_day  u_i += reward_utility x amount; paid per participant-day
//   honour                 `awards` awards per award_period_days among the target's
//                          participants: u_i += intensity x min(1, awards / participants)
//   priority_handling      the target's participants are registered volunteers: their
//                          reports are handled before the others (government.hpp); no
//                          cash, no utility: it works only where reports wait
//   matching               donations of the target (charity NGOs) are matched: match_share
//                          of each gift added (a platform's 10%, ../shared/SOURCES.md), and
//                          the donation probability x (1 + match_response): 0.22, the rise in
//                          the response rate a matching offer caused in Karlan and List's
//                          field experiment (AER 2007; larger ratios added nothing)
// Cash crowds out altruism (participation.crowding_out) in the target, while the offer pays
// something: a per-report reward with nothing to report changes nothing.
//
//   charge  (amount + cost_per_unit) x reports by the target (per_report), or
//           x targeted participants x days (per_participation_day); honour: cost_per_award x
//           the awards of the step (awards x days / award_period_days, while anyone takes part);
//           priority_handling: cost_per_unit x reports by the target; matching: the yuan
//           added

#include <algorithm>
#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

enum class RewardMode : std::uint8_t {
  per_report,
  per_participation_day,
  honour,
  priority_handling,
  matching
};
inline constexpr core::Option<RewardMode> kRewardModes[] = {
    {"per_report", RewardMode::per_report},
    {"per_participation_day", RewardMode::per_participation_day},
    {"honour", RewardMode::honour},
    {"priority_handling", RewardMode::priority_handling},
    {"matching", RewardMode::matching},
};

struct Reward {
  static constexpr std::string_view name = "reward";
  static constexpr std::string_view summary =
      "cash per report or per participation day, or limited honours";
  struct Config {
    Target target;
    RewardMode mode = RewardMode::per_report;
    double amount = 10;            ///< yuan per report or per participation day
    double reward_utility = 0.05;  ///< utility per yuan of the amount
    double intensity = 1.0;        ///< honour: status utility of an award
    double awards = 100;           ///< honour: awards per period
    double award_period_days = 30;
    double cost_per_award = 0;
    bool crowding_out = true;      ///< cash crowds out altruism (participation.crowding_out)
    double match_share = 0.1;      ///< matching: share added to each gift
    double match_response = 0.22;  ///< matching: donation probability x (1 + this)
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
    v.value("intensity", c.intensity,
            {Range::any(), "utility", "honour: status utility of an award (times its chance)"});
    v.value(
        "awards", c.awards,
        {Range::at_least(0), "awards per period", "honour: awards to the target's participants"});
    v.value("award_period_days", c.award_period_days,
            {Range::above(0), "days", "honour: the period of `awards`"});
    v.value("cost_per_award", c.cost_per_award, {Range::at_least(0), "yuan", "honour: per award"});
    v.value("crowding_out", c.crowding_out,
            {Range::any(), "", "cash crowds out altruism (participation.crowding_out)"});
    v.value("match_share", c.match_share,
            {Range::at_least(0), "", "matching: share added to each donation"});
    v.value("match_response", c.match_response,
            {Range::at_least(-1), "",
             "matching: donation probability x (1 + this) (Karlan and List 2007: 0.22)"});
    v.value("cost_per_unit", c.cost_per_unit,
            {Range::at_least(0), "yuan", "cash modes: handling cost per paid unit"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    RewardTerm term{x.target(c.target)};
    const double cash = c.reward_utility * c.amount;
    switch (c.mode) {
      case RewardMode::per_report:
        term.report_bonus = cash;
        term.utility = cash * x.slot.report_rate;
        term.unit = Unit::reports;
        break;
      case RewardMode::per_participation_day:
        term.utility = cash;
        term.unit = Unit::participant_days;
        break;
      case RewardMode::honour:
        // No expectation before the first count of the target's participants.
        if (x.slot.participants > 0)
          term.utility = c.intensity * std::min(1.0, c.awards / x.slot.participants);
        break;
      case RewardMode::priority_handling:
        term.priority = true;
        term.unit = Unit::reports;
        break;
      case RewardMode::matching:
        term.match_share = c.match_share;
        term.match_response = c.match_response;
        term.unit = Unit::yuan;
        break;
    }
    // Cash that pays for participation (per report, per day) crowds out altruism.
    const bool pays =
        c.mode == RewardMode::per_report || c.mode == RewardMode::per_participation_day;
    term.crowds_out = pays && c.crowding_out && term.utility > 0;
    x.add(term);
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    switch (c.mode) {
      case RewardMode::per_report:
        return (c.amount + c.cost_per_unit) * u.units;
      case RewardMode::per_participation_day:
        return (c.amount + c.cost_per_unit) * u.units * u.step_days;
      case RewardMode::honour:
        return u.participants > 0 ? c.cost_per_award * c.awards * u.step_days / c.award_period_days
                                  : 0.0;
      case RewardMode::priority_handling:
        return c.cost_per_unit * u.units;
      case RewardMode::matching:
        return u.yuan;
    }
    return 0.0;
  }
};

}  // namespace cogov::model
