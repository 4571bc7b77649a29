#include "cogov/graph/stats.hpp"

#include <algorithm>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"

namespace cogov::graph {

namespace {

struct DegreeSums {
  double sum = 0.0, sum_sq = 0.0;
  std::uint32_t min = ~0u, max = 0, isolated = 0;
  DegreeSums& operator+=(const DegreeSums& o) {
    sum += o.sum;
    sum_sq += o.sum_sq;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
    isolated += o.isolated;
    return *this;
  }
};

/// Estimates clustering by sampling wedges: for the average local coefficient, centres are
/// uniform over vertices of degree >= 2 (vertices of degree < 2 count as 0); for
/// transitivity, centres are drawn in proportion to their wedge count.
void estimate_clustering(const Layer& layer, std::uint64_t seed, std::uint32_t samples,
                         GraphStats& s) {
  const std::uint32_t n = layer.vertices();
  std::vector<std::uint32_t> centres;
  std::vector<double> wedge_cumulative;
  double wedges = 0.0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const double d = layer.degree(v);
    if (d < 2) continue;
    centres.push_back(v);
    wedges += d * (d - 1) / 2;
    wedge_cumulative.push_back(wedges);
  }
  if (centres.empty() || samples == 0) return;
  auto closed = [&](std::uint32_t v, core::Stream& rng) {
    const auto row = layer.neighbours(v);
    const auto a = rng.below(row.size());
    auto b = rng.below(row.size() - 1);
    if (b >= a) ++b;
    return layer.has_edge(row[a], row[b]);
  };
  std::uint32_t local_closed = 0, global_closed = 0;
  for (std::uint32_t i = 0; i < samples; ++i) {
    core::Stream rng(seed, core::AgentKind::graph, i, 1, core::Purpose::graph_edges);
    local_closed += closed(centres[rng.below(centres.size())], rng);
    const double x = rng.uniform53() * wedges;
    const auto pos = std::upper_bound(wedge_cumulative.begin(), wedge_cumulative.end(), x) -
                     wedge_cumulative.begin();
    global_closed += closed(centres[std::min<std::size_t>(pos, centres.size() - 1)], rng);
  }
  const double with_wedges = static_cast<double>(centres.size()) / n;
  s.average_clustering = with_wedges * local_closed / samples;
  s.transitivity = static_cast<double>(global_closed) / samples;
  s.clustering_samples = samples;
}

void count_components(const Layer& layer, GraphStats& s) {
  const std::uint32_t n = layer.vertices();
  std::vector<std::uint32_t> label(n, ~0u), queue;
  queue.reserve(1024);
  for (std::uint32_t root = 0; root < n; ++root) {
    if (label[root] != ~0u) continue;
    const std::uint32_t c = s.components++;
    std::uint32_t size = 0;
    queue.assign(1, root);
    label[root] = c;
    while (!queue.empty()) {
      const std::uint32_t v = queue.back();
      queue.pop_back();
      ++size;
      for (std::uint32_t w : layer.neighbours(v)) {
        if (label[w] == ~0u) {
          label[w] = c;
          queue.push_back(w);
        }
      }
    }
    s.largest_component = std::max(s.largest_component, size);
  }
}

}  // namespace

std::uint64_t layer_hash(const Layer& layer) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t x) {
    for (int i = 0; i < 8; ++i) {
      h ^= (x >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  for (std::uint64_t o : layer.offsets()) mix(o);
  for (std::uint32_t t : layer.targets()) mix(t);
  return h;
}

GraphStats compute_stats(const Layer& layer, std::uint64_t seed, std::uint32_t samples) {
  GraphStats s;
  const std::uint32_t n = s.vertices = layer.vertices();
  s.edges = layer.undirected_edges();
  if (n == 0) return s;
  const auto sums =
      core::reduce_blocks<DegreeSums>(n, [&](std::size_t b, std::size_t e, DegreeSums& acc) {
        for (std::size_t v = b; v < e; ++v) {
          const std::uint32_t d = layer.degree(static_cast<std::uint32_t>(v));
          acc.sum += d;
          acc.sum_sq += static_cast<double>(d) * d;
          acc.min = std::min(acc.min, d);
          acc.max = std::max(acc.max, d);
          acc.isolated += d == 0;
        }
      });
  s.mean_degree = sums.sum / n;
  s.degree_variance = sums.sum_sq / n - s.mean_degree * s.mean_degree;
  s.min_degree = sums.min;
  s.max_degree = sums.max;
  s.isolated = sums.isolated;
  s.degree_histogram.assign(static_cast<std::size_t>(s.max_degree) + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) ++s.degree_histogram[layer.degree(v)];
  count_components(layer, s);
  estimate_clustering(layer, seed, samples, s);
  s.hash = layer_hash(layer);
  return s;
}

}  // namespace cogov::graph
