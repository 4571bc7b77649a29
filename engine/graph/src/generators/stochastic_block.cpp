// Stochastic block model: vertices fall into contiguous blocks by block_shares; a pair in
// blocks (a, b) is an edge independently with probability probabilities[a][b] (symmetric).
// Same geometric skipping as G(n, p), block by block.

#include <cmath>

#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/stochastic_block.hpp"
#include "per_vertex.hpp"

namespace cogov::graph {

namespace {

std::vector<std::uint64_t> block_starts(const StochasticBlock::Config& sbm, std::uint32_t n) {
  std::vector<std::uint64_t> start{0};
  double total = 0.0;
  for (double s : sbm.block_shares) total += s;
  double cumulative = 0.0;
  for (std::size_t b = 0; b < sbm.block_shares.size(); ++b) {
    cumulative += sbm.block_shares[b];
    const bool last = b + 1 == sbm.block_shares.size();
    start.push_back(last ? n : static_cast<std::uint64_t>(std::llround(cumulative / total * n)));
  }
  return start;
}

}  // namespace

EdgeList StochasticBlock::generate(const Config& config, const GraphContext& ctx) {
  const auto& sbm = config;
  const std::vector<std::uint64_t> start = block_starts(sbm, ctx.n);
  const std::size_t blocks = sbm.block_shares.size();
  return detail::per_vertex_edges(ctx.n, [&](std::uint32_t u, EdgeList& out) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, u, 0, core::Purpose::graph_edges);
    std::size_t a = 0;
    while (start[a + 1] <= u) ++a;
    for (std::size_t b = a; b < blocks; ++b) {
      const std::uint64_t first = b == a ? std::uint64_t{u} + 1 : start[b];
      detail::bernoulli_row(u, first, start[b + 1], sbm.probabilities[a][b], rng, out);
    }
  });
}

}  // namespace cogov::graph
