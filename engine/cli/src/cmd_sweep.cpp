// plan, sweep, sweep-merge: experiments with many runs.

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

#include "cogov/io/experiment.hpp"
#include "cogov/run/sweep.hpp"
#include "options.hpp"

namespace cogov::cli {

namespace {

constexpr const char* kSetHelp =
    "override a key in every run, after the experiment's own overrides and sweep values: "
    "--set time.steps=60, --set policy.<name>.start_day=30 (repeatable; recorded in the "
    "index's sets column)";

constexpr const char* kUntilHelp =
    "add replicates in rounds until every paired difference's 95% interval is this narrow: "
    "--until 'fraud_successes:total=±2%' (half-width at most 2% of the baseline mean) or "
    "'...=±50' (absolute); repeatable, replaces the experiment's [stopping] until";

/// --until and --max-replicates over the experiment's [stopping] section.
void apply_stopping_options(io::ExperimentConfig& e, const std::vector<std::string>& until,
                            std::uint32_t max_replicates) {
  if (!until.empty()) {
    e.stopping.targets.clear();
    for (const auto& text : until) {
      try {
        e.stopping.targets.push_back(io::parse_stopping_target(text));
      } catch (const std::invalid_argument& err) {
        throw UsageError(err.what());
      }
    }
  }
  if (max_replicates > 0) e.stopping.max_replicates = max_replicates;
  if (max_replicates > 0 && !e.stopping.active())
    throw UsageError("--max-replicates needs a stopping rule: --until or [stopping] until");
}

/// What `cogov plan` says of the stopping rule.
void print_stopping(const io::ExperimentConfig& e, std::size_t first_round) {
  if (!e.stopping.active()) return;
  std::string targets;
  for (const auto& t : e.stopping.targets) targets += (targets.empty() ? "" : ", ") + t.text;
  const std::size_t cells = first_round / e.replicates;
  fmt::print(
      "stopping rule: {}; these {} runs are the first round, then {} replicates ({} runs) a "
      "round until met, at most {} replicates ({} runs)\n",
      targets, first_round, e.stopping.round > 0 ? e.stopping.round : e.replicates,
      cells * (e.stopping.round > 0 ? e.stopping.round : e.replicates), run::stopping_maximum(e),
      cells * run::stopping_maximum(e));
}

}  // namespace

int cmd_plan(const Args& args) {
  std::string file;
  std::vector<std::string> sets, until;
  std::uint32_t max_replicates = 0;
  po::options_description desc("cogov plan options");
  desc.add_options()("help,h", "show this help")("experiment", po::value(&file),
                                                 "experiment file (TOML)")(
      "set", po::value(&sets)->composing(), kSetHelp)("until", po::value(&until)->composing(),
                                                      kUntilHelp)(
      "max-replicates", po::value(&max_replicates), "with --until: at most this many replicates");
  po::positional_options_description pos;
  pos.add("experiment", 1);
  po::variables_map vm;
  if (!parse(args, desc, pos, vm,
             "usage: cogov plan EXPERIMENT [--set key=value ...]\nLists the runs an experiment "
             "expands to.")) {
    return kExitOk;
  }
  if (file.empty()) throw UsageError("missing experiment file");
  io::ExperimentConfig e = io::load_experiment(file);
  e.command_sets = sets;
  apply_stopping_options(e, until, max_replicates);
  std::vector<std::string> warnings;
  const auto runs = io::plan_experiment(e, &warnings);
  io::check_data_files(runs);
  print_warnings(warnings);
  fmt::print(
      "{}: {} runs ({} replicates per variant and point; replicate r uses seed {} + r in every "
      "variant)\n",
      file, runs.size(), e.replicates, e.seed);
  fmt::print("{:>6}  {:<20} {:>5} {:>4} {:>8}  {}\n", "run", "variant", "point", "rep", "seed",
             "parameters / scenario");
  for (const auto& r : runs) {
    std::string params;
    for (const auto& [k, v] : r.parameters)
      params += fmt::format("{}{}={}", params.empty() ? "" : " ", k, v);
    fmt::print("{:>6}  {:<20} {:>5} {:>4} {:>8}  {}{}\n", r.id, r.variant, r.point, r.replicate,
               r.seed, params.empty() ? "" : params + "  ", r.scenario.string());
  }
  print_stopping(e, runs.size());
  return kExitOk;
}

int cmd_sweep(const Args& args, const std::string& program) {
  std::string file, outdir;
  std::vector<std::string> sets, until;
  std::uint32_t max_replicates = 0;
  run::SweepOptions o;
  po::options_description desc("cogov sweep options");
  desc.add_options()("help,h", "show this help")("experiment", po::value(&file),
                                                 "experiment file (TOML)")(
      "outdir,d", po::value(&outdir), "directory for runs/, logs/ and the index")(
      "resume",
      "skip runs recorded as done (whose output is complete); continue interrupted runs from "
      "their checkpoints; run the others again")("jobs,j", po::value(&o.jobs)->default_value(1),
                                                 "runs at once (each a separate process)")(
      "threads,t", po::value(&o.threads),
      "threads per run (default: the CPUs this process may use / jobs)")(
      "task-index", po::value(&o.task_index),
      "this task's share: runs with id % task-count == task-index")(
      "task-count", po::value(&o.task_count)->default_value(1), "number of tasks (job-array size)")(
      "set", po::value(&sets)->composing(), kSetHelp)("until", po::value(&until)->composing(),
                                                      kUntilHelp)(
      "max-replicates", po::value(&max_replicates),
      "with --until: at most this many replicates (default: the experiment's [stopping] "
      "max_replicates, else 10 x replicates)")("quiet,q", "no progress line per finished run");
  po::positional_options_description pos;
  pos.add("experiment", 1);
  po::variables_map vm;
  if (!parse(args, desc, pos, vm,
             "usage: cogov sweep EXPERIMENT --outdir DIR [--jobs J] [--resume] [--set key=value] "
             "[--until 'SERIES:STAT=±X%' [--max-replicates N]] [--task-index i --task-count n]\n"
             "       mpirun -n K cogov sweep EXPERIMENT --outdir DIR [--resume]   (MPI build)")) {
    return kExitOk;
  }
  if (file.empty()) throw UsageError("missing experiment file");
  if (outdir.empty()) throw UsageError("missing --outdir");
  if (o.task_count < 1 || o.task_index >= o.task_count)
    throw UsageError("need 0 <= --task-index < --task-count");
  if (o.jobs < 1) throw UsageError(fmt::format("--jobs {}: must be at least 1", o.jobs));
  if (o.threads < 0) throw UsageError(fmt::format("--threads {}: must be >= 0", o.threads));
  o.outdir = outdir;
  o.resume = vm.count("resume") > 0;
  o.quiet = vm.count("quiet") > 0;
  o.program = program;
  io::ExperimentConfig e = io::load_experiment(file);
  e.command_sets = sets;
  apply_stopping_options(e, until, max_replicates);
  if (e.stopping.active() && o.task_count > 1)
    throw UsageError(
        "a stopping rule (--until, [stopping]) decides rounds from all runs: it cannot be split "
        "into --task-count tasks; run the sweep in one job with --jobs");
  // Under mpirun/srun: one sweep over all ranks. Without MPI support each rank would run
  // the whole list into the same directory, so refuse.
  const run::MpiLaunch launch = run::mpi_launch_from_environment();
  const bool use_mpi =
      launch.launched && (run::mpi_enabled() || launch.size > 1 || launch.rank > 0);
  if (use_mpi) {
    if (o.task_count > 1) throw UsageError("an MPI sweep takes the whole run list: drop --task-*");
    if (o.jobs != 1)
      throw UsageError("--jobs is for local sweeps: under MPI each rank runs one run at a time");
    if (e.stopping.active())
      throw UsageError(
          "a stopping rule (--until, [stopping]) runs locally only: drop it under MPI, or run "
          "the adaptive sweep in one job with --jobs");
  }
  const run::SweepSummary s = use_mpi ? run::run_sweep_mpi(e, o) : run::run_sweep(e, o);
  if (!s.coordinator) return kExitOk;
  print_warnings(s.warnings);
  fmt::print("sweep: {} runs{}: {} done now, {} already done, {} failed, {} stopped; index {}\n",
             s.planned,
             o.task_count > 1 ? " for this task"
                              : (s.ranks > 1 ? fmt::format(" on {} MPI ranks", s.ranks) : ""),
             s.done, s.skipped, s.failed, s.stopped, s.index.string());
  if (!s.stopping_error.empty()) {
    fmt::print(stderr, "cogov sweep: --until: {}\n", s.stopping_error);
    return kExitBadInput;
  }
  if (!s.stopping.empty())
    fmt::print("stopping rule: {}; stopping.csv records each round\n", s.stopping);
  if (s.signal) return kExitSignalBase + s.signal;
  return s.failed > 0 ? kExitFailure : kExitOk;
}

int cmd_sweep_merge(const Args& args) {
  std::string outdir;
  if (!parse_one_file(args, "sweep-merge", "sweep directory",
                      "usage: cogov sweep-merge DIR\nMerges index-task-*.csv into index.csv.",
                      outdir)) {
    return kExitOk;
  }
  const std::size_t n = run::merge_indexes(outdir);
  fmt::print("{}: merged {} runs into index.csv\n", outdir, n);
  return kExitOk;
}

}  // namespace cogov::cli
