#pragma once
// Configuration model: every vertex draws a degree from the distribution (Poisson,
// power law between min_degree and max_degree, or log-normal), stubs are paired at random;
// self-loops and repeated edges are dropped.

#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

enum class DegreeDistribution : std::uint8_t { poisson, power_law, lognormal };
inline constexpr core::Option<DegreeDistribution> kDegreeDistributions[] = {
    {"poisson", DegreeDistribution::poisson},
    {"power_law", DegreeDistribution::power_law},
    {"lognormal", DegreeDistribution::lognormal},
};

struct Configuration {
  static constexpr std::string_view name = "configuration";
  static constexpr std::string_view summary =
      "configuration model with Poisson, power-law or log-normal degrees";
  struct Config {
    DegreeDistribution distribution = DegreeDistribution::power_law;
    double mean_degree = 10.0;     ///< poisson and lognormal
    double sigma = 0.8;            ///< lognormal shape
    double exponent = 2.5;         ///< power law P(k) ~ k^-exponent
    std::uint32_t min_degree = 3;  ///< power law
    std::uint32_t max_degree = 10000;
  };
  template <class V>
  static void visit(V& v, Config& c, bool) {
    using core::Range;
    v.choice("distribution", c.distribution, kDegreeDistributions, "degree distribution");
    v.value("mean_degree", c.mean_degree,
            {Range::above(0), "neighbours", "mean (poisson, lognormal)"});
    v.value("sigma", c.sigma, {Range::at_least(0), "", "shape of the lognormal"});
    v.value("exponent", c.exponent, {Range::above(1), "", "power law P(k) ~ k^-exponent"});
    v.value("min_degree", c.min_degree, {Range::at_least(1), "neighbours", "power-law minimum"});
    v.value("max_degree", c.max_degree, {Range::at_least(1), "neighbours", "power-law maximum"});
    v.check(c.max_degree >= c.min_degree, "graph.configuration.max_degree",
            "must be >= graph.configuration.min_degree");
  }
  /// The mean of the distribution (power law: its minimum times (exponent-1)/(exponent-2),
  /// at most the maximum; a heavy tail's estimate, the memory check's upper side).
  static double mean_degree(const Config& c, std::uint32_t) {
    if (c.distribution != DegreeDistribution::power_law) return c.mean_degree;
    if (c.exponent <= 2.0) return c.max_degree;
    const double mean = c.min_degree * (c.exponent - 1.0) / (c.exponent - 2.0);
    return mean < c.max_degree ? mean : c.max_degree;
  }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
