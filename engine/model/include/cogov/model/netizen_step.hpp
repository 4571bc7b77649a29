#pragma once
// The netizen phase of a step: for every netizen, one fused pass over its neighbours at t,
// then the participation decision, fatigue, perceived risk, trust and victim countdown,
// writing the visible byte of t + 1. Also tallies the new state for the output, in fixed
// blocks combined in order (bitwise identical for any thread count).

#include <array>
#include <cstdint>

#include "cogov/graph/layer.hpp"
#include "cogov/model/participation.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

struct StepContext {
  std::uint64_t seed = 0;
  std::uint32_t step = 0;  ///< the step being computed (t); writes t + 1
  double step_days = 1.0;  ///< step length in days
  bool cash_reward_active = false;
};

/// Aggregates of the netizen state, summed over fixed blocks.
struct NetizenTally {
  std::uint64_t netizens = 0;
  std::uint64_t participants = 0;
  std::array<std::uint64_t, kAgeGroups> by_age{};
  std::array<std::uint64_t, kAgeGroups> age_count{};
  std::array<std::uint64_t, 2> by_region{};  ///< rural, urban
  std::array<std::uint64_t, 2> region_count{};
  std::uint64_t party = 0, party_count = 0;
  std::uint64_t joined = 0, left = 0;  ///< changes since the previous step
  std::uint64_t recently_victimised = 0;
  double fatigue = 0.0, risk = 0.0, trust = 0.0, literacy = 0.0;  ///< sums

  void add_agent(const Netizens& p, std::uint32_t i, bool participating);
  NetizenTally& operator+=(const NetizenTally& o);
};

/// Computes step t -> t + 1 for all netizens and returns the tally of the new state.
/// The caller swaps the visible buffers afterwards.
NetizenTally netizen_step(const NetizenRules& rules, const graph::Layer& social, Netizens& state,
                          const StepContext& ctx);

/// Tally of the current state (for the record of step 0).
NetizenTally tally_netizens(const Netizens& state);

/// Sets initial participation: Bernoulli(initial_share) for each netizen, then initial_count
/// further distinct netizens drawn uniformly. Writes the current visible buffer.
void seed_participation(const ParticipationConfig& config, Netizens& state, std::uint64_t seed);

}  // namespace cogov::model
