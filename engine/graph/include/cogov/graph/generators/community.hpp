#pragma once
// Hierarchical community model (the default social layer, docs/model.md section 3.1):
// households as cliques, random ties inside the grid and the township, and heavy-tailed
// long-range online ties (src/generators/community.cpp gives the construction).

#include <array>
#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct Community {
  static constexpr std::string_view name = "community";
  static constexpr std::string_view summary =
      "hierarchical communities: households, grid, township and heavy-tailed online ties";
  struct Config {
    /// Shares of households of 1, 2, 3, 4, 5 members (members form a clique).
    std::array<double, 5> household_shares{0.15, 0.30, 0.25, 0.20, 0.10};
    double grid_degree = 4.0;      ///< mean random ties inside the grid
    double township_degree = 1.0;  ///< mean ties to other grids of the township
    double online_degree = 2.0;    ///< mean long-range online ties
    double online_exponent = 2.5;  ///< tail exponent of online degree (influencers)
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    using core::Range;
    v.value("household_shares", c.household_shares,
            {Range::at_least(0), "", "shares of households of 1, 2, 3, 4, 5 members (cliques)"});
    v.value("grid_degree", c.grid_degree,
            {Range::at_least(0), "neighbours", "mean random ties inside the grid"});
    v.value("township_degree", c.township_degree,
            {Range::at_least(0), "neighbours", "mean ties to other grids of the township"});
    v.value("online_degree", c.online_degree,
            {Range::at_least(0), "neighbours", "mean long-range online ties"});
    v.value("online_exponent", c.online_exponent,
            {Range::above(2), "", "tail exponent of the online degree (influencers)"});
    double total = 0;
    for (double s : c.household_shares) total += s;
    v.check(total > 0, "graph.community.household_shares", "must not all be 0");
  }
  /// Household ties (about 2.5 at the default sizes) plus the random ones.
  static double mean_degree(const Config& c, std::uint32_t) {
    return 2.5 + c.grid_degree + c.township_degree + c.online_degree;
  }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
