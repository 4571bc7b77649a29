// The social layer from the configured generator of the table (config.hpp).

#include "cogov/graph/generators.hpp"

namespace cogov::graph {

Layer build_social_layer(const GraphConfig& config, const GraphContext& context) {
  EdgeList edges;
  Generators::visit(config.model,
                    [&]<class G>() { edges = G::generate(config.get<G>(), context); });
  return Layer::from_undirected(context.n, edges);
}

double expected_mean_degree(const GraphConfig& config, std::uint32_t n) {
  double degree = 0;
  Generators::visit(config.model, [&]<class G>() { degree = G::mean_degree(config.get<G>(), n); });
  return degree;
}

}  // namespace cogov::graph
