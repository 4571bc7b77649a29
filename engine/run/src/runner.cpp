#include "cogov/run/runner.hpp"

#include <tbb/global_control.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/core/version.hpp"
#include "cogov/graph/generators.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/run/checkpoint.hpp"
#include "cogov/run/memory_estimate.hpp"
#include "cogov/run/recorder.hpp"
#include "cogov/run/simulation.hpp"
#include "progress.hpp"
#include "stop_signal.hpp"
#include "timer.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_provenance(io::H5Output& out, const io::Scenario& s, const RunOptions& o, int threads) {
  const hid_t f = out.file();
  io::write_attr(f, "format", std::string("cogov-run"));
  io::write_attr(f, "format_version", std::int64_t{1});
  io::write_attr(f, "cogov_version", std::string(core::version()));
  io::write_attr(f, "git_hash", std::string(core::git_hash()));
  io::write_attr(f, "seed", s.seed);
  io::write_attr(f, "threads", static_cast<std::int64_t>(threads));
  io::write_attr(f, "ranks", std::int64_t{1});
  io::write_attr(f, "host", host_name());
  io::write_attr(f, "created", utc_now());
  io::write_attr(f, "scenario_file", s.source.string());
  io::write_attr(f, "description", s.description);
  io::write_attr(f, "netizens", static_cast<std::int64_t>(s.population.netizens));
  io::write_attr(f, "steps", static_cast<std::int64_t>(s.time.steps));
  io::write_attr(f, "step_hours", s.time.step_hours);
  auto g = out.group("/provenance");
  io::write_attr(g.get(), "scenario", io::resolved_toml(s));
  io::write_attr(g.get(), "command_line", o.command_line);
}

void write_graph_summary(io::H5Output& out, const graph::GraphStats& st) {
  auto g = out.group("/graph");
  io::write_attr(g.get(), "layer", std::string("social"));
  io::write_attr(g.get(), "vertices", static_cast<std::int64_t>(st.vertices));
  io::write_attr(g.get(), "edges", st.edges);
  io::write_attr(g.get(), "mean_degree", st.mean_degree);
  io::write_attr(g.get(), "degree_variance", st.degree_variance);
  io::write_attr(g.get(), "min_degree", static_cast<std::int64_t>(st.min_degree));
  io::write_attr(g.get(), "max_degree", static_cast<std::int64_t>(st.max_degree));
  io::write_attr(g.get(), "isolated", static_cast<std::int64_t>(st.isolated));
  io::write_attr(g.get(), "components", static_cast<std::int64_t>(st.components));
  io::write_attr(g.get(), "largest_component", static_cast<std::int64_t>(st.largest_component));
  io::write_attr(g.get(), "average_clustering", st.average_clustering);
  io::write_attr(g.get(), "transitivity", st.transitivity);
  io::write_attr(g.get(), "hash", st.hash);
  out.write_array<std::uint64_t>(g.get(), "degree_histogram", st.degree_histogram, "netizens",
                                 "number of netizens with degree k (index k)");
}

void write_timings(io::H5Output& out, const RunResult& r) {
  auto g = out.group("/provenance");
  io::write_attr(g.get(), "wall_seconds", r.wall_seconds);
  for (const auto& [phase, seconds] : r.times) io::write_attr(g.get(), "seconds_" + phase, seconds);
  io::write_attr(g.get(), "stopped_by_signal", static_cast<std::int64_t>(r.signal));
}

void check_memory(const io::Scenario& s, const RunOptions& o) {
  MemoryOptions m;
  m.checkpoints = o.checkpoint_every > 0;
  require_memory(estimate_memory(s, m), o.memory_limit, "this scenario");
}

/// Copies the snapshots of steps up to `last` from an interrupted run's old output, if it
/// can still be read.
void copy_snapshots(const fs::path& old, io::H5Output& out, std::uint32_t last) {
  if (!fs::exists(old)) return;
  io::H5Handle file(H5Fopen(old.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file || H5Lexists(file.get(), "/snapshots", H5P_DEFAULT) <= 0) return;
  io::H5Handle from(H5Gopen2(file.get(), "/snapshots", H5P_DEFAULT), H5Gclose);
  io::H5Handle to = out.group("/snapshots");
  H5G_info_t gi;
  if (!from || H5Gget_info(from.get(), &gi) < 0) return;
  for (hsize_t k = 0; k < gi.nlinks; ++k) {
    char name[64];
    if (H5Lget_name_by_idx(from.get(), ".", H5_INDEX_NAME, H5_ITER_INC, k, name, sizeof name,
                           H5P_DEFAULT) <= 0)
      continue;
    unsigned step = 0;
    if (std::sscanf(name, "step_%u", &step) == 1 && step <= last) {
      H5Ocopy(from.get(), name, to.get(), name, H5P_DEFAULT, H5P_DEFAULT);
    }
  }
}

}  // namespace

fs::path default_output(const io::Scenario& s) {
  if (!s.output.path.empty()) return s.output.path;
  const std::string stem = s.source.empty() ? "run" : s.source.stem().string();
  return fs::path("out") / (stem + ".h5");
}

namespace {

std::unique_ptr<tbb::global_control> limit_threads(int threads, RunResult& r) {
  std::unique_ptr<tbb::global_control> limit;
  if (threads > 0) {
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(threads));
  }
  r.threads = static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  return limit;
}

