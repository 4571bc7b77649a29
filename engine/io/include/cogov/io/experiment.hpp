#pragma once
// Experiment files (configs/*.toml): a base scenario, named variants, an optional parameter
// sweep and replicates, expanded into a list of runs. Replicate r uses the same seed in
// every variant and sweep point (common random numbers), so differences are paired.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cogov::io {

struct VariantConfig {
  std::string name;
  std::string scenario;           ///< scenario file (relative to the experiment); empty: the base
  std::vector<std::string> sets;  ///< key=value overrides
};

enum class SweepKind : std::uint8_t { none, grid, zip, random, latin_hypercube };

struct SweepParameter {
  std::string key;
  std::vector<double> values;  ///< grid and zip
  double min = 0, max = 1;     ///< random and latin_hypercube
};

struct ExperimentConfig {
  std::string name;
  std::string description;
  std::string base;  ///< base scenario file (relative to the experiment)
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;         ///< replicate r runs with seed + r
  std::vector<std::string> sets;  ///< overrides for every run
  std::vector<VariantConfig> variants;
  SweepKind sweep = SweepKind::none;
  std::uint32_t samples = 10;  ///< random and latin_hypercube points
  std::vector<SweepParameter> parameters;
  std::filesystem::path source;
};

/// One run of an experiment, fully determined.
struct PlannedRun {
  std::uint32_t id = 0;
  std::string variant;
  std::uint32_t point = 0;  ///< sweep point
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::filesystem::path scenario;
  std::vector<std::string> sets;                           ///< all overrides, in order
  std::vector<std::pair<std::string, double>> parameters;  ///< swept values
};

ExperimentConfig load_experiment(const std::filesystem::path& path);
/// Expands the experiment and checks every run's scenario (ConfigError listing problems).
std::vector<PlannedRun> plan_experiment(const ExperimentConfig& experiment);

}  // namespace cogov::io
