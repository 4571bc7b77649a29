#pragma once
// What a run records (the series of MODEL.md section 10 that exist so far), separate from
// where it goes (io::H5Output). Each series is a row of one table: name, units, meaning,
// second dimension, and how to read it from the step's tally.

#include <span>
#include <vector>

#include "cogov/io/h5_output.hpp"
#include "cogov/run/simulation.hpp"

namespace cogov::run {

struct SeriesDef {
  const char* name;
  const char* units;
  const char* description;
  const char* dimension;  ///< "" for 1-D; else age_group, region, enterprise_type, sanction_level
  void (*read)(const StepRecord&, std::span<double> out);
};

/// The table of per-step series.
std::span<const SeriesDef> series_table();

class Recorder {
 public:
  /// Defines dimensions and series in `out` for this simulation.
  Recorder(io::H5Output& out, const Simulation& sim);
  /// Appends the simulation's current step to every series (and snapshots when due).
  void record(const Simulation& sim);

 private:
  void record_grids(const Simulation& sim);
  void snapshot(const Simulation& sim);

  io::H5Output& out_;
  std::vector<std::size_t> ids_;
  std::size_t grid_series_ = 0, spending_series_ = 0;
  bool with_policies_ = false;
  bool by_grid_ = false;
  std::vector<std::uint32_t> snapshot_steps_;
};

}  // namespace cogov::run
