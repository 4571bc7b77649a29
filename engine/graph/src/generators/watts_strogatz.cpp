// Watts-Strogatz small world: a ring lattice where each vertex links to its k/2 successors;
// each lattice edge keeps its first endpoint and moves its second to a uniformly random
// vertex with probability rewire_prob (self-loops redrawn; the rare duplicates are merged
// when the layer is built). Clustering C(beta) ~ C(0)(1 - beta)^3, C(0) = 3(k-2)/(4(k-1)).

#include "cogov/graph/generators/watts_strogatz.hpp"
#include "cogov/core/rng.hpp"
#include "per_vertex.hpp"

namespace cogov::graph {

EdgeList WattsStrogatz::generate(const Config& config, const GraphContext& ctx) {
  const std::uint32_t n = ctx.n;
  const std::uint32_t half = config.k / 2;
  const double beta = config.rewire_prob;
  if (n < 2 || half == 0) return {};
  return detail::per_vertex_edges(n, [&](std::uint32_t u, EdgeList& out) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, u, 0, core::Purpose::graph_rewire);
    for (std::uint32_t j = 1; j <= half && j < n; ++j) {
      std::uint32_t v = static_cast<std::uint32_t>((std::uint64_t{u} + j) % n);
      if (rng.bernoulli(beta)) {
        do {
          v = static_cast<std::uint32_t>(rng.below(n));
        } while (v == u);
      }
      out.push_back({u, v});
    }
  });
}

}  // namespace cogov::graph
