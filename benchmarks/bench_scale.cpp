// One measurement of the benchmark harness (benchmarks/run.py): builds a world from a
// scenario, times the graph, the world and S steps x R repeats (per phase), runs the limit
// kernel on the same CSR arrays, and prints one JSON object.
//
// usage: bench_scale SCENARIO [--set key=value]... [--steps S] [--repeats R] [--threads T]

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cogov/core/huge_pages.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/run/simulation.hpp"
#include "limit_kernel.hpp"

using namespace cogov;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024.0;
}

struct Stats {
  double median, spread;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const double median = v[v.size() / 2];
  return {median, (v.back() - v.front()) / median};
}

double netizen_bytes(const model::Netizens& p) {
  return static_cast<double>(core::allocated_bytes(p));
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  std::vector<std::string> sets;
  int steps = 20, repeats = 5, threads = 0;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--set" && a + 1 < argc) {
      sets.emplace_back(argv[++a]);
    } else if (arg == "--steps" && a + 1 < argc) {
      steps = std::stoi(argv[++a]);
    } else if (arg == "--repeats" && a + 1 < argc) {
      repeats = std::stoi(argv[++a]);
    } else if (arg == "--threads" && a + 1 < argc) {
      threads = std::stoi(argv[++a]);
    } else {
      file = arg;
    }
  }
  if (file.empty()) {
    fmt::print(stderr,
               "usage: bench_scale SCENARIO [--set k=v]... [--steps S] [--repeats R] "
               "[--threads T]\n");
    return 2;
  }
  sets.push_back(fmt::format("time.steps={}", steps * repeats + 1));
  io::Scenario s = io::load_scenario(file, sets);
  std::unique_ptr<tbb::global_control> limit;
  if (threads > 0) {
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(threads));
  }
  const double rss_start = peak_rss_bytes();
  run::PhaseTimes build_times;
  auto t0 = Clock::now();
  run::World world = run::build_world(s, &build_times);
  const double build_seconds = seconds_since(t0);
  const double rss_built = peak_rss_bytes();
  const std::uint32_t n = world.netizens.size();
  const double edges = static_cast<double>(world.social.directed_edges());
  const double social_bytes = static_cast<double>(world.social.memory_bytes());
  // Netizen columns plus the primary platform the Simulation caches per netizen (4 + 1 bytes).
  const double state_bytes = netizen_bytes(world.netizens) + 5.0 * world.netizens.size();
  const double other_layer_bytes =
      static_cast<double>(world.platform.memory_bytes() + world.membership.memory_bytes());

  run::Simulation sim(s, std::move(world));
  sim.step();  // warm up: first touch of every page, branch history

  // The limit kernel on the same arrays. Each repeat times S model steps and then S limit
  // steps, so each ratio compares the two under the same machine conditions (a shared VM's
  // speed drifts by tens of percent over a minute).
  const auto& layer = sim.world().social;
  const auto& p = sim.world().netizens;
  std::vector<std::uint8_t> a(n), b(n);
  core::advise_huge_pages(a.data(), n);  // as cogov does for its visible bytes
  core::advise_huge_pages(b.data(), n);
  for (std::uint32_t i = 0; i < n; ++i) a[i] = p.participating(i) ? 1 : 0;
  std::vector<double> per_step, limit_per_step, ratios;
  for (int r = 0; r < repeats; ++r) {
    const int model_steps = steps - (r == 0 ? 1 : 0);
    t0 = Clock::now();
    for (int k = 0; k < model_steps; ++k) sim.step();
    per_step.push_back(seconds_since(t0) / model_steps);
    t0 = Clock::now();
    for (int k = 0; k < steps; ++k) {
      bench::limit_threshold_step(layer.offsets(), layer.targets(), p.threshold, a.data(), b.data(),
                                  false);
      std::swap(a, b);
    }
    limit_per_step.push_back(seconds_since(t0) / steps);
    ratios.push_back(per_step.back() / limit_per_step.back());
  }
  const Stats step = stats(per_step);
  const Stats lim = stats(limit_per_step);
  const Stats ratio = stats(ratios);
  const double total_steps = steps * repeats;

  fmt::print("{{\"netizens\": {}, \"directed_edges\": {:.0f}, \"threads\": {}, ", n, edges,
             threads);
  fmt::print("\"build_seconds\": {:.4f}, ", build_seconds);
  for (const auto& [phase, sec] : build_times) fmt::print("\"build.{}\": {:.4f}, ", phase, sec);
  fmt::print("\"step_ms\": {:.4f}, \"step_spread\": {:.4f}, ", step.median * 1e3, step.spread);
  fmt::print("\"agent_steps_per_s\": {:.4e}, \"edge_visits_per_s\": {:.4e}, ", n / step.median,
             edges / step.median);
  for (const auto& [phase, sec] : sim.times())
    fmt::print("\"ms_per_step.{}\": {:.4f}, ", phase, sec / total_steps * 1e3);
  fmt::print("\"limit_step_ms\": {:.4f}, \"limit_spread\": {:.4f}, ", lim.median * 1e3, lim.spread);
  fmt::print("\"limit_edge_visits_per_s\": {:.4e}, ", edges / lim.median);
  fmt::print("\"step_to_limit\": {:.4f}, \"step_to_limit_spread\": {:.4f}, ", ratio.median,
             ratio.spread);
  // Each repeat (the model's step cost follows its state: rumours spreading cost more).
  const auto ms = [](std::vector<double> v) {
    for (double& x : v) x *= 1e3;
    return v;
  };
  fmt::print("\"step_ms_each\": [{:.4f}], \"limit_ms_each\": [{:.4f}], ",
             fmt::join(ms(per_step), ", "), fmt::join(ms(limit_per_step), ", "));
  fmt::print("\"state_bytes_per_netizen\": {:.2f}, \"social_bytes_per_directed_edge\": {:.3f}, ",
             state_bytes / n, social_bytes / edges);
  fmt::print("\"other_layers_bytes_per_netizen\": {:.2f}, ", other_layer_bytes / n);
  fmt::print(
      "\"rss_start_bytes\": {:.0f}, \"rss_built_bytes\": {:.0f}, \"rss_peak_bytes\": {:.0f}}}\n",
      rss_start, rss_built, peak_rss_bytes());
  return 0;
}
