#include <catch2/catch.hpp>

#include "cogov/core/territory.hpp"

using cogov::core::Territory;
using cogov::core::TerritoryConfig;

TEST_CASE("territory: grids tile the population in contiguous id ranges", "[core][territory]") {
  TerritoryConfig c;
  c.grid_size = 1500;
  c.rural_grid_size = 800;
  c.urban_share = 0.6;
  c.grids_per_township = 5;
  c.townships_per_county = 3;
  const Territory t = Territory::build(c, 100000, 11);
  CHECK(t.netizens() == 100000);
  std::uint32_t urban = 0;
  for (std::uint32_t g = 0; g < t.grids(); ++g) {
    REQUIRE(t.grid_end(g) > t.grid_first(g));
    if (g + 1 < t.grids()) {
      REQUIRE(t.grid_end(g) - t.grid_first(g) == (t.grid_urban(g) ? 1500u : 800u));
    }
    urban += t.grid_urban(g);
    REQUIRE(t.grid_of(t.grid_first(g)) == g);
    REQUIRE(t.grid_of(t.grid_end(g) - 1) == g);
  }
  CHECK(static_cast<double>(urban) / t.grids() == Approx(0.6).margin(0.15));
  CHECK(t.townships() == (t.grids() + 4) / 5);
  CHECK(t.counties() == (t.townships() + 2) / 3);
  CHECK(t.township_first(1) == t.grid_first(5));
  CHECK(t.county_end(t.counties() - 1) == 100000);
  CHECK(t.township_county(4) == 1);
}

TEST_CASE("territory: the layout depends only on the seed", "[core][territory]") {
  TerritoryConfig c;
  const Territory a = Territory::build(c, 50000, 3), b = Territory::build(c, 50000, 3);
  CHECK(std::equal(a.grid_begin().begin(), a.grid_begin().end(), b.grid_begin().begin(),
                   b.grid_begin().end()));
}
