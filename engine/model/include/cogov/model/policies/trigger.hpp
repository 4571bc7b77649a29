#pragma once
// Policy triggers (docs/model.md section 8.3): a policy that starts, and stops, when a
// recorded series crosses a threshold (early warning, emergency response).
//
//   value(t) = scale x aggregate of the series over the last W steps, W = window_days / step
//              (at least 1); aggregate: sum for flows, mean for stocks and shares;
//              scale = per / netizens when `per` is set (counts and yuan), else 1
//   starts  at the end of step t, when value(t) > above (or < below), the window is full, the
//           policy is armed at t + 1 (start_day <= day < end_day, budget left) and its
//           cool-down is over (day >= last stop + cooldown_days): it runs from step t + 1
//           (no look-ahead into the step that crossed)
//   stops   at the end of step t, once it has run min_days, when value(t) <= stop_below
//           (default: above; or >= stop_above, default below), or when it is no longer armed
//
// Reads only reduced tallies (trigger_series.hpp), so the decisions are the same for any
// thread count; the state (the window of readings, on/off, last start and stop) is
// checkpointed with the policy book. No random draws.

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/model/policies/trigger_series.hpp"

namespace cogov::model {

struct TriggerConfig {
  TriggerSeries series = TriggerSeries::none;  ///< none: the policy follows its schedule only
  double per = 0;  ///< scale counts per this many netizens; 0: as counted
  double window_days = 7;
  double above = -1, below = -1;            ///< start threshold (one of them; -1: not set)
  double stop_below = -1, stop_above = -1;  ///< stop threshold (-1: the start threshold)
  double min_days = 0;                      ///< runs at least this long once started
  double cooldown_days = 0;                 ///< stays off at least this long once stopped

  bool set() const { return series != TriggerSeries::none; }
  /// Starts when the value rises above `above` (else when it falls below `below`).
  bool rising() const { return above >= 0; }
  double stop_level() const {
    if (rising()) return stop_below >= 0 ? stop_below : above;
    return stop_above >= 0 ? stop_above : below;
  }
  bool starts(double value) const { return rising() ? value > above : value < below; }
  bool stops(double value) const {
    return rising() ? value <= stop_level() : value >= stop_level();
  }
  /// Steps in the window: window_days in steps, rounded, at least one.
  std::uint32_t window_steps(double step_days) const {
    const double w = std::round(window_days / step_days);
    return w < 1 ? 1u : static_cast<std::uint32_t>(w);
  }
  /// The factor of the window's aggregate: per / netizens for a scaled series with `per`.
  double scale(std::uint64_t netizens) const {
    if (per <= 0 || !trigger_series_info(series).scaled || netizens == 0) return 1.0;
    return per / static_cast<double>(netizens);
  }

  template <class V>
  static void visit(V& v, TriggerConfig& c) {
    using core::Range;
    v.choice("series", c.series, kTriggerSeriesOptions,
             "the recorded series watched (none: no trigger); flows are summed over the "
             "window, rumour_believers, reports_waiting and participation_share averaged");
    v.value("per", c.per,
            {Range::at_least(0), "netizens",
             "counts and yuan per this many netizens (0: as counted; not for shares)"});
    v.value("window_days", c.window_days,
            {Range::above(0), "days", "the window the series is summed or averaged over"});
    v.value("above", c.above,
            {Range::at_least(-1), "", "start when the value exceeds this (-1: not set)"});
    v.value("below", c.below,
            {Range::at_least(-1), "", "start when the value falls below this (-1: not set)"});
    v.value("stop_below", c.stop_below,
            {Range::at_least(-1), "", "with above: stop at or below this (-1: at above)"});
    v.value("stop_above", c.stop_above,
            {Range::at_least(-1), "", "with below: stop at or above this (-1: at below)"});
    v.value("min_days", c.min_days,
            {Range::at_least(0), "days", "once started, run at least this long"});
    v.value("cooldown_days", c.cooldown_days,
            {Range::at_least(0), "days", "once stopped, stay off at least this long"});
    const bool threshold = c.above >= 0 || c.below >= 0;
    // (Only when all read cleanly: a series written but misspelt has its own error.)
    v.check_here(
        !v.clean() || c.set() || (!threshold && c.stop_below < 0 && c.stop_above < 0 && c.per == 0),
        "series", "must be set when a threshold is: the recorded series to watch");
    v.check_here(!c.set() || threshold, "above",
                 "a trigger needs a threshold: above = X (start when the value exceeds X) or "
                 "below = X (start when it falls below X)");
    v.check_here(c.above < 0 || c.below < 0, "below",
                 "set above or below, not both (one trigger watches one crossing)");
    v.check_here(c.stop_below < 0 || c.above >= 0, "stop_below",
                 "goes with above (for below, the stop threshold is stop_above)");
    v.check_here(c.stop_below < 0 || c.above < 0 || c.stop_below <= c.above, "stop_below",
                 "must be <= above (the value falls back through it)");
    v.check_here(c.stop_above < 0 || c.below >= 0, "stop_above",
                 "goes with below (for above, the stop threshold is stop_below)");
    v.check_here(c.stop_above < 0 || c.below < 0 || c.stop_above >= c.below, "stop_above",
                 "must be >= below (the value rises back through it)");
    v.check_here(c.per == 0 || !c.set() || trigger_series_info(c.series).scaled, "per",
                 "participation_share is a share: it is not scaled (leave per out)");
  }
};

/// A trigger's state over a run (checkpointed with the policy book).
struct TriggerState {
  std::vector<double> window;  ///< the last window_steps readings, a ring
  std::uint64_t seen = 0;      ///< readings pushed so far
  bool on = false;             ///< the trigger has the policy run (while armed)
  bool fired = false;          ///< it started the policy at the end of the last step
  double started = -1;         ///< first day of the current (or last) activation; -1: none
  double stopped = -1;         ///< first day off after the last activation; -1: none
  double value = std::numeric_limits<double>::quiet_NaN();  ///< last value; NaN: window not full
};

/// The trigger rule at the end of a step: pushes the step's `reading`, computes the value
/// and decides whether the policy runs from `next_day` (the first day of the next step).
/// `armed`: the policy may run at next_day (its schedule and the budget allow it).
inline void observe_trigger(const TriggerConfig& c, TriggerState& s, double reading, double scale,
                            double next_day, bool armed) {
  const std::size_t n = s.window.size();
  s.window[s.seen % n] = reading;
  ++s.seen;
  s.fired = false;
  if (s.seen < n) {
    s.value = std::numeric_limits<double>::quiet_NaN();
  } else {
    double sum = 0;  // oldest first, so the value does not depend on the ring's position
    for (std::size_t k = 0; k < n; ++k) sum += s.window[(s.seen + k) % n];
    const bool mean = trigger_series_info(c.series).aggregate == WindowAggregate::mean;
    s.value = (mean ? sum / static_cast<double>(n) : sum) * scale;
  }
  const bool full = s.seen >= n;
  constexpr double eps = 1e-9;
  if (!s.on) {
    const bool cooled = s.stopped < 0 || next_day + eps >= s.stopped + c.cooldown_days;
    if (full && armed && cooled && c.starts(s.value)) {
      s.on = true;
      s.fired = true;
      s.started = next_day;
    }
    return;
  }
  const bool served = next_day + eps >= s.started + c.min_days;
  if (!armed || (served && c.stops(s.value))) {
    s.on = false;
    s.stopped = next_day;
  }
}

}  // namespace cogov::model
