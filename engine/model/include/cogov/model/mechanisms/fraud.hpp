#pragma once
// Fraud: targeted attempts, platform interception, collective protection (docs/model.md
// section 6.2).
//
//   attempt      prob 1 - exp(-attempt_rate u_i (1 + psi exposed_i) D_g shock days),
//                D_g the disruption factor of the netizen's county (government phase)
//   interception w = w_eff s_e [e participating] (+ data-sharing boost), e = primary platform
//   success      p_F(g) (1 - eps_lF l_i)(1 - eps_self P_i)(1 - eps_nbr)^n_i,
//                n_i = participating neighbours at t (each warns and checks)
//   loss         log-normal with age-group median and shape sigma
//   victims      countdown W days
//   reports      victims and netizens whose attempt was intercepted report it with the
//                report decision of mechanisms/reporting.hpp
//
// Stage Fraud (optional: on when fraud runs). Reads: usage, exposure, literacy, trust,
// participation at t, participating neighbours, the platform's interception,
// Agent::report_bonus. Writes: loss,
// victim_countdown, status (reported, victim_report), Agent::victimised_now; tally
// attempts, intercepted, successes, victims and losses by age. RNG: the shared block (lane
// kFraudLane) decides the attempt; Purpose::fraud for the rest (attempts only).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/mechanisms/reporting.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

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
  double victim_window_days = 30;  ///< W

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, FraudConfig& c) {
    using core::Range;
    v.value("enabled", c.enabled, {Range::any(), "", "run the fraud process"});
    v.value("attempt_rate", c.attempt_rate,
            {Range::at_least(0), "per day", "attempts on a netizen of usage 1"});
    v.value("exposure_multiplier", c.exposure_multiplier,
            {Range::at_least(0), "", "psi: attempts x (1 + psi) on data-exposed netizens"});
    v.value("interception_efficacy", c.interception_efficacy,
            {Range::unit(), "", "w_eff: interception by a participating platform at security 1"});
    v.value("success_prob", c.success_prob,
            {Range::unit(), "", "p_F by age group (" + core::join_names(kAgeGroupNames) + ")"});
    v.value("literacy_protection", c.literacy_protection, {Range::unit(), "", "eps_lF"});
    v.value("self_protection", c.self_protection,
            {Range::unit(), "", "eps_self: success x (1 - eps_self) for participants"});
    v.value("neighbour_protection", c.neighbour_protection,
            {Range::unit(), "", "eps_nbr: success x (1 - eps_nbr) per participating neighbour"});
    v.value("loss_median", c.loss_median,
            {Range::above(0), "yuan", "median loss by age group (log-normal)"});
    v.value("loss_sigma", c.loss_sigma, {Range::at_least(0), "", "log-normal shape of losses"});
    v.value("victim_window_days", c.victim_window_days,
            {Range::above(0), "days", "W: how long a victim counts as recently victimised"});
  }
};

inline double fraud_success_probability(const FraudConfig& c, int age_group, double literacy,
                                        bool participating,
                                        std::uint32_t participating_neighbours) {
  return c.success_prob[age_group] * (1.0 - c.literacy_protection * literacy) *
         (1.0 - (participating ? c.self_protection : 0.0)) *
         std::pow(1.0 - c.neighbour_protection, participating_neighbours);
}

/// W in steps (at least one): the countdown a loss sets. The by-grid outputs read it to
/// tell this step's victims from earlier ones (grid_risks.hpp).
inline std::uint16_t fraud_victim_steps(const FraudConfig& c, double step_days) {
  return static_cast<std::uint16_t>(
      std::clamp(std::lround(c.victim_window_days / step_days), 1L, 65535L));
}

namespace stage {

struct Fraud {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = true;
  static constexpr bool draws_lanes = true;
  struct Params {
    bool on = false;
    const FraudConfig* config = nullptr;
    const ReportingConfig* reporting = nullptr;
    const StepContext* ctx = nullptr;
    double attempt = 0;  ///< attempt rate x shock x days, for usage 1
    std::uint16_t victim_steps = 1;
    double interception_boost = 0;
    std::span<const float> grid_interception_boost;  ///< per grid (empty: the one above)
    std::span<const std::uint32_t> primary;
    std::span<const float> interception;
    std::vector<double> grid_disruption;  ///< county disruption by grid (empty: none)
  };

