#pragma once
// enforcement (docs/model.md sections 7.1 and 8.2): inspections of the targeted firms. Each
// step a firm is inspected with probability 1 - exp(-inspection_rate days); an unannounced
// inspection sees the true security, an announced one what the firm declares; security below
// the compliance threshold is a finding (credit - penalty_points, perceived penalty + 1, one
// rung up the sanction ladder), and public naming adds naming_spillover to the perceived
// penalty of the firm's county peers. The ladder: a first finding summons the firm; the next
// orders rectification within rectification_days, during which an honest firm must invest
// (its security rises as a participating firm's would; a deceptive firm rectifies on paper);
// at the deadline it is checked (unannounced with unannounced_share): at or above the
// threshold the order is lifted (back to summons), below it the firm is removed and its
// users move to the largest operating firm of its type.
//
//   charge  cost_per_unit x inspections

#include <algorithm>
#include <cmath>
#include <string_view>

#include "cogov/core/rng.hpp"
#include "cogov/model/policies/firm_target.hpp"
#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct EnforcementPolicy {
  static constexpr std::string_view name = "enforcement";
  static constexpr std::string_view summary = "inspections, sanctions and public naming of firms";
  struct Config {
    FirmTarget firms;
    double inspection_rate = 0.01;  ///< inspections per firm per day
    double unannounced_share = 0.5;
    double penalty_points = 10;         ///< credit points deducted per finding
    double compliance_threshold = 0.6;  ///< security below this is a finding
    bool public_naming = true;
    double naming_spillover = 0.3;   ///< perceived penalty added to county peers per naming
    double rectification_days = 30;  ///< deadline of a rectification order
    double cost_per_unit = 0;        ///< per inspection
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    FirmTarget::visit(v, c.firms, "which firms are inspected");
    v.value("inspection_rate", c.inspection_rate,
            {Range::at_least(0), "per firm per day", "inspections"});
    v.value("unannounced_share", c.unannounced_share,
            {Range::unit(), "", "share of inspections unannounced"});
    v.value("penalty_points", c.penalty_points,
            {Range::at_least(0), "points", "credit deducted per finding"});
    v.value("compliance_threshold", c.compliance_threshold,
            {Range::unit(), "", "security below this is a finding"});
    v.value("public_naming", c.public_naming, {Range::any(), "", "findings are published"});
    v.value("naming_spillover", c.naming_spillover,
            {Range::at_least(0), "", "perceived penalty added to county peers per naming"});
    v.value("rectification_days", c.rectification_days,
            {Range::above(0), "days", "deadline of a rectification order (an assumption)"});
    v.value("cost_per_unit", c.cost_per_unit, {Range::at_least(0), "yuan", "per inspection"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    const auto deadline = static_cast<std::uint32_t>(
        std::max(1.0, std::ceil(c.rectification_days / x.step_days - 1e-9)));
    x.orders.enforcement.push_back({core::rate_to_prob(c.inspection_rate, x.step_days),
                                    c.unannounced_share, c.penalty_points, c.compliance_threshold,
                                    c.public_naming, c.naming_spillover, deadline, c.firms, x.index,
                                    x.draw_seed()});
  }

  static double charge(const Config& c, const ChargeInputs& u) { return c.cost_per_unit * u.units; }
};

}  // namespace cogov::model
