// Barabasi-Albert preferential attachment. A star of m + 1 vertices starts the graph; each
// later vertex t attaches to m distinct earlier vertices chosen with probability proportional
// to degree, by picking uniformly from the list of all edge endpoints so far (Batagelj &
// Brandes 2005). Sequential by nature; each vertex draws from its own stream.
// Degree distribution P(k) = 2m(m+1) / (k(k+1)(k+2)) for large n.

#include <algorithm>

#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/barabasi_albert.hpp"

namespace cogov::graph {

EdgeList BarabasiAlbert::generate(const Config& config, const GraphContext& ctx) {
  const std::uint32_t n = ctx.n;
  const std::uint32_t m = config.m;
  if (n <= m || m == 0) return {};
  EdgeList edges;
  edges.reserve(static_cast<std::size_t>(n - m) * m);
  std::vector<std::uint32_t> endpoints;
  endpoints.reserve(2 * static_cast<std::size_t>(n - m) * m);
  for (std::uint32_t v = 0; v < m; ++v) {
    edges.push_back({v, m});
    endpoints.push_back(v);
    endpoints.push_back(m);
  }
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t t = m + 1; t < n; ++t) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, t, 0, core::Purpose::graph_edges);
    chosen.clear();
    while (chosen.size() < m) {
      const std::uint32_t target = endpoints[rng.below(endpoints.size())];
      if (std::find(chosen.begin(), chosen.end(), target) == chosen.end()) chosen.push_back(target);
    }
    for (std::uint32_t target : chosen) {
      edges.push_back({target, t});
      endpoints.push_back(target);
      endpoints.push_back(t);
    }
  }
  return edges;
}

}  // namespace cogov::graph
