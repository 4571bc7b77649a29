#include "cogov/io/memory_budget.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "cogov/core/error.hpp"

namespace cogov::io {

std::string format_bytes(double bytes) {
  // 2^64: beyond it the number means nothing to anyone (and NaN compares false).
  if (!(bytes < 18446744073709551616.0)) return "more than 16 EiB";
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int k = 0;
  while (bytes >= 1024 && k < 6) bytes /= 1024, ++k;
  if (k == 0) return fmt::format("{:.0f} bytes", bytes);
  if (bytes < 10) return fmt::format("{:.2f} {}", bytes, units[k]);
  return fmt::format("{:.1f} {}", bytes, units[k]);
}

std::uint64_t available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kib = 0;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

double planned_run_count(const ExperimentConfig& e, std::uint32_t replicates) {
  double points = 1;
  switch (e.sweep) {
    case SweepKind::none:
      break;
    case SweepKind::grid:
      for (const auto& p : e.parameters) points *= static_cast<double>(p.values.size());
      break;
    case SweepKind::zip:
      points = e.parameters.empty() ? 0 : static_cast<double>(e.parameters[0].values.size());
      break;
    case SweepKind::random:
    case SweepKind::latin_hypercube:
      points = e.samples;
      break;
  }
  const double variants = e.variants.empty() ? 1 : static_cast<double>(e.variants.size());
  const double reps = std::max<double>(e.replicates, replicates);
  return variants * points * reps;
}

double bytes_per_planned_run(const ExperimentConfig& e) {
  // A std::string is 32 bytes inline, plus its text beyond 15 characters; count every
  // override a run carries (experiment, variant, swept values, command line, seed).
  const auto text = [](std::size_t chars) {
    return 32.0 + (chars > 15 ? static_cast<double>(chars) + 1.0 : 0.0);
  };
  double sets = 0, count = 1;  // the seed
  for (const auto& s : e.sets) sets += text(s.size()), ++count;
  for (const auto& s : e.command_sets) sets += 2 * text(s.size()), ++count;
  double variant = 0;
  for (const auto& v : e.variants) {
    double b = text(v.name.size()) + text(v.scenario.size());
    for (const auto& s : v.sets) b += text(s.size());
    for (const auto& s : v.remove) b += text(s.size() + 7);
    variant = std::max(variant, b);
  }
  double swept = 0;
  for (const auto& p : e.parameters) {
    std::size_t longest = 24;  // a formatted double
    for (const auto& v : p.values) longest = std::max(longest, v.toml.size());
    // "key=value" in the overrides, (key, shown) in the parameters, and the sweep point.
    swept += text(p.key.size() + longest + 1) + 4 * text(std::max(p.key.size(), longest));
  }
  // The run record itself, the plan vector's growth (up to twice its size), and what a
  // sweep keeps per run: its index row and result.
  return 2 * (sizeof(PlannedRun) + 24.0 * count) + sets + variant + swept + text(e.base.size()) +
         512;
}

void check_plan_memory(double runs, double bytes_per_run, std::uint64_t limit,
                       const std::string& source) {
  const std::string where = source.empty() ? "the experiment" : source;
  constexpr double kMaxRuns = std::numeric_limits<std::uint32_t>::max();
  if (!(runs <= kMaxRuns)) {
    throw ConfigError({fmt::format(
        "{}: the plan has {:.4g} runs (variants x sweep points x replicates); at most {} can "
        "be numbered: split the experiment or use fewer points or replicates",
        where, runs, static_cast<std::uint32_t>(kMaxRuns))});
  }
  const double need = runs * bytes_per_run;
  const std::uint64_t cap = limit > 0 ? limit : available_memory();
  if (cap > 0 && need > static_cast<double>(cap)) {
    throw ResourceError(fmt::format(
        "{}: the plan has {:.0f} runs, which need about {} to plan ({} per run) but {} {}; "
        "use fewer variants, sweep points or replicates, or split the experiment",
        where, runs, format_bytes(need), format_bytes(bytes_per_run),
        limit > 0 ? "--memory-limit allows" : "the machine has available",
        format_bytes(static_cast<double>(cap))));
  }
}

void check_plan_memory(const ExperimentConfig& e, std::uint32_t replicates, std::uint64_t limit) {
  check_plan_memory(planned_run_count(e, replicates), bytes_per_planned_run(e), limit,
                    e.source.string());
}

}  // namespace cogov::io
