#include <catch2/catch.hpp>

#include "cogov/graph/layer.hpp"

using cogov::graph::EdgeList;
using cogov::graph::Layer;

TEST_CASE("layer: edges are stored both ways, sorted, without loops or repeats", "[graph][layer]") {
  const EdgeList edges{{0, 1}, {1, 0}, {2, 2}, {3, 1}, {0, 3}, {0, 1}};
  const Layer l = Layer::from_undirected(5, edges);
  CHECK(l.vertices() == 5);
  CHECK(l.undirected_edges() == 3);
  CHECK(l.directed_edges() == 6);
  CHECK(l.degree(0) == 2);
  CHECK(l.degree(2) == 0);
  CHECK(l.degree(4) == 0);
  const auto row = l.neighbours(1);
  REQUIRE(row.size() == 2);
  CHECK(row[0] == 0);
  CHECK(row[1] == 3);
  CHECK(l.has_edge(3, 0));
  CHECK_FALSE(l.has_edge(2, 3));
  CHECK(l.offsets().size() == 6);
  CHECK(num_vertices(l.boost_graph()) == 5);
  CHECK(num_edges(l.boost_graph()) == 6);
}

TEST_CASE("layer: an empty layer has no edges", "[graph][layer]") {
  const Layer l = Layer::from_undirected(3, {});
  CHECK(l.directed_edges() == 0);
  CHECK(l.degree(1) == 0);
  const Layer none;
  CHECK(none.vertices() == 0);
}
