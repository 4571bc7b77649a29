#pragma once
// training (docs/model.md section 8.2): literacy training for a target group, capacity_per_day
// trainees a day spread over the target:
//
//   prob   min(1, capacity_per_day x days / |target|) per targeted netizen per step
//   gain   l <- l + literacy_gain (1 - l)
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
    double capacity_per_day = 100;  ///< trainees per day
    double literacy_gain = 0.2;     ///< Delta l
    double cost_per_unit = 0;       ///< per trainee
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kTargetKinds, "who is trained");
    v.value("capacity_per_day", c.capacity_per_day,
            {Range::at_least(0), "netizens per day", "trainees"});
    v.value("literacy_gain", c.literacy_gain, {Range::unit(), "", "Delta l"});
    v.value("cost_per_unit", c.cost_per_unit, {Range::at_least(0), "yuan", "per trainee"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const TargetSet ts = x.target(c.target);
    if (x.slot.target_size < 0) {
      const Netizens& p = x.netizens;
      double count = 0;
      for (std::uint32_t i = 0; i < p.size(); ++i)
        count += ts.contains(p.age[i], p.flags[i], x.social.degree(i), p.grid[i]);
      x.slot.target_size = count;
    }
    const double size = x.slot.target_size;
    const double prob = size > 0 ? std::min(1.0, c.capacity_per_day * x.step_days / size) : 0.0;
    x.add(TrainingTerm{ts, prob, c.literacy_gain});
  }

  static double charge(const Config& c, const ChargeInputs& u) { return c.cost_per_unit * u.units; }
};

}  // namespace cogov::model
