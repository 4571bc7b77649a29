// Configuration model (erased): each vertex draws a degree from a Poisson, power-law or
// log-normal distribution; stubs are paired in a random order given by sorting them on
// per-stub random keys; self-loops and repeated pairs are then dropped (so realised degrees
// can be slightly below the drawn ones for hubs). An odd stub total drops the last stub.

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/graph/generators/configuration.hpp"

namespace cogov::graph {

namespace {

std::uint32_t draw_degree(const Configuration::Config& c, core::Stream& rng) {
  switch (c.distribution) {
    case DegreeDistribution::poisson:
      return rng.poisson(c.mean_degree);
    case DegreeDistribution::lognormal: {
      const double mu = std::log(c.mean_degree) - 0.5 * c.sigma * c.sigma;
      return static_cast<std::uint32_t>(std::llround(rng.lognormal(mu, c.sigma)));
    }
    case DegreeDistribution::power_law: {
      // Discrete power law on [min, max] by inversion of the continuous law on
      // [min - 0.5, max + 0.5), rounded (Clauset et al. 2009's approximation).
      const double lo = c.min_degree - 0.5, hi = c.max_degree + 0.5, a = 1.0 - c.exponent;
      const double u = rng.uniform53();
      const double x = std::pow(std::pow(lo, a) + u * (std::pow(hi, a) - std::pow(lo, a)), 1.0 / a);
      return static_cast<std::uint32_t>(std::llround(x));
    }
  }
  return 0;
}

}  // namespace

EdgeList Configuration::generate(const Config& config, const GraphContext& ctx) {
  const std::uint32_t n = ctx.n;
  std::vector<std::uint64_t> offset(static_cast<std::size_t>(n) + 1, 0);
  core::for_blocks(n, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t v = b; v < e; ++v) {
      core::Stream rng(ctx.seed, core::AgentKind::graph, static_cast<std::uint32_t>(v), 0,
                       core::Purpose::graph_degree);
      offset[v + 1] = std::min<std::uint32_t>(draw_degree(config, rng), n - 1);
    }
  });
  for (std::size_t v = 1; v <= n; ++v) offset[v] += offset[v - 1];
  const std::uint64_t stubs = offset[n] & ~std::uint64_t{1};
  struct Stub {
    std::uint64_t key;
    std::uint32_t vertex;
  };
  std::vector<Stub> order(stubs);
  core::for_blocks(n, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t v = b; v < e; ++v) {
      for (std::uint64_t s = offset[v]; s < offset[v + 1] && s < stubs; ++s) {
        auto rng = core::Stream::indexed(ctx.seed, core::AgentKind::graph, s,
                                         core::Purpose::graph_stub_order);
        order[s] = {rng.next_u64(), static_cast<std::uint32_t>(v)};
      }
    }
  });
  tbb::parallel_sort(order.begin(), order.end(), [](const Stub& a, const Stub& b) {
    return a.key != b.key ? a.key < b.key : a.vertex < b.vertex;
  });
  EdgeList edges(stubs / 2);
  core::for_blocks(edges.size(), [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) edges[i] = {order[2 * i].vertex, order[2 * i + 1].vertex};
  });
  return edges;
}

}  // namespace cogov::graph
