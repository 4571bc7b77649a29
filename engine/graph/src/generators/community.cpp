// Hierarchical community model (the default social layer, docs/model.md section 3.1):
//   households  consecutive residents of a grid in households of 1-5, each a clique;
//   grid        each resident starts Poisson(grid_degree / 2) ties to uniform co-residents;
//   township    Poisson(township_degree / 2) ties to uniform residents of other grids of the
//               township;
//   online      Chung-Lu long-range ties: resident i has a Pareto weight w_i with tail
//               exponent online_exponent and starts Poisson(online_degree / 2 * w_i / mean w)
//               ties to residents drawn in proportion to w, so expected online degree is
//               proportional to w_i: a heavy tail of influencers.
// Every resident and every grid draws from its own stream: identical for any thread count.

#include <algorithm>
#include <cmath>

#include "cogov/core/error.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/community.hpp"
#include "per_vertex.hpp"

namespace cogov::graph {

namespace {

/// Uniform vertex in [first, last) other than `self`, or `self` when there is none.
std::uint32_t other_in(std::uint32_t first, std::uint32_t last, std::uint32_t self,
                       core::Stream& rng) {
  const std::uint32_t size = last - first;
  if (size <= 1) return self;
  std::uint32_t v = first + static_cast<std::uint32_t>(rng.below(size - 1));
  return v >= self ? v + 1 : v;
}

}  // namespace

EdgeList Community::generate(const Config& config, const GraphContext& ctx) {
  if (ctx.territory == nullptr) throw InternalError("community model needs a territory");
  const core::Territory& terr = *ctx.territory;
  const Community::Config& cc = config;
  const std::uint32_t n = ctx.n;

  // Online weights (Pareto with x_min = 1, shape exponent - 1) and their cumulative sums.
  const double shape = cc.online_exponent - 1.0;
  std::vector<double> weight(n);
  core::for_blocks(n, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t v = b; v < e; ++v) {
      core::Stream rng(ctx.seed, core::AgentKind::graph, static_cast<std::uint32_t>(v), 0,
                       core::Purpose::graph_weight);
      weight[v] = std::pow(rng.uniform53(), -1.0 / shape);
    }
  });
  std::vector<double> cumulative(n);
  double total = 0.0;
  for (std::uint32_t v = 0; v < n; ++v) cumulative[v] = total += weight[v];
  const double mean_weight = n > 0 ? total / n : 1.0;

  // Households: one pass per grid.
  EdgeList households = detail::per_vertex_edges(terr.grids(), [&](std::uint32_t g, EdgeList& out) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, g, 0, core::Purpose::graph_household);
    for (std::uint32_t first = terr.grid_first(g); first < terr.grid_end(g);) {
      const std::uint32_t last =
          std::min(first + static_cast<std::uint32_t>(rng.categorical(cc.household_shares)) + 1,
                   terr.grid_end(g));
      for (std::uint32_t a = first; a < last; ++a)
        for (std::uint32_t b = a + 1; b < last; ++b) out.push_back({a, b});
      first = last;
    }
  });

  EdgeList edges = detail::per_vertex_edges(n, [&](std::uint32_t v, EdgeList& out) {
    core::Stream rng(ctx.seed, core::AgentKind::graph, v, 0, core::Purpose::graph_edges);
    const std::uint32_t g = terr.grid_of(v);
    const std::uint32_t gf = terr.grid_first(g), ge = terr.grid_end(g);
    for (std::uint32_t k = rng.poisson(cc.grid_degree / 2.0); k > 0; --k) {
      out.push_back({v, other_in(gf, ge, v, rng)});
    }
    const std::uint32_t t = terr.grid_township(g);
    const std::uint32_t tf = terr.township_first(t), te = terr.township_end(t);
    const std::uint32_t outside = (te - tf) - (ge - gf);
    for (std::uint32_t k = rng.poisson(cc.township_degree / 2.0); k > 0 && outside > 0; --k) {
      std::uint32_t w = tf + static_cast<std::uint32_t>(rng.below(outside));
      if (w >= gf) w += ge - gf;  // skip over the own grid
      out.push_back({v, w});
    }
    const double lambda = cc.online_degree / 2.0 * weight[v] / mean_weight;
    for (std::uint32_t k = rng.poisson(lambda); k > 0; --k) {
      const double x = rng.uniform53() * total;
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
      const auto w = static_cast<std::uint32_t>(
          std::min<std::ptrdiff_t>(it - cumulative.begin(), static_cast<std::ptrdiff_t>(n) - 1));
      out.push_back({v, w});
    }
  });
  edges.insert(edges.end(), households.begin(), households.end());
  return edges;
}

}  // namespace cogov::graph
