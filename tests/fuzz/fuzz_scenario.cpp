// libFuzzer harness: any byte string as a scenario file. A ConfigError is the expected
// answer to bad input; anything else escaping (or a sanitizer report) is a finding.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cogov/core/error.hpp"
#include "cogov/io/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const cogov::io::Scenario s = cogov::io::parse_scenario(text, "fuzz.toml");
    // A scenario that parses must also resolve and parse again to the same text.
    const std::string resolved = cogov::io::resolved_toml(s);
    if (cogov::io::resolved_toml(cogov::io::parse_scenario(resolved, "resolved.toml")) != resolved)
      __builtin_trap();
  } catch (const cogov::ConfigError&) {
  }
  return 0;
}
