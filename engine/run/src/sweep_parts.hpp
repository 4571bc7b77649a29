#pragma once
// What local and MPI sweeps share: this task's rows (with --resume applied) and their index
// file, starting one run as a child `cogov run` process, and recording how it ended.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <vector>

#include "cogov/run/sweep.hpp"

namespace cogov::run::detail {

struct SweepState {
  const SweepOptions& options;
  std::vector<IndexRow> rows;
  SweepSummary summary;

  /// Rewrites the index (atomically: a reader never sees half a file).
  void save() const;
  /// Rows still to run, in run-id order.
  std::vector<std::size_t> pending() const;
};

/// This task's rows of the experiment (no files touched), with `replicates` per variant and
/// point (0: the experiment's).
SweepState plan_sweep(const io::ExperimentConfig& experiment, const SweepOptions& options,
                      std::uint32_t replicates = 0);

/// plan_sweep, then applies --resume and writes the index (refusing to overwrite one).
SweepState prepare_sweep(const io::ExperimentConfig& experiment, const SweepOptions& options,
                         std::uint32_t replicates = 0);

/// Adds the rows of replicates up to `replicates` (a stopping rule's next round), pending,
/// and writes the index. Earlier rows keep their ids and status.
void extend_sweep(SweepState& state, const io::ExperimentConfig& experiment,
                  std::uint32_t replicates);

/// Replicates per variant and point an index records (0 if there is none).
std::uint32_t recorded_replicates(const std::filesystem::path& index);

/// Threads per run when --threads is not given: the cores shared by `runs_per_node` runs.
int default_threads(const SweepOptions& options, int runs_per_node);

/// A run in progress.
struct ChildRun {
  pid_t pid = -1;
  std::size_t row = 0;
  std::chrono::steady_clock::time_point start;
};

/// Starts row `row` as a child process (output runs/run-ID.h5, log logs/run-ID.log).
ChildRun start_run(SweepState& state, std::size_t row, int threads);

/// Waits for `child`; a stop signal received meanwhile is passed on to it, so it ends
/// cleanly with its output closed. Returns the wait status.
int wait_run(const ChildRun& child);

/// Records the end of a run (status, exit code, error from its log, wall time), updates the
/// counters, rewrites the index and prints a line unless quiet.
void record_end(SweepState& state, std::size_t row, int wait_status, double wall_seconds);

/// Marks rows still "running" as stopped and writes the index; the summary's signal field.
void finish_sweep(SweepState& state);

}  // namespace cogov::run::detail
