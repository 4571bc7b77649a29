#include <tbb/global_control.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "cogov/graph/generators.hpp"
#include "cogov/graph/stats.hpp"

using namespace cogov;
using namespace cogov::graph;

namespace {

struct Built {
  core::Territory territory;
  Layer layer;
};

Built build(const GraphConfig& config, std::uint32_t n, std::uint64_t seed = 9) {
  Built b;
  core::TerritoryConfig tc;
  b.territory = core::Territory::build(tc, n, seed);
  b.layer = build_social_layer(config, GraphContext{n, seed, &b.territory});
  return b;
}

void check_simple_symmetric(const Layer& l) {
  for (std::uint32_t u = 0; u < l.vertices(); ++u) {
    const auto row = l.neighbours(u);
    for (std::size_t k = 0; k < row.size(); ++k) {
      REQUIRE(row[k] != u);
      if (k > 0) REQUIRE(row[k - 1] < row[k]);
      REQUIRE(l.has_edge(row[k], u));
    }
  }
}

GraphConfig with_model(GraphModel m) {
  GraphConfig c;
  c.model = m;
  return c;
}

}  // namespace

TEST_CASE("generators: every model is simple, symmetric and identical for 1, 2 and 4 threads",
          "[graph][generators][determinism]") {
  const std::uint32_t n = 30000;
  Generators::for_each([&]<class G>() {
    if (std::is_same_v<G, File>) return;
    const GraphModel model = model_of<G>;
    INFO("model " << G::name);
    std::uint64_t hashes[3];
    int k = 0;
    for (std::size_t threads : {1, 2, 4}) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
      const Built b = build(with_model(model), n);
      REQUIRE(b.layer.vertices() == n);
      REQUIRE(b.layer.undirected_edges() > n);
      if (k == 0) check_simple_symmetric(b.layer);
      hashes[k++] = layer_hash(b.layer);
    }
    CHECK(hashes[0] == hashes[1]);
    CHECK(hashes[0] == hashes[2]);
    CHECK(layer_hash(build(with_model(model), n, 10).layer) != hashes[0]);
  });
}

TEST_CASE("generators: Erdos-Renyi G(n, p) has Poisson degrees", "[graph][generators]") {
  GraphConfig c = with_model(model_of<ErdosRenyi>);
  c.get<ErdosRenyi>().mean_degree = 8;
  const GraphStats s = compute_stats(build(c, 50000).layer, 1);
  CHECK(s.mean_degree == Approx(8).epsilon(0.02));
  CHECK(s.degree_variance == Approx(8).epsilon(0.05));
  CHECK(s.average_clustering < 0.01);
}

TEST_CASE("generators: G(n, m) has exactly m edges", "[graph][generators]") {
  GraphConfig c = with_model(model_of<Gnm>);
  c.get<Gnm>().mean_degree = 6;
  CHECK(build(c, 20001).layer.undirected_edges() == 60003);
}

TEST_CASE("generators: Barabasi-Albert has mean 2m, minimum m and a heavy tail",
          "[graph][generators]") {
  GraphConfig c = with_model(model_of<BarabasiAlbert>);
  c.get<BarabasiAlbert>().m = 3;
  const GraphStats s = compute_stats(build(c, 50000).layer, 1);
  CHECK(s.mean_degree == Approx(6).epsilon(0.01));
  CHECK(s.min_degree == 3);
  CHECK(s.max_degree > 200);
  // P(k) = 2m(m+1) / (k(k+1)(k+2)): P(3) = 0.4, P(4) = 0.2.
  CHECK(static_cast<double>(s.degree_histogram[3]) / s.vertices == Approx(0.4).margin(0.02));
  CHECK(static_cast<double>(s.degree_histogram[4]) / s.vertices == Approx(0.2).margin(0.02));
}

TEST_CASE(
    "generators: Watts-Strogatz is a ring lattice at beta 0 and loses clustering as (1-beta)^3",
    "[graph][generators]") {
  GraphConfig c = with_model(model_of<WattsStrogatz>);
  c.get<WattsStrogatz>().k = 6;
  c.get<WattsStrogatz>().rewire_prob = 0.0;
  const GraphStats ring = compute_stats(build(c, 20000).layer, 1, 40000);
  CHECK(ring.min_degree == 6);
  CHECK(ring.max_degree == 6);
  const double c0 = 3.0 * (6 - 2) / (4.0 * (6 - 1));
  CHECK(ring.average_clustering == Approx(c0).margin(0.01));
  c.get<WattsStrogatz>().rewire_prob = 0.2;
  const GraphStats rewired = compute_stats(build(c, 20000).layer, 1, 40000);
  CHECK(rewired.mean_degree == Approx(6).epsilon(0.01));
  CHECK(rewired.transitivity == Approx(c0 * std::pow(0.8, 3)).margin(0.02));
}

