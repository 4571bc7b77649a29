#pragma once
// The stopping rule of adaptive sweeps (`cogov sweep --until`): after each round, every
// comparison of a variant with the baseline at each sweep point is checked: the paired
// Student-t interval of the mean difference (same seeds in both) must be at most the
// target's half-width, relative to |baseline mean| for "±X%". With one variant, its mean's
// interval is checked. The outcomes are computed as the analysis toolkit computes them.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "cogov/io/stopping_rule.hpp"
#include "cogov/run/sweep.hpp"

namespace cogov::run {

/// A target's value in one run's output file (InputError if the series is missing).
double metric_value(const std::filesystem::path& file, const io::StoppingTarget& target);

/// Half-width of the Student-t interval of the mean of `x` at `level` (infinite for fewer
/// than two values).
double t_half_width(std::span<const double> x, double level);

/// The rule for one comparison: at least `rule.min_replicates` values and a t half-width
/// of their mean at most `allowed`.
bool precise_enough(std::span<const double> differences, double allowed,
                    const io::StoppingRule& rule);

/// Replicates of the next round: `replicates` + the round's size, at most `most`.
std::uint32_t next_round(std::uint32_t replicates, std::uint32_t first_round, std::uint32_t most,
                         const io::StoppingRule& rule);

/// One comparison after one round.
struct StoppingCheck {
  std::string target;  ///< as written
  std::uint32_t point = 0;
  std::string variant;   ///< the variant compared with the baseline
  std::string baseline;  ///< empty: a single variant, its own mean is checked
  std::uint32_t pairs = 0;
  double baseline_mean = 0, mean_difference = 0, half_width = 0, allowed = 0;
  bool met = false;
};

/// Checks every target on the runs marked done (their outputs under `outdir`). The baseline
/// is the variant named "baseline", else the first. A comparison with fewer than
/// `rule.min_replicates` pairs is not met.
std::vector<StoppingCheck> check_stopping(const std::vector<IndexRow>& rows,
                                          const std::filesystem::path& outdir,
                                          const io::StoppingRule& rule);

/// Appends one round's checks and its decision to `outdir`/stopping.csv (written anew when
/// `round` is 1).
void record_stopping(const std::filesystem::path& outdir, std::uint32_t round,
                     std::uint32_t replicates, const std::vector<StoppingCheck>& checks,
                     const std::string& decision);

}  // namespace cogov::run
