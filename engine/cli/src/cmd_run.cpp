// cogov run: load, run, print a short summary and the output path.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "cogov/core/version.hpp"
#include "cogov/graph/generators.hpp"
#include "cogov/run/runner.hpp"
#include "cogov/run/world.hpp"
#include "options.hpp"

namespace cogov::cli {

namespace {

std::string pct(std::uint64_t part, std::uint64_t whole) {
  return fmt::format("{:.1f}%",
                     whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
}

void print_summary(const io::Scenario& s, const run::RunResult& r) {
  const auto& f = r.final;
  const double days = r.steps_done * s.time.step_days();
  const double agent_steps = static_cast<double>(r.steps_done) * s.population.netizens;
  fmt::print(
      "world: {} netizens, social layer '{}' with {} edges (mean degree {:.2f}, largest component "
      "{:.1f}%)\n",
      s.population.netizens, s.graph.model_name(), r.graph.edges, r.graph.mean_degree,
      100.0 * r.graph.largest_component / std::max<std::uint32_t>(1, r.graph.vertices));
  fmt::print("ran {} of {} steps ({:g} days) in {:.2f} s on {} thread{} ({:.3g} agent-steps/s)\n",
             r.steps_done, s.time.steps, days, r.wall_seconds, r.threads, r.threads == 1 ? "" : "s",
             r.wall_seconds > 0 ? agent_steps / r.wall_seconds : 0.0);
  fmt::print("participation: {} at start -> {} at the end (peak {:.1f}% at step {})\n",
             pct(r.initial.participants, r.initial.netizens), pct(f.participants, f.netizens),
             100.0 * r.peak_participation, r.peak_step);
  fmt::print("  by age: minor {}, young {}, middle {}, senior {}; party members {}\n",
             pct(f.by_age[0], f.age_count[0]), pct(f.by_age[1], f.age_count[1]),
             pct(f.by_age[2], f.age_count[2]), pct(f.by_age[3], f.age_count[3]),
             pct(f.party, f.party_count));
  const double n = std::max<double>(1.0, static_cast<double>(f.netizens));
  fmt::print("  mean fatigue {:.3f}, perceived risk {:.3f}, trust {:.3f}\n", f.fatigue / n,
             f.risk / n, f.trust / n);
}

/// "8G", "500M", "1024K" or plain bytes; empty gives 0 (no explicit limit).
std::uint64_t parse_bytes(const std::string& text) {
  if (text.empty()) return 0;
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw UsageError("--memory-limit " + text + ": expected a size such as 8G, 500M or 1048576");
  }
  const std::string unit = text.substr(used);
  double scale = 1;
  if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M" || unit == "m")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty())
    throw UsageError("--memory-limit " + text + ": unit must be K, M, G or T");
  // stod reads "nan" and "inf"; a size must be finite, at least a byte and fit 64 bits.
  const double bytes = value * scale;
  if (!std::isfinite(bytes) || bytes < 1)
    throw UsageError("--memory-limit " + text + ": must be a finite size of at least 1 byte");
  if (bytes >= 18446744073709551616.0)
    throw UsageError("--memory-limit " + text + ": must be below 16E (2^64 bytes)");
  return static_cast<std::uint64_t>(bytes);
}

/// --checkpoint-every: finite (the option parser refuses nan and inf), 0..kMaxCheckpointDays;
/// the bound keeps days / step length inside the step counter for any step length (a value
/// longer than the run just writes no periodic checkpoint).
constexpr double kMaxCheckpointDays = 1e8;

double checkpoint_days(double days) {
  if (!(days >= 0) || days > kMaxCheckpointDays) {
    throw UsageError(fmt::format(
        "--checkpoint-every {}: must be 0 (only when stopped by a signal) to {:.0f} days", days,
        kMaxCheckpointDays));
  }
  return days;
}

/// Reports how the run ended: the output path, and how to resume a stopped run.
int finish(const run::RunResult& r, bool quiet) {
  if (r.signal != 0) {
    fmt::print(stderr,
               "stopped by signal {} after step {}; the output holds steps 0..{} and is marked "
               "complete = 0\n"
               "checkpoint: {}\nresume with: cogov resume {}\n",
               r.signal, r.steps_done, r.steps_done, r.checkpoint.string(), r.checkpoint.string());
    fmt::print(stderr, "output: {}\n", r.output.string());
    return kExitSignalBase + r.signal;
  }
  if (!quiet) fmt::print("output: {}\n", r.output.string());
  return kExitOk;
}

}  // namespace

int cmd_run(const Args& args, const std::string& command_line) {
  ScenarioOptions so;
  std::string output;
  int threads = 0;
  std::string memory_limit;
  double checkpoint_every = 0;
  po::options_description desc("cogov run options");
  desc.add_options()("help,h", "show this help");
  so.add_to(desc);
  desc.add_options()("output,o", po::value(&output),
                     "output HDF5 file (default: output.path or out/<scenario>.h5)")(
      "threads,t", po::value(&threads),
      "worker threads (default: all cores); results do not depend on it")(
      "force,f", "overwrite an existing output file")("quiet,q", "no progress and no summary")(
      "checkpoint-every", po::value(&checkpoint_every),
      "write a checkpoint every N days (to <output>.ckpt); a signal always writes one")(
      "memory-limit", po::value(&memory_limit),
      "refuse a run whose memory estimate exceeds this size, e.g. 8G or 500M (default: the "
      "machine's available memory)");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse(
          args, desc, pos, vm,
          "usage: cogov run SCENARIO [-o out.h5] [--threads N] [--seed S] [--set key=value]...")) {
    return kExitOk;
  }
  if (threads < 0) throw UsageError("--threads must be >= 0");
  checkpoint_days(checkpoint_every);  // a bad option is refused before the scenario is read
  const io::Scenario s = so.load();
  run::RunOptions opt;
  opt.output = output;
  opt.overwrite = vm.count("force") > 0;
  opt.threads = threads;
  opt.quiet = vm.count("quiet") > 0;
  opt.command_line = command_line;
  opt.memory_limit = parse_bytes(memory_limit);
  opt.checkpoint_every = checkpoint_days(checkpoint_every);
  if (!opt.quiet) {
    fmt::print("cogov {} ({}): {} - {} netizens, {} steps\n", core::version(), core::git_hash(),
               so.file, s.population.netizens, s.time.steps);
    std::fflush(stdout);
  }
  const run::RunResult r = run::run_scenario(s, opt);
  if (!opt.quiet) print_summary(s, r);
  return finish(r, opt.quiet);
}

