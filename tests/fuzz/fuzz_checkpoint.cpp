// libFuzzer harness: any byte string as a checkpoint file. An InputError is the expected
// answer to a damaged or forged checkpoint; anything else escaping (or a sanitizer report,
// or a crash inside HDF5) is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cogov/core/error.hpp"
#include "cogov/run/checkpoint.hpp"

namespace {

/// One scratch file per fuzzing process (libFuzzer may run several jobs at once).
const std::filesystem::path& scratch() {
  static const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                            ("cogov-fuzz-" + std::to_string(::getpid()) + ".ckpt");
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::FILE* f = std::fopen(scratch().c_str(), "wb");
    if (!f) __builtin_trap();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
    std::fclose(f);
  }
  try {
    cogov::run::CheckpointInfo info;
    (void)cogov::run::read_checkpoint(scratch(), &info);
  } catch (const cogov::InputError&) {
  }
  return 0;
}
