#pragma once
// Barabasi-Albert preferential attachment: each new vertex brings m edges to vertices
// chosen in proportion to their degree (mean degree ~ 2m).

#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct BarabasiAlbert {
  static constexpr std::string_view name = "barabasi_albert";
  static constexpr std::string_view summary = "Barabasi-Albert preferential attachment";
  struct Config {
    std::uint32_t m = 5;  ///< edges brought by each new vertex (mean degree ~ 2m)
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    v.value(
        "m", c.m,
        {core::Range::at_least(1), "edges", "edges brought by each new vertex (mean degree ~ 2m)"});
  }
  static double mean_degree(const Config& c, std::uint32_t) { return 2.0 * c.m; }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
