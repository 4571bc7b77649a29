#pragma once
// The participation decision (docs/model.md section 4): with probability inertia_prob a
// netizen keeps its choice; otherwise the rule decides,
//
//   logit      P_i(t+1) ~ Bernoulli(sigma(u_i / T)), u_i from participation_logit.hpp with
//              the organisation and policy terms of this step and the shock's altruism surge
//   threshold  P_i(t+1) = [s_i >= theta_i] (participation_threshold.hpp)
//
// Stage Participation<rule> (core). Reads: participation, fatigue, perceived risk,
// altruism and trust at t, threshold, neighbour counts, Agent::utility and crowded_out. Writes:
// Agent::choice. RNG: the shared block, lane kInertiaLane (inertia) and kChoiceLane (the logit
// coin).

#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/mechanisms/participation_logit.hpp"
#include "cogov/model/mechanisms/participation_threshold.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model {

enum class ParticipationRule : std::uint8_t { logit, threshold };
inline constexpr core::Option<ParticipationRule> kRules[] = {
    {"logit", ParticipationRule::logit},
    {"threshold", ParticipationRule::threshold},
};

struct ParticipationConfig {
  ParticipationRule rule = ParticipationRule::logit;
  LogitConfig logit;
  ThresholdConfig threshold;
  double inertia_prob = 0.7;        ///< per step: keep the previous choice (asynchrony proxy)
  double initial_share = 0.01;      ///< each netizen starts participating with this probability
  std::uint32_t initial_count = 0;  ///< plus this many distinct random netizens

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, ParticipationConfig& c) {
    using core::Range;
    v.choice("rule", c.rule, kRules,
             "decision rule: logit (Brock-Durlauf) or threshold (Granovetter/Watts)");
    v.value("temperature", c.logit.temperature,
            {Range::above(0), "utility", "T: noise of the logit choice"});
    v.value("baseline", c.logit.baseline, {Range::any(), "utility", "beta0: baseline utility"});
    v.value("herding", c.logit.herding,
            {Range::any(), "utility", "J: weight of the participating-neighbour share"});
    v.value("risk_amplification", c.logit.risk_amplification,
            {Range::at_least(0), "", "kappa: herding grows by (1 + kappa r)"});
    v.value("self_protection", c.logit.self_protection,
            {Range::any(), "utility", "Gamma: weight of perceived risk"});
    v.value("altruism", c.logit.altruism, {Range::any(), "utility", "A: weight of altruism"});
    v.value("compassion", c.logit.compassion,
            {Range::any(), "utility", "H: weight of altruism x victimised-neighbour share"});
    v.value("crowding_out", c.logit.crowding_out,
            {Range::unit(), "", "chi: share of altruism crowded out by cash rewards"});
    v.value("trust_weight", c.logit.trust_weight,
            {Range::any(), "utility", "Theta: weight of trust, as Theta (tau - tau_ref)"});
    v.value("trust_reference", c.logit.trust_reference,
            {Range::unit(), "", "tau_ref: trust at which the trust term is 0"});
    v.value("fatigue_weight", c.logit.fatigue_weight,
            {Range::at_least(0), "utility", "Phi: cost of fatigue"});
    v.value("cost", c.logit.cost,
            {Range::any(), "utility",
             "c: participation cost per age group (" + core::join_names(kAgeGroupNames) + ")"});
    v.value("inertia_prob", c.inertia_prob,
            {Range::unit_open_above(), "per step", "probability of keeping the previous choice"});
    v.value("monotone", c.threshold.monotone,
            {Range::any(), "", "threshold rule: participation, once reached, is kept"});
    v.value("initial_share", c.initial_share,
            {Range::unit(), "", "probability that a netizen participates at step 0"});
    v.value("initial_count", c.initial_count,
            {Range::at_least(0), "netizens", "further random participants at step 0"});
  }
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
    bool draws_lanes = false;
  };

  template <class Step>
  static Params prepare(Step& s) {
    Params p;
    p.inertia = s.rules.participation.inertia_prob;
    p.logit = s.rules.participation.logit;
    p.logit.altruism *= s.in.altruism_scale;
    p.threshold = s.rules.participation.threshold;
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
                          a.crowded_out,
                          c.trust[a.i]};
      a.choice = logit_choice(p.logit, x, core::Stream::to_uniform(a.lanes[kChoiceLane]));
    }
  }
};

}  // namespace stage
}  // namespace cogov::model
