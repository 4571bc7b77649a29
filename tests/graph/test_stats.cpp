#include <catch2/catch.hpp>

#include "cogov/graph/stats.hpp"

using namespace cogov::graph;

TEST_CASE("stats: degrees, components and clustering of a hand-made graph", "[graph][stats]") {
  // A triangle {0,1,2}, a path 3-4-5 and an isolated vertex 6.
  const Layer l = Layer::from_undirected(7, {{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}});
  const GraphStats s = compute_stats(l, 1, 4000);
  CHECK(s.vertices == 7);
  CHECK(s.edges == 5);
  CHECK(s.mean_degree == Approx(10.0 / 7));
  CHECK(s.max_degree == 2);
  CHECK(s.min_degree == 0);
  CHECK(s.isolated == 1);
  CHECK(s.components == 3);
  CHECK(s.largest_component == 3);
  REQUIRE(s.degree_histogram.size() == 3);
  CHECK(s.degree_histogram[0] == 1);
  CHECK(s.degree_histogram[1] == 2);
  CHECK(s.degree_histogram[2] == 4);
  // Local clustering: 1 for the triangle's 3 vertices, 0 for the rest: mean 3/7.
  CHECK(s.average_clustering == Approx(3.0 / 7).margin(0.03));
  // Wedges: 3 closed (triangle) + 1 open (centre 4): transitivity 3/4.
  CHECK(s.transitivity == Approx(0.75).margin(0.03));
}

TEST_CASE("stats: equal graphs hash equal, different graphs differently", "[graph][stats]") {
  const Layer a = Layer::from_undirected(4, {{0, 1}, {2, 3}});
  const Layer b = Layer::from_undirected(4, {{3, 2}, {1, 0}});
  const Layer c = Layer::from_undirected(4, {{0, 2}, {1, 3}});
  CHECK(layer_hash(a) == layer_hash(b));
  CHECK(layer_hash(a) != layer_hash(c));
}
