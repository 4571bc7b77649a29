#pragma once
// Perceived risk (docs/model.md section 4):
//
//   r <- clamp( keep r + w_self [victimised now] + w_nbr v + w_campaign [campaign now]
//               + w_rumour days [believing a rumour], 0, 1 )
//
// with keep = exp(-decay_rate * days) and v the share of neighbours shown victimised at t.
// w_rumour is panic: a believed rumour of danger (the sources' salt-hoarding rumour) makes
// the world look riskier while it is believed; with decay delta the risk of a lasting
// believer tends to w_rumour / delta.
//
// Stage PerceivedRisk (core). Reads: Agent::victimised_now (fraud), campaigned (policy
// terms), believing (rumour), victim_share. Writes: risk. No random draws.

#include <algorithm>
#include <cmath>

#include "cogov/core/spec.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model {

struct PerceivedRiskConfig {
  double decay_rate = 0.05;  ///< per day
  double weight_victimised = 0.5;
  double weight_neighbours = 0.2;
  double weight_campaign = 0.1;
  double weight_rumour = 0.01;  ///< per day while believing

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, PerceivedRiskConfig& c) {
    using core::Range;
    v.value("decay_rate", c.decay_rate, {Range::at_least(0), "per day", "delta: forgetting"});
    v.value("weight_victimised", c.weight_victimised,
            {Range::unit(), "", "omega_self: jump when victimised"});
    v.value("weight_neighbours", c.weight_neighbours,
            {Range::at_least(0), "", "omega_nbr: per step, times the victimised-neighbour share"});
    v.value("weight_campaign", c.weight_campaign,
            {Range::at_least(0), "", "omega_campaign: jump when reached by a campaign"});
    v.value("weight_rumour", c.weight_rumour,
            {Range::at_least(0), "per day", "omega_rumour: panic while believing a rumour"});
  }
};

/// panic = w_rumour x days, the rise of one step of belief.
inline float update_risk(const PerceivedRiskConfig& c, float r, double keep, bool victimised,
                         double victim_share, bool campaign, bool believing = false,
                         double panic = 0.0) {
  double next = keep * r + (victimised ? c.weight_victimised : 0.0) +
                c.weight_neighbours * victim_share + (campaign ? c.weight_campaign : 0.0);
  if (believing) next += panic;
  return static_cast<float>(std::clamp(next, 0.0, 1.0));
}

namespace stage {

struct PerceivedRisk {
  static constexpr Role role = Role::core;
  static constexpr bool writes_status = false;
  struct Params {
    const PerceivedRiskConfig* config;
    double keep, panic;
  };

  template <class Step>
  static Params prepare(Step& s) {
    const PerceivedRiskConfig& c = s.rules.perceived_risk;
    return {&c, std::exp(-c.decay_rate * s.ctx.step_days), c.weight_rumour * s.ctx.step_days};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally&) {
    c.risk[a.i] = update_risk(*p.config, c.risk[a.i], p.keep, a.victimised_now, a.victim_share,
                              a.campaigned, a.believing, p.panic);
  }
};

}  // namespace stage
}  // namespace cogov::model
