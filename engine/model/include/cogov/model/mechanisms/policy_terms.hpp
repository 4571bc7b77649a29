#pragma once
// What the running policies do to a netizen (docs/model.md section 8.2), from the terms the
// policy book compiled for this step (policies/effects.hpp):
//
//   utility term   a netizen in the term's target is reached with probability `reach`;
//                  reached: u_i += value, counts as campaigned (perceived risk), participants
//                  gain extra fatigue fatigue_boost
//   training term  a netizen in the target is trained with probability `prob` if it was
//                  never trained, else `prob_trained` (the untrained first), literacy gain
//                  `gain`, or `repeat_gain` for a repeat (the largest gain of the step
//                  counts); the untrained left in the target are counted for the next step
//   moderators     appointed moderators are boosted debunkers
//   units          each term counts what its policy is charged for: netizens reached,
//                  trainees (a netizen counts once per policy per step, however many of the
//                  policy's terms reach it); rewards count in mechanisms/reward_offer.hpp
//
// PolicyTerms (optional: on when a term or moderators are in force). Reads: age, flags,
// degree, grid, status::reported, status::trained. Writes: Agent::utility, campaigned,
// fatigue_boost, boosted, literacy_gain; tally policy_units, untrained_in_target. RNG: each term's
// own stream, keyed by its policy's stable id (PolicyContext::draw_seed): Purpose::policy_reach for
// reach, Purpose::training for training; a term's draws do not depend on the other terms.

#include <algorithm>
#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model::stage {

struct PolicyTerms {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = false;
  struct Params {
    bool on = false;
    const StepContext* ctx = nullptr;
    const PolicyEffects* effects = nullptr;
    bool draws = false;  ///< terms or training to apply (else moderators only)
  };

  template <class Step>
  static Params prepare(Step& s) {
    const PolicyEffects* pol = s.in.policies;
    if (!pol) return {};
    const bool draws = !pol->terms.empty() || !pol->training.empty();
    return {draws || pol->moderators, &s.ctx, pol, draws};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally& tally) {
    const PolicyEffects& pol = *p.effects;
    if (pol.moderators && (a.flags & flag::moderator)) a.boosted = true;
    if (!p.draws) return;
    const std::uint32_t degree = a.nb.degree;
    std::uint32_t counted = 0;  // bit k: policy k has counted this netizen this step
    for (const UtilityTerm& term : pol.terms) {
      if (!term.target.contains(a.age, a.flags, degree, a.grid)) continue;
      if (term.reach < 1.0 && !core::Stream(term.draw_seed, core::AgentKind::netizen, a.i,
                                            p.ctx->step, core::Purpose::policy_reach)
                                   .bernoulli(term.reach)) {
        continue;
      }
      a.utility += term.value;
      a.campaigned = a.campaigned || term.campaign;
      a.fatigue_boost += term.fatigue_boost;
      const std::uint32_t bit = 1u << term.policy;
      if (term.unit == Unit::reached && !(counted & bit)) {
        counted |= bit;
        ++tally.policy_units[term.policy];
      }
    }
    const bool trained = a.st & status::trained;
    for (const TrainingTerm& t : pol.training) {
      if (!t.target.contains(a.age, a.flags, degree, a.grid)) continue;
      const bool now = core::Stream(t.draw_seed, core::AgentKind::netizen, a.i, p.ctx->step,
                                    core::Purpose::training)
                           .bernoulli(trained ? t.prob_trained : t.prob);
      if (now) {
        a.literacy_gain = larger(a.literacy_gain, trained ? t.repeat_gain : t.gain);
        ++tally.policy_units[t.policy];
      }
      tally.untrained_in_target[t.policy] += !trained && !now;
    }
  }
};

}  // namespace cogov::model::stage
