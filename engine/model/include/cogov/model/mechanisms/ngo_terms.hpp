#pragma once
// What organisations do to a netizen (docs/model.md sections 4 and 7.2), from the NGO
// phase's per-step fields:
//
//   NgoTerms    for each NGO k the netizen belongs to: u_i += U_k (the social-mobilisation
//               term of an active NGO, 0 if inactive); boosted debunker if k is active with
//               the refutation function; trained with probability T_k(g) (age group g),
//               literacy gain ngo.literacy_gain
//   GridGroups  while the netizen's grid group is formed: u_i += ngo.group_utility, boosted
//               debunker; tally in_formed_groups
//
// NgoTerms (optional: on when some NGO gives utility, a boost or training this step; read
// only for netizens flagged as members). Reads: the membership layer, Ngos::utility, boost,
// train_prob. Writes: Agent::utility, boosted, literacy_gain. RNG: Purpose::training.
// GridGroups (optional: on when some group is formed). Reads: Ngos::grid_group_formed.
// Writes: Agent::utility, boosted. No random draws.

#include <algorithm>
#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/ngos.hpp"

namespace cogov::model::stage {

/// Whether any NGO gives its members utility, a debunking boost or training this step.
inline bool ngo_terms_active(const Ngos& ngos) {
  const auto nonzero = [](auto v) { return v != 0; };
  if (std::any_of(ngos.utility.begin(), ngos.utility.end(), nonzero)) return true;
  if (std::any_of(ngos.boost.begin(), ngos.boost.end(), nonzero)) return true;
  for (const auto& by_age : ngos.train_prob) {
    if (std::any_of(by_age.begin(), by_age.end(), [](float t) { return t > 0; })) return true;
  }
  return false;
}

struct NgoTerms {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = false;
  struct Params {
    bool on = false;
    const StepContext* ctx = nullptr;
    const graph::Layer* membership = nullptr;
    const Ngos* ngos = nullptr;
    double literacy_gain = 0;
    std::uint32_t netizens = 0;  ///< NGO k is vertex netizens + k of the layer
  };

  template <class Step>
  static Params prepare(Step& s) {
    const bool on = s.in.membership && s.in.ngos && ngo_terms_active(*s.in.ngos);
    return {on, &s.ctx, s.in.membership, s.in.ngos, s.in.ngo_literacy_gain, s.netizens.size()};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally&) {
    if (!(a.flags & flag::ngo_member)) return;
    // The netizen's training stream, made only if one of its NGOs trains this step.
    core::LazyStream training(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                              core::Purpose::training);
    for (std::uint32_t v : p.membership->neighbours(a.i)) {
      const std::uint32_t k = v - p.netizens;
      a.utility += p.ngos->utility[k];
      a.boosted = a.boosted || p.ngos->boost[k];
      const float tp = p.ngos->train_prob[a.age][k];
      if (tp > 0 && training.get().bernoulli(tp))
        a.literacy_gain = std::max(a.literacy_gain, p.literacy_gain);
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
    return {on, s.in.ngos, s.in.group_utility};
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
