#pragma once
// What local and MPI sweeps share: this task's rows (with --resume applied) and their record
// (journal and index), starting one run as a child process (`cogov run`, or `cogov resume`
// from its checkpoint), and recording how it ended.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "cogov/run/sweep.hpp"
#include "cogov/run/sweep_record.hpp"
#include "sweep_progress.hpp"

namespace cogov::run::detail {

struct SweepState {
  const SweepOptions& options;
  std::vector<IndexRow> rows;
  SweepSummary summary;
  std::unique_ptr<SweepRecord> record;  ///< null where no index is kept (MPI workers)
  SweepProgress progress;

  /// Row `row` changed state: one journal line (and the summary when due).
  void changed(std::size_t row);
  /// Rewrites the summary index.
  void save();
  /// Rows still to run, in run-id order.
  std::vector<std::size_t> pending() const;
};

/// This task's rows of the experiment (no files touched), with `replicates` per variant and
/// point (0: the experiment's).
SweepState plan_sweep(const io::ExperimentConfig& experiment, const SweepOptions& options,
                      std::uint32_t replicates = 0);

/// plan_sweep, then applies --resume and starts the record (refusing to overwrite one).
SweepState prepare_sweep(const io::ExperimentConfig& experiment, const SweepOptions& options,
                         std::uint32_t replicates = 0);

/// Adds the rows of replicates up to `replicates` (a stopping rule's next round), pending,
/// and records them. Earlier rows keep their ids and status.
void extend_sweep(SweepState& state, const io::ExperimentConfig& experiment,
                  std::uint32_t replicates);

/// Replicates per variant and point a record holds (0 if there is none).
std::uint32_t recorded_replicates(const std::filesystem::path& index);

/// Threads per run when --threads is not given: the CPUs this process may use
/// (core::usable_cpus) shared by `runs_per_node` runs.
int default_threads(const SweepOptions& options, int runs_per_node);

/// A run in progress.
struct ChildRun {
  pid_t pid = -1;
  std::size_t row = 0;
  std::chrono::steady_clock::time_point start;
  std::uint32_t resumed_from = 0;  ///< > 0: `cogov resume` from the checkpoint at this step
  std::string note;                ///< said with the run's result (resumed, ran afresh)
};

/// Starts row `row` as a child process (output runs/run-ID.h5, log logs/run-ID.log): from
/// its checkpoint when resuming and one is there for this output, else afresh. `afresh`
/// forces a fresh run (`note` says why).
ChildRun start_run(SweepState& state, std::size_t row, int threads, bool afresh = false,
                   const std::string& note = {});

/// A resumed child that ended with exit 2 (its checkpoint refused): moves the checkpoint
/// aside and starts the run afresh, returning true; false for any other end.
bool retry_afresh(SweepState& state, ChildRun& child, int wait_status, int threads);

/// Waits for `child`; a stop signal received meanwhile is passed on to it, so it ends
/// cleanly with its output closed. Returns the wait status.
int wait_run(const ChildRun& child);

/// Records the end of a run (status, exit code, error from its log or the signal that
/// killed it, wall time), updates the counters and the record, and prints a progress line.
void record_end(SweepState& state, std::size_t row, int wait_status, double wall_seconds,
                const std::string& note = {});

/// Why a run ended by signal `sig` failed: "killed by signal 9 (SIGKILL: out of memory?)".
std::string signal_reason(int sig);

/// Marks rows still "running" as stopped and rewrites the index; the summary's signal field.
void finish_sweep(SweepState& state);

}  // namespace cogov::run::detail
