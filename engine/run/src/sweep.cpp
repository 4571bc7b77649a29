// Local sweeps: up to `jobs` child runs at once on this machine.

#include "cogov/run/sweep.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

#include "cogov/core/error.hpp"
#include "cogov/run/stopping.hpp"
#include "stop_signal.hpp"
#include "sweep_index.hpp"
#include "sweep_parts.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace detail {

namespace {

/// The experiment file beside the index, for the analysis report and for provenance.
void save_experiment_copy(const io::ExperimentConfig& experiment, const fs::path& outdir) {
  std::ifstream in(experiment.source);
  if (!in) return;
  // Job-array tasks write it at the same time: each through its own temporary file.
  const fs::path copy = outdir / "experiment.toml";
  const std::string tmp = fmt::format("{}.tmp-{}", copy.string(), getpid());
  std::ofstream out(tmp);
  out << "# Copy of " << fs::absolute(experiment.source).string()
      << " (relative paths are relative to that file)\n"
      << in.rdbuf();
  if (!out) throw IoError(fmt::format("{}: cannot write", copy.string()));
  out.close();
  fs::rename(tmp, copy);
}

}  // namespace

SweepState plan_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o,
                      std::uint32_t replicates) {
  SweepState state{o, {}, {}};
  state.summary.index = index_path(o.outdir, o.task_index, o.task_count);
  for (const auto& run : io::plan_experiment(experiment, &state.summary.warnings, replicates)) {
    if (run.id % o.task_count != o.task_index) continue;
    IndexRow row;
    row.run = run;
    row.output = fs::path("runs") / fmt::format("run-{:06d}.h5", run.id);
    state.rows.push_back(std::move(row));
  }
  state.summary.planned = static_cast<std::uint32_t>(state.rows.size());
  return state;
}

SweepState prepare_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o,
                         std::uint32_t replicates) {
  SweepState state = plan_sweep(experiment, o, replicates);
  fs::create_directories(o.outdir / "runs");
  fs::create_directories(o.outdir / "logs");
  if (o.resume) {
    const auto previous = read_index(state.summary.index);
    // Rounds a stopping rule added: resuming without the rule would drop their rows.
    const std::uint32_t planned = replicates > 0 ? replicates : experiment.replicates;
    if (const std::uint32_t recorded = recorded_replicates(state.summary.index);
        recorded > planned) {
      throw InputError(fmt::format(
          "{}: the sweep has {} replicates (rounds added by a stopping rule) but this resume "
          "plans {}: resume it with its --until (or [stopping]) again",
          state.summary.index.string(), recorded, planned));
    }
    for (auto& row : state.rows) {
      const auto it = previous.find(row.run.id);
      if (it == previous.end()) continue;
      // Run ids follow the plan's order: a changed experiment would give an old file a new
      // meaning. Refuse rather than mix.
      for (const auto& [column, value] : identity(row)) {
        const auto old = it->second.find(column);
        if (old == it->second.end() || old->second != value) {
          throw IoError(fmt::format(
              "{}: run {} was recorded with {} = {}, but the experiment now plans {}; the "
              "experiment changed since this sweep began: use a new --outdir",
              state.summary.index.string(), row.run.id, column,
              old == it->second.end() ? std::string("(no such column)") : old->second, value));
        }
      }
      const auto status = it->second.find("status");
      if (status != it->second.end() && status->second == "done" &&
          fs::exists(o.outdir / row.output)) {
        row.status = "done";
        row.exit_code = 0;
        ++state.summary.skipped;
      }
    }
  } else if (fs::exists(state.summary.index)) {
    throw IoError(fmt::format(
        "{}: a sweep index exists; pass --resume to continue it or choose another --outdir",
        state.summary.index.string()));
  }
  state.save();
  save_experiment_copy(experiment, o.outdir);
  return state;
}

void extend_sweep(SweepState& state, const io::ExperimentConfig& experiment,
                  std::uint32_t replicates) {
  SweepState more = plan_sweep(experiment, state.options, replicates);
  const std::size_t before = state.rows.size();
  for (auto& row : more.rows) {
    const bool known =
        std::any_of(state.rows.begin(), state.rows.begin() + static_cast<std::ptrdiff_t>(before),
                    [&](const IndexRow& r) { return r.run.id == row.run.id; });
    if (!known) state.rows.push_back(std::move(row));
  }
  state.summary.planned = static_cast<std::uint32_t>(state.rows.size());
  state.save();
}

std::uint32_t recorded_replicates(const fs::path& index) {
  std::uint32_t n = 0;
  for (const auto& [id, row] : read_index(index)) {
    if (const auto it = row.find("replicate"); it != row.end())
      n = std::max(n, static_cast<std::uint32_t>(std::stoul(it->second)) + 1);
  }
  return n;
}

std::vector<std::size_t> SweepState::pending() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].status != "done") out.push_back(i);
  }
  return out;
}

int default_threads(const SweepOptions& o, int runs_per_node) {
  if (o.threads > 0) return o.threads;
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, runs_per_node));
}

void finish_sweep(SweepState& state) {
  state.summary.signal = StopSignal::received();
  for (auto& row : state.rows) {
    if (row.status == "running") row.status = "stopped";
  }
  state.save();
}

}  // namespace detail

