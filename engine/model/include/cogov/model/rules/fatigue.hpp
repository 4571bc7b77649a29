#pragma once
// Fatigue (厌战情绪, MODEL.md section 5): f <- f + phi_up P (1 - f) - phi_down (1 - P) f,
// with P the participation chosen this step. phi_up and phi_down are per-step fractions
// from the per-day rates gain_rate and recovery_rate (p = 1 - exp(-rate * days)).

namespace cogov::model {

struct FatigueConfig {
  double gain_rate = 0.05;      ///< per day, while participating
  double recovery_rate = 0.10;  ///< per day, while not participating
};

inline float update_fatigue(float f, bool participating, double up, double down) {
  return participating ? static_cast<float>(f + up * (1.0 - f)) : static_cast<float>(f - down * f);
}

}  // namespace cogov::model
