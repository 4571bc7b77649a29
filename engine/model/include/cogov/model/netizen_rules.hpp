#pragma once
// The configuration of the netizen decision and of the individual state updates after it
// (one section of the scenario each: participation, fatigue, perceived_risk, trust).

#include "cogov/model/mechanisms/fatigue.hpp"
#include "cogov/model/mechanisms/participation.hpp"
#include "cogov/model/mechanisms/perceived_risk.hpp"
#include "cogov/model/mechanisms/trust.hpp"

namespace cogov::model {

struct NetizenRules {
  ParticipationConfig participation;
  FatigueConfig fatigue;
  PerceivedRiskConfig perceived_risk;
  TrustConfig trust;
};

}  // namespace cogov::model
