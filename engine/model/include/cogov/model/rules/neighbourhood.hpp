#pragma once
// The fused neighbour pass: one sweep of an agent's adjacency row counts every
// neighbour-visible property at once (one byte per neighbour, see visible::*).

#include <cstdint>
#include <span>

#include "cogov/model/population.hpp"

namespace cogov::model {

struct NeighbourCounts {
  std::uint32_t degree = 0;
  std::uint32_t participating = 0;
  std::uint32_t victimised = 0;
};

inline NeighbourCounts count_neighbours(std::span<const std::uint32_t> row,
                                        const std::uint8_t* visible_now) {
  NeighbourCounts c;
  c.degree = static_cast<std::uint32_t>(row.size());
  for (std::uint32_t j : row) {
    const std::uint8_t b = visible_now[j];
    c.participating += b & visible::participating;
    c.victimised += (b & visible::victimised) >> 1;
  }
  return c;
}

}  // namespace cogov::model
