#pragma once
// Victim countdown (docs/model.md section 4): a fraud loss sets the countdown to W =
// risk.fraud.victim_window_days / days steps; while it is positive the netizen shows as
// victimised to its neighbours at t + 1, and it falls by one each step.
//
// Stage VictimCountdown (settling: quiet when nobody is or shows as victimised). Reads and
// writes: victim_countdown. Writes: Agent::shown_victimised, recently_victimised. No random
// draws.

#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model::stage {

struct VictimCountdown {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = false;
  struct Params {};

  template <class Step>
  static Params prepare(Step&) {
    return {};
  }
  static bool quiet(const NetizenTally& last) {
    return last.recently_victimised == 0 && last.shown_victimised == 0;
  }

  [[gnu::always_inline]] static void apply(const Params&, const Columns& c, Agent& a,
                                           NetizenTally&) {
    const std::uint16_t left = c.countdown[a.i];
    a.shown_victimised = left > 0;
    if (a.shown_victimised) c.countdown[a.i] = static_cast<std::uint16_t>(left - 1);
    a.recently_victimised = left > 1;
  }
};

}  // namespace cogov::model::stage
