#pragma once
// Building the social layer from the scenario's graph configuration (config.hpp holds the
// table of generators).

#include "cogov/graph/config.hpp"
#include "cogov/graph/generator.hpp"
#include "cogov/graph/layer.hpp"

namespace cogov::graph {

/// Generates (or loads) the social layer described by `config`.
Layer build_social_layer(const GraphConfig& config, const GraphContext& context);

/// The expected mean degree of the configured generator (for the memory estimate).
double expected_mean_degree(const GraphConfig& config, std::uint32_t n);

}  // namespace cogov::graph