TEST_CASE("generators: stochastic block model edge counts match the probabilities",
          "[graph][generators]") {
  GraphConfig c = with_model(model_of<StochasticBlock>);
  c.get<StochasticBlock>().block_shares = {0.5, 0.5};
  c.get<StochasticBlock>().probabilities = {{0.002, 0.0002}, {0.0002, 0.001}};
  const std::uint32_t n = 20000, half = n / 2;
  const Layer l = build(c, n).layer;
  std::uint64_t in_a = 0, in_b = 0, across = 0;
  for (std::uint32_t u = 0; u < n; ++u) {
    for (std::uint32_t v : l.neighbours(u)) {
      if (v <= u) continue;
      if (u < half && v < half)
        ++in_a;
      else if (u >= half && v >= half)
        ++in_b;
      else
        ++across;
    }
  }
  const double pairs_in = half * (half - 1.0) / 2, pairs_across = double(half) * half;
  CHECK(in_a == Approx(0.002 * pairs_in).epsilon(0.03));
  CHECK(in_b == Approx(0.001 * pairs_in).epsilon(0.04));
  CHECK(across == Approx(0.0002 * pairs_across).epsilon(0.05));
}

TEST_CASE("generators: configuration model follows its degree distribution",
          "[graph][generators]") {
  GraphConfig c = with_model(model_of<Configuration>);
  SECTION("Poisson") {
    c.get<Configuration>().distribution = DegreeDistribution::poisson;
    c.get<Configuration>().mean_degree = 7;
    const GraphStats s = compute_stats(build(c, 40000).layer, 1);
    CHECK(s.mean_degree == Approx(7).epsilon(0.02));
    CHECK(s.degree_variance == Approx(7).epsilon(0.08));
  }
  SECTION("power law") {
    c.get<Configuration>().distribution = DegreeDistribution::power_law;
    c.get<Configuration>().exponent = 2.5;
    c.get<Configuration>().min_degree = 3;
    c.get<Configuration>().max_degree = 1000;
    const GraphStats s = compute_stats(build(c, 40000).layer, 1);
    CHECK(s.max_degree <= 1000);
    CHECK(s.max_degree > 100);
    CHECK(s.mean_degree > 4.5);  // continuous approximation of the mean: ~ 3 * 3 = 9, minus erasure
  }
  SECTION("log-normal") {
    c.get<Configuration>().distribution = DegreeDistribution::lognormal;
    c.get<Configuration>().mean_degree = 10;
    c.get<Configuration>().sigma = 0.5;
    const GraphStats s = compute_stats(build(c, 40000).layer, 1);
    CHECK(s.mean_degree == Approx(10).epsilon(0.03));
  }
}

TEST_CASE("generators: the community model has households, local ties and influencers",
          "[graph][generators]") {
  const GraphConfig c = with_model(model_of<Community>);
  const Built b = build(c, 60000);
  const GraphStats s = compute_stats(b.layer, 1, 40000);
  // Households of mean size 2.8 contribute E[size - 1 | member] = 2.33 ties on average.
  const double expected = 2.33 + c.get<Community>().grid_degree +
                          c.get<Community>().township_degree + c.get<Community>().online_degree;
  CHECK(s.mean_degree == Approx(expected).epsilon(0.06));
  CHECK(s.average_clustering > 0.05);  // households close triangles; G(n,p) would give ~0.0002
  CHECK(s.max_degree > 20 * s.mean_degree);
  CHECK(s.largest_component > 0.99 * s.vertices);
  // Most ties stay within the township.
  std::uint64_t local = 0, total = 0;
  for (std::uint32_t u = 0; u < b.layer.vertices(); u += 7) {
    const auto t = b.territory.grid_township(b.territory.grid_of(u));
    for (std::uint32_t v : b.layer.neighbours(u)) {
      ++total;
      local += b.territory.grid_township(b.territory.grid_of(v)) == t;
    }
  }
  CHECK(static_cast<double>(local) / static_cast<double>(total) > 0.6);
}

TEST_CASE("generators: graph_limit names the parameter the population cannot meet",
          "[graph][generators]") {
  using namespace cogov::graph;
  GraphConfig g;
  CHECK(graph_limit(g, 5).key.empty());  // the community model fits any population
  g.model = model_of<BarabasiAlbert>;
  g.get<BarabasiAlbert>().m = 5;
  CHECK(graph_limit(g, 6).key.empty());
  CHECK(graph_limit(g, 5).key == "graph.barabasi_albert.m");  // was an empty graph
  g.model = model_of<WattsStrogatz>;
  g.get<WattsStrogatz>().k = 10;
  CHECK(graph_limit(g, 10).key == "graph.watts_strogatz.k");  // was out of memory
  CHECK(graph_limit(g, 11).key.empty());
  g.model = model_of<ErdosRenyi>;
  g.get<ErdosRenyi>().mean_degree = 9.5;
  CHECK(graph_limit(g, 10).key == "graph.erdos_renyi.mean_degree");  // was silently complete
  CHECK_THAT(graph_limit(g, 10).message, Catch::Contains("population.netizens - 1 (9)"));
  g.get<ErdosRenyi>().mean_degree = 9;
  CHECK(graph_limit(g, 10).key.empty());
  g.model = model_of<Gnm>;
  g.get<Gnm>().mean_degree = 1e300;
  CHECK(graph_limit(g, 1000).key == "graph.gnm.mean_degree");
  g.model = model_of<Configuration>;
  g.get<Configuration>().min_degree = 20;
  CHECK(graph_limit(g, 20).key == "graph.configuration.min_degree");
}
