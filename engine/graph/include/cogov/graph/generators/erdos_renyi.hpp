#pragma once
// Erdos-Renyi G(n, p): every pair is an edge independently, p = mean_degree / (n - 1).

#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct ErdosRenyi {
  static constexpr std::string_view name = "erdos_renyi";
  static constexpr std::string_view summary = "Erdos-Renyi G(n, p)";
  struct Config {
    double mean_degree = 10.0;  ///< p = mean_degree / (n - 1)
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    v.value("mean_degree", c.mean_degree,
            {core::Range::at_least(0), "neighbours", "expected degree; p = mean_degree / (n - 1)"});
  }
  static double mean_degree(const Config& c, std::uint32_t) { return c.mean_degree; }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
