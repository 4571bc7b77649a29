#pragma once
// The stage list of the netizen pass: every netizen mechanism in the order it runs on each
// netizen (see stage.hpp for the shape of a stage and how the lean and settled paths are
// made from the roles). Adding a mechanism: its header in this folder and its place here.

#include <tuple>

#include "cogov/model/mechanisms/exposure.hpp"
#include "cogov/model/mechanisms/fatigue.hpp"
#include "cogov/model/mechanisms/fraud.hpp"
#include "cogov/model/mechanisms/ngo_terms.hpp"
#include "cogov/model/mechanisms/participation.hpp"
#include "cogov/model/mechanisms/perceived_risk.hpp"
#include "cogov/model/mechanisms/policy_terms.hpp"
#include "cogov/model/mechanisms/reward_offer.hpp"
#include "cogov/model/mechanisms/rumour.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/mechanisms/tally.hpp"
#include "cogov/model/mechanisms/training.hpp"
#include "cogov/model/mechanisms/trust.hpp"
#include "cogov/model/mechanisms/victim_countdown.hpp"

namespace cogov::model::stage {

template <class... Stages>
struct StageList {
  using Params = std::tuple<typename Stages::Params...>;

  /// Every stage's per-step parameters, in list order (prepare() may run a pre-pass).
  template <class Step>
  static Params prepare(Step& s) {
    return Params{Stages::prepare(s)...};
  }

  /// No optional stage acts this step: the lean path does the same work.
  static bool lean(const Params& p) {
    return (... &&
            (Stages::role != Role::optional || !is_on(std::get<typename Stages::Params>(p))));
  }

  /// Every settling stage is quiet given the tally of the state as it stands.
  static bool quiet(const NetizenTally& last) {
    return (... && quiet_or_not_settling<Stages>(last));
  }

  /// Some stage on `path` writes the status byte (else the pass neither reads nor writes it).
  static constexpr bool writes_status(Path path) {
    return (... || (on_path<Stages>(path) && Stages::writes_status));
  }

  /// Some stage on `path` takes a value from the netizen's shared Philox block this step.
  static bool draws_lanes(const Params& p, Path path) {
    return (... || (on_path<Stages>(path) && draws<Stages>(std::get<typename Stages::Params>(p))));
  }

  /// Runs the stages of `path` on one netizen, in list order.
  template <Path path>
  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    (apply_one<Stages, path>(std::get<typename Stages::Params>(p), c, a, tally), ...);
  }

 private:
  template <class S>
  static bool quiet_or_not_settling(const NetizenTally& last) {
    if constexpr (S::role == Role::settling)
      return S::quiet(last);
    else
      return true;
  }

  template <class S>
  static bool draws(const typename S::Params& p) {
    if constexpr (!requires { S::draws_lanes; }) {
      return false;
    } else if constexpr (requires { p.draws_lanes; }) {
      return is_on(p) && p.draws_lanes;
    } else {
      return is_on(p);
    }
  }

  template <class S, Path path>
  [[gnu::always_inline]] static void apply_one(const typename S::Params& p, const Columns& c,
                                               Agent& a, NetizenTally& tally) {
    if constexpr (on_path<S>(path)) {
      if (is_on(p)) S::apply(p, c, a, tally);
    }
  }
};

/// The pass's stages for the rule in force. A class, not an alias, so that the pass's
/// symbols name it briefly (profilers and sanitizers print them).
template <ParticipationRule Rule>
struct NetizenStages
    : StageList<ReportOutcome, RewardOffer, NgoTerms, Rumour, Fraud, Exposure, GridGroups,
                PolicyTerms, Training, Participation<Rule>, RewardTally, Fatigue, PerceivedRisk,
                TrustUpdate, VictimCountdown, StateTally, Tally> {};

}  // namespace cogov::model::stage
