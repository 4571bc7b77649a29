// Durations in progress lines: rounded once, so no "60s" or "1m60s" at the boundaries.

#include <catch2/catch.hpp>

#include <limits>

#include "cogov/core/duration.hpp"

using cogov::core::format_duration;

TEST_CASE("durations are rounded to whole seconds before they are split", "[duration]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(-3) == "0s");
  CHECK(format_duration(std::numeric_limits<double>::quiet_NaN()) == "0s");
  CHECK(format_duration(42.4) == "42s");
  CHECK(format_duration(59.4) == "59s");
  CHECK(format_duration(59.5) == "1m00s");   // was "60s"
  CHECK(format_duration(119.7) == "2m00s");  // was "1m60s" (or "2m60s")
  CHECK(format_duration(187) == "3m07s");
  CHECK(format_duration(3599.6) == "1h00m");
  CHECK(format_duration(7500) == "2h05m");
  CHECK(format_duration(86399.7) == "1.0d");
  CHECK(format_duration(1.5 * 86400) == "1.5d");
  CHECK(format_duration(1e300) == format_duration(1e15));
}
