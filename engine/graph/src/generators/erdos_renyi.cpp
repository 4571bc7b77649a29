// Erdos-Renyi G(n, p): every pair is an edge independently with p = mean_degree / (n - 1).
// Each vertex u draws its higher-numbered neighbours from its own stream by geometric
// skipping (Batagelj & Brandes 2005), so generation is O(n + m) and thread-count independent.

#include <algorithm>

#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/erdos_renyi.hpp"
#include "per_vertex.hpp"

namespace cogov::graph {

EdgeList ErdosRenyi::generate(const Config& config, const GraphContext& ctx) {
  const std::uint32_t n = ctx.n;
  if (n < 2) return {};
  const double p = std::min(1.0, config.mean_degree / static_cast<double>(n - 1));
  return detail::per_vertex_edges(n, [&](std::uint32_t u, EdgeList& out) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, u, 0, core::Purpose::graph_edges);
    detail::bernoulli_row(u, std::uint64_t{u} + 1, n, p, rng, out);
  });
}

}  // namespace cogov::graph
