#pragma once
// Exogenous shocks (docs/model.md section 9): for a period, multipliers of rumour seeding,
// fraud attempts and breach rates, and a surge of the altruism weight.

#include <string>

namespace cogov::model {

struct ShockConfig {
  std::string name = "shock";
  double start_day = 0;
  double end_day = 30;
  double rumour_multiplier = 3.0;
  double fraud_multiplier = 2.0;
  double breach_multiplier = 2.0;
  double altruism_surge = 0.5;  ///< altruism weight A x (1 + surge)
};

}  // namespace cogov::model
