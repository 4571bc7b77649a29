#pragma once
// Durations for people (progress lines, ETAs): one format everywhere.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace cogov::core {

/// "42s", "3m07s", "2h05m", "1.5d". Rounded to whole seconds first, so 59.7 s reads
/// "1m00s" (never "60s" or "1m60s"); zero, negative and NaN read "0s".
inline std::string format_duration(double seconds) {
  if (!(seconds > 0)) return "0s";
  const auto s = static_cast<std::uint64_t>(std::llround(std::min(seconds, 1e15)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  return fmt::format("{:.1f}d", static_cast<double>(s) / 86400.0);
}

}  // namespace cogov::core
