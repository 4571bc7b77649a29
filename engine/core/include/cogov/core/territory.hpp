#pragma once
// Territory: the administrative tree county -> township -> grid (docs/model.md section 2).
//
// Netizen ids are assigned grid by grid, so each grid, township and county holds a
// contiguous id range: memory locality for the step and a natural partition for ranks.

#include <cstdint>
#include <span>
#include <vector>
#include "cogov/core/spec.hpp"

namespace cogov::core {

/// Region of a grid, in the order of the region dimension of recorded series (0 rural).
inline constexpr const char* kRegionNames[2] = {"rural", "urban"};

struct TerritoryConfig {
  std::uint32_t grid_size = 1500;       ///< residents of an urban grid (~500 households)
  std::uint32_t rural_grid_size = 800;  ///< residents of a rural grid (a villager group)
  double urban_share = 0.6;             ///< probability that a grid is urban
  std::uint32_t grids_per_township = 20;
  std::uint32_t townships_per_county = 10;

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, TerritoryConfig& c) {
    using core::Range;
    v.value("grid_size", c.grid_size,
            {Range::at_least(1), "netizens", "residents of an urban grid (~500 households)"});
    v.value("rural_grid_size", c.rural_grid_size,
            {Range::at_least(1), "netizens", "residents of a rural grid (villager group)"});
    v.value("urban_share", c.urban_share, {Range::unit(), "", "probability that a grid is urban"});
    v.value("grids_per_township", c.grids_per_township,
            {Range::at_least(1), "grids", "grids in a township"});
    v.value("townships_per_county", c.townships_per_county,
            {Range::at_least(1), "townships", "townships in a county"});
  }
};

class Territory {
 public:
  /// Lays out `netizens` residents over grids; grid kinds are drawn from `seed`.
  static Territory build(const TerritoryConfig& config, std::uint32_t netizens, std::uint64_t seed);

  std::uint32_t netizens() const { return grid_begin_.empty() ? 0 : grid_begin_.back(); }
  std::uint32_t grids() const { return static_cast<std::uint32_t>(grid_urban_.size()); }
  std::uint32_t townships() const {
    return static_cast<std::uint32_t>(township_grid_begin_.size() - 1);
  }
  std::uint32_t counties() const {
    return static_cast<std::uint32_t>(county_township_begin_.size() - 1);
  }

  /// First netizen id of each grid; size grids() + 1.
  std::span<const std::uint32_t> grid_begin() const { return grid_begin_; }
  bool grid_urban(std::uint32_t grid) const { return grid_urban_[grid] != 0; }
  std::uint32_t grid_township(std::uint32_t grid) const { return grid / grids_per_township_; }
  std::uint32_t township_county(std::uint32_t township) const {
    return township / townships_per_county_;
  }
  /// Netizen id range [first, last) of a grid, township or county.
  std::uint32_t grid_first(std::uint32_t g) const { return grid_begin_[g]; }
  std::uint32_t grid_end(std::uint32_t g) const { return grid_begin_[g + 1]; }
  std::uint32_t township_first(std::uint32_t t) const {
    return grid_begin_[township_grid_begin_[t]];
  }
  std::uint32_t township_end(std::uint32_t t) const {
    return grid_begin_[township_grid_begin_[t + 1]];
  }
  std::uint32_t county_first(std::uint32_t c) const {
    return township_first(county_township_begin_[c]);
  }
  std::uint32_t county_end(std::uint32_t c) const {
    return township_first(county_township_begin_[c + 1]);
  }

  /// Grid of a netizen (binary search over the grid ranges).
  std::uint32_t grid_of(std::uint32_t netizen) const;

 private:
  std::vector<std::uint32_t> grid_begin_;
  std::vector<std::uint8_t> grid_urban_;
  std::vector<std::uint32_t> township_grid_begin_;
  std::vector<std::uint32_t> county_township_begin_;
  std::uint32_t grids_per_township_ = 1;
  std::uint32_t townships_per_county_ = 1;
};

}  // namespace cogov::core
