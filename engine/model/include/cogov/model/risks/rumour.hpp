#pragma once
// Rumours: SIRS with rejection by participants, debunking, stifling, forgetting, platform
// moderation and official refutation (MODEL.md section 6). Pull-style: a netizen's
// transition depends on its neighbours' state at t only.
//
//   seeding        S -> I with prob 1 - exp(-seed_rate * 1e-6 * u_i * shock * days)
//   transmission   S -> I with prob 1 - prod_j (1 - p_ji),
//                  p_ji = p_R (1 - eps_l l_i)(1 - eps_P P_i)(1 - m_j)
//   rejection      a participating S with a believer neighbour -> R with prob rho l_i
//   debunking      I -> R with prob 1 - (1 - p_D)^n_D (1 - min(1, b p_D))^n_B
//                  (n_D participating R neighbours, n_B of them boosted: moderators, members
//                  of active refutation NGOs, of formed self-organised groups)
//   stifling       I -> R with stifle_prob;  forgetting R -> S with forget_rate
//   refutation     I -> R with prob reach * conversion once the belief is older than lag
// With participation, debunking and forgetting off and seeding only at t = 0 this is the
// discrete-time SIR model on a network.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace cogov::model {

struct RumourConfig {
  bool enabled = true;
  double seed_rate = 20.0;                ///< new believers per million netizens per day
  double initial_believers = 0.0;         ///< share of netizens believing at step 0
  double transmission_prob = 0.05;        ///< p_R per believer contact per step
  double literacy_protection = 0.5;       ///< eps_l
  double participation_protection = 0.5;  ///< eps_P
  double rejection_prob = 0.3;            ///< rho: times literacy
  double debunk_prob = 0.02;              ///< p_D per debunking neighbour per step
  double debunk_boost = 3.0;              ///< b for moderators and active refutation NGOs
  double stifle_prob = 0.1;               ///< per step
  double forget_rate = 0.02;              ///< per day
  double moderation_efficacy = 0.5;       ///< m for a participating platform at full security
};

/// Transmission factor a_i = p_R (1 - eps_l l_i)(1 - eps_P P_i); p_ji = a_i (1 - m_j).
inline double rumour_susceptibility(const RumourConfig& c, double literacy, bool participating) {
  return c.transmission_prob * (1.0 - c.literacy_protection * literacy) *
         (1.0 - (participating ? c.participation_protection : 0.0));
}

/// A floor of the escape product over `believers` believing neighbours, whose factors are
/// 1 - a (1 - m_j) with a and m_j in [0, 1], each at least 1 - a. By Bernoulli's inequality
/// the product is at least 1 - a B; the margin covers the rounding of the walk's product
/// and of this formula (a worst-case bound of 4 (B + 1) 2^-53, under 5e-10 for up to 2^20
/// believers; more get no floor). A uniform below it means "not infected" without the walk,
/// bit for bit (tested: random products break a floor without the margin). One
/// multiply: (1 - a)^B multiplied out, the floor before, was a chain of multiplies that
/// held up the step on the days many netizens have believing neighbours.
inline double escape_floor(double a, std::uint32_t believers) {
  constexpr std::uint32_t kMaxBelievers = 1u << 20;
  constexpr double kMargin = 1e-9;
  if (believers > kMaxBelievers) return 0.0;  // a uniform is above 0: the walk decides
  return 1.0 - a * believers - kMargin;
}

/// Probability that a believer is converted by n plain and n_boosted boosted debunkers.
inline double debunk_probability(const RumourConfig& c, std::uint32_t n, std::uint32_t n_boosted) {
  const double boosted = std::min(1.0, c.debunk_boost * c.debunk_prob);
  return 1.0 - std::pow(1.0 - c.debunk_prob, n) * std::pow(1.0 - boosted, n_boosted);
}

/// debunk_probability with the powers for fewer than kCounts debunkers of each kind made
/// once (the same std::pow calls, so the same bits; more debunkers call std::pow).
class DebunkTable {
 public:
  static constexpr std::uint32_t kCounts = 64;

  explicit DebunkTable(const RumourConfig& c)
      : plain_keep_(1.0 - c.debunk_prob),
        boosted_keep_(1.0 - std::min(1.0, c.debunk_boost * c.debunk_prob)) {
    for (std::uint32_t n = 0; n < kCounts; ++n) {
      plain_[n] = std::pow(plain_keep_, n);
      boosted_[n] = std::pow(boosted_keep_, n);
    }
  }

  double operator()(std::uint32_t n, std::uint32_t n_boosted) const {
    const double plain = n < kCounts ? plain_[n] : std::pow(plain_keep_, n);
    const double boosted =
        n_boosted < kCounts ? boosted_[n_boosted] : std::pow(boosted_keep_, n_boosted);
    return 1.0 - plain * boosted;
  }

 private:
  double plain_keep_, boosted_keep_;
  std::array<double, kCounts> plain_{}, boosted_{};
};

}  // namespace cogov::model
