#pragma once
// Trust in government (docs/model.md section 4): netizens learn at t + 1 whether the report
// they filed at t was handled (their grid's handled share), and trust moves:
//
//   handled     with probability h_g, the share of grid g's new reports handled last step
//   tau <- tau + gain (1 - tau) [handled] - loss tau [unhandled, and the report was about the
//          netizen's own fraud loss]
//
// Two stages of the pass: ReportOutcome (first: draws the outcome, clears the report bits)
// and TrustUpdate (after fraud, which reads trust at t, has run).
//   ReportOutcome  reads status::reported and victim_report, the grid's handled share;
//                  writes Agent::handled, trust_loss, status; tally reports_handled_learned.
//                  RNG: Purpose::report_outcome.
//   TrustUpdate    reads Agent::handled, trust_loss; writes trust (only when it changes).

#include <span>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model {

struct TrustConfig {
  double gain_handled = 0.05;
  double loss_unhandled = 0.10;

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, TrustConfig& c) {
    using core::Range;
    v.value("gain_handled", c.gain_handled,
            {Range::unit(), "", "rise towards 1 when a report is handled"});
    v.value("loss_unhandled", c.loss_unhandled,
            {Range::unit(), "",
             "fall towards 0 when a report about one's own fraud loss goes unhandled"});
  }
};

inline float update_trust(const TrustConfig& c, float tau, bool handled, bool report_unhandled) {
  double t = tau;
  if (handled) t += c.gain_handled * (1.0 - t);
  if (report_unhandled) t -= c.loss_unhandled * t;
  return static_cast<float>(t);
}

namespace stage {

struct ReportOutcome {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = true;
  struct Params {
    std::span<const float> handled_share;  ///< per grid (empty: no government phase)
    const StepContext* ctx;
  };
  template <class Step>
  static Params prepare(Step& s) { return {s.in.grid_handled_share, &s.ctx}; }
  /// Nothing to learn when nobody filed a report.
  static bool quiet(const NetizenTally& last) { return last.reports == 0; }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns&, Agent& a,
                                           NetizenTally& tally) {
    if ((a.st & status::reported) && !p.handled_share.empty()) {
      core::Stream rng(p.ctx->seed, core::AgentKind::netizen, a.i, p.ctx->step,
                       core::Purpose::report_outcome);
      if (rng.bernoulli(p.handled_share[a.grid])) {
        a.handled = true;
        ++tally.reports_handled_learned;
      } else if (a.st & status::victim_report) {
        a.trust_loss = true;
      }
    }
    a.st &= static_cast<std::uint8_t>(~(status::reported | status::victim_report));
  }
};

struct TrustUpdate {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = false;
  struct Params {
    const TrustConfig* config;
  };
  template <class Step>
  static Params prepare(Step& s) { return {&s.rules.trust}; }
  /// Trust moves only when a report's outcome is learned.
  static bool quiet(const NetizenTally& last) { return last.reports == 0; }

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally&) {
    // Unchanged values are not written back: their cache lines stay clean.
    if (a.handled || a.trust_loss)
      c.trust[a.i] = update_trust(*p.config, c.trust[a.i], a.handled, a.trust_loss);
  }
};

}  // namespace stage
}  // namespace cogov::model
