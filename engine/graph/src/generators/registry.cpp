// The one table of social-layer generators.

#include "cogov/core/error.hpp"
#include "cogov/graph/edge_list.hpp"
#include "cogov/graph/generators.hpp"

namespace cogov::graph {

namespace {

constexpr GeneratorInfo kGenerators[] = {
    {GraphModel::community, "community",
     "hierarchical communities: households, grid, township and heavy-tailed online ties",
     generate_community},
    {GraphModel::erdos_renyi, "erdos_renyi", "Erdos-Renyi G(n, p)", generate_erdos_renyi},
    {GraphModel::gnm, "gnm", "Erdos-Renyi G(n, m): exactly m edges", generate_gnm},
    {GraphModel::barabasi_albert, "barabasi_albert", "Barabasi-Albert preferential attachment",
     generate_barabasi_albert},
    {GraphModel::watts_strogatz, "watts_strogatz", "Watts-Strogatz rewired ring lattice",
     generate_watts_strogatz},
    {GraphModel::stochastic_block, "stochastic_block", "stochastic block model",
     generate_stochastic_block},
    {GraphModel::configuration, "configuration",
     "configuration model with Poisson, power-law or log-normal degrees", generate_configuration},
    {GraphModel::file, "file", "edge list loaded from graph.file.path", nullptr},
};

}  // namespace

std::span<const GeneratorInfo> generators() {
  return kGenerators;
}

const GeneratorInfo& generator(GraphModel model) {
  for (const auto& g : kGenerators) {
    if (g.model == model) return g;
  }
  throw InternalError("unregistered graph model");
}

Layer build_social_layer(const GraphConfig& config, const GraphContext& context) {
  if (config.model == GraphModel::file) {
    return Layer::from_undirected(context.n,
                                  load_edge_list(config.file.path, context.n, config.file.id_base));
  }
  return Layer::from_undirected(context.n, generator(config.model).generate(config, context));
}

}  // namespace cogov::graph