/// The step loop shared by fresh and resumed runs: step, record, flush, checkpoint, stop
/// on a signal, close the output.
void drive(Simulation& sim, io::H5Output& out, Recorder& recorder, const RunOptions& o,
           RunResult& r, std::chrono::steady_clock::time_point start) {
  const io::Scenario& s = sim.scenario();
  r.checkpoint = checkpoint_path(r.output);
  const std::uint32_t every =
      o.checkpoint_every > 0
          ? std::max<std::uint32_t>(
                1, static_cast<std::uint32_t>(std::lround(o.checkpoint_every / s.time.step_days())))
          : 0;
  double& record_time = r.times["record"];
  double& write_time = r.times["write"];
  double& checkpoint_time = r.times["checkpoint"];
  detail::StopSignal stop;
  detail::Progress progress(s.time.steps, s.population.netizens, o.quiet);
  while (!sim.finished()) {
    sim.step();
    {
      detail::ScopedTimer timer(record_time);
      recorder.record(sim);
    }
    const auto& t = sim.tally();
    const double share =
        t.netizens ? static_cast<double>(t.participants) / static_cast<double>(t.netizens) : 0.0;
    if (share > r.peak_participation) {
      r.peak_participation = share;
      r.peak_step = sim.steps_done();
    }
    const bool checkpoint_due = every > 0 && sim.steps_done() % every == 0 && !sim.finished();
    if (sim.steps_done() % s.output.flush_every == 0 || checkpoint_due) {
      detail::ScopedTimer timer(write_time);
      out.flush();
    }
    if (checkpoint_due) {
      detail::ScopedTimer timer(checkpoint_time);
      write_checkpoint(r.checkpoint, sim, out, o.command_line, o.checkpoint_every);
    }
    progress.update(sim.steps_done());
    if ((r.signal = detail::StopSignal::received()) != 0) break;
  }
  progress.finish();
  r.steps_done = sim.steps_done();
  r.final = sim.tally();
  r.complete = sim.finished();
  if (!r.complete) {
    detail::ScopedTimer timer(write_time);
    out.flush();
    write_checkpoint(r.checkpoint, sim, out, o.command_line, o.checkpoint_every);
  }
  for (const auto& [phase, seconds] : sim.times()) r.times[phase] += seconds;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_timings(out, r);
  {
    detail::ScopedTimer timer(write_time);
    out.finish(r.complete);
  }
  if (r.complete) {
    std::error_code ec;
    fs::remove(r.checkpoint, ec);  // a finished run needs no checkpoint
    fs::path tmp = r.checkpoint;
    tmp += ".tmp";
    fs::remove(tmp, ec);
  }
}

}  // namespace

RunResult run_scenario(const io::Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r;
  r.output = options.output.empty() ? default_output(scenario) : options.output;
  if (fs::exists(r.output) && !options.overwrite) {
    throw IoError(r.output.string() +
                  ": output file exists; choose another -o path or pass --force to overwrite");
  }
  check_memory(scenario, options);
  const auto limit = limit_threads(options.threads, r);

  Simulation sim(scenario);
  {
    detail::ScopedTimer timer(r.times["graph.stats"]);
    r.graph = graph::compute_stats(sim.world().social, scenario.seed);
  }
  io::H5Output out(r.output, options.overwrite);
  write_provenance(out, scenario, options, r.threads);
  write_graph_summary(out, r.graph);
  Recorder recorder(out, sim);
  recorder.record(sim);
  r.initial = sim.tally();
  drive(sim, out, recorder, options, r, start);
  return r;
}

RunResult resume_run(const fs::path& checkpoint, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r;
  const auto limit = limit_threads(options.threads, r);
  CheckpointInfo info;
  Simulation sim = read_checkpoint(checkpoint, &info);
  r.output = info.output;
  r.resumed_from = info.steps_done;
  // The output is written anew from the checkpoint's rows: a crash may have left the old
  // file damaged. The old file is kept aside for its snapshots until the run ends.
  fs::path part = r.output, old = r.output;
  part += ".part";
  old += ".old";
  std::error_code ec;
  if (fs::exists(part))
    fs::rename(part, old, ec);
  else if (fs::exists(r.output))
    fs::rename(r.output, old, ec);
  RunOptions o = options;
  o.command_line = info.command_line;
  // Without --checkpoint-every (negative), the interval of the run that wrote it.
  if (o.checkpoint_every < 0) o.checkpoint_every = info.checkpoint_every;
  io::H5Output out(r.output, true);
  write_provenance(out, sim.scenario(), o, r.threads);
  io::write_attr(out.file(), "created", info.created);
  io::write_attr(out.group("/provenance").get(), "resumed_from_step",
                 static_cast<std::int64_t>(info.steps_done));
  r.graph = graph::compute_stats(sim.world().social, sim.scenario().seed);
  write_graph_summary(out, r.graph);
  Recorder recorder(out, sim);
  out.restore(info.history);
  copy_snapshots(old, out, info.steps_done);
  r.initial = sim.tally();
  drive(sim, out, recorder, o, r, start);
  fs::remove(old, ec);
  return r;
}

}  // namespace cogov::run
