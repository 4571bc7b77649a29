#pragma once
// Enterprises (docs/model.md sections 3.2 and 7.1): platforms, apps, access and infrastructure
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

#include "cogov/core/columns.hpp"
#include "cogov/core/spec.hpp"

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
  double party_org_share = 0.5;             ///< firms with a party organisation (an assumption)

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, EnterpriseConfig& c) {
    using core::Range;
    v.value("per_100k", c.per_100k,
            {Range::above(0), "per 100 000 netizens", "number of enterprises"});
    v.value("type_shares", c.type_shares,
            {Range::at_least(0), "", "shares of " + core::join_names(kEnterpriseTypeNames)});
    v.value("platforms_per_netizen", c.platforms_per_netizen,
            {Range::between(1, 50), "enterprises", "enterprises each netizen uses"});
    v.value("zipf_exponent", c.zipf_exponent,
            {Range::at_least(0), "", "popularity of rank r ~ r^-exponent"});
    v.value("security_mean", c.security_mean,
            {Range::unit(), "", "initial true security (Beta mean)"});
    v.value("security_concentration", c.security_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.value("deceptive_share", c.deceptive_share,
            {Range::unit(), "", "firms that comply on paper only"});
    v.value("declared_security", c.declared_security,
            {Range::unit(), "", "what deceptive firms declare"});
    v.value("target_security", c.target_security,
            {Range::unit(), "", "security participating firms move towards"});
    v.value("security_gain_rate", c.security_gain_rate,
            {Range::at_least(0), "per day", "speed towards the target"});
    v.value("security_decay_rate", c.security_decay_rate,
            {Range::at_least(0), "per day", "decay when not investing"});
    v.value("responsibility_mean", c.responsibility_mean,
            {Range::unit(), "", "corporate responsibility R_e (Beta mean)"});
    v.value("responsibility_concentration", c.responsibility_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.value("baseline", c.baseline, {Range::any(), "utility", "beta_e"});
    v.value("herding", c.herding,
            {Range::any(), "utility", "J_e: share of same-type county peers participating"});
    v.value("responsibility", c.responsibility, {Range::any(), "utility", "weight of R_e"});
    v.value("penalty_weight", c.penalty_weight,
            {Range::at_least(0), "utility", "K: weight of the perceived expected penalty"});
    v.value("red_list_reward", c.red_list_reward,
            {Range::any(), "utility", "G: for firms on the red list"});
    v.value("red_list_credit", c.red_list_credit,
            {Range::any(), "points", "credit score at which a firm is on the red list"});
    v.value("cost", c.cost, {Range::any(), "utility", "cost of participating"});
    v.value("temperature", c.temperature, {Range::above(0), "utility", "T_e"});
    v.value("inertia_prob", c.inertia_prob,
            {Range::unit_open_above(), "per step", "keep the previous choice"});
    v.value("initial_share", c.initial_share, {Range::unit(), "", "firms participating at step 0"});
    v.value("penalty_decay_rate", c.penalty_decay_rate,
            {Range::at_least(0), "per day", "forgetting of the perceived penalty"});
    v.value("participation_credit_rate", c.participation_credit_rate,
            {Range::at_least(0), "points per day", "credit earned while participating"});
    v.value("party_org_share", c.party_org_share,
            {Range::unit(), "",
             "firms with a party organisation, which political mobilisation's firm_intensity "
             "reaches (an assumption)"});
  }
};

inline constexpr int kSanctionLevels = 4;
inline constexpr const char* kSanctionLevelNames[kSanctionLevels] = {"none", "summons",
                                                                     "rectification", "removed"};

/// Enterprises::moved_to of a firm that operates, or whose users found no firm to move to.
inline constexpr std::uint32_t kNoFirm = 0xFFFFFFFFu;

struct Enterprises {
  std::vector<std::uint8_t> type;
  std::vector<std::uint32_t> county;
  std::vector<std::uint8_t> deceptive;
  std::vector<std::uint8_t> party_org;  ///< has a party organisation (互联网企业党组织)
  std::vector<float> security;          ///< true security s
  std::vector<float> responsibility;
  std::vector<float> credit;   ///< starts at 100
  std::vector<float> penalty;  ///< perceived expected penalty p_e
  std::vector<std::uint32_t> vulnerabilities;
  std::vector<std::uint8_t> sanction;  ///< kSanctionLevelNames; 3: removed
  core::DoubleBuffer<std::uint8_t> participating;
  std::vector<std::uint8_t> breached;  ///< breached this step
  std::vector<std::uint32_t> users;
  std::vector<std::uint32_t> order_due;         ///< step a rectification order falls due (0: none)
  std::vector<float> order_threshold;           ///< the security that order requires
  std::vector<std::uint8_t> order_unannounced;  ///< its deadline check comes unannounced
  std::vector<std::uint32_t> moved_to;          ///< removed: the firm its users moved to

  /// Every column, once (see core::ColumnInfo).
  template <class Self, class F>
  static void visit_columns(Self& e, F&& f) {
    using core::ColumnInfo;
    f(ColumnInfo{"type", "index", core::code_labels(kEnterpriseTypeNames)}.codes(kEnterpriseTypes),
      e.type);
    f(ColumnInfo{"county", "index", "county of registration"}.index_of(core::Bound::counties),
      e.county);
    f(ColumnInfo{"deceptive", "0/1", "complies on paper only"}.flag(), e.deceptive);
    f(ColumnInfo{"party_org", "0/1", "has a party organisation"}.flag(), e.party_org);
    f(ColumnInfo{"security", "[0,1]", "true security s"}.unit(), e.security);
    f(ColumnInfo{"responsibility", "[0,1]", "social responsibility R"}.unit(), e.responsibility);
    f(ColumnInfo{"credit", "points", "credit score", {}, 100.0}, e.credit);
    f(ColumnInfo{"penalty", "", "perceived expected penalty p"}.at_least(0), e.penalty);
    f(ColumnInfo{"vulnerabilities", "vulnerabilities", "open vulnerabilities V"},
      e.vulnerabilities);
    f(ColumnInfo{"sanction", "index", core::code_labels(kSanctionLevelNames)}.codes(
          kSanctionLevels),
      e.sanction);
    f(ColumnInfo{"participating", "0/1", "participating"}.flag(), e.participating);
    f(ColumnInfo{"breached", "0/1", "breached this step"}.flag(), e.breached);
    f(ColumnInfo{"users", "netizens", "netizens who use it (with those moved to it)"}, e.users);
    f(ColumnInfo{"order_due", "step", "step its rectification order falls due (0: none)"},
      e.order_due);
    f(ColumnInfo{"order_threshold", "[0,1]", "security its rectification order requires"}.unit(),
      e.order_threshold);
    f(ColumnInfo{"order_unannounced", "0/1", "its order's deadline check comes unannounced"}.flag(),
      e.order_unannounced);
    f(ColumnInfo{"moved_to",
                 "id",
                 "removed: the firm its users moved to (4294967295: none)",
                 {},
                 static_cast<double>(kNoFirm)}
          .index_of(core::Bound::enterprises, static_cast<double>(kNoFirm)),
      e.moved_to);
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(type.size()); }
  static std::size_t bytes_per_agent() { return core::bytes_per_agent<Enterprises>(); }
  bool active(std::uint32_t e) const { return sanction[e] < 3; }
  bool participates(std::uint32_t e) const { return participating.now()[e] != 0 && active(e); }
  float declared(std::uint32_t e, double declared_level) const {
    return deceptive[e] ? std::max(security[e], static_cast<float>(declared_level)) : security[e];
  }
};

}  // namespace cogov::model
