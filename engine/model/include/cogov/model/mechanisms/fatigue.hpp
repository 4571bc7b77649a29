#pragma once
// Fatigue (厌战情绪, docs/model.md section 4), after the choice P of this step:
//
//   f <- f + phi_up P (1 - f) - phi_down (1 - P) f
//   then, for a participant reached by a policy with extra fatigue b: f <- f + min(1, b)(1 - f)
//
// phi_up and phi_down are per-step fractions from the per-day rates gain_rate and
// recovery_rate (p = 1 - exp(-rate * days)).
//
// Stage Fatigue (core). Reads: Agent::choice, fatigue_boost. Writes: fatigue. No random
// draws.

#include <algorithm>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model {

struct FatigueConfig {
  double gain_rate = 0.05;      ///< per day, while participating
  double recovery_rate = 0.10;  ///< per day, while not participating

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, FatigueConfig& c) {
    using core::Range;
    v.value("gain_rate", c.gain_rate,
            {Range::at_least(0), "per day", "phi_up: growth while participating"});
    v.value("recovery_rate", c.recovery_rate,
            {Range::at_least(0), "per day", "phi_down: recovery while not"});
  }
};

inline float update_fatigue(float f, bool participating, double up, double down) {
  return participating ? static_cast<float>(f + up * (1.0 - f)) : static_cast<float>(f - down * f);
}

namespace stage {

struct Fatigue {
  static constexpr Role role = Role::core;
  static constexpr bool writes_status = false;
  struct Params {
    double up, down;
  };

  template <class Step>
  static Params prepare(Step& s) {
    return {core::rate_to_prob(s.rules.fatigue.gain_rate, s.ctx.step_days),
            core::rate_to_prob(s.rules.fatigue.recovery_rate, s.ctx.step_days)};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally&) {
    float f = update_fatigue(c.fatigue[a.i], a.choice, p.up, p.down);
    if (a.fatigue_boost > 0 && a.choice)
      f = static_cast<float>(f + smaller(1.0, a.fatigue_boost) * (1.0 - f));
    c.fatigue[a.i] = f;
  }
};

}  // namespace stage
}  // namespace cogov::model
