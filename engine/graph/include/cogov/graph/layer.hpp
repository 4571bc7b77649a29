#pragma once
// A layer of the multiplex network stored as a Boost compressed_sparse_row_graph with
// 32-bit vertices and 64-bit edge offsets. Undirected layers keep both directions of each
// edge; rows are sorted and free of self-loops and duplicates.

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace cogov::graph {

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, std::uint32_t, std::uint64_t>;

struct Edge {
  std::uint32_t u;
  std::uint32_t v;
  friend bool operator==(const Edge&, const Edge&) = default;
};
using EdgeList = std::vector<Edge>;

class Layer {
 public:
  Layer() = default;

  /// Builds an undirected layer on n vertices: each edge {u, v} is stored in both rows;
  /// self-loops are dropped and repeated edges merged. Deterministic for any thread count.
  static Layer from_undirected(std::uint32_t n, const EdgeList& edges);
  /// Adopts ready CSR arrays (offsets of size n + 1, sorted rows).
  static Layer from_csr(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> targets);

  std::uint32_t vertices() const {
    return static_cast<std::uint32_t>(graph_.m_forward.m_rowstart.size() - 1);
  }
  std::uint64_t directed_edges() const { return graph_.m_forward.m_column.size(); }
  std::uint64_t undirected_edges() const { return directed_edges() / 2; }

  /// Row offsets (size n + 1) and column indices: the arrays hot loops read directly.
  std::span<const std::uint64_t> offsets() const { return graph_.m_forward.m_rowstart; }
  std::span<const std::uint32_t> targets() const { return graph_.m_forward.m_column; }
  std::span<const std::uint32_t> neighbours(std::uint32_t v) const {
    const auto& rs = graph_.m_forward.m_rowstart;
    return {graph_.m_forward.m_column.data() + rs[v], rs[v + 1] - rs[v]};
  }
  std::uint32_t degree(std::uint32_t v) const {
    const auto& rs = graph_.m_forward.m_rowstart;
    return static_cast<std::uint32_t>(rs[v + 1] - rs[v]);
  }
  bool has_edge(std::uint32_t u, std::uint32_t v) const;

  /// The Boost graph, for Boost Graph Library algorithms.
  const CsrGraph& boost_graph() const { return graph_; }

  /// Bytes held by the offsets and column arrays.
  std::uint64_t memory_bytes() const;

 private:
  CsrGraph graph_;
};

}  // namespace cogov::graph