int cmd_resume(const Args& args) {
  std::string checkpoint;
  int threads = 0;
  double checkpoint_every = 0;
  po::options_description desc("cogov resume options");
  desc.add_options()("help,h", "show this help")("checkpoint", po::value(&checkpoint),
                                                 "checkpoint file (<output>.ckpt)")(
      "threads,t", po::value(&threads), "worker threads (any number: results do not depend on it)")(
      "checkpoint-every", po::value(&checkpoint_every), "write a checkpoint every N days")(
      "force,f",
      "replace what is at the output path even when it is not this run's interrupted output "
      "(never a directory, device or FIFO)")("quiet,q", "no progress and no summary");
  po::positional_options_description pos;
  pos.add("checkpoint", 1);
  po::variables_map vm;
  if (!parse(
          args, desc, pos, vm,
          "usage: cogov resume CHECKPOINT [--threads N] [--force]\n"
          "Continues an interrupted run; its output ends identical to a run that never stopped.\n"
          "It replaces only this run's own interrupted output unless --force is given.")) {
    return kExitOk;
  }
  if (checkpoint.empty()) throw UsageError("missing checkpoint file");
  run::RunOptions opt;
  opt.threads = threads;
  opt.quiet = vm.count("quiet") > 0;
  // Not given: -1, the interval stored in the checkpoint (resume_run).
  opt.checkpoint_every = vm.count("checkpoint-every") ? checkpoint_days(checkpoint_every) : -1;
  opt.overwrite = vm.count("force") > 0;
  const run::RunResult r = run::resume_run(checkpoint, opt);
  if (r.already_complete) {
    fmt::print(stderr, "nothing to resume: {} is this run's complete output{}\n", r.output.string(),
               r.checkpoint.empty() ? std::string()
                                    : "; removed its leftover checkpoint " + r.checkpoint.string());
    return kExitOk;
  }
  if (!opt.quiet) {
    fmt::print("resumed at step {}; ", r.resumed_from);
    fmt::print("ran to step {} in {:.2f} s on {} threads\n", r.steps_done, r.wall_seconds,
               r.threads);
  }
  return finish(r, opt.quiet);
}

}  // namespace cogov::cli
