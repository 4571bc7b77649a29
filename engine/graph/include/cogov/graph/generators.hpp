#pragma once
// Registry of social-layer generators: one row per model, read by the builder, the scenario
// reader (allowed names) and the docs. Adding a generator = one file + one row.

#include <cstdint>
#include <span>
#include <string_view>

#include "cogov/core/territory.hpp"
#include "cogov/graph/config.hpp"
#include "cogov/graph/layer.hpp"

namespace cogov::graph {

struct GraphContext {
  std::uint32_t n = 0;
  std::uint64_t seed = 0;
  const core::Territory* territory = nullptr;  ///< needed by the community model
};

using GenerateFn = EdgeList (*)(const GraphConfig&, const GraphContext&);

struct GeneratorInfo {
  GraphModel model;
  std::string_view name;
  std::string_view summary;
  GenerateFn generate;  ///< nullptr for "file" (loaded, not generated)
};

std::span<const GeneratorInfo> generators();
const GeneratorInfo& generator(GraphModel model);

/// Generates (or loads) the social layer described by `config`.
Layer build_social_layer(const GraphConfig& config, const GraphContext& context);

// The generators (one file each under src/generators/).
EdgeList generate_erdos_renyi(const GraphConfig&, const GraphContext&);
EdgeList generate_gnm(const GraphConfig&, const GraphContext&);
EdgeList generate_barabasi_albert(const GraphConfig&, const GraphContext&);
EdgeList generate_watts_strogatz(const GraphConfig&, const GraphContext&);
EdgeList generate_stochastic_block(const GraphConfig&, const GraphContext&);
EdgeList generate_configuration(const GraphConfig&, const GraphContext&);
EdgeList generate_community(const GraphConfig&, const GraphContext&);

}  // namespace cogov::graph
