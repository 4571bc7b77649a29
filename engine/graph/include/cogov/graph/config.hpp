#pragma once
// Parameters of the social-layer generators (MODEL.md section 9). Plain data; the scenario
// reader fills them and documents every field.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cogov::graph {

enum class GraphModel : std::uint8_t {
  community,
  erdos_renyi,
  gnm,
  barabasi_albert,
  watts_strogatz,
  stochastic_block,
  configuration,
  file,
};

struct ErdosRenyiConfig {
  double mean_degree = 10.0;  ///< p = mean_degree / (n - 1)
};

struct GnmConfig {
  double mean_degree = 10.0;  ///< m = round(n * mean_degree / 2) edges exactly
};

struct BarabasiAlbertConfig {
  std::uint32_t m = 5;  ///< edges brought by each new vertex (mean degree ~ 2m)
};

struct WattsStrogatzConfig {
  std::uint32_t k = 10;      ///< ring-lattice degree (even)
  double rewire_prob = 0.1;  ///< beta: probability that a lattice edge is rewired
};

struct StochasticBlockConfig {
  std::vector<double> block_shares{0.5, 0.5};  ///< share of vertices in each block
  std::vector<std::vector<double>> probabilities{{0.001, 0.0001}, {0.0001, 0.001}};
};

enum class DegreeDistribution : std::uint8_t { poisson, power_law, lognormal };

struct ConfigurationConfig {
  DegreeDistribution distribution = DegreeDistribution::power_law;
  double mean_degree = 10.0;     ///< poisson and lognormal
  double sigma = 0.8;            ///< lognormal shape
  double exponent = 2.5;         ///< power law P(k) ~ k^-exponent
  std::uint32_t min_degree = 3;  ///< power law
  std::uint32_t max_degree = 10000;
};

struct CommunityConfig {
  /// Shares of households of 1, 2, 3, 4, 5 members (members form a clique).
  std::array<double, 5> household_shares{0.15, 0.30, 0.25, 0.20, 0.10};
  double grid_degree = 4.0;      ///< mean random ties inside the grid
  double township_degree = 1.0;  ///< mean ties to other grids of the township
  double online_degree = 2.0;    ///< mean long-range online ties
  double online_exponent = 2.5;  ///< tail exponent of online degree (influencers)
};

struct FileConfig {
  std::string path;  ///< edge list; relative paths are relative to the scenario file
  int id_base = 0;   ///< 0 or 1: the id of the first netizen in the file
};

struct GraphConfig {
  GraphModel model = GraphModel::community;
  ErdosRenyiConfig erdos_renyi;
  GnmConfig gnm;
  BarabasiAlbertConfig barabasi_albert;
  WattsStrogatzConfig watts_strogatz;
  StochasticBlockConfig stochastic_block;
  ConfigurationConfig configuration;
  CommunityConfig community;
  FileConfig file;
};

}  // namespace cogov::graph
