// Watts (2002): global cascades on G(n, p) with uniform threshold phi and one seed happen
// inside the window where sum_{k <= 1/phi} k (k - 1) p_k > z (the vulnerable cluster
// percolates), and not outside it.

#include <catch2/catch.hpp>

#include "cogov/run/simulation.hpp"
#include "validation.hpp"

using namespace cogov;

namespace {

constexpr double kPhi = 0.18;

/// Watts's cascade condition for Poisson degrees: G(z) = sum_{k=1}^{K} k (k-1) p_k - z, with
/// K = floor(1 / phi) the largest vulnerable degree.
double cascade_condition(double z) {
  const int vulnerable = static_cast<int>(std::floor(1.0 / kPhi));
  double s = 0;
  for (int k = 2; k <= vulnerable; ++k) s += k * (k - 1.0) * validation::poisson_pmf(k, z);
  return s - z;
}

struct Outcome {
  double final_share;
  int steps;
};

Outcome cascade(double z, std::uint64_t seed) {
  const io::Scenario s = validation::preset(
      "watts_cascade",
      {fmt::format("graph.erdos_renyi.mean_degree={}", z), fmt::format("seed={}", seed)});
  run::Simulation sim(s);
  int t = 0;
  for (; t < 400; ++t) {
    sim.step();
    if (sim.tally().joined == 0) break;
  }
  return {static_cast<double>(sim.tally().participants) / s.population.netizens, t};
}

}  // namespace

TEST_CASE("validation: Watts cascade window for phi = 0.18 on Erdos-Renyi graphs",
          "[validation][watts]") {
  const double lower = validation::bisect(cascade_condition, 0.5, 2.0);
  const double upper = validation::bisect(cascade_condition, 3.0, 12.0);
  // Watts (2002), figure 2: for phi = 0.18 the analytic window runs from z = 1 to just under
  // z = 6 (here 5.76: the vulnerable degrees k <= 5 stop percolating).
  CHECK(lower == Approx(1.0).margin(0.05));
  CHECK(upper == Approx(5.76).margin(0.05));
  validation::Table table("watts_cascades", {"z", "runs", "cascade_frequency", "mean_cascade_size",
                                             "inside_window", "window_lower", "window_upper"});
  const int runs = 16;
  for (double z : {0.5, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    int cascades = 0;
    double size = 0;
    for (int r = 0; r < runs; ++r) {
      const Outcome o = cascade(z, 1000 + static_cast<std::uint64_t>(r));
      if (o.final_share > 0.5) {
        ++cascades;
        size += o.final_share;
      }
    }
    const bool inside = z > lower && z < upper;
    table.add({z, double(runs), double(cascades) / runs, cascades ? size / cascades : 0.0,
               inside ? 1.0 : 0.0, lower, upper});
    INFO("z = " << z << ": " << cascades << " global cascades in " << runs << " runs");
    if (z >= 2.0 && z <= 5.0) CHECK(cascades >= 2);  // well inside: cascades happen
    if (z <= 0.5 || z >= 8.0) CHECK(cascades == 0);  // well outside: none
  }
}
