#pragma once
// Hand-made small worlds for rule tests: a few netizens with chosen attributes on a chosen
// graph, stepped through the real engine code.

#include <filesystem>
#include <string>

#include "cogov/graph/layer.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/model/population.hpp"
#include "cogov/run/simulation.hpp"

namespace cogov::test {

/// n netizens, all young, urban, with neutral attributes (literacy 0.5, altruism 0, usage 1,
/// threshold 0.5, risk 0, trust 0.5) and nobody participating.
inline model::Netizens plain_netizens(std::uint32_t n) {
  model::Netizens p;
  p.allocate(n);
  p.age.assign(n, static_cast<std::uint8_t>(model::AgeGroup::young));
  p.flags.assign(n, model::flag::urban);
  p.literacy.assign(n, 0.5f);
  p.usage.assign(n, 1.0f);
  p.threshold.assign(n, 0.5f);
  p.trust.assign(n, 0.5f);
  return p;
}

/// A world of plain netizens on the given undirected edges, in one grid.
inline run::World small_world(std::uint32_t n, const graph::EdgeList& edges) {
  run::World w;
  core::TerritoryConfig tc;
  tc.grid_size = tc.rural_grid_size = n;
  w.territory = core::Territory::build(tc, n, 1);
  w.social = graph::Layer::from_undirected(n, edges);
  w.netizens = plain_netizens(n);
  return w;
}

/// A star: centre 0 linked to 1..leaves.
inline graph::EdgeList star(std::uint32_t leaves) {
  graph::EdgeList e;
  for (std::uint32_t v = 1; v <= leaves; ++v) e.push_back({0, v});
  return e;
}

/// A small scenario for fast end-to-end runs.
inline io::Scenario small_scenario(std::uint32_t netizens = 5000, std::uint32_t steps = 20) {
  io::Scenario s;
  s.population.netizens = netizens;
  s.time.steps = steps;
  s.territory.grid_size = 500;
  s.territory.rural_grid_size = 300;
  s.territory.grids_per_township = 4;
  s.territory.townships_per_county = 2;
  return s;
}

/// Switches off everything but the netizen participation rule and its state updates.
inline io::Scenario participation_only(io::Scenario s) {
  s.rumour.enabled = false;
  s.fraud.enabled = false;
  s.breach.enabled = false;
  s.ngo.formation_share = 1.0;
  s.ngo.dissolution_share = 1.0;
  return s;
}

/// A fresh empty directory under the system temp dir.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("cogov-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace cogov::test
