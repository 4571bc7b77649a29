// Generator statistics at n = 10^5 against their analytic forms.

#include <catch2/catch.hpp>

#include "cogov/graph/generators.hpp"
#include "cogov/graph/stats.hpp"
#include "validation.hpp"

using namespace cogov;

namespace {

graph::GraphStats stats_for(const std::string& model, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> sets{"graph.model=" + model};
  sets.insert(sets.end(), extra.begin(), extra.end());
  const io::Scenario s = validation::preset("generators", sets);
  const core::Territory t = core::Territory::build(s.territory, s.population.netizens, s.seed);
  const graph::Layer l =
      graph::build_social_layer(s.graph, graph::GraphContext{s.population.netizens, s.seed, &t});
  return graph::compute_stats(l, s.seed, 100000);
}

}  // namespace

TEST_CASE("validation: Barabasi-Albert degrees follow 2m(m+1)/(k(k+1)(k+2))",
          "[validation][generators]") {
  const graph::GraphStats s = stats_for("barabasi_albert");
  const double m = 3;
  validation::Table table("barabasi_albert", {"k", "expected", "measured"});
  for (int k = 3; k <= 30; ++k) {
    const double expected = 2 * m * (m + 1) / (k * (k + 1.0) * (k + 2.0));
    const double measured = double(s.degree_histogram[static_cast<std::size_t>(k)]) / s.vertices;
    table.add({double(k), expected, measured});
    // Relative tolerance 10% (sampling error at k = 30: ~ 1/sqrt(1e5 * 8.6e-4) = 3.4%, plus
    // the finite-size correction of the recurrence, largest at small k).
    if (k <= 20) CHECK(measured == Approx(expected).epsilon(0.10));
  }
}

TEST_CASE("validation: Watts-Strogatz clustering C(beta) ~ C(0)(1 - beta)^3",
          "[validation][generators]") {
  const double K = 10, c0 = 3 * (K - 2) / (4 * (K - 1));
  validation::Table table("watts_strogatz",
                          {"beta", "expected", "transitivity", "average_clustering"});
  for (double beta : {0.0, 0.05, 0.1, 0.2, 0.4, 0.6}) {
    const graph::GraphStats s =
        stats_for("watts_strogatz", {fmt::format("graph.watts_strogatz.rewire_prob={}", beta)});
    const double expected = c0 * std::pow(1 - beta, 3);
    table.add({beta, expected, s.transitivity, s.average_clustering});
    INFO("beta = " << beta);
    // Barrat & Weigt's formula is exact for the ratio of closed triples (transitivity) up to
    // O(1/n); 0.01 covers the wedge-sampling error (1e5 samples: sd ~ 0.0016).
    CHECK(s.transitivity == Approx(expected).margin(0.01));
  }
}

TEST_CASE("validation: Erdos-Renyi degrees are Poisson", "[validation][generators]") {
  const graph::GraphStats s = stats_for("erdos_renyi", {"graph.erdos_renyi.mean_degree=10"});
  validation::Table table("erdos_renyi", {"k", "expected", "measured"});
  double chi2 = 0;
  int cells = 0;
  for (int k = 2; k <= 20; ++k) {
    const double expected = validation::poisson_pmf(k, 10.0);
    const double measured = double(s.degree_histogram[static_cast<std::size_t>(k)]) / s.vertices;
    table.add({double(k), expected, measured});
    chi2 += std::pow(measured - expected, 2) * s.vertices / expected;
    ++cells;
  }
  CHECK(s.mean_degree == Approx(10).epsilon(0.01));
  CHECK(s.degree_variance == Approx(10).epsilon(0.03));
  CHECK(chi2 < 45.3);  // chi-square with 18 degrees of freedom, p = 0.0005
  (void)cells;
}

TEST_CASE("validation: stochastic block model edge counts within and between blocks",
          "[validation][generators]") {
  const io::Scenario s = validation::preset("generators", {"graph.model=stochastic_block"});
  const core::Territory t = core::Territory::build(s.territory, s.population.netizens, s.seed);
  const graph::Layer l =
      graph::build_social_layer(s.graph, graph::GraphContext{s.population.netizens, s.seed, &t});
  const auto& sb = s.graph.get<graph::StochasticBlock>();
  std::vector<std::uint64_t> start{0};
  double cum = 0;
  for (std::size_t b = 0; b < sb.block_shares.size(); ++b) {
    cum += sb.block_shares[b];
    start.push_back(b + 1 == sb.block_shares.size()
                        ? s.population.netizens
                        : static_cast<std::uint64_t>(std::llround(cum * s.population.netizens)));
  }
  auto block = [&](std::uint32_t v) {
    std::size_t b = 0;
    while (start[b + 1] <= v) ++b;
    return b;
  };
  const std::size_t B = sb.block_shares.size();
  std::vector<double> count(B * B, 0);
  for (std::uint32_t u = 0; u < l.vertices(); ++u) {
    for (std::uint32_t v : l.neighbours(u)) {
      if (v > u) count[block(u) * B + block(v)] += 1;
    }
  }
  validation::Table table("stochastic_block", {"a", "b", "expected", "measured"});
  for (std::size_t a = 0; a < B; ++a) {
    for (std::size_t b = a; b < B; ++b) {
      const double na = double(start[a + 1] - start[a]), nb = double(start[b + 1] - start[b]);
      const double pairs = a == b ? na * (na - 1) / 2 : na * nb;
      const double expected = sb.probabilities[a][b] * pairs;
      table.add({double(a), double(b), expected, count[a * B + b]});
      // 4 standard deviations of a binomial count.
      CHECK(std::fabs(count[a * B + b] - expected) < 4 * std::sqrt(expected) + 1);
    }
  }
}
