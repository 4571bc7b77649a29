#pragma once
// social_mobilisation (自组, docs/model.md section 8.2): the government buys NGO services.
// While it runs every NGO is funded (so active, whatever its members do) and funded NGOs'
// training capacity is multiplied by (1 + capacity_boost).
//
//   charge  cost_per_unit x funded NGOs x days. NGOs funded by m running social-mobilisation
//           policies are paid for once: each pays 1/m of every NGO-day (all fund every NGO).

#include <algorithm>
#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct SocialMobilisation {
  static constexpr std::string_view name = "social_mobilisation";
  static constexpr std::string_view summary = "purchase of NGO services: funding and capacity";
  struct Config {
    double capacity_boost = 1.0;  ///< NGO capacity x (1 + boost)
    double cost_per_unit = 0;     ///< per funded NGO per day
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    v.value("capacity_boost", c.capacity_boost,
            {Range::at_least(0), "", "funded NGOs' capacity x (1 + boost)"});
    v.value("cost_per_unit", c.cost_per_unit,
            {Range::at_least(0), "yuan", "per funded NGO per day"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    if (x.ngos) {
      for (auto& until : x.ngos->funded_until) until = static_cast<float>(x.day + x.step_days);
      x.slot.held = x.ngos->size();
    }
    x.orders.ngo_capacity_boost = std::max(x.orders.ngo_capacity_boost, c.capacity_boost);
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    return c.cost_per_unit * u.held / u.same_kind_running * u.step_days;
  }
};

}  // namespace cogov::model
