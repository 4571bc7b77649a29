#pragma once
// Erdos-Renyi G(n, m): exactly m = round(n mean_degree / 2) distinct edges, uniformly.

#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct Gnm {
  static constexpr std::string_view name = "gnm";
  static constexpr std::string_view summary = "Erdos-Renyi G(n, m): exactly m edges";
  struct Config {
    double mean_degree = 10.0;  ///< m = round(n * mean_degree / 2) edges exactly
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    v.value(
        "mean_degree", c.mean_degree,
        {core::Range::at_least(0), "neighbours", "m = round(n * mean_degree / 2) edges exactly"});
  }
  static double mean_degree(const Config& c, std::uint32_t) { return c.mean_degree; }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
