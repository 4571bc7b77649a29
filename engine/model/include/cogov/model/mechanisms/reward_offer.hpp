#pragma once
// Rewards as netizens meet them (docs/model.md section 8.2; the terms are made by
// policies/kinds/reward.hpp). A netizen in a reward's target
//
//   per_report   reports with R_i = reward_utility x amount more in its report decision
//                (reporting.hpp), and expects, if it participates, the pay participants in
//                the target earned: u_i += reward_utility x amount x rhat, rhat their reports
//                per participant per day (smoothed, PolicySlot::report_rate)
//   per_participation_day   u_i += reward_utility x amount
//   honour       u_i += intensity x min(1, awards / participants in the target): the status
//                of an award, times the chance of one
//   priority_handling  a participant at t in the target is a registered volunteer: its
//                reports are handled before the others (status::priority_report)
//   matching     its donations (charity NGOs, ngo_terms.hpp) are matched: the donation
//                probability x (1 + match_response), and match_share of each gift is added
//
// and, when a cash offer pays something (the per-day pay, or an expected pay above 0),
// has its altruism crowded out (participation_logit.hpp chi). A reward with nothing to
// report offers nothing.
//
// Stage RewardOffer (optional: on when a reward runs; before the stages that report).
// Reads: age, flags, degree, grid. Writes: Agent::rewards (bit k: in reward term k),
// report_bonus, utility, crowded_out, match_term; status::priority_report. No random draws.
// Stage RewardTally (optional, the same; after the participation decision). Reads:
// Agent::rewards, was, choice, status::reported. Writes: tally policy_units (what each
// reward pays: reports filed, or participants at t + 1), reward_participants and
// reward_participant_reports (participants at t in the target and their reports, for
// rhat). No random draws.

#include <cstdint>
#include <vector>

#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model::stage {

struct RewardOffer {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = true;
  struct Params {
    bool on = false;
    const std::vector<RewardTerm>* rewards = nullptr;
  };

  template <class Step>
  static Params prepare(Step& s) {
    const PolicyEffects* pol = s.in.policies;
    if (!pol || pol->rewards.empty()) return {};
    return {true, &pol->rewards};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally&) {
    const std::vector<RewardTerm>& rewards = *p.rewards;
    for (std::uint32_t k = 0; k < rewards.size(); ++k) {
      const RewardTerm& t = rewards[k];
      if (!t.target.contains(a.age, a.flags, a.nb.degree, a.grid)) continue;
      a.rewards |= 1u << k;
      a.report_bonus += t.report_bonus;
      a.utility += t.utility;
      a.crowded_out = a.crowded_out || t.crowds_out;
      // Registered volunteers: the target's participants.
      if (t.priority && a.was) a.st |= status::priority_report;
      if (t.match_share > 0 && a.match_term == kNoMatch) {
        a.match_term = static_cast<std::uint8_t>(k);
      }
    }
  }
};

struct RewardTally {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = false;
  struct Params : RewardOffer::Params {};  // a type of its own: the stage list finds by type

  template <class Step>
  static Params prepare(Step& s) {
    return Params{RewardOffer::prepare(s)};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally& tally) {
    const bool reported = a.st & status::reported;
    for (std::uint32_t bits = a.rewards; bits != 0; bits &= bits - 1) {
      const RewardTerm& t = (*p.rewards)[static_cast<std::uint32_t>(__builtin_ctz(bits))];
      if (a.was) {
        ++tally.reward_participants[t.policy];
        tally.reward_participant_reports[t.policy] += reported;
      }
      if ((t.unit == Unit::reports && reported) || (t.unit == Unit::participant_days && a.choice))
        ++tally.policy_units[t.policy];
    }
  }
};

}  // namespace cogov::model::stage
