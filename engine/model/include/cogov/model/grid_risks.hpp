#pragma once
// Rumours and fraud by grid (output.by_grid): read from the netizen columns after a step
// rather than tallied in the netizen pass, so that runs without per-grid series pay nothing.

#include <cstdint>
#include <vector>

#include "cogov/core/territory.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

/// Per grid: rumour believers (state I), netizens defrauded this step, and the cumulative
/// fraud loss of its residents (yuan; a step's loss is the difference of two steps' sums).
struct GridRisks {
  std::vector<std::uint32_t> believers, victims;
  std::vector<double> loss;
};

/// After a step (buffers swapped). `victim_steps` is the countdown a loss sets
/// (fraud_victim_steps): the victim countdown stage lowers it in the same pass, so this
/// step's victims are those shown victimised with `victim_steps - 1` left; earlier victims
/// have less.
GridRisks count_grid_risks(const Netizens& netizens, const core::Territory& territory,
                           std::uint16_t victim_steps);

}  // namespace cogov::model
