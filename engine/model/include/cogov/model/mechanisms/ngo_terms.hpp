#pragma once
// What organisations do to a netizen (docs/model.md sections 4 and 7.2), from the NGO
// phase's per-step fields:
//
//   NgoTerms    for each NGO k the netizen belongs to: u_i += U_k (the social-mobilisation
//               term of an active NGO, 0 if inactive); boosted debunker if k is active with
//               the refutation function; R_i += ngo.reporting_boost in the report decision
//               (reporting.hpp) if k is active with the reporting function; trained with
//               probability T_k(g) (age group g), literacy gain ngo.literacy_gain; and, a
//               participant at t in some active charity NGO, donates with probability
//               1 - exp(-donation_rate alpha_i surge days), surge the shocks' altruism
//               multiplier, a log-normal amount of median donation_median; a matched
//               donor (reward matching) with probability x (1 + match_response), and
//               match_share of the gift added (tally matched, and the policy's yuan)
//               An active reporting NGO also forwards its members' reports with priority.
//   GridGroups  while the netizen's grid group is formed: u_i += ngo.group_utility, boosted
//               debunker; tally in_formed_groups
//
// NgoTerms (optional: on when some NGO gives utility, a boost, training, report backing or
// collects donations this step; read only for netizens flagged as members; before the
// stages that report). Reads: the membership layer, Ngos::utility, boost, reports, donates,
// train_prob; altruism, participation at t; Agent::match_term. Writes:
// Agent::utility, boosted, report_bonus, literacy_gain; status::priority_report; tally donors,
// donations, matched, policy_yuan. RNG: Purpose::training, Purpose::donation. GridGroups (optional:
// on when some group is formed). Reads: Ngos::grid_group_formed. Writes: Agent::utility, boosted.
// No random draws.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model::stage {

/// Whether any NGO gives its members utility, a debunking boost or training this step.
inline bool ngo_terms_active(const Ngos& ngos) {
  const auto nonzero = [](auto v) { return v != 0; };
  if (std::any_of(ngos.utility.begin(), ngos.utility.end(), nonzero)) return true;
  if (std::any_of(ngos.boost.begin(), ngos.boost.end(), nonzero)) return true;
  if (std::any_of(ngos.reports.begin(), ngos.reports.end(), nonzero)) return true;
  if (std::any_of(ngos.donates.begin(), ngos.donates.end(), nonzero)) return true;
  for (const auto& by_age : ngos.train_prob) {
    if (std::any_of(by_age.begin(), by_age.end(), [](float t) { return t > 0; })) return true;
  }
  return false;
}

struct NgoTerms {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = true;
  struct Params {
    bool on = false;
    const StepContext* ctx = nullptr;
    const graph::Layer* membership = nullptr;
    const Ngos* ngos = nullptr;
    double literacy_gain = 0;
    std::uint32_t netizens = 0;  ///< NGO k is vertex netizens + k of the layer
    double reporting_boost = 0;
    double donation = 0;  ///< donation_rate x surge x days, for altruism 1
    double donation_log_median = 0, donation_sigma = 0;
    const std::vector<RewardTerm>* rewards = nullptr;  ///< for the matching terms
  };

  template <class Step>
  static Params prepare(Step& s) {
    Params p;
    p.on = s.in.membership && s.in.ngos && s.in.ngo && ngo_terms_active(*s.in.ngos);
    if (!p.on) return p;
    const NgoConfig& c = *s.in.ngo;
    p.ctx = &s.ctx;
    p.membership = s.in.membership;
    p.ngos = s.in.ngos;
    p.literacy_gain = c.literacy_gain;
    p.netizens = s.netizens.size();
    p.reporting_boost = c.reporting_boost;
    p.donation = c.donation_rate * s.in.altruism_scale * s.ctx.step_days;
    p.donation_log_median = std::log(c.donation_median);
    p.donation_sigma = c.donation_sigma;
    if (s.in.policies) p.rewards = &s.in.policies->rewards;
    return p;
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    if (!(a.flags & flag::ngo_member)) return;
    // The netizen's training stream, made only if one of its NGOs trains this step.
    core::LazyStream training(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                              core::Purpose::training);
    bool donor = false;
    for (std::uint32_t v : p.membership->neighbours(a.i)) {
      const std::uint32_t k = v - p.netizens;
      a.utility += p.ngos->utility[k];
      a.boosted = a.boosted || p.ngos->boost[k];
      if (p.ngos->reports[k]) {
        a.report_bonus += p.reporting_boost;
        a.st |= status::priority_report;  // the NGO forwards its members' reports first
      }
      donor = donor || (a.was && p.ngos->donates[k]);
      const float tp = p.ngos->train_prob[a.age][k];
      if (tp > 0 && training.get().bernoulli(tp))
        a.literacy_gain = larger(a.literacy_gain, p.literacy_gain);
    }
    if (donor && p.donation > 0) {
      core::Stream rng(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                       core::Purpose::donation);
      const RewardTerm* match = a.match_term != kNoMatch ? &(*p.rewards)[a.match_term] : nullptr;
      const double boost = match ? 1.0 + match->match_response : 1.0;
      if (rng.bernoulli_rate(p.donation * c.altruism[a.i] * boost)) {
        ++tally.donors;
        const double gift = rng.lognormal(p.donation_log_median, p.donation_sigma);
        tally.donations += gift;
        if (match) {
          tally.matched += gift * match->match_share;
          tally.policy_yuan[match->policy] += gift * match->match_share;
        }
      }
    }
  }
};

struct GridGroups {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = false;
  struct Params {
    bool on = false;
    const Ngos* ngos = nullptr;
    double utility = 0;
  };

  template <class Step>
  static Params prepare(Step& s) {
    const auto nonzero = [](auto v) { return v != 0; };
    const bool on = s.in.ngos && std::any_of(s.in.ngos->grid_group_formed.begin(),
                                             s.in.ngos->grid_group_formed.end(), nonzero);
    return {on && s.in.ngo, s.in.ngos, s.in.ngo ? s.in.ngo->group_utility : 0.0};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally& tally) {
    if (!p.ngos->grid_group_formed[a.grid]) return;
    a.utility += p.utility;
    a.boosted = true;
    ++tally.in_formed_groups;
  }
};

}  // namespace cogov::model::stage
