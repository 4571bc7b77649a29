#pragma once
// refutation_platform (docs/model.md sections 6.1 and 8.2): official refutation. A believer
// whose belief is older than the lag is converted with probability reach x conversion_prob
// per step (ramping up over the step the lag ends in). With several platforms running, the
// one converting most acts (ties: the shorter lag), whatever their order in the file. A
// platform with target = "grids" reaches the believers of its grids only (a city's own
// platform); in each grid the best platform that reaches it acts.
//
//   charge  cost_per_day only

#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct RefutationPlatform {
  static constexpr std::string_view name = "refutation_platform";
  static constexpr std::string_view summary = "official refutation of rumours after a lag";
  struct Config {
    Target target;          ///< all grids, or grids by id or share (a city's platform)
    double lag_hours = 12;  ///< delay before refutation
    double reach = 0.1;     ///< share of believers the refutation reaches per step
    double conversion_prob = 0.5;
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kGridTargetKinds, "whose believers the refutation reaches");
    v.value("lag_hours", c.lag_hours, {Range::at_least(0), "hours", "delay before refutation"});
    v.value("reach", c.reach, {Range::unit(), "per step", "share of believers reached"});
    v.value("conversion_prob", c.conversion_prob,
            {Range::unit(), "", "reached believers who are converted"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const double prob = c.reach * c.conversion_prob;
    const double lag = c.lag_hours / x.step_hours;
    PolicyEffects& fx = x.effects;
    if (!c.target.territorial()) {
      if (prob > fx.refutation_prob ||
          (prob == fx.refutation_prob && lag < fx.refutation_lag_steps)) {
        fx.refutation_prob = prob;
        fx.refutation_lag_steps = lag;
      }
      return;
    }
    const TargetSet grids = x.target(c.target);
    const std::uint32_t n = x.territory.grids();
    if (fx.grid_refutation_prob.empty()) {
      fx.grid_refutation_prob.assign(n, 0.0f);
      fx.grid_refutation_lag_steps.assign(n, 0.0f);
    }
    for (std::uint32_t g = 0; g < n; ++g) {
      if (!(*grids.grid_mask)[g]) continue;
      float& best = fx.grid_refutation_prob[g];
      float& best_lag = fx.grid_refutation_lag_steps[g];
      const auto p = static_cast<float>(prob), l = static_cast<float>(lag);
      if (p > best || (p == best && (best == 0.0f || l < best_lag))) {
        best = p;
        best_lag = l;
      }
    }
  }

  static double charge(const Config&, const ChargeInputs&) { return 0.0; }
};

}  // namespace cogov::model
