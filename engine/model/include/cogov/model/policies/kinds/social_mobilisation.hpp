#pragma once
// social_mobilisation (自组, docs/model.md section 8.2): the government buys the services of
// the targeted NGOs (all, by scope, by origin or by county: policies/ngo_target.hpp). While
// it runs each targeted NGO is funded (so active, whatever its members do) and its training
// capacity is multiplied by (1 + capacity_boost) (the largest boost of the policies funding
// it).
//
//   charge  cost_per_unit x days x the NGOs it funds, each NGO funded by m running
//           social-mobilisation policies counted 1/m (an NGO-day is paid for once, shared).

#include <algorithm>
#include <string_view>

#include "cogov/model/policies/kind.hpp"
#include "cogov/model/policies/ngo_target.hpp"

namespace cogov::model {

struct SocialMobilisation {
  static constexpr std::string_view name = "social_mobilisation";
  static constexpr std::string_view summary = "purchase of NGO services: funding and capacity";
  struct Config {
    NgoTarget ngos;
    double capacity_boost = 1.0;  ///< NGO capacity x (1 + boost)
    double cost_per_unit = 0;     ///< per funded NGO per day
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    NgoTarget::visit(v, c.ngos, "which NGOs are funded");
    v.value("capacity_boost", c.capacity_boost,
            {Range::at_least(0), "", "funded NGOs' capacity x (1 + boost)"});
    v.value("cost_per_unit", c.cost_per_unit,
            {Range::at_least(0), "yuan", "per funded NGO per day"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    if (!x.ngos) return;
    Ngos& g = *x.ngos;
    x.orders.ngo_capacity_boost.resize(g.size(), 0.0f);
    x.orders.ngo_funders.resize(g.size(), 0);
    for (std::uint32_t k = 0; k < g.size(); ++k) {
      if (!c.ngos.contains(g, k, x.territory)) continue;
      g.funded_until[k] = static_cast<float>(x.day + x.step_days);
      x.orders.ngo_capacity_boost[k] =
          std::max(x.orders.ngo_capacity_boost[k], static_cast<float>(c.capacity_boost));
      ++x.orders.ngo_funders[k];
    }
  }

  /// After every policy has compiled: its share of the NGO-days it funds.
  static void settle(const Config& c, PolicyContext& x) {
    x.slot.held = 0;
    if (!x.ngos) return;
    for (std::uint32_t k = 0; k < x.ngos->size(); ++k) {
      if (c.ngos.contains(*x.ngos, k, x.territory)) x.slot.held += 1.0 / x.orders.ngo_funders[k];
    }
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    return c.cost_per_unit * u.held * u.step_days;
  }
};

}  // namespace cogov::model