namespace {

/// Runs the rows `queue`, up to `jobs` at once, until done or a stop signal.
void run_queue(detail::SweepState& state, const std::vector<std::size_t>& queue, int jobs,
               int threads) {
  std::vector<detail::ChildRun> running;
  std::size_t next = 0;
  bool forwarded = false;
  for (;;) {
    while (static_cast<int>(running.size()) < jobs && next < queue.size() &&
           detail::StopSignal::received() == 0) {
      running.push_back(detail::start_run(state, queue[next++], threads));
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno != EINTR) throw InternalError(fmt::format("waitpid: {}", std::strerror(errno)));
      // A stop signal: pass it on once, so each run closes its output cleanly.
      if (const int sig = detail::StopSignal::received(); sig != 0 && !forwarded) {
        for (const auto& child : running) kill(child.pid, sig);
        forwarded = true;
      }
      continue;
    }
    const auto it = std::find_if(running.begin(), running.end(),
                                 [&](const detail::ChildRun& c) { return c.pid == pid; });
    if (it == running.end()) continue;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->start).count();
    const std::size_t row = it->row;
    running.erase(it);
    detail::record_end(state, row, status, seconds);
  }
}

/// Rounds of replicates until every target is met or the maximum is reached; the
/// decision of each round goes to stopping.csv, the last one to the summary.
void run_rounds(detail::SweepState& state, const io::ExperimentConfig& experiment,
                std::uint32_t replicates, int jobs, int threads) {
  const io::StoppingRule& rule = experiment.stopping;
  const std::uint32_t most = stopping_maximum(experiment);
  const fs::path& outdir = state.options.outdir;
  std::uint32_t round = state.options.resume ? recorded_rounds(outdir) : 0;
  if (!state.options.resume) fs::remove(outdir / "stopping.csv");
  for (;;) {
    const std::uint32_t done_before = state.summary.done;
    run_queue(state, state.pending(), jobs, threads);
    if (detail::StopSignal::received() != 0) {
      state.summary.stopping = "interrupted (--resume continues the rounds)";
      return;
    }
    if (!state.pending().empty()) {
      state.summary.stopping = "not decided: some runs failed (see the index)";
      return;
    }
    std::vector<StoppingCheck> checks;
    try {
      checks = check_stopping(state.rows, outdir, rule);
    } catch (const InputError& e) {
      // A target naming a series the runs do not record: the runs done stay done.
      state.summary.stopping_error = fmt::format(
          "{}; the {} runs done are kept: correct the target and continue with --resume", e.what(),
          state.rows.size());
      return;
    }
    const bool met =
        std::all_of(checks.begin(), checks.end(), [](const StoppingCheck& c) { return c.met; });
    const std::string decision = met ? "met" : replicates >= most ? "max_replicates" : "continue";
    // A resumed sweep with nothing left to run repeats its last round's decision: unrecorded.
    if (round == 0 || state.summary.done > done_before)
      record_stopping(outdir, ++round, replicates, checks, decision);
    if (decision != "continue") {
      const auto widest = std::max_element(
          checks.begin(), checks.end(), [](const StoppingCheck& a, const StoppingCheck& b) {
            return a.half_width / a.allowed < b.half_width / b.allowed;
          });
      state.summary.stopping =
          met ? fmt::format("every target met with {} replicates after {} rounds", replicates,
                            round)
              : fmt::format(
                    "the maximum of {} replicates reached after {} rounds; {} of {} "
                    "comparisons met (widest: {} {} point {}, half-width {:.4g} > {:.4g})",
                    replicates, round,
                    std::count_if(checks.begin(), checks.end(),
                                  [](const StoppingCheck& c) { return c.met; }),
                    checks.size(), widest->target, widest->variant, widest->point,
                    widest->half_width, widest->allowed);
      return;
    }
    replicates = next_round(replicates, experiment.replicates, most, rule);
    detail::extend_sweep(state, experiment, replicates);
  }
}

}  // namespace

std::uint32_t stopping_maximum(const io::ExperimentConfig& experiment) {
  const std::uint32_t most = experiment.stopping.max_replicates;
  return most > 0 ? most : 10 * experiment.replicates;
}

std::uint32_t recorded_rounds(const fs::path& outdir) {
  std::ifstream in(outdir / "stopping.csv");
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  const std::size_t comma = last.find(',');
  if (last.empty() || comma == std::string::npos || last[0] < '0' || last[0] > '9') return 0;
  return static_cast<std::uint32_t>(std::stoul(last.substr(0, comma)));
}

SweepSummary run_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o) {
  detail::StopSignal stop;
  const bool adaptive = experiment.stopping.active();
  if (adaptive && stopping_maximum(experiment) < experiment.replicates)
    throw ConfigError(
        {fmt::format("stopping: max_replicates = {} is below the first round's {} replicates",
                     stopping_maximum(experiment), experiment.replicates)});
  std::uint32_t replicates = experiment.replicates;
  if (adaptive && o.resume)
    replicates = std::max(
        replicates, detail::recorded_replicates(index_path(o.outdir, o.task_index, o.task_count)));
  detail::SweepState state = detail::prepare_sweep(experiment, o, replicates);
  const int jobs = std::max(1, o.jobs);
  const int threads = detail::default_threads(o, jobs);
  if (adaptive) {
    run_rounds(state, experiment, replicates, jobs, threads);
  } else {
    run_queue(state, state.pending(), jobs, threads);
  }
  detail::finish_sweep(state);
  return state.summary;
}

}  // namespace cogov::run
