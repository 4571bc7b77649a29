#pragma once
// The fuzzers' input as a file: the readers under test take paths (they stat, open
// non-blocking and size-check what they read). One scratch file per fuzzing process
// (libFuzzer may run several jobs at once).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace cogov::fuzz {

/// Writes the input to this process's scratch file `cogov-fuzz-<pid><suffix>` and returns
/// its path; a failed write traps (it is the harness's fault, not a finding).
inline std::filesystem::path write_scratch(const std::uint8_t* data, std::size_t size,
                                           const char* suffix) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("cogov-fuzz-" + std::to_string(::getpid()) + suffix);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) __builtin_trap();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
  std::fclose(f);
  return path;
}

}  // namespace cogov::fuzz
