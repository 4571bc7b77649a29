#include "cogov/run/runner.hpp"

#include <tbb/global_control.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "cogov/core/cpus.hpp"
#include "cogov/core/error.hpp"
#include "cogov/core/system.hpp"
#include "cogov/core/version.hpp"
#include "cogov/graph/generators.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/io/output_lock.hpp"
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

void write_provenance(io::H5Output& out, const io::Scenario& s, const RunOptions& o, int threads) {
  const hid_t f = out.file();
  io::write_attr(f, "format", std::string("cogov-run"));
  io::write_attr(f, "format_version", std::int64_t{1});
  io::write_attr(f, "cogov_version", std::string(core::version()));
  io::write_attr(f, "git_hash", std::string(core::git_hash()));
  io::write_attr(f, "seed", s.seed);
  io::write_attr(f, "threads", static_cast<std::int64_t>(threads));
  io::write_attr(f, "ranks", std::int64_t{1});
  io::write_attr(f, "host", core::host_name());
  io::write_attr(f, "created", core::utc_now());
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
  // TBB follows the affinity mask but not a cgroup CPU quota (a container or a SLURM job
  // with --cpus-per-task): by default, use the CPUs this process may use.
  if (threads <= 0) threads = core::usable_cpus();
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

namespace {

/// The scenario with its edge-list path made absolute: the path was resolved relative to the
/// scenario file, and the checkpoint stores it; a resume from another directory (or of a
/// checkpoint kept elsewhere) must find the same file.
io::Scenario with_absolute_paths(const io::Scenario& scenario) {
  io::Scenario s = scenario;
  std::string& edges = s.graph.get<graph::File>().path;
  if (!edges.empty() && fs::path(edges).is_relative())
    edges = fs::absolute(edges).lexically_normal().string();
  return s;
}

}  // namespace

RunResult run_scenario(const io::Scenario& scenario_in, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r;
  r.output = options.output.empty() ? default_output(scenario_in) : options.output;
  // One writer per output, and every check of the path before the world is built: the lock
  // file also proves the directory writable.
  const io::OutputLock lock = io::OutputLock::acquire(r.output, "output file");
  io::check_output_path(r.output, options.overwrite);
  const io::Scenario scenario = with_absolute_paths(scenario_in);
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

namespace {

/// What is at a path that a resume would replace.
struct Found {
  enum Kind { missing, special, foreign, hdf5, damaged, cogov };
  Kind kind = missing;
  bool complete = false;
  std::string created;
};

Found inspect(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (!fs::exists(st)) return {};
  if (!fs::is_regular_file(st)) return {Found::special, false, {}};
  char sig[8] = {};
  std::ifstream in(p, std::ios::binary);
  in.read(sig, sizeof sig);
  if (in.gcount() == 0) return {Found::damaged, false, {}};  // killed as it was created
  if (in.gcount() < 8 || std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) != 0)
    return {Found::foreign, false, {}};
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle file(H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file) return {Found::damaged, false, {}};
  if (io::read_attr(file.get(), "format") != "cogov-run") return {Found::hdf5, false, {}};
  return {Found::cogov, io::read_attr(file.get(), "complete") == "1",
          io::read_attr(file.get(), "created")};
}

std::string describe(const Found& f, const std::string& created) {
  switch (f.kind) {
    case Found::foreign:
      return "is not a cogov output file";
    case Found::hdf5:
      return "is an HDF5 file but not a cogov output";
    case Found::damaged:
      return "cannot be read as a cogov output (damaged?)";
    case Found::cogov:
      return fmt::format(
          "is the {} output of another run (created {}; the checkpoint's run was "
          "created {})",
          f.complete ? "complete" : "incomplete", f.created.empty() ? "?" : f.created, created);
    default:
      return "is not a regular file (a directory, device, FIFO or socket)";
  }
}

struct ResumeTarget {
  bool already_complete = false;  ///< the output is this run's, complete: nothing to do
  bool aside_is_ours = false;     ///< the file moved to .old is this run's (copy its snapshots)
};

/// Refuses (InputError) to replace what is at the output path unless it is this run's
/// interrupted output, or `force` (never a non-regular file).
ResumeTarget check_resume_target(const fs::path& output, const std::string& created,
                                 const fs::path& checkpoint, bool force) {
  fs::path part = output, old = output;
  part += ".part";
  old += ".old";
  const Found at_output = inspect(output), at_part = inspect(part), at_old = inspect(old);
  auto refuse = [&](const fs::path& p, const Found& f) {
    if (f.kind == Found::special) {
      throw InputError(
          fmt::format("{}: {}; resume never replaces it, even with --force (checkpoint {})",
                      p.string(), describe(f, created), checkpoint.string()));
    }
    throw InputError(fmt::format(
        "{}: resume would replace this file, which is not this run's interrupted output: it "
        "{}. Move it away, or pass --force to replace it (checkpoint {})",
        p.string(), describe(f, created), checkpoint.string()));
  };
  const bool output_ours = at_output.kind == Found::cogov && at_output.created == created;
  // A .part that is HDF5 is an interrupted write (perhaps killed before its attributes were
  // flushed); only another run's is refused.
  const bool part_ours =
      at_part.kind == Found::damaged || at_part.kind == Found::hdf5 ||
      (at_part.kind == Found::cogov && (at_part.created.empty() || at_part.created == created));
  for (const auto& [p, f] :
       {std::pair{output, at_output}, std::pair{part, at_part}, std::pair{old, at_old}}) {
    if (f.kind == Found::special) refuse(p, f);
  }
  ResumeTarget t;
  if (output_ours && at_output.complete && at_part.kind == Found::missing) {
    t.already_complete = true;
    return t;
  }
  if (!force) {
    if (at_output.kind != Found::missing && !(output_ours && !at_output.complete))
      refuse(output, at_output);
    if (at_part.kind != Found::missing && !part_ours) refuse(part, at_part);
    // .old is cogov's own name for a resume's file kept aside; only refuse a foreign one.
    if (at_old.kind == Found::foreign) refuse(old, at_old);
  }
  t.aside_is_ours = at_part.kind != Found::missing ? part_ours : output_ours;
  return t;
}

/// The output path and creation time a checkpoint names, read without rebuilding its world.
std::pair<fs::path, std::string> checkpoint_output(const fs::path& checkpoint) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle file(H5Fopen(checkpoint.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file || io::read_attr(file.get(), "format") != "cogov-checkpoint") return {};
  return {io::read_attr(file.get(), "output"), io::read_attr(file.get(), "created")};
}

}  // namespace

RunResult resume_run(const fs::path& checkpoint, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r;
  const auto limit = limit_threads(options.threads, r);
  // Lock and check the output before the world is rebuilt.
  const auto [output, created] = checkpoint_output(checkpoint);
  CheckpointInfo info;
  if (output.empty()) {
    read_checkpoint(checkpoint, &info);  // says what is wrong with the file
    throw InputError(
        fmt::format("{}: the checkpoint names no output file (damaged?)", checkpoint.string()));
  }
  r.output = output;
  const io::OutputLock lock = io::OutputLock::acquire(r.output, "output file");
  const ResumeTarget target = check_resume_target(r.output, created, checkpoint, options.overwrite);
  if (target.already_complete) {
    // Stopped after the output was complete and before the checkpoint was removed.
    // Its own checkpoint is removed as the run would have; a copy elsewhere is left alone.
    r.already_complete = r.complete = true;
    std::error_code ec;
    if (fs::equivalent(checkpoint, checkpoint_path(r.output), ec)) {
      r.checkpoint = checkpoint;
      fs::remove(checkpoint, ec);
    }
    return r;
  }
  Simulation sim = read_checkpoint(checkpoint, &info);
  r.resumed_from = info.steps_done;
  // The output is written anew from the checkpoint's rows: a crash may have left the old
  // file damaged. The old file is kept aside for its snapshots until the run ends.
  fs::path part = r.output, old = r.output;
  part += ".part";
  old += ".old";
  std::error_code ec;
  const fs::path& aside = fs::exists(part) ? part : r.output;
  if (fs::exists(aside)) {
    fs::rename(aside, old, ec);
    if (ec)
      throw IoError(fmt::format("{}: cannot move it aside to {}: {}", aside.string(), old.string(),
                                ec.message()));
  }
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
  // Only this run's own file holds its snapshots (not another run's file replaced by --force).
  if (target.aside_is_ours) copy_snapshots(old, out, info.steps_done);
  r.initial = sim.tally();
  drive(sim, out, recorder, o, r, start);
  fs::remove(old, ec);
  return r;
}

}  // namespace cogov::run
