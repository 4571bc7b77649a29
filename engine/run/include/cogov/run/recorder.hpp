#pragma once
// What a run records (docs/model.md section 10), separate from where it goes
// (io::H5Output). Each series is a row of one table: name, units, meaning, second
// dimension, and how to read it from the step's record.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cogov/io/h5_output.hpp"
#include "cogov/run/simulation.hpp"

namespace cogov::run {

struct SeriesDef {
  std::string name;
  std::string units;
  std::string description;
  std::string dimension;  ///< "" for 1-D; else age_group, region, enterprise_type, ...
  std::function<void(const StepRecord&, std::span<double> out)> read;
  std::size_t width = 1;  ///< values per step
};

/// Values per step of the widest series (a label set of the second dimension).
inline constexpr std::size_t kMaxWidth = 8;

/// The table of per-step series: the tallies' fields that are recorded as they stand, and
/// the series made from several fields.
const std::vector<SeriesDef>& series_table();

class Recorder {
 public:
  /// Defines dimensions and series in `out` for this simulation.
  Recorder(io::H5Output& out, const Simulation& sim);
  /// Appends the simulation's current step to every series (and snapshots when due).
  void record(const Simulation& sim);

 private:
  void record_grids(const Simulation& sim);
  void record_triggers(const Simulation& sim);
  void snapshot(const Simulation& sim);

  io::H5Output& out_;
  std::vector<std::size_t> ids_;
  std::size_t grid_series_ = 0, spending_series_ = 0, trigger_series_ = 0;
  bool with_policies_ = false;
  bool with_triggers_ = false;  ///< a policy has a trigger: policy_running, ...
  bool by_grid_ = false;
  std::uint16_t victim_steps_ = 1;  ///< model::fraud_victim_steps of the scenario
  /// Each grid's cumulative fraud loss at the last row: a step's loss is the difference.
  /// Recomputed from the loss column when a (resumed) run starts, never checkpointed.
  std::vector<double> grid_loss_;
  std::vector<std::uint32_t> snapshot_steps_;
};

}  // namespace cogov::run
