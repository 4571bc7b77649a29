#include "cogov/core/territory.hpp"

#include <algorithm>

#include "cogov/core/rng.hpp"

namespace cogov::core {

Territory Territory::build(const TerritoryConfig& config, std::uint32_t netizens,
                           std::uint64_t seed) {
  Territory t;
  t.grids_per_township_ = std::max<std::uint32_t>(1, config.grids_per_township);
  t.townships_per_county_ = std::max<std::uint32_t>(1, config.townships_per_county);
  t.grid_begin_.push_back(0);
  std::uint32_t placed = 0;
  for (std::uint32_t g = 0; placed < netizens; ++g) {
    Stream rng(seed, AgentKind::world, g, 0, Purpose::territory_urban);
    const bool urban = rng.bernoulli(config.urban_share);
    const std::uint32_t size =
        std::max<std::uint32_t>(1, urban ? config.grid_size : config.rural_grid_size);
    placed += std::min(size, netizens - placed);
    t.grid_begin_.push_back(placed);
    t.grid_urban_.push_back(urban ? 1 : 0);
  }
  const std::uint32_t grids = t.grids();
  for (std::uint32_t g = 0; g < grids; g += t.grids_per_township_)
    t.township_grid_begin_.push_back(g);
  t.township_grid_begin_.push_back(grids);
  const std::uint32_t townships = t.townships();
  for (std::uint32_t s = 0; s < townships; s += t.townships_per_county_) {
    t.county_township_begin_.push_back(s);
  }
  t.county_township_begin_.push_back(townships);
  return t;
}

std::uint32_t Territory::grid_of(std::uint32_t netizen) const {
  const auto it = std::upper_bound(grid_begin_.begin(), grid_begin_.end(), netizen);
  return static_cast<std::uint32_t>(it - grid_begin_.begin()) - 1;
}

}  // namespace cogov::core
