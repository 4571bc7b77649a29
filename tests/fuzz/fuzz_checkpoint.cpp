// libFuzzer harness: any byte string as a checkpoint file. An InputError is the expected
// answer to a damaged or forged checkpoint; anything else escaping (or a sanitizer report,
// or a crash inside HDF5) is a finding.

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "cogov/core/error.hpp"
#include "cogov/run/checkpoint.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = cogov::fuzz::write_scratch(data, size, ".ckpt");
  try {
    cogov::run::CheckpointInfo info;
    (void)cogov::run::read_checkpoint(file, &info);
  } catch (const cogov::InputError&) {
  }
  return 0;
}
