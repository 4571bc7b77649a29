#include <catch2/catch.hpp>

#include "cogov/model/population.hpp"

using namespace cogov;
using namespace cogov::model;

TEST_CASE("population: attributes follow their configured distributions", "[model][population]") {
  PopulationConfig c;
  c.netizens = 60000;
  const core::Territory t = core::Territory::build(core::TerritoryConfig{}, c.netizens, 4);
  const Netizens p = make_netizens(c, t, 4);
  REQUIRE(p.size() == c.netizens);
  std::array<double, 4> age{}, lit{};
  double party = 0, adult_party = 0, usage = 0, altruism = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    age[p.age[i]] += 1;
    lit[p.age[i]] += p.literacy[i];
    party += (p.flags[i] & flag::party) != 0;
    if (p.age[i] == 0) adult_party += (p.flags[i] & flag::party) != 0;
    usage += p.usage[i];
    altruism += p.altruism[i];
    REQUIRE(p.literacy[i] >= 0.0f);
    REQUIRE(p.literacy[i] <= 1.0f);
    REQUIRE(((p.flags[i] & flag::urban) != 0) == t.grid_urban(t.grid_of(i)));
  }
  for (int g = 0; g < 4; ++g) {
    CHECK(age[g] / c.netizens == Approx(c.age_shares[g]).margin(0.01));
    CHECK(lit[g] / age[g] == Approx(c.literacy_mean[g]).margin(0.01));
  }
  CHECK(party / c.netizens == Approx(c.party_share).margin(0.005));
  CHECK(adult_party == 0);  // no party members among minors
  CHECK(usage / c.netizens == Approx(1.0).margin(0.02));
  CHECK(altruism / c.netizens == Approx(c.altruism_mean).margin(0.01));
}

TEST_CASE("population: an agent's attributes do not depend on the population size",
          "[model][population]") {
  // Common random numbers: netizen i is the same person in a run with more netizens.
  PopulationConfig small, large;
  small.netizens = 1000;
  large.netizens = 5000;
  const core::Territory ts = core::Territory::build(core::TerritoryConfig{}, small.netizens, 2);
  const core::Territory tl = core::Territory::build(core::TerritoryConfig{}, large.netizens, 2);
  const Netizens a = make_netizens(small, ts, 2), b = make_netizens(large, tl, 2);
  for (std::uint32_t i = 0; i < 1000; ++i) {
    REQUIRE(a.age[i] == b.age[i]);
    REQUIRE(a.altruism[i] == b.altruism[i]);
  }
}
