#pragma once
// Logit participation (docs/model.md section 4; Brock & Durlauf 2001 discrete choice with social
// interactions):
//
//   u_i = beta0 + J (1 + kappa r_i) s_i + Gamma r_i + A alpha_i (1 - chi [cash reward])
//         + H alpha_i v_i + Theta (tau_i - tau_ref) + policy_i - c_g - Phi f_i
//   P_i(t+1) ~ Bernoulli( sigma(u_i / T) )
//
// s_i: share of participating neighbours (herding, 聚群应对), v_i: share of neighbours
// victimised within W days (compassion), r_i perceived risk, alpha_i altruism, f_i fatigue,
// c_g the participation cost of the agent's age group, tau_i trust in government (a netizen
// who expects its effort to be taken up by the institutions is readier to give it; tau_ref
// is the initial mean trust, so beta0 keeps its meaning for the average netizen at t = 0).
// Reads state at t only.

#include <array>
#include <cmath>
#include <cstddef>

#include "cogov/core/rng.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

struct LogitConfig {
  double baseline = -2.0;           ///< beta0
  double herding = 3.0;             ///< J
  double risk_amplification = 1.0;  ///< kappa
  double self_protection = 1.0;     ///< Gamma
  double altruism = 1.5;            ///< A
  double compassion = 2.0;          ///< H
  double crowding_out = 0.5;        ///< chi, applied while a cash reward is active
  double fatigue_weight = 1.5;      ///< Phi
  double temperature = 1.0;         ///< T
  double trust_weight = 2.0;        ///< Theta
  double trust_reference = 0.6;     ///< tau_ref (population.initial_trust_mean)
  PerAge cost{0.8, 0.5, 0.6, 0.9};  ///< c_g
};

/// The inputs of one agent's utility.
struct LogitInputs {
  double herding_share;  ///< s_i
  double victim_share;   ///< v_i
  double risk;           ///< r_i
  double altruism;       ///< alpha_i
  double fatigue;        ///< f_i
  int age_group;
  double policy = 0.0;       ///< sum of policy utility terms for this agent
  bool cash_reward = false;  ///< offered a cash reward that crowds out altruism
  double trust = 0.6;        ///< tau_i (the default: the default reference)
};

inline double logit_utility(const LogitConfig& c, const LogitInputs& x) {
  return c.baseline + c.herding * (1.0 + c.risk_amplification * x.risk) * x.herding_share +
         c.self_protection * x.risk +
         c.altruism * x.altruism * (1.0 - (x.cash_reward ? c.crowding_out : 0.0)) +
         c.compassion * x.altruism * x.victim_share +
         c.trust_weight * (x.trust - c.trust_reference) + x.policy - c.cost[x.age_group] -
         c.fatigue_weight * x.fatigue;
}

/// z = u / T, the argument of the logistic function (u / 1 is u: the default temperature
/// spares a division in every netizen's update).
inline double logit_argument(const LogitConfig& c, const LogitInputs& x) {
  const double u = logit_utility(c, x);
  return c.temperature == 1.0 ? u : u / c.temperature;
}

/// Probability of participating next step.
inline double logit_probability(const LogitConfig& c, const LogitInputs& x) {
  return core::sigmoid(logit_argument(c, x));
}

/// The logistic function at z = -kSigmoidRange + k / kSigmoidSteps, for logit_choice: with
/// linear interpolation it is within h^2/8 max|s''| = 4.7e-5 of the function (h = 1/16,
/// max|s''| = 0.0962).
inline constexpr double kSigmoidRange = 16.0;
inline constexpr double kSigmoidSteps = 16.0;   ///< nodes per unit of z
inline constexpr double kSigmoidMargin = 1e-4;  ///< interpolation error bound, with room
// 2 range x steps + 1 nodes, and one more: z just below the range end can round onto it.
inline constexpr std::size_t kSigmoidNodes =
    static_cast<std::size_t>(2 * kSigmoidRange * kSigmoidSteps) + 2;
inline const std::array<double, kSigmoidNodes> kSigmoidTable = [] {
  std::array<double, kSigmoidNodes> t{};
  for (std::size_t k = 0; k < t.size(); ++k)
    t[k] = core::sigmoid(static_cast<double>(k) / kSigmoidSteps - kSigmoidRange);
  return t;
}();

/// The interpolated table at z, for -kSigmoidRange < z < kSigmoidRange.
inline double logistic_from_table(double z) {
  const double pos = (z + kSigmoidRange) * kSigmoidSteps;
  const auto k = static_cast<std::size_t>(pos);
  return kSigmoidTable[k] +
         (pos - static_cast<double>(k)) * (kSigmoidTable[k + 1] - kSigmoidTable[k]);
}

/// u < logit_probability(c, x), bit for bit, mostly without exp: the interpolated table is
/// within kSigmoidMargin of the probability, so only a uniform that close to it (a band of
/// width 2e-4) takes the exact probability. The answer is a value, not a branch: the
/// coin flip cannot be predicted, the rare trip into the band can.
inline bool logit_choice(const LogitConfig& c, const LogitInputs& x, double u) {
  const double z = logit_argument(c, x);
  if (z > -kSigmoidRange && z < kSigmoidRange) {
    const double p = logistic_from_table(z);
    if (std::abs(u - p) >= kSigmoidMargin) [[likely]]
      return u < p;
  }
  return u < core::sigmoid(z);
}

}  // namespace cogov::model
