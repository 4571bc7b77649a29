#pragma once
// Adaptive replicates (`cogov sweep --until`, or [stopping] in an experiment file): targets
// such as "fraud_successes:total=±2%" that each paired difference's interval must meet, and
// how many replicates each round adds. The rule itself is in cogov/run/stopping.hpp.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cogov::io {

/// One outcome to be known precisely enough: SERIES[LABEL]:STAT=±TOLERANCE[%].
struct StoppingTarget {
  std::string text;    ///< as the user wrote it
  std::string series;  ///< a recorded series, e.g. fraud_successes
  std::string label;   ///< column of a 2-D series (age group, region, ...); empty: 1-D
  std::string stat;    ///< total, final, mean, peak, peak_day, auc, day
  double day = 0;      ///< stat "day": the value at the first row with day >= this
  double tolerance = 0;
  bool relative = true;  ///< tolerance is a share of |baseline mean| (written with %)

  /// The metric as the analysis toolkit names it (SERIES[LABEL]:STAT).
  [[nodiscard]] std::string metric() const;
};

/// Parses a target; throws std::invalid_argument with a message saying what is allowed.
StoppingTarget parse_stopping_target(std::string_view text);

struct StoppingRule {
  std::vector<StoppingTarget> targets;  ///< empty: a fixed number of replicates
  std::uint32_t max_replicates = 0;     ///< 0: 10 x the first round's
  std::uint32_t round = 0;              ///< replicates added per round; 0: the first round's
  /// Fewest pairs that may stop the sweep. Stopping when the interval is narrow favours
  /// samples whose spread came out small; from 8 pairs on, the 95% t interval still covers
  /// at least 0.93 after stopping (docs/analysis.md, "Enough replicates").
  std::uint32_t min_replicates = 8;
  double level = 0.95;  ///< confidence level of the intervals (the report's default)

  [[nodiscard]] bool active() const { return !targets.empty(); }
};

}  // namespace cogov::io
