#pragma once
// The netizen phase of a step: for every netizen one fused pass over its neighbours at t
// (participating, victimised, believing, debunking), then the stages of
// mechanisms/stages.hpp in order: the outcome of its last report, its rumour and fraud
// transitions, data exposure from breached platforms, NGO and policy terms, training, the
// participation decision, fatigue, perceived risk, trust and the victim countdown, writing
// the visible byte of t + 1. Also tallies the new state in fixed blocks combined in order
// (bitwise identical for any thread count).

#include <array>
#include <cstdint>
#include <span>

#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/netizen_tally.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

// Defined with their mechanisms (mechanisms/*.hpp; netizen_rules.hpp).
struct NetizenRules;
struct ParticipationConfig;
struct RumourConfig;
struct FraudConfig;
struct GovernmentConfig;

struct StepContext {
  std::uint64_t seed = 0;
  std::uint32_t step = 0;  ///< the step being computed (t); writes t + 1
  double step_days = 1.0;  ///< step length in days
};

/// Everything the netizen kernel reads besides netizen state, prepared by earlier phases.
/// Optional parts (null spans / pointers) switch their mechanism off.
struct NetizenInputs {
  const RumourConfig* rumour = nullptr;  ///< null: no rumours
  const FraudConfig* fraud = nullptr;    ///< null: no fraud
  double rumour_scale = 1, transmission_scale = 1, fraud_scale = 1, altruism_scale = 1;  ///< shocks
  const graph::Layer* platform = nullptr;  ///< netizen-enterprise layer
  /// primary_platforms(*platform): cached by the caller; computed each step if empty.
  std::span<const std::uint32_t> primary_platform;
  /// primary_platform_bytes(primary_platform): cached by the caller; computed if empty.
  std::span<const std::uint8_t> primary_platform_byte;
  std::span<const float> interception;     ///< per enterprise, this step
  std::span<const float> moderation;       ///< per enterprise
  std::span<const std::uint8_t> breached;  ///< per enterprise, this step
  double exposure_prob = 0;
  std::span<const float> grid_exposure_prob;  ///< per grid (empty: exposure_prob everywhere)
  /// Netizen-NGO layer; read only for netizens with flag::ngo_member (mark_ngo_members).
  const graph::Layer* membership = nullptr;
  const Ngos* ngos = nullptr;      ///< per-step NGO fields (utility, boost, train_prob)
  const NgoConfig* ngo = nullptr;  ///< the NGO section (with ngos and membership)
  /// The report channels (report_channel) and, per channel and grid, the share of reports
  /// handled in time a reporter learns (Government::handled_share); null: no government.
  const GovernmentConfig* government = nullptr;
  std::span<const float> handled_share;
  std::span<const float> content_removal;     ///< per county (rumour reports handled)
  std::span<const double> county_disruption;  ///< per county
  const core::Territory* territory = nullptr;
  const PolicyEffects* policies = nullptr;
  /// The tally's parts that never change (static_counts()); computed each step if null.
  const NetizenTally* static_counts = nullptr;
  /// The tally of the state as it stands (the last step's, or tally_netizens() at the
  /// start): lets a settled step reuse the sums it cannot change. Null: every sum is made.
  const NetizenTally* state_sums = nullptr;
};

/// Computes step t -> t + 1 for all netizens and returns the tally of the new state.
/// The caller swaps the visible buffers afterwards.
NetizenTally netizen_step(const NetizenRules& rules, const graph::Layer& social, Netizens& state,
                          const StepContext& ctx, const NetizenInputs& inputs = {});

/// Tally of the current state (for the record of step 0).
NetizenTally tally_netizens(const Netizens& state);

/// The counts that depend on static attributes only: netizens, age_count, region_count,
/// party_count (the step copies them instead of recounting).
NetizenTally static_counts(const Netizens& state);

/// Sets initial participation: Bernoulli(initial_share) for each netizen, then initial_count
/// further distinct netizens drawn uniformly. Writes the current visible buffer.
void seed_participation(const ParticipationConfig& config, Netizens& state, std::uint64_t seed);

/// Sets initial believers: Bernoulli(share) per netizen (and their visible bit).
void seed_rumour(double share, Netizens& state, std::uint64_t seed);

}  // namespace cogov::model
