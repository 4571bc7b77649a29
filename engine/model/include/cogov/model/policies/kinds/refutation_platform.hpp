#pragma once
// refutation_platform (docs/model.md sections 6.1 and 8.2): official refutation. A believer
// whose belief is older than the lag is converted with probability reach x conversion_prob
// per step (ramping up over the step the lag ends in). With several platforms running, the
// one converting most acts (ties: the shorter lag), whatever their order in the file.
//
//   charge  cost_per_day only

#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct RefutationPlatform {
  static constexpr std::string_view name = "refutation_platform";
  static constexpr std::string_view summary = "official refutation of rumours after a lag";
  struct Config {
    double lag_hours = 12;  ///< delay before refutation
    double reach = 0.1;     ///< share of believers the refutation reaches per step
    double conversion_prob = 0.5;
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    v.value("lag_hours", c.lag_hours, {Range::at_least(0), "hours", "delay before refutation"});
    v.value("reach", c.reach, {Range::unit(), "per step", "share of believers reached"});
    v.value("conversion_prob", c.conversion_prob,
            {Range::unit(), "", "reached believers who are converted"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const double prob = c.reach * c.conversion_prob;
    const double lag = c.lag_hours / x.step_hours;
    PolicyEffects& fx = x.effects;
    if (prob > fx.refutation_prob ||
        (prob == fx.refutation_prob && lag < fx.refutation_lag_steps)) {
      fx.refutation_prob = prob;
      fx.refutation_lag_steps = lag;
    }
  }

  static double charge(const Config&, const ChargeInputs&) { return 0.0; }
};

}  // namespace cogov::model
