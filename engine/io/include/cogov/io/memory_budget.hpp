#pragma once
// How much memory a command may use, and the share an experiment's plan takes of it: the
// checks run before anything that grows with the input is allocated. Sizes are doubles so
// that absurd inputs (1e300 netizens' worth) give absurd estimates, never wrapped small ones.

#include <cstdint>
#include <string>

#include "cogov/io/experiment.hpp"

namespace cogov::io {

/// "812.3 MiB", "6.10 GiB"; "more than 16 EiB" for what no machine has (and NaN).
std::string format_bytes(double bytes);

/// Memory the machine can give us now (/proc/meminfo MemAvailable), or 0 if unknown.
std::uint64_t available_memory();

/// Runs `experiment` expands to (variants x sweep points x replicates), counted without
/// expanding it; `replicates` 0: the experiment's own.
double planned_run_count(const ExperimentConfig& experiment, std::uint32_t replicates = 0);

/// Bytes the plan holds per run (the run record, its overrides and swept values) plus what
/// a sweep keeps per run beside it (index row, result).
double bytes_per_planned_run(const ExperimentConfig& experiment);

/// Refuses a plan before it is expanded: more runs than run ids can number (ConfigError,
/// exit 2), or runs x bytes_per_run above `limit` (0: the machine's available memory;
/// ResourceError, exit 1). Both messages give the plan's size.
void check_plan_memory(double runs, double bytes_per_run, std::uint64_t limit = 0,
                       const std::string& source = {});
/// The same for an experiment about to be planned.
void check_plan_memory(const ExperimentConfig& experiment, std::uint32_t replicates = 0,
                       std::uint64_t limit = 0);

}  // namespace cogov::io
