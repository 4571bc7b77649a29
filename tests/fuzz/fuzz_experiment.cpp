// libFuzzer harness: any byte string as an experiment file, read by the experiment parser
// (io::load_experiment). A ConfigError or InputError is the expected answer to bad input;
// anything else escaping (or a sanitizer report) is a finding. Planning is not fuzzed: it
// reads the base scenarios the file names, which the fuzzer cannot provide.

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "cogov/core/error.hpp"
#include "cogov/io/experiment.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = cogov::fuzz::write_scratch(data, size, ".toml");
  try {
    (void)cogov::io::load_experiment(file);
  } catch (const cogov::ConfigError&) {
  } catch (const cogov::InputError&) {
  }
  return 0;
}
