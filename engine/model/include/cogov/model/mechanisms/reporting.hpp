#pragma once
// Reporting, a behaviour (docs/model.md section 4): a netizen who meets something reportable
// reports it with probability
//
//   q = sigma( b_k + w_P P_i + w_tau (tau_i - tau_ref) + w_l l_i - c_report + R_i )
//
// b_k by what was met (k: an intercepted fraud attempt, a fraud that succeeded on the netizen,
// a rumour the netizen rejected), P_i participation at t, tau_i trust, l_i literacy, c_report
// the cost of reporting (time, the form, fear of trouble), R_i the extra utility of
// reporting: the cash a per-report reward pays for it (reward_utility x amount, set by
// RewardOffer, mechanisms/reward_offer.hpp) and the backing of an active NGO with the
// reporting function the netizen belongs to (ngo.reporting_boost, set by NgoTerms); 0
// without either. Every modelled report is
// about a real event, so every report is valid.
//
// The defaults keep the old fixed probabilities at the average netizen (literacy 0.6, trust
// tau_ref): a participant reports an intercepted attempt with q = 0.5 (sigma(0)); a victim
// reports with 0.85 if participating and 0.43 if not (was rho_v tau = 0.36 at tau = 0.6, for
// both). A non-participant reports an intercepted attempt with 0.12 (was 0). A participant
// who rejected a rumour reports it with 0.063 (new): b_rumour is set so that the default
// world files about 37 reports per 100 000 netizens per day, the national rate of reports
// of harmful content in January 2021 (../shared/SOURCES.md; docs/model.md section 4).
//
// Used by the Fraud and Rumour stages (they draw the report from their own streams).

#include <array>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"

namespace cogov::model {

/// What a netizen met that it may report.
enum class Reportable : std::uint8_t { intercepted, victimised, rumour };
inline constexpr int kReportables = 3;
inline constexpr const char* kReportableNames[kReportables] = {"intercepted", "victimised",
                                                               "rumour"};

struct ReportingConfig {
  std::array<double, kReportables> base{-1.6, 0.1, -4.3};  ///< b_k
  double participation_weight = 2.0;                       ///< w_P
  double trust_weight = 2.0;                               ///< w_tau
  double trust_reference = 0.6;                            ///< tau_ref
  double literacy_weight = 1.0;                            ///< w_l
  double cost = 1.0;                                       ///< c_report

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, ReportingConfig& c) {
    using core::Range;
    v.value("base", c.base,
            {Range::any(), "utility",
             "b: intercept of the report decision by what was met (" +
                 core::join_names(kReportableNames) + ")"});
    v.value("participation_weight", c.participation_weight,
            {Range::any(), "utility", "w_P: participants report more"});
    v.value("trust_weight", c.trust_weight,
            {Range::any(), "utility", "w_tau: as w_tau (tau - tau_ref)"});
    v.value("trust_reference", c.trust_reference,
            {Range::unit(), "", "tau_ref: trust at which the trust term is 0"});
    v.value("literacy_weight", c.literacy_weight,
            {Range::any(), "utility", "w_l: literate netizens know where and how to report"});
    v.value("cost", c.cost, {Range::any(), "utility", "c_report: the cost of filing a report"});
  }
};

/// q, the probability of reporting what was met.
inline double report_probability(const ReportingConfig& c, Reportable what, bool participating,
                                 double trust, double literacy, double reward) {
  const double z = c.base[static_cast<int>(what)] + (participating ? c.participation_weight : 0.0) +
                   c.trust_weight * (trust - c.trust_reference) + c.literacy_weight * literacy -
                   c.cost + reward;
  return core::sigmoid(z);
}

}  // namespace cogov::model
