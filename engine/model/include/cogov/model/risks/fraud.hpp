#pragma once
// Fraud: targeted attempts, platform interception, collective protection (MODEL.md section 6).
//
//   attempt      prob 1 - exp(-attempt_rate u_i (1 + psi exposed_i) D_c shock days)
//   interception w = w_eff s_e [e participating] (+ data-sharing boost), e = primary platform
//   success      p_F(g) (1 - eps_lF l_i)(1 - eps_self P_i)(1 - eps_nbr)^n_i,
//                n_i = participating neighbours (each warns and checks)
//   loss         log-normal with age-group median and shape sigma
//   victims      countdown W days, perceived risk jump, report with prob rho_v tau_i;
//                participants report intercepted attempts.

#include <cmath>
#include <cstdint>

#include "cogov/model/population.hpp"

namespace cogov::model {

struct FraudConfig {
  bool enabled = true;
  double attempt_rate = 0.004;         ///< per day, for usage 1
  double exposure_multiplier = 2.0;    ///< psi: extra attempts on data-exposed netizens
  double interception_efficacy = 0.8;  ///< w_eff (sources: real-time warnings ~ 90% accurate)
  PerAge success_prob{0.15, 0.05, 0.08, 0.25};  ///< p_F(g)
  double literacy_protection = 0.7;             ///< eps_lF
  double self_protection = 0.5;                 ///< eps_self
  double neighbour_protection = 0.1;            ///< eps_nbr per participating neighbour
  PerAge loss_median{300, 2000, 5000, 8000};    ///< yuan
  double loss_sigma = 1.0;
  double victim_window_days = 30;      ///< W
  double victim_report_prob = 0.6;     ///< rho_v, times trust
  double intercept_report_prob = 0.5;  ///< participants report intercepted attempts
};

inline double fraud_success_probability(const FraudConfig& c, int age_group, double literacy,
                                        bool participating,
                                        std::uint32_t participating_neighbours) {
  return c.success_prob[age_group] * (1.0 - c.literacy_protection * literacy) *
         (1.0 - (participating ? c.self_protection : 0.0)) *
         std::pow(1.0 - c.neighbour_protection, participating_neighbours);
}

}  // namespace cogov::model
