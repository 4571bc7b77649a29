#pragma once
// The world a run steps: territory, social layer and netizens, built from a scenario.

#include <map>
#include <string>

#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/government.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/population.hpp"

namespace cogov::run {

/// Wall-clock seconds spent per phase ("graph", "population", "step.netizens", ...).
using PhaseTimes = std::map<std::string, double>;

/// Everything a run steps. Layers on the union of netizen and organisation ids: netizens
/// are [0, n), enterprises (platform layer) and NGOs (membership layer) follow at [n, ...).
struct World {
  core::Territory territory;
  graph::Layer social;
  model::Netizens netizens;
  model::Enterprises enterprises;
  graph::Layer platform;
  model::Ngos ngos;
  graph::Layer membership;
  model::Government government;
};

core::Territory build_territory(const io::Scenario& scenario);
/// Generates or loads the social layer for a territory.
graph::Layer build_social_layer(const io::Scenario& scenario, const core::Territory& territory);
World build_world(const io::Scenario& scenario, PhaseTimes* times = nullptr);

/// Peak bytes of a run of this scenario (memory_estimate.hpp has the parts), saturating
/// at the largest uint64 instead of wrapping.
std::uint64_t estimate_world_bytes(const io::Scenario& scenario);

}  // namespace cogov::run
