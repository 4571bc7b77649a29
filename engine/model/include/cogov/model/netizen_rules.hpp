#pragma once
// The configuration of the netizen mechanisms that are not risks: one section of the
// scenario each (participation, fatigue, perceived_risk, trust, reporting), listed once in visit().
// A mechanism with a section of its own adds its Config here: the member and its row.

#include "cogov/model/mechanisms/fatigue.hpp"
#include "cogov/model/mechanisms/participation.hpp"
#include "cogov/model/mechanisms/perceived_risk.hpp"
#include "cogov/model/mechanisms/reporting.hpp"
#include "cogov/model/mechanisms/trust.hpp"

namespace cogov::model {

struct NetizenRules {
  ParticipationConfig participation;
  FatigueConfig fatigue;
  PerceivedRiskConfig perceived_risk;
  TrustConfig trust;
  ReportingConfig reporting;

  template <class V>
  static void visit(V& v, NetizenRules& r) {
    v.section("participation", "netizen participation rule (docs/model.md section 4)",
              [&] { ParticipationConfig::visit(v, r.participation); });
    v.section("fatigue", "fatigue of long campaigns", [&] { FatigueConfig::visit(v, r.fatigue); });
    v.section("perceived_risk", "perceived risk",
              [&] { PerceivedRiskConfig::visit(v, r.perceived_risk); });
    v.section("trust", "trust in government", [&] { TrustConfig::visit(v, r.trust); });
    v.section("reporting", "the report decision (mechanisms/reporting.hpp)",
              [&] { ReportingConfig::visit(v, r.reporting); });
  }
};

}  // namespace cogov::model
