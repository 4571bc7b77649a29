#pragma once
// Watts-Strogatz small world: a ring lattice of degree k, each lattice edge rewired to a
// uniform endpoint with probability rewire_prob.

#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct WattsStrogatz {
  static constexpr std::string_view name = "watts_strogatz";
  static constexpr std::string_view summary = "Watts-Strogatz rewired ring lattice";
  struct Config {
    std::uint32_t k = 10;      ///< ring-lattice degree (even)
    double rewire_prob = 0.1;  ///< beta: probability that a lattice edge is rewired
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    using core::Range;
    v.value("k", c.k, {Range::at_least(2), "neighbours", "ring-lattice degree (even)"});
    v.value("rewire_prob", c.rewire_prob,
            {Range::unit(), "", "beta: probability that a lattice edge is rewired"});
    v.check(c.k % 2 == 0, "graph.watts_strogatz.k", "must be even");
  }
  static double mean_degree(const Config& c, std::uint32_t) { return c.k; }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
