#pragma once
// Enterprises (MODEL.md sections 3 and 7): platforms, apps, access and infrastructure
// providers. Structure of arrays indexed by enterprise id; id 0 is the most popular
// (Zipf rank = id + 1).
//
// Participation (anti-fraud warnings, moderation, data to police) is a logit choice:
//   u_e = beta_e + J_e q_e + R_e + K p_e + G [credit >= red_list] - cost
//   P_e(t+1) ~ Bernoulli(sigma(u_e / T_e)), with inertia
// q_e: share of same-type firms in the county participating at t (industry herding); R_e
// responsibility (CSR, Beta); p_e perceived expected penalty (raised by findings and by the
// public naming of county peers, decays); credit score starts at 100.
// Security: participating honest firms move s towards target_security; others decay.
// Deceptive firms declare declared_security but do not invest (阳奉阴违).

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace cogov::model {

inline constexpr int kEnterpriseTypes = 4;
inline constexpr const char* kEnterpriseTypeNames[kEnterpriseTypes] = {"platform", "app", "access",
                                                                       "infrastructure"};

struct EnterpriseConfig {
  double per_100k = 20.0;  ///< enterprises per 100 000 netizens
  std::array<double, kEnterpriseTypes> type_shares{0.3, 0.4, 0.2, 0.1};
  std::uint32_t platforms_per_netizen = 3;
  double zipf_exponent = 1.0;  ///< popularity of rank r ~ r^-exponent
  double security_mean = 0.5;
  double security_concentration = 5.0;
  double deceptive_share = 0.1;
  double declared_security = 0.9;  ///< what deceptive firms declare
  double target_security = 0.9;
  double security_gain_rate = 0.05;   ///< per day towards target while participating
  double security_decay_rate = 0.01;  ///< per day while not
  double responsibility_mean = 0.3;   ///< R_e ~ Beta(mean, concentration) ...
  double responsibility_concentration = 4.0;
  double baseline = -2.0;        ///< beta_e
  double herding = 2.0;          ///< J_e
  double responsibility = 2.0;   ///< weight of R_e
  double penalty_weight = 3.0;   ///< K
  double red_list_reward = 1.0;  ///< G
  double red_list_credit = 105;  ///< credit at or above which a firm is on the red list
  double cost = 1.0;
  double temperature = 1.0;
  double inertia_prob = 0.9;
  double initial_share = 0.2;
  double penalty_decay_rate = 0.02;         ///< per day, of the perceived expected penalty
  double participation_credit_rate = 0.05;  ///< credit points per day while participating
};

struct Enterprises {
  std::vector<std::uint8_t> type;
  std::vector<std::uint32_t> county;
  std::vector<std::uint8_t> deceptive;
  std::vector<float> security;  ///< true security s
  std::vector<float> responsibility;
  std::vector<float> credit;   ///< starts at 100
  std::vector<float> penalty;  ///< perceived expected penalty p_e
  std::vector<std::uint32_t> vulnerabilities;
  std::vector<std::uint8_t> sanction;  ///< 0 none, 1 summons, 2 rectification, 3 removed
  std::array<std::vector<std::uint8_t>, 2> participating;
  int cur = 0;
  std::vector<std::uint8_t> breached;  ///< breached this step
  std::vector<std::uint32_t> users;

  std::uint32_t size() const { return static_cast<std::uint32_t>(type.size()); }
  bool active(std::uint32_t e) const { return sanction[e] < 3; }
  bool participates(std::uint32_t e) const { return participating[cur][e] != 0 && active(e); }
  float declared(std::uint32_t e, double declared_level) const {
    return deceptive[e] ? std::max(security[e], static_cast<float>(declared_level)) : security[e];
  }
};

}  // namespace cogov::model
