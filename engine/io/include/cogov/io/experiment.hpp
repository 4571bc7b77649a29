#pragma once
// Experiment files (configs/*.toml): a base scenario, named variants, an optional parameter
// sweep and replicates, expanded into a list of runs. Replicate r uses the same seed in
// every variant and sweep point (common random numbers), so differences are paired.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cogov/core/error.hpp"
#include "cogov/io/stopping_rule.hpp"

namespace cogov::io {

/// A ConfigError of an experiment file, or of a scenario one of its runs reads: the command
/// line heads its problems "the experiment has N problems".
class ExperimentError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

struct VariantConfig {
  std::string name;
  std::string scenario;           ///< scenario file (relative to the experiment); empty: the base
  std::vector<std::string> sets;  ///< key=value overrides
  /// Entries dropped after every override and sweep value ("policy.<name>", "shock.<name>"):
  /// a variant without a policy whose keys the sweep sets.
  std::vector<std::string> remove;
};

enum class SweepKind : std::uint8_t { none, grid, zip, random, latin_hypercube };

/// A swept value as `--set key=<toml>` writes it, and as the plan and the index show it.
struct SweepValue {
  std::string toml, shown;
};

struct SweepParameter {
  std::string key;
  std::vector<SweepValue> values;  ///< grid and zip: numbers, strings or booleans
  double min = 0, max = 1;         ///< random and latin_hypercube
};

struct ExperimentConfig {
  std::string name;
  std::string description;
  std::string base;  ///< base scenario file (relative to the experiment)
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;                 ///< replicate r runs with seed + r
  std::vector<std::string> sets;          ///< overrides for every run
  std::vector<std::string> command_sets;  ///< `cogov sweep/plan --set`: after all others
  std::vector<VariantConfig> variants;
  SweepKind sweep = SweepKind::none;
  std::uint32_t samples = 10;  ///< random and latin_hypercube points
  std::vector<SweepParameter> parameters;
  StoppingRule stopping;  ///< [stopping]: replicates added in rounds until precise enough
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
  std::vector<std::string> sets;          ///< all overrides, in order
  std::vector<std::string> command_sets;  ///< of them, those `cogov sweep --set` gave
  std::vector<std::pair<std::string, std::string>> parameters;  ///< swept values, as shown
};

/// Reads and checks an experiment file (ExperimentError listing every problem): a regular file
/// of at most 16 MiB; variant names plain labels; every sweep kind's parameters complete
/// (grid/zip values, random/latin_hypercube min <= max); never 0 runs.
ExperimentConfig load_experiment(const std::filesystem::path& path);
/// Expands the experiment and checks every run's scenario (ExperimentError listing problems),
/// and that the last replicate's seed (seed + replicates - 1, stopping rounds included) fits.
/// `warnings`, if given, receives each distinct warning of the runs' scenarios once.
/// `replicates` (0: the experiment's) may exceed the experiment's when a stopping rule adds
/// rounds: runs of the first `experiment.replicates` keep their ids (variant, point,
/// replicate order) and replicate r >= that gets id r x cells + cell, so every run keeps
/// its id however many rounds follow.
std::vector<PlannedRun> plan_experiment(const ExperimentConfig& experiment,
                                        std::vector<std::string>* warnings = nullptr,
                                        std::uint32_t replicates = 0);

/// check_data_files (scenario.hpp) for each scenario the runs read, each distinct edge list
/// (path, population, id base) once: `cogov plan` refuses an edge list that `run` would.
void check_data_files(const std::vector<PlannedRun>& runs);

}  // namespace cogov::io
