// libFuzzer harness: any byte string as an experiment file, read by the experiment parser
// (io::load_experiment). A ConfigError or InputError is the expected answer to bad input;
// anything else escaping (or a sanitizer report) is a finding. Planning is not fuzzed: it
// reads the base scenarios the file names, which the fuzzer cannot provide.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cogov/core/error.hpp"
#include "cogov/io/experiment.hpp"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                            ("cogov-fuzz-" + std::to_string(::getpid()) + ".toml");
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
    (void)cogov::io::load_experiment(scratch());
  } catch (const cogov::ConfigError&) {
  } catch (const cogov::InputError&) {
  }
  return 0;
}
