#pragma once
// The participation decision (docs/model.md section 4): with probability inertia_prob a
// netizen keeps its choice; otherwise the rule decides,
//
//   logit      P_i(t+1) ~ Bernoulli(sigma(u_i / T)), u_i from participation_logit.hpp with
//              the organisation and policy terms of this step and the shock's altruism surge
//   threshold  P_i(t+1) = [s_i >= theta_i] (participation_threshold.hpp)
//
// Stage Participation<rule> (core). Reads: participation, fatigue, perceived risk and
// altruism at t, threshold, neighbour counts, Agent::utility, the policies' cash-reward
// flag. Writes: Agent::choice. RNG: the shared block, lane kInertiaLane (inertia) and
// kChoiceLane (the logit coin).

#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/model/mechanisms/participation_logit.hpp"
#include "cogov/model/mechanisms/participation_threshold.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model {

enum class ParticipationRule : std::uint8_t { logit, threshold };

struct ParticipationConfig {
  ParticipationRule rule = ParticipationRule::logit;
  LogitConfig logit;
  ThresholdConfig threshold;
  double inertia_prob = 0.7;        ///< per step: keep the previous choice (asynchrony proxy)
  double initial_share = 0.01;      ///< each netizen starts participating with this probability
  std::uint32_t initial_count = 0;  ///< plus this many distinct random netizens
};

namespace stage {

template <ParticipationRule Rule>
struct Participation {
  static constexpr Role role = Role::core;
  static constexpr bool writes_status = false;
  static constexpr bool draws_lanes = true;  ///< when Params::draws_lanes
  struct Params {
    double inertia = 0;
    LogitConfig logit;  ///< with the shock's altruism surge
    ThresholdConfig threshold;
    bool cash_reward = false;
    bool draws_lanes = false;
  };

  static Params prepare(StepInputs& s) {
    Params p;
    p.inertia = s.participation.inertia_prob;
    p.logit = s.participation.logit;
    p.logit.altruism *= s.in.altruism_scale;
    p.threshold = s.participation.threshold;
    p.cash_reward = s.in.policies && s.in.policies->cash_reward;
    p.draws_lanes = p.inertia > 0 || Rule == ParticipationRule::logit;
    return p;
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally&) {
    a.choice = a.was;
    if (p.inertia > 0.0 && core::Stream::to_uniform(a.lanes[kInertiaLane]) < p.inertia) return;
    if constexpr (Rule == ParticipationRule::threshold) {
      a.choice =
          threshold_decision(p.threshold, a.was, a.nb.degree, a.nb.participating, c.threshold[a.i]);
    } else {
      const LogitInputs x{a.nb.participating * a.inv_k,
                          a.victim_share,
                          c.risk[a.i],
                          c.altruism[a.i],
                          c.fatigue[a.i],
                          a.age,
                          a.utility,
                          p.cash_reward};
      a.choice = logit_choice(p.logit, x, core::Stream::to_uniform(a.lanes[kChoiceLane]));
    }
  }
};

}  // namespace stage
}  // namespace cogov::model
