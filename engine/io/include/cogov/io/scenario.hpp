#pragma once
// A scenario: the world, its rules and what to record. Typed sections with documented
// defaults; each section's struct lists its keys (visit), and io/src/schema.hpp composes
// the sections (docs/scenario-reference.md is generated from them).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/graph/config.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/government.hpp"
#include "cogov/model/mechanisms/breach.hpp"
#include "cogov/model/mechanisms/fraud.hpp"
#include "cogov/model/mechanisms/rumour.hpp"
#include "cogov/model/netizen_rules.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/policy.hpp"
#include "cogov/model/population.hpp"
#include "cogov/model/shock.hpp"

namespace cogov::io {

struct TimeConfig {
  std::uint32_t steps = 365;
  double step_hours = 24.0;
  double step_days() const { return step_hours / 24.0; }

  template <class V>
  static void visit(V& v, TimeConfig& c) {
    using core::Range;
    v.value("steps", c.steps, {Range::at_least(1), "steps", "number of steps to run"});
    v.value("step_hours", c.step_hours, {Range::between(1, 24 * 7), "hours", "length of a step"});
  }
};

struct OutputConfig {
  std::string path;                         ///< empty: out/<scenario name>.h5
  std::uint32_t flush_every = 30;           ///< steps between flushes to disk
  bool by_grid = false;                     ///< record per-grid series (steps x grids)
  std::vector<std::int64_t> snapshot_days;  ///< days at which agent state is saved

  template <class V>
  static void visit(V& v, OutputConfig& c) {
    using core::Range;
    v.value("path", c.path,
            {Range::any(), "", "HDF5 file; empty: out/<scenario file name>.h5 (-o overrides)"});
    v.value("flush_every", c.flush_every,
            {Range::at_least(1), "steps", "steps between writes to disk"});
    v.value("by_grid", c.by_grid, {Range::any(), "", "record per-grid series (steps x grids)"});
    v.value("snapshot_days", c.snapshot_days,
            {Range::at_least(0), "days", "days at which every agent's state is saved"});
  }
};

struct Scenario {
  std::string description;
  std::uint64_t seed = 1;
  TimeConfig time;
  core::TerritoryConfig territory;
  model::PopulationConfig population;
  graph::GraphConfig graph;
  model::NetizenRules rules;
  model::RumourConfig rumour;
  model::FraudConfig fraud;
  model::BreachConfig breach;
  model::EnterpriseConfig enterprise;
  model::NgoConfig ngo;
  model::GovernmentConfig government;
  std::vector<model::PolicyConfig> policies;
  std::vector<model::ShockConfig> shocks;
  OutputConfig output;

  std::filesystem::path source;  ///< the file it was read from (empty if built in code)
  /// What the loader noticed but accepted (e.g. a policy starting after the run ends), each
  /// "file:line: key = value: why", for the command line to print once.
  std::vector<std::string> warnings;
};

/// Reads a scenario file, following `extends`, then applies `--set key=value` overrides.
/// Throws ConfigError listing every problem (file:line: key = value: what is allowed).
Scenario load_scenario(const std::filesystem::path& path,
                       const std::vector<std::string>& sets = {});
/// The same from TOML text (tests); `name` stands in for the file name in messages.
Scenario parse_scenario(std::string_view text, std::string_view name,
                        const std::vector<std::string>& sets = {});

/// Reads and checks the data files the scenario names (graph.model = "file": the whole edge
/// list, as a run would), so that `validate` and `plan` refuse what `run` refuses. Throws
/// InputError "file:line: what". Returns the number of edges read (0: no file).
std::uint64_t check_data_files(const Scenario& scenario);

/// The fully resolved scenario as TOML, every key with its value and a comment; loading
/// this text again gives the same scenario.
std::string resolved_toml(const Scenario& scenario);
/// Markdown reference of every key: type, default, unit, allowed values, meaning.
std::string scenario_reference_markdown();
/// JSON Schema of the scenario format (for editors).
std::string scenario_json_schema();

}  // namespace cogov::io
