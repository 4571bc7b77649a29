#pragma once
// Configuration of the netizen decision and of the individual state updates that follow it.

#include <cstdint>

#include "cogov/model/rules/fatigue.hpp"
#include "cogov/model/rules/participation_logit.hpp"
#include "cogov/model/rules/participation_threshold.hpp"
#include "cogov/model/rules/perceived_risk.hpp"
#include "cogov/model/rules/trust.hpp"

namespace cogov::model {

enum class ParticipationRule : std::uint8_t { logit, threshold };

struct ParticipationConfig {
  ParticipationRule rule = ParticipationRule::logit;
  LogitConfig logit;
  ThresholdConfig threshold;
  double inertia_prob = 0.7;        ///< per step: keep the previous choice (asynchrony proxy)
  double initial_share = 0.01;      ///< each netizen starts participating with this probability
  std::uint32_t initial_count = 0;  ///< plus this many distinct random netizens
};

struct NetizenRules {
  ParticipationConfig participation;
  FatigueConfig fatigue;
  PerceivedRiskConfig perceived_risk;
  TrustConfig trust;
};

}  // namespace cogov::model
