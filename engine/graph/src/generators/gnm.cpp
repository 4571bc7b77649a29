// Erdos-Renyi G(n, m): exactly m distinct edges, uniformly among all pairs.
// Candidates are drawn in rounds from streams keyed by (round, candidate index); after each
// round the set is sorted and deduplicated and the shortfall is drawn again. The result
// depends only on the seed.

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/gnm.hpp"

namespace cogov::graph {

EdgeList Gnm::generate(const Config& config, const GraphContext& ctx) {
  const std::uint64_t n = ctx.n;
  if (n < 2) return {};
  const std::uint64_t pairs = n * (n - 1) / 2;
  const auto m = std::min<std::uint64_t>(
      pairs,
      static_cast<std::uint64_t>(std::llround(static_cast<double>(n) * config.mean_degree / 2.0)));
  EdgeList edges;
  for (std::uint32_t round = 0; edges.size() < m; ++round) {
    const std::uint64_t need = m - edges.size();
    const std::size_t old = edges.size();
    edges.resize(old + need);
    core::for_blocks(need, [&](std::size_t b, std::size_t e, std::size_t) {
      for (std::size_t i = b; i < e; ++i) {
        auto rng = core::Stream::indexed(ctx.seed ^ (std::uint64_t{round} << 48),
                                         core::AgentKind::graph, i, core::Purpose::graph_edges);
        std::uint32_t u, v;
        do {
          u = static_cast<std::uint32_t>(rng.below(n));
          v = static_cast<std::uint32_t>(rng.below(n));
        } while (u == v);
        edges[old + i] = {std::min(u, v), std::max(u, v)};
      }
    });
    tbb::parallel_sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
      return a.u != b.u ? a.u < b.u : a.v < b.v;
    });
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  }
  return edges;
}

}  // namespace cogov::graph
