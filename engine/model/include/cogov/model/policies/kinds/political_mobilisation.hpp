#pragma once
// political_mobilisation (他组, docs/model.md section 8.2): top-down mobilisation through
// party members and cadres. Targeted netizens (default: party members) get a utility boost
// that halves every half life; a broadcast reaches a further `reach` share of everyone each
// day with the same boost; reached participants gain extra fatigue. Through the party
// organisations of firms (互联网企业党组织) it may also push enterprises: firms with one add
// firm_intensity x decay to their participation utility (0: off). The effort behind it
// (meetings, cadres' time) decays with the boost, and so does what it costs a day.
//
//   boost(day) = intensity 2^(-(day - start_day) / half_life_days)
//   charge     (cost_per_day x days + cost_per_unit x netizens reached) x boost / intensity
//              (PolicySlot::effort): a contact that carries half the boost is half the work

#include <cmath>
#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct PoliticalMobilisation {
  static constexpr std::string_view name = "political_mobilisation";
  static constexpr std::string_view summary =
      "top-down mobilisation through party members, plus a broadcast";
  struct Config {
    Target target{.kind = TargetKind::party, .grids = {}, .counties = {}};
    double intensity = 1.0;       ///< utility boost at the start
    double half_life_days = 30;   ///< the boost halves every half life
    double reach = 0.1;           ///< broadcast: share of everyone reached per day
    double fatigue_boost = 0.02;  ///< extra fatigue per day of reached participants
    double firm_intensity = 0;    ///< utility for firms with a party organisation (0: off)
    double cost_per_unit = 0;     ///< per netizen reached
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kTargetKinds, "who is mobilised directly (default: party members)");
    v.value("intensity", c.intensity, {Range::any(), "utility", "boost at the start"});
    v.value("half_life_days", c.half_life_days,
            {Range::above(0), "days", "the boost halves every half life"});
    v.value("reach", c.reach,
            {Range::unit(), "per day", "broadcast: share of all netizens reached"});
    v.value("fatigue_boost", c.fatigue_boost,
            {Range::unit(), "per day", "extra fatigue of reached participants"});
    v.value(
        "firm_intensity", c.firm_intensity,
        {Range::any(), "utility",
         "boost at the start for firms with a party organisation (enterprise.party_org_share)"});
    v.value("cost_per_unit", c.cost_per_unit, {Range::at_least(0), "yuan", "per netizen reached"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const double decay = std::exp2(-(x.day - x.start_day) / c.half_life_days);
    const double boost = c.intensity * decay;
    x.slot.effort = decay;
    const double fatigue = c.fatigue_boost * x.step_days;
    x.add(UtilityTerm{x.target(c.target), boost, 1.0, false, fatigue, Unit::reached});
    if (c.reach > 0) x.add(UtilityTerm{TargetSet{}, boost, c.reach, false, fatigue, Unit::reached});
    x.orders.party_firm_utility += c.firm_intensity * decay;
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    return c.cost_per_unit * u.units * u.effort;
  }
};

}  // namespace cogov::model
