#pragma once
// Sweeps: the runs of an experiment, each as a child `cogov run` process (the HDF5 library
// is not thread-safe, and a crashing run must not take the sweep down), one HDF5 file per
// run and an index updated as runs finish. A failed run is recorded with its error and the
// sweep goes on; --resume skips runs already done. Locally up to `jobs` runs at once; under
// MPI one run per rank, handed out as ranks ask.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cogov/io/experiment.hpp"

namespace cogov::run {

struct SweepOptions {
  std::filesystem::path outdir;
  bool resume = false;
  std::uint32_t task_index = 0, task_count = 1;  ///< this task takes runs with id % count == index
  int jobs = 1;                                  ///< runs at once
  int threads = 0;                               ///< per run; 0: cores / jobs
  bool quiet = false;
  std::filesystem::path program;  ///< the cogov executable
};

struct SweepSummary {
  std::uint32_t planned = 0, skipped = 0, done = 0, failed = 0, stopped = 0;
  int signal = 0;
  std::filesystem::path index;
  bool coordinator = true;            ///< false on MPI ranks other than 0 (they report nothing)
  int ranks = 1;                      ///< MPI ranks that ran the sweep
  std::vector<std::string> warnings;  ///< distinct warnings of the runs' scenarios
  std::string stopping;               ///< with a stopping rule: why the rounds ended (else empty)
  std::string stopping_error;         ///< a target the runs' outputs cannot answer (else empty)
};

/// Index rows: one per run of this task.
struct IndexRow {
  io::PlannedRun run;
  std::string status = "pending";  ///< pending, done, failed, stopped
  int exit_code = -1;
  double wall_seconds = 0;
  std::string error;
  std::string output;
};

/// With a stopping rule (experiment.stopping), runs the first `replicates` and then adds
/// rounds until every target is met or the maximum is reached (cogov/run/stopping.hpp);
/// stopping.csv beside the index records every round's checks and decision.
SweepSummary run_sweep(const io::ExperimentConfig& experiment, const SweepOptions& options);

/// The most replicates a stopping rule may reach (its max_replicates, or 10 x replicates).
std::uint32_t stopping_maximum(const io::ExperimentConfig& experiment);

/// Rounds stopping.csv in `outdir` records (0: none).
std::uint32_t recorded_rounds(const std::filesystem::path& outdir);

/// How an MPI launcher (mpirun, srun) started this process, read from its environment.
struct MpiLaunch {
  bool launched = false;  ///< started by an MPI launcher
  int size = 0;           ///< ranks, when the launcher says (0: unknown)
  int rank = 0;
};
MpiLaunch mpi_launch_from_environment();

/// Whether this cogov was built with MPI (CMake option COGOV_MPI).
bool mpi_enabled();

/// The same sweep over MPI ranks: rank 0 keeps the index and hands out one run at a time to
/// whichever rank asks (itself included). Collective: every rank calls it. Throws IoError
/// if cogov was built without MPI.
SweepSummary run_sweep_mpi(const io::ExperimentConfig& experiment, const SweepOptions& options);

/// The index file of a task ("index.csv" for a single task).
std::filesystem::path index_path(const std::filesystem::path& outdir, std::uint32_t task_index,
                                 std::uint32_t task_count);
/// Merges the per-task indexes of `outdir` into index.csv; returns the number of rows.
std::size_t merge_indexes(const std::filesystem::path& outdir);

}  // namespace cogov::run
