#pragma once
// Breaches (enterprise side, MODEL.md section 6):
//   new vulnerabilities ~ Poisson(vuln_rate (1 - s_e) days)
//   each open vulnerability is patched with prob 1 - exp(-patch_rate s_e days)
//   breach with prob 1 - exp(-lambda_b V_e (1 - s_e) shock days)
//   each user of a breached enterprise becomes data-exposed with exposure_prob.

namespace cogov::model {

struct BreachConfig {
  bool enabled = true;
  double vuln_rate = 0.2;       ///< new vulnerabilities per day at security 0
  double patch_rate = 0.2;      ///< patches per open vulnerability per day at security 1
  double breach_rate = 0.0003;  ///< lambda_b per open vulnerability per day at security 0
  double exposure_prob = 0.3;   ///< per user of a breached enterprise
};

}  // namespace cogov::model
