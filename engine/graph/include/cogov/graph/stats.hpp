#pragma once
// Summary statistics of a layer: degrees, connected components, clustering, content hash.

#include <cstdint>
#include <vector>

#include "cogov/graph/layer.hpp"

namespace cogov::graph {

struct GraphStats {
  std::uint32_t vertices = 0;
  std::uint64_t edges = 0;  ///< undirected
  double mean_degree = 0.0;
  double degree_variance = 0.0;
  std::uint32_t min_degree = 0;
  std::uint32_t max_degree = 0;
  std::uint32_t isolated = 0;
  std::vector<std::uint64_t> degree_histogram;  ///< [k] = vertices of degree k
  std::uint32_t components = 0;
  std::uint32_t largest_component = 0;
  double average_clustering = 0.0;  ///< mean local clustering, estimated by wedge sampling
  double transitivity = 0.0;        ///< global clustering (closed / all wedges), estimated
  std::uint32_t clustering_samples = 0;
  std::uint64_t hash = 0;  ///< FNV-1a over offsets and targets: identical graphs, equal hash
};

/// Computes all statistics; clustering from `samples` wedges drawn with `seed`.
GraphStats compute_stats(const Layer& layer, std::uint64_t seed, std::uint32_t samples = 20000);

/// FNV-1a hash of the CSR arrays.
std::uint64_t layer_hash(const Layer& layer);

}  // namespace cogov::graph
