// Local sweeps: up to `jobs` child runs at once on this machine.

#include "cogov/run/sweep.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "cogov/core/cpus.hpp"
#include "cogov/core/error.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/io/output_lock.hpp"
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

/// The sweep's directories, or an IoError naming the path (not a filesystem_error: that
/// would read as a bug).
void make_outdir(const fs::path& outdir) {
  std::error_code ec;
  if (fs::exists(outdir, ec) && !fs::is_directory(outdir, ec))
    throw IoError(fmt::format("--outdir {}: exists and is not a directory", outdir.string()));
  for (const fs::path& dir : {outdir, outdir / "runs", outdir / "logs"}) {
    fs::create_directories(dir, ec);
    if (ec)
      throw IoError(fmt::format("--outdir {}: cannot create {}: {}", outdir.string(), dir.string(),
                                ec.message()));
  }
  if (access(outdir.c_str(), W_OK) != 0)
    throw IoError(
        fmt::format("--outdir {}: not writable: {}", outdir.string(), std::strerror(errno)));
}

/// Whether a run's output is there and marked complete (`complete = 1`, renamed from
/// .part): only such a file counts as done.
bool output_complete(const fs::path& output) {
  std::error_code ec;
  if (!fs::is_regular_file(output, ec)) return false;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  const bool complete = io::read_attr(f, "complete") == "1";
  H5Fclose(f);
  return complete;
}

/// A run the record says was running (its sweep killed): if its process is still alive on
/// this host, running `cogov` on this output, waits for it to end (it got SIGTERM when the
/// sweep died and stops within a step); refuses to start beside it.
void wait_for_orphan(const IndexRow& row, const std::map<std::string, std::string>& recorded,
                     const fs::path& outdir) {
  const auto error = recorded.find("error");
  if (error == recorded.end()) return;
  long pid = 0;
  char host[256] = {};
  if (std::sscanf(error->second.c_str(), "running as pid %ld on %255s", &pid, host) != 2 ||
      pid <= 0)
    return;
  char here[256] = {};
  gethostname(here, sizeof here - 1);
  if (std::string(host) != here) return;
  const auto alive_on_output = [&] {
    std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return !cmdline.empty() &&
           cmdline.find(fs::path(row.output).filename().string()) != std::string::npos;
  };
  for (int i = 0; i < 600 && alive_on_output(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (alive_on_output())
    throw IoError(
        fmt::format("run {}: process {} of an earlier sweep still writes {}; stop it (kill {}) and "
                    "resume again",
                    row.run.id, pid, (outdir / row.output).string(), pid));
}

}  // namespace

SweepState plan_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o,
                      std::uint32_t replicates) {
  SweepState state{o, {}, {}, nullptr, {}};
  state.summary.index = index_path(o.outdir, o.task_index, o.task_count);
  for (const auto& run : io::plan_experiment(experiment, &state.summary.warnings, replicates)) {
    if (run.id % o.task_count != o.task_index) continue;
    IndexRow row;
    row.run = run;
    row.output = (fs::path("runs") / fmt::format("run-{:06d}.h5", run.id)).string();
    state.rows.push_back(std::move(row));
  }
  state.summary.planned = static_cast<std::uint32_t>(state.rows.size());
  return state;
}

SweepState prepare_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o,
                         std::uint32_t replicates) {
  SweepState state = plan_sweep(experiment, o, replicates);
  make_outdir(o.outdir);
  state.record = std::make_unique<SweepRecord>(state.summary.index);
  if (o.resume) {
    const RecordedSweep previous = read_sweep_record(state.summary.index);
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
      const auto it = previous.runs.find(row.run.id);
      if (it == previous.runs.end()) continue;
      const auto& recorded = it->second.columns;
      // Run ids follow the plan's order: a changed experiment would give an old file a new
      // meaning. Refuse rather than mix.
      for (const auto& [column, value] : identity(row)) {
        const auto old = recorded.find(column);
        if (old == recorded.end() || old->second != value) {
          throw IoError(fmt::format(
              "{}: run {} was recorded with {} = {}, but the experiment now plans {}; the "
              "experiment changed since this sweep began: use a new --outdir",
              previous.file.string(), row.run.id, column,
              old == recorded.end() ? std::string("(no such column)") : old->second, value));
        }
      }
      const std::string& status = recorded.at("status");
      if (status == "running") wait_for_orphan(row, recorded, o.outdir);
      if (status != "done") continue;
      // Done only if its output is there and complete: an orphaned run of a killed sweep,
      // or a damaged disk, may have left it otherwise.
      if (output_complete(o.outdir / row.output)) {
        row.status = "done";
        row.exit_code = 0;
        const auto wall = recorded.find("wall_seconds");
        if (wall != recorded.end()) row.wall_seconds = std::atof(wall->second.c_str());
        ++state.summary.skipped;
      } else {
        state.summary.warnings.push_back(fmt::format(
            "run {} was recorded as done but {} is missing or incomplete: it runs again",
            row.run.id, (o.outdir / row.output).string()));
      }
    }
  } else if (fs::exists(state.summary.index) || fs::exists(state.record->journal())) {
    throw IoError(fmt::format(
        "{}: a sweep index exists; pass --resume to continue it or choose another --outdir",
        state.summary.index.string()));
  }
  state.record->begin(state.rows);
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
  state.progress.grow(state.rows.size());
  if (state.record) state.record->added(state.rows, before);
}

