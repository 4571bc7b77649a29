// Times the netizen step (the hot loop) on a generated world: agent-steps and edge visits per
// second for 1..max threads, median and spread of repeats.
//
// usage: bench_step [netizens=1000000] [steps=30] [repeats=5] [model=community|erdos_renyi]
//                   [rule=logit|threshold]

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cogov/run/simulation.hpp"

using namespace cogov;

int main(int argc, char** argv) {
  const std::uint32_t n = argc > 1 ? static_cast<std::uint32_t>(std::stoul(argv[1])) : 1000000;
  const int steps = argc > 2 ? std::stoi(argv[2]) : 30;
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 5;
  const std::string model = argc > 4 ? argv[4] : "community";
  const std::string rule = argc > 5 ? argv[5] : "logit";

  io::Scenario s;
  s.population.netizens = n;
  s.time.steps = static_cast<std::uint32_t>(steps * repeats + 1);
  if (model == "erdos_renyi") s.graph.model = graph::model_of<graph::ErdosRenyi>;
  if (rule == "threshold") {
    s.rules.participation.rule = model::ParticipationRule::threshold;
    s.rules.participation.inertia_prob = 0;
    s.rules.participation.threshold.monotone = false;
  }
  const auto t0 = std::chrono::steady_clock::now();
  run::Simulation sim(s);
  const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double edges = static_cast<double>(sim.world().social.directed_edges());
  fmt::print(
      "# bench_step: {} netizens, graph {} ({:.0f} directed edges), rule {}, {} steps x {} "
      "repeats; "
      "build {:.2f} s\n",
      n, model, edges, rule, steps, repeats, build);
  fmt::print("{:>8} {:>12} {:>12} {:>16} {:>16}\n", "threads", "ms/step", "spread", "agent-steps/s",
             "edge-visits/s");
  const int max_threads = tbb::info::default_concurrency();
  for (int threads = 1; threads <= max_threads; threads *= 2) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    std::vector<double> per_step;
    for (int r = 0; r < repeats; ++r) {
      const auto a = std::chrono::steady_clock::now();
      for (int t = 0; t < steps; ++t) sim.step();
      per_step.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count() / steps);
    }
    std::sort(per_step.begin(), per_step.end());
    const double median = per_step[per_step.size() / 2];
    fmt::print("{:>8} {:>12.3f} {:>11.1f}% {:>16.3e} {:>16.3e}\n", threads, median * 1e3,
               100 * (per_step.back() - per_step.front()) / median, n / median, edges / median);
  }
  return 0;
}
