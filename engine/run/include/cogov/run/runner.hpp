#pragma once
// Runs one scenario end to end: build, step, record to HDF5, report progress, stop cleanly
// on SIGINT/SIGTERM (finish the step, flush, close the file marked incomplete).

#include <filesystem>
#include <string>

#include "cogov/graph/stats.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/run/world.hpp"

namespace cogov::run {

struct RunOptions {
  std::filesystem::path output;  ///< empty: scenario output.path or out/<name>.h5
  /// run: replace an existing output file. resume: replace what is at the stored output path
  /// even when it is not this run's interrupted output (never a directory, device or FIFO).
  bool overwrite = false;
  int threads = 0;  ///< 0: all cores
  bool quiet = false;
  std::uint64_t memory_limit = 0;  ///< bytes; 0: the machine's available memory
  double checkpoint_every = 0;     ///< days between checkpoints; 0: only when stopped by a signal
  std::string command_line;
};

struct RunResult {
  std::filesystem::path output;
  std::uint32_t steps_done = 0;
  bool complete = false;
  int signal = 0;  ///< the signal that stopped the run, or 0
  int threads = 0;
  double wall_seconds = 0.0;
  model::NetizenTally initial, final;
  double peak_participation = 0.0;
  std::uint32_t peak_step = 0;
  graph::GraphStats graph;
  PhaseTimes times;
  std::filesystem::path checkpoint;  ///< the last checkpoint written (kept when not complete)
  std::uint32_t resumed_from = 0;    ///< step the run resumed from (0: fresh run)
  bool already_complete = false;     ///< resume: the output was already this run's complete one
};

/// The output path a run of `scenario` uses when no -o is given.
std::filesystem::path default_output(const io::Scenario& scenario);

/// Runs a scenario. The output path is locked (<output>.lock, see io::OutputLock) and checked
/// before the world is built: a second writer, a directory or device, an unwritable directory
/// or an existing file without `overwrite` is refused at once.
RunResult run_scenario(const io::Scenario& scenario, const RunOptions& options);

/// Continues an interrupted run from its checkpoint, appending to its output file; the
/// output ends identical to that of a run that never stopped. `options.output` is ignored.
/// What is at the stored output path is replaced only when it is this run's interrupted
/// output (its .part, or a file with complete = 0 and the checkpoint's `created`) or
/// `options.overwrite`; a non-regular file never. When the output there is already this run's
/// complete one, nothing is run (`already_complete`) and the checkpoint is removed.
RunResult resume_run(const std::filesystem::path& checkpoint, const RunOptions& options);

}  // namespace cogov::run
