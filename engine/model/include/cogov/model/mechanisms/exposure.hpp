#pragma once
// Data exposure (docs/model.md section 6.3): a netizen not yet exposed becomes exposed when a
// platform it uses was breached this step, with probability exposure_prob for each breached
// platform in turn (stopping at the first exposure):
//
//   exposed_i <- 1 with prob 1 - (1 - q)^b_i, b_i the breached platforms of i, q the
//   exposure probability (risk.breach.exposure_prob, times data sharing's increase in the
//   netizen's grid)
//
// Stage Exposure (optional: on in a step with a breach). Reads: the platform layer, which
// firms were breached (enterprise phase). Writes: exposed; tally newly_exposed.
// RNG: Purpose::exposure.

#include <algorithm>
#include <cstdint>
#include <span>

#include "cogov/core/rng.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model::stage {

struct Exposure {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = false;
  struct Params {
    bool on = false;
    const StepContext* ctx = nullptr;
    const graph::Layer* platform = nullptr;
    std::span<const std::uint8_t> breached;  ///< per enterprise, this step
    double probability = 0;
    std::span<const float> grid_probability;  ///< per grid (empty: the one above)
    std::uint32_t netizens = 0;               ///< enterprise e is vertex netizens + e of the layer
  };

  template <class Step>
  static Params prepare(Step& s) {
    const auto nonzero = [](auto v) { return v != 0; };
    return {std::any_of(s.in.breached.begin(), s.in.breached.end(), nonzero),
            &s.ctx,
            s.in.platform,
            s.in.breached,
            s.in.exposure_prob,
            s.in.grid_exposure_prob,
            s.netizens.size()};
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    if (c.exposed[a.i]) return;
    core::Stream rng(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                     core::Purpose::exposure);
    const double q = p.grid_probability.empty() ? p.probability : p.grid_probability[a.grid];
    for (std::uint32_t e : p.platform->neighbours(a.i)) {
      if (p.breached[e - p.netizens] && rng.bernoulli(q)) {
        c.exposed[a.i] = 1;
        ++tally.newly_exposed;
        break;
      }
    }
  }
};

}  // namespace cogov::model::stage
