#pragma once
// Checkpoints: everything needed to continue a run exactly — the resolved scenario, all agent
// state, the policy book, government queues, per-grid counts, the step — in one HDF5 file
// (format "cogov-checkpoint"). Layers are not stored: they are rebuilt from the scenario's
// recipe and verified against the stored hashes. Written atomically: a temporary file,
// fsync, rename.

#include <filesystem>
#include <string>

#include "cogov/io/h5_output.hpp"
#include "cogov/run/simulation.hpp"

namespace cogov::run {

struct CheckpointInfo {
  std::filesystem::path output;  ///< the run's HDF5 output
  std::uint32_t steps_done = 0;
  std::string version, git_hash, command_line, created;
  io::H5Output::History history;  ///< every series row recorded up to the checkpoint
};

/// Writes `path` atomically (replacing an older checkpoint), with the rows `out` recorded
/// so far, so that a resumed run can rewrite its output even if a crash damaged it.
void write_checkpoint(const std::filesystem::path& path, const Simulation& sim,
                      const io::H5Output& out, const std::string& command_line);

/// Reads a checkpoint and rebuilds the simulation. Throws InputError when the file is not a
/// checkpoint of this version or its layers do not rebuild to the stored hashes.
Simulation read_checkpoint(const std::filesystem::path& path, CheckpointInfo* info = nullptr);

/// What a checkpoint of this build holds: "format N;" then section/column:type for every
/// column in the order written. Its hash is stored in each checkpoint; a checkpoint whose
/// format or layout differs is refused.
std::string checkpoint_layout();

/// The checkpoint path that goes with an output file: <output>.ckpt
std::filesystem::path checkpoint_path(const std::filesystem::path& output);

}  // namespace cogov::run
