#pragma once
// Stochastic block model: contiguous blocks of the given shares; a pair in blocks a and b is
// an edge with probability probabilities[a][b].

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct StochasticBlock {
  static constexpr std::string_view name = "stochastic_block";
  static constexpr std::string_view summary = "stochastic block model";
  struct Config {
    std::vector<double> block_shares{0.5, 0.5};  ///< share of vertices in each block
    std::vector<std::vector<double>> probabilities{{0.001, 0.0001}, {0.0001, 0.001}};
  };
  template <class V>
  static void visit(V& v, Config& sb, bool) {
    using core::Range;
    v.value("block_shares", sb.block_shares,
            {Range::above(0), "", "share of vertices in each (contiguous) block"});
    v.value("probabilities", sb.probabilities,
            {Range::unit(), "", "edge probability between blocks a and b (symmetric matrix)"});
    bool square = sb.probabilities.size() == sb.block_shares.size();
    bool symmetric = square;
    for (std::size_t a = 0; square && a < sb.probabilities.size(); ++a) {
      square = sb.probabilities[a].size() == sb.block_shares.size();
      for (std::size_t b = 0; square && b < a; ++b) {
        symmetric = symmetric && sb.probabilities[a][b] == sb.probabilities[b][a];
      }
    }
    v.check(!sb.block_shares.empty(), "graph.stochastic_block.block_shares",
            "needs at least one block");
    v.check(square, "graph.stochastic_block.probabilities",
            fmt::format("must be a {0} x {0} matrix (one row and column per block)",
                        sb.block_shares.size()));
    v.check(!square || symmetric, "graph.stochastic_block.probabilities", "must be symmetric");
  }
  /// n sum_ab s_a s_b p_ab (the shares normalised), for a well-formed matrix.
  static double mean_degree(const Config& c, std::uint32_t n) {
    double total = 0, degree = 0;
    for (double s : c.block_shares) total += s;
    if (total <= 0 || c.probabilities.size() != c.block_shares.size()) return 0;
    for (std::size_t a = 0; a < c.block_shares.size(); ++a) {
      for (std::size_t b = 0; b < c.block_shares.size() && b < c.probabilities[a].size(); ++b)
        degree += c.block_shares[a] * c.block_shares[b] * c.probabilities[a][b];
    }
    return degree / (total * total) * n;
  }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