  template <class Step>
  static Params prepare(Step& s) {
    Params p;
    if (!s.in.fraud) return p;
    const FraudConfig& fc = *s.in.fraud;
    p.on = true;
    p.config = &fc;
    p.reporting = &s.rules.reporting;
    p.ctx = &s.ctx;
    p.attempt = fc.attempt_rate * s.in.fraud_scale * s.ctx.step_days;
    // A new run year (365 days; the first step starting at or after a year's end): nobody
    // has been a victim in it yet. Cleared once a year here, not tested per netizen.
    const double day = s.ctx.step * s.ctx.step_days, year = 365.0;
    if (s.ctx.step > 0 && std::floor(day / year) > std::floor((day - s.ctx.step_days) / year)) {
      for (std::uint8_t& st : s.netizens.status)
        st = static_cast<std::uint8_t>(st & ~status::victim_this_year);
    }
    p.victim_steps = fraud_victim_steps(fc, s.ctx.step_days);
    if (s.in.policies) {
      p.interception_boost = s.in.policies->interception_boost.all;
      p.grid_interception_boost = s.in.policies->interception_boost.grid;
    }
    p.primary = s.primary;
    p.interception = s.in.interception;
    // Disruption by grid (two integer divisions per netizen otherwise).
    if (!s.in.county_disruption.empty()) {
      const core::Territory& t = *s.in.territory;
      p.grid_disruption.resize(t.grids());
      for (std::uint32_t g = 0; g < p.grid_disruption.size(); ++g)
        p.grid_disruption[g] = s.in.county_disruption[t.township_county(t.grid_township(g))];
    }
    return p;
  }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    const FraudConfig& fc = *p.config;
    const std::uint32_t i = a.i;
    // The attempt takes the shared block's value; the fraud stream's later draws (the
    // purpose's own stream, as in ValueThenStream) are made for attempts only.
    const double u = core::Stream::to_uniform(a.lanes[kFraudLane]);
    const double disruption = p.grid_disruption.empty() ? 1.0 : p.grid_disruption[a.grid];
    const bool attempted = core::Stream::bernoulli_rate(
        u, p.attempt * c.usage[i] * (1.0 + fc.exposure_multiplier * c.exposed[i]) * disruption);
    if (!attempted) return;
    core::Stream rng(p.ctx->seed, core::AgentKind::netizen, i, p.ctx->step, core::Purpose::fraud);
    const int region = (a.flags & flag::urban) ? 1 : 0;
    ++tally.attempts;
    ++tally.attempts_by_age[a.age];
    ++tally.attempts_by_region[region];
    double w = p.grid_interception_boost.empty() ? p.interception_boost
                                                 : p.grid_interception_boost[a.grid];
    const std::uint32_t e = p.primary.empty() ? ~0u : p.primary[i];
    if (e != ~0u) w += p.interception[e];
    if (rng.bernoulli(std::min(1.0, w))) {
      ++tally.intercepted;
      ++tally.intercepted_by_age[a.age];
      ++tally.intercepted_by_region[region];
      if (rng.bernoulli(report_probability(*p.reporting, Reportable::intercepted, a.was, c.trust[i],
                                           c.literacy[i], a.report_bonus))) {
        file_report(a);
      }
    } else if (rng.bernoulli(fraud_success_probability(fc, a.age, c.literacy[i], a.was,
                                                       a.nb.participating))) {
      const double amount = rng.lognormal(std::log(fc.loss_median[a.age]), fc.loss_sigma);
      c.loss[i] += static_cast<float>(amount);
      ++tally.successes;
      ++tally.victims_by_age[a.age];
      tally.loss_by_age[a.age] += amount;
      ++tally.victims_by_region[region];
      tally.loss_by_region[region] += amount;
      if (!(a.st & status::victim_this_year)) {
        ++tally.unique_victims;
        a.st |= status::victim_this_year;
      }
      c.countdown[i] = p.victim_steps;
      a.victimised_now = true;
      if (rng.bernoulli(report_probability(*p.reporting, Reportable::victimised, a.was, c.trust[i],
                                           c.literacy[i], a.report_bonus))) {
        file_report(a, status::victim_report);
      }
    }
  }
};

}  // namespace stage
}  // namespace cogov::model
