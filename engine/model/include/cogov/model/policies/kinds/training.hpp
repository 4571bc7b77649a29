#pragma once
// training (docs/model.md section 8.2): literacy training for a target group, capacity_per_day
// trainees a day, the never-trained first (status::trained remembers):
//
//   prob   untrained: min(1, places / U); trained: clamp((places - U) / (|target| - U), 0, 1),
//          places = capacity_per_day x days, U the untrained in the target at the last step
//   gain   l <- l + g (1 - l), g = literacy_gain, or literacy_gain x repeat_gain_factor (0.5,
//          an assumption: a refresher teaches less than a first course) for a repeat
//   charge cost_per_unit x netizens trained

#include <algorithm>
#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct Training {
  static constexpr std::string_view name = "training";
  static constexpr std::string_view summary = "literacy training for a target group";
  struct Config {
    Target target;
    double capacity_per_day = 100;    ///< trainees per day
    double literacy_gain = 0.2;       ///< Delta l
    double cost_per_unit = 0;         ///< per trainee
    double repeat_gain_factor = 0.5;  ///< a repeat gains this share of literacy_gain
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kTargetKinds, "who is trained");
    v.value("capacity_per_day", c.capacity_per_day,
            {Range::at_least(0), "netizens per day", "trainees"});
    v.value("literacy_gain", c.literacy_gain, {Range::unit(), "", "Delta l"});
    v.value("repeat_gain_factor", c.repeat_gain_factor,
            {Range::unit(), "", "a repeat course gains this share of literacy_gain"});
    v.value("cost_per_unit", c.cost_per_unit, {Range::at_least(0), "yuan", "per trainee"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const TargetSet ts = x.target(c.target);
    if (x.slot.target_size < 0) {
      const Netizens& p = x.netizens;
      double count = 0, untrained = 0;
      for (std::uint32_t i = 0; i < p.size(); ++i) {
        if (!ts.contains(p.age[i], p.flags[i], x.social.degree(i), p.grid[i])) continue;
        ++count;
        untrained += !(p.status[i] & status::trained);
      }
      x.slot.target_size = count;
      x.slot.untrained = untrained;
    }
    // The untrained first; what capacity they leave goes to refreshers.
    const double places = c.capacity_per_day * x.step_days;
    const double untrained = std::max(0.0, x.slot.untrained);
    const double trained = std::max(0.0, x.slot.target_size - untrained);
    TrainingTerm term{ts};
    term.prob = untrained > 0 ? std::min(1.0, places / untrained) : 0.0;
    term.prob_trained = trained > 0 ? std::clamp((places - untrained) / trained, 0.0, 1.0) : 0.0;
    term.gain = c.literacy_gain;
    term.repeat_gain = c.literacy_gain * c.repeat_gain_factor;
    x.add(term);
  }

  static double charge(const Config& c, const ChargeInputs& u) { return c.cost_per_unit * u.units; }
};

}  // namespace cogov::model
