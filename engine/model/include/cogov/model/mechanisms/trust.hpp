#pragma once
// Trust in government (docs/model.md section 4). Trust moves towards 1 on good experiences
// of the institutions and towards 0 on bad ones, each event by a share of the way:
//
//   tau <- tau + gain_handled (1 - tau)   a report filed at t was handled (learned at t + 1,
//                                         with probability h_g, the share of grid g's new
//                                         reports handled last step)
//   tau <- tau + gain_refuted (1 - tau)   an official refutation converted the netizen
//   tau <- tau - loss_unhandled tau       a report filed at t went unhandled
//   tau <- tau - loss_victimised tau      defrauded this step (protection failed)
//   tau <- tau exp(-loss_believing_rate days)  while believing a rumour: the rumours of the
//                                         sources blame institutions (hoarding, cover-ups)
//
// applied in that order. Trust enters the participation utility (Theta (tau - tau_ref),
// participation_logit.hpp) and victims' reporting (rho_v tau, fraud.hpp).
//
// Two stages of the pass: ReportOutcome (first: draws the outcome, clears the report bits)
// and TrustUpdate (after fraud and rumours, which read trust at t, have run).
//   ReportOutcome  reads status::reported, the grid's handled share; writes Agent::handled,
//                  trust_loss, status; tally reports_handled_learned.
//                  RNG: Purpose::report_outcome.
//   TrustUpdate    reads Agent::handled, trust_loss, victimised_now, believing, refuted;
//                  writes trust (only when it changes). No random draws.

#include <cmath>
#include <span>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/government.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model {

struct TrustConfig {
  double gain_handled = 0.05;
  double gain_refuted = 0.05;
  double loss_unhandled = 0.10;
  double loss_victimised = 0.10;
  double loss_believing_rate = 0.003;  ///< per day

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, TrustConfig& c) {
    using core::Range;
    v.value("gain_handled", c.gain_handled,
            {Range::unit(), "", "share of the way to 1 when one's report is handled"});
    v.value("gain_refuted", c.gain_refuted,
            {Range::unit(), "", "share of the way to 1 when an official refutation converts one"});
    v.value("loss_unhandled", c.loss_unhandled,
            {Range::unit(), "", "share of the way to 0 when one's report goes unhandled"});
    v.value("loss_victimised", c.loss_victimised,
            {Range::unit(), "", "share of the way to 0 when one is defrauded"});
    v.value("loss_believing_rate", c.loss_believing_rate,
            {Range::at_least(0), "per day",
             "decay of trust while believing a rumour (rumours blame institutions)"});
  }
};

/// What happened to one netizen this step that moves its trust.
struct TrustEvents {
  bool handled = false, unhandled = false, victimised = false, refuted = false;
  bool believing = false;
};

/// keep_believing = exp(-loss_believing_rate x days), the share kept per step of belief.
inline float update_trust(const TrustConfig& c, float tau, const TrustEvents& e,
                          double keep_believing) {
  double t = tau;
  if (e.handled) t += c.gain_handled * (1.0 - t);
  if (e.refuted) t += c.gain_refuted * (1.0 - t);
  if (e.unhandled) t -= c.loss_unhandled * t;
  if (e.victimised) t -= c.loss_victimised * t;
  if (e.believing) t *= keep_believing;
  return static_cast<float>(t);
}

namespace stage {

struct ReportOutcome {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = true;
  struct Params {
    const GovernmentConfig* government;    ///< null: no government phase
    std::span<const float> handled_share;  ///< per channel and grid
    std::span<const std::uint32_t> primary_platform;
    std::uint32_t grids;
    const StepContext* ctx;
  };
  template <class Step>
  static Params prepare(Step& s) {
    return {s.in.government, s.in.handled_share, s.primary,
            s.in.territory ? s.in.territory->grids() : 0u, &s.ctx};
  }
  /// Nothing to learn when nobody filed a report.
  static bool quiet(const NetizenTally& last) { return last.reports == 0; }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally& tally) {
    if ((a.st & status::reported) && p.government && !p.handled_share.empty() && p.ctx->step > 0) {
      // The channel the report went to at the step it was filed (the government phase drew
      // the same to queue it).
      const bool has_platform = !p.primary_platform.empty() && p.primary_platform[a.i] != ~0u;
      const Channel channel =
          report_channel(*p.government, p.ctx->seed, a.i, p.ctx->step - 1, has_platform);
      const float share = p.handled_share[static_cast<std::size_t>(channel) * p.grids + a.grid];
      core::Stream rng(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                       core::Purpose::report_outcome);
      if (rng.bernoulli(share)) {
        a.handled = true;
        ++tally.reports_handled_learned;
      } else {
        a.trust_loss = true;
      }
    }
    a.st &= static_cast<std::uint8_t>(~(status::reported | status::victim_report |
                                        status::rumour_report | status::priority_report));
  }
};

struct TrustUpdate {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = false;
  struct Params {
    const TrustConfig* config;
    double keep_believing;
  };
  template <class Step>
  static Params prepare(Step& s) {
    return {&s.rules.trust, std::exp(-s.rules.trust.loss_believing_rate * s.ctx.step_days)};
  }
  /// On the lean path no rumour or fraud runs: trust moves only when a report's outcome is
  /// learned.
  static bool quiet(const NetizenTally& last) { return last.reports == 0; }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally&) {
    // Unchanged values are not written back: their cache lines stay clean.
    if (a.handled || a.trust_loss || a.victimised_now || a.believing || a.refuted) {
      const TrustEvents e{a.handled, a.trust_loss, a.victimised_now, a.refuted, a.believing};
      c.trust[a.i] = update_trust(*p.config, c.trust[a.i], e, p.keep_believing);
    }
  }
};

}  // namespace stage
}  // namespace cogov::model
