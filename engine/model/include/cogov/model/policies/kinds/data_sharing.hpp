#pragma once
// data_sharing (docs/model.md section 8.2): data shared across the agencies of a territory
// (all, some grids or some counties), a trade-off: government units' handling and escalation
// delays x (1 - delay_cut) (local offices and the central centre; platforms are firms and
// keep theirs; a unit serving several grids is cut only when all of them share), fraud
// interception + interception_boost for the territory's netizens, but their breach exposure
// x (1 + exposure_increase).
//
//   charge  cost_per_day only

#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct DataSharing {
  static constexpr std::string_view name = "data_sharing";
  static constexpr std::string_view summary =
      "faster report handling and interception, larger breach exposure";
  struct Config {
    Target target;           ///< where agencies share data
    double delay_cut = 0.5;  ///< government delays x (1 - cut)
    double interception_boost = 0.1;
    double exposure_increase = 0.5;  ///< breach exposure x (1 + increase)
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kGridTargetKinds, "the territory whose agencies share data");
    v.value("delay_cut", c.delay_cut,
            {Range::unit(), "", "government units' handling and escalation delays x (1 - cut)"});
    v.value("interception_boost", c.interception_boost,
            {Range::unit(), "", "added fraud interception"});
    v.value("exposure_increase", c.exposure_increase,
            {Range::at_least(0), "", "breach exposure x (1 + increase)"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const TargetSet where = x.target(c.target);
    const std::uint32_t grids = x.territory.grids();
    x.effects.interception_boost.update(where, grids,
                                        [&](double v) { return v + c.interception_boost; });
    x.effects.exposure_factor.update(where, grids,
                                     [&](double v) { return v * (1.0 + c.exposure_increase); });
    x.orders.delay_factor.update(where, grids, [&](double v) { return v * (1.0 - c.delay_cut); });
  }

  static double charge(const Config&, const ChargeInputs&) { return 0.0; }
};

}  // namespace cogov::model