std::uint32_t recorded_replicates(const fs::path& index) {
  std::uint32_t n = 0;
  const RecordedSweep recorded = read_sweep_record(index);
  for (const auto& [id, row] : recorded.runs) {
    if (const auto it = row.columns.find("replicate"); it != row.columns.end()) {
      const std::uint64_t r = parse_count(it->second, recorded.file, 0, "replicate");
      n = std::max(n, static_cast<std::uint32_t>(std::min<std::uint64_t>(r + 1, 0xffffffffU)));
    }
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
  // The CPUs the job was given (taskset, a scheduler's binding, a cgroup quota), not
  // the machine's.
  return std::max(1, core::usable_cpus() / std::max(1, runs_per_node));
}

void finish_sweep(SweepState& state) {
  state.summary.signal = StopSignal::received();
  for (std::size_t i = 0; i < state.rows.size(); ++i) {
    if (state.rows[i].status != "running") continue;
    state.rows[i].status = "stopped";
    state.rows[i].error.clear();
    state.changed(i);
  }
  state.save();
}

void SweepState::changed(std::size_t row) {
  if (record) record->changed(rows, row);
}

void SweepState::save() {
  if (record) record->write_summary(rows);
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
    // A stop signal: pass it on once, so each run closes its output cleanly (also when it
    // arrived while a run was being started, outside waitpid).
    if (const int sig = detail::StopSignal::received(); sig != 0 && !forwarded) {
      for (const auto& child : running) kill(child.pid, sig);
      forwarded = true;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno != EINTR) throw InternalError(fmt::format("waitpid: {}", std::strerror(errno)));
      continue;
    }
    const auto it = std::find_if(running.begin(), running.end(),
                                 [&](const detail::ChildRun& c) { return c.pid == pid; });
    if (it == running.end()) continue;
    if (detail::retry_afresh(state, *it, status, threads)) continue;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->start).count();
    const std::size_t row = it->row;
    const std::string note = it->note;
    running.erase(it);
    detail::record_end(state, row, status, seconds, note);
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
  const fs::path file = outdir / "stopping.csv";
  std::ifstream in(file);
  std::string line, last;
  std::size_t number = 0, last_number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty()) {
      last = line;
      last_number = number;
    }
  }
  const std::size_t comma = last.find(',');
  if (last.empty() || comma == std::string::npos || last[0] < '0' || last[0] > '9') return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(
      detail::parse_count(last.substr(0, comma), file, last_number, "round"), 0xffffffffU));
}

SweepSummary run_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o) {
  // One sweep per --outdir (per task of a job array): a second one is refused, exit 2. When
  // the directory cannot be made, make_outdir says why in its own words.
  io::OutputLock lock;
  try {
    lock = io::OutputLock::acquire(index_path(o.outdir, o.task_index, o.task_count),
                                   "sweep index (--outdir)");
  } catch (const IoError&) {
    detail::make_outdir(o.outdir);
    throw;
  }
  detail::StopSignal stop;
  const bool adaptive = experiment.stopping.active();
  if (adaptive && stopping_maximum(experiment) < experiment.replicates)
    throw io::ExperimentError({fmt::format(
        "{}: stopping.max_replicates = {}: is below the first round's {} replicates; allow at "
        "least {} (or fewer experiment.replicates)",
        experiment.source.string(), stopping_maximum(experiment), experiment.replicates,
        experiment.replicates)});
  std::uint32_t replicates = experiment.replicates;
  if (adaptive && o.resume)
    replicates = std::max(
        replicates, detail::recorded_replicates(index_path(o.outdir, o.task_index, o.task_count)));
  detail::SweepState state = detail::prepare_sweep(experiment, o, replicates);
  const int jobs = std::max(1, o.jobs);
  const int threads = detail::default_threads(o, jobs);
  state.progress.start(state.rows.size(), state.summary.skipped, jobs, o.quiet);
  if (adaptive) {
    run_rounds(state, experiment, replicates, jobs, threads);
  } else {
    run_queue(state, state.pending(), jobs, threads);
  }
  detail::finish_sweep(state);
  return state.summary;
}

}  // namespace cogov::run
