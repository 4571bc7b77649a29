#pragma once
// campaign (docs/model.md section 8.2): publicity that builds consensus. Each day a `reach`
// share of the target is reached: u_i += intensity, and reached netizens count as reached by
// a campaign in their perceived risk (+ perceived_risk.weight_campaign).
//
//   charge  cost_per_unit x netizens reached

#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct Campaign {
  static constexpr std::string_view name = "campaign";
  static constexpr std::string_view summary = "publicity: utility and perceived risk of reached";
  struct Config {
    Target target;
    double intensity = 1.0;    ///< utility of reached netizens
    double reach = 0.1;        ///< share of the target reached per day
    double cost_per_unit = 0;  ///< per netizen reached
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kTargetKinds, "who the campaign addresses");
    v.value("intensity", c.intensity, {Range::any(), "utility", "boost of reached netizens"});
    v.value("reach", c.reach, {Range::unit(), "per day", "share of the target reached"});
    v.value("cost_per_unit", c.cost_per_unit, {Range::at_least(0), "yuan", "per netizen reached"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    x.add(UtilityTerm{x.target(c.target), c.intensity, c.reach, true, 0.0, Unit::reached});
  }

  static double charge(const Config& c, const ChargeInputs& u) { return c.cost_per_unit * u.units; }
};

}  // namespace cogov::model
