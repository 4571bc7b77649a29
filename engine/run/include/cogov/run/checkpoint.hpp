#pragma once
// Checkpoints: everything needed to continue a run exactly — the resolved scenario, all agent
// state, the policy book, government queues, per-grid counts, the step — in one HDF5 file
// (format "cogov-checkpoint"). Layers are not stored: they are rebuilt from the scenario's
// recipe and verified against the stored hashes. Written atomically: a temporary file,
// fsync, rename.
//
// Verified before any state is used: HDF5 metadata carries its own checksums (file format
// 1.8 or later, checked by the library); each dataset carries an FNV-1a 64 checksum of its
// bytes (attribute "checksum"); the root attribute "checksums" lists every attribute that
// matters and every dataset with its checksum, and "checksum" is the checksum of that list.
// Then every restored value is range-checked (core::ColumnInfo::valid of each column, the
// lengths the scenario implies, the queues and the history).

#include <filesystem>
#include <string>

#include "cogov/io/h5_output.hpp"
#include "cogov/run/simulation.hpp"

namespace cogov::run {

struct CheckpointInfo {
  std::filesystem::path output;  ///< the run's HDF5 output
  std::uint32_t steps_done = 0;
  double checkpoint_every = 0;  ///< days between checkpoints of the run that wrote it (0: none)
  std::string version, git_hash, command_line, created;
  io::H5Output::History history;  ///< every series row recorded up to the checkpoint
};

/// Writes `path` atomically (replacing an older checkpoint), with the rows `out` recorded
/// so far, so that a resumed run can rewrite its output even if a crash damaged it.
/// `checkpoint_every` (days) is stored so that a resumed run keeps the interval.
void write_checkpoint(const std::filesystem::path& path, const Simulation& sim,
                      const io::H5Output& out, const std::string& command_line,
                      double checkpoint_every = 0);

/// Reads a checkpoint and rebuilds the simulation. Throws InputError (naming the dataset or
/// attribute) when the file is not a checkpoint of this version, a checksum differs, a
/// dataset has the wrong type or shape, a value is out of range, or its layers do not
/// rebuild to the stored hashes.
Simulation read_checkpoint(const std::filesystem::path& path, CheckpointInfo* info = nullptr);

/// What a checkpoint of this build holds: "format N;" then section/column:type for every
/// column in the order written. Its hash is stored in each checkpoint; a checkpoint whose
/// format or layout differs is refused.
std::string checkpoint_layout();

/// Recomputes every checksum of a checkpoint edited in place (so that tests can forge
/// checkpoints whose checksums agree and reach the range checks). Not used by cogov itself.
void reseal_checkpoint(const std::filesystem::path& path);

/// FNV-1a 64 of `size` bytes: the checksum of a dataset's bytes, of an attribute's text and
/// of the checksum list.
std::uint64_t checkpoint_checksum(const void* data, std::size_t size);

/// The checkpoint path that goes with an output file: <output>.ckpt
std::filesystem::path checkpoint_path(const std::filesystem::path& output);

}  // namespace cogov::run
