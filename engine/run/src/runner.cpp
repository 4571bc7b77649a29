#include "cogov/run/runner.hpp"

#include <tbb/global_control.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/core/version.hpp"
#include "cogov/graph/generators.hpp"
#include "cogov/io/h5_output.hpp"
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

void write_graph_summary(io::H5Output& out, const io::Scenario& s, const graph::GraphStats& st) {
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
  (void)s;
  out.write_array<std::uint64_t>(g.get(), "degree_histogram", st.degree_histogram, "netizens",
                                 "number of netizens with degree k (index k)");
}

void write_timings(io::H5Output& out, const RunResult& r) {
  auto g = out.group("/provenance");
  io::write_attr(g.get(), "wall_seconds", r.wall_seconds);
  for (const auto& [phase, seconds] : r.times) io::write_attr(g.get(), "seconds_" + phase, seconds);
  io::write_attr(g.get(), "stopped_by_signal", static_cast<std::int64_t>(r.signal));
}

/// Memory the machine can give us now (MemAvailable), or 0 if unknown.
std::uint64_t available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

void check_memory(const io::Scenario& s, std::uint64_t limit) {
  const std::uint64_t need = estimate_world_bytes(s);
  const std::uint64_t available = available_memory();
  const std::uint64_t cap = limit > 0 ? limit : available;
  if (cap > 0 && need > cap) {
    throw ResourceError(fmt::format(
        "this scenario needs about {:.2f} GiB ({} netizens, graph '{}') but {} {:.2f} GiB; "
        "use fewer netizens or a sparser graph{}",
        static_cast<double>(need) / (1 << 30), s.population.netizens,
        graph::generator(s.graph.model).name,
        limit > 0 ? "--memory-limit allows" : "the machine has available",
        static_cast<double>(cap) / (1 << 30), limit > 0 ? ", or raise --memory-limit" : ""));
  }
}

}  // namespace

fs::path default_output(const io::Scenario& s) {
  if (!s.output.path.empty()) return s.output.path;
  const std::string stem = s.source.empty() ? "run" : s.source.stem().string();
  return fs::path("out") / (stem + ".h5");
}

RunResult run_scenario(const io::Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r;
  r.output = options.output.empty() ? default_output(scenario) : options.output;
  if (fs::exists(r.output) && !options.overwrite) {
    throw IoError(r.output.string() +
                  ": output file exists; choose another -o path or pass --force to overwrite");
  }
  check_memory(scenario, options.memory_limit);
  std::unique_ptr<tbb::global_control> limit;
  if (options.threads > 0) {
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(options.threads));
  }
  r.threads = static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));

  Simulation sim(scenario);
  {
    detail::ScopedTimer timer(r.times["graph.stats"]);
    r.graph = graph::compute_stats(sim.world().social, scenario.seed);
  }
  io::H5Output out(r.output, options.overwrite);
  write_provenance(out, scenario, options, r.threads);
  write_graph_summary(out, scenario, r.graph);
  Recorder recorder(out, sim);
  double& record_time = r.times["record"];
  double& write_time = r.times["write"];
  recorder.record(sim);
  r.initial = sim.tally();

  detail::StopSignal stop;
  detail::Progress progress(scenario.time.steps, scenario.population.netizens, options.quiet);
  while (!sim.finished()) {
    sim.step();
    {
      detail::ScopedTimer timer(record_time);
      recorder.record(sim);
    }
    const double share = sim.tally().netizens ? static_cast<double>(sim.tally().participants) /
                                                    static_cast<double>(sim.tally().netizens)
                                              : 0.0;
    if (share > r.peak_participation) {
      r.peak_participation = share;
      r.peak_step = sim.steps_done();
    }
    if (sim.steps_done() % scenario.output.flush_every == 0) {
      detail::ScopedTimer timer(write_time);
      out.flush();
    }
    progress.update(sim.steps_done());
    if ((r.signal = detail::StopSignal::received()) != 0) break;
  }
  progress.finish();
  r.steps_done = sim.steps_done();
  r.final = sim.tally();
  r.complete = sim.finished();
  for (const auto& [phase, seconds] : sim.times()) r.times[phase] += seconds;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_timings(out, r);
  {
    detail::ScopedTimer timer(write_time);
    out.finish(r.complete);
  }
  return r;
}

}  // namespace cogov::run
