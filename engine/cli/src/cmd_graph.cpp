// cogov graph: build only the social layer of a scenario, print statistics, export it.

#include <fmt/format.h>

#include <chrono>

#include "cogov/graph/edge_list.hpp"
#include "cogov/graph/generators.hpp"
#include "cogov/graph/stats.hpp"
#include "cogov/run/memory_estimate.hpp"
#include "cogov/run/world.hpp"
#include "options.hpp"

namespace cogov::cli {

int cmd_graph(const Args& args) {
  ScenarioOptions so;
  std::string export_path;
  po::options_description desc("cogov graph options");
  desc.add_options()("help,h", "show this help");
  so.add_to(desc);
  desc.add_options()("export,e", po::value(&export_path),
                     "write the edge list (0-based 'u v' lines) to this file")(
      "histogram", "print the degree histogram");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse(args, desc, pos, vm,
             "usage: cogov graph SCENARIO [--export edges.txt] [--set key=value]...")) {
    return kExitOk;
  }
  const io::Scenario s = so.load();
  run::require_memory(run::estimate_memory(s, {.graph_only = true, .checkpoints = false}), 0,
                      "this graph");  // before building: refused, not killed by the OOM killer
  const auto t0 = std::chrono::steady_clock::now();
  const core::Territory territory = run::build_territory(s);
  const graph::Layer layer = run::build_social_layer(s, territory);
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const graph::GraphStats st = graph::compute_stats(layer, s.seed);
  fmt::print("social layer '{}': {} vertices, {} edges, built in {:.2f} s\n", s.graph.model_name(),
             st.vertices, st.edges, build_s);
  fmt::print("territory: {} grids, {} townships, {} counties\n", territory.grids(),
             territory.townships(), territory.counties());
  fmt::print("degree: mean {:.3f}, variance {:.3f}, min {}, max {}, isolated {}\n", st.mean_degree,
             st.degree_variance, st.min_degree, st.max_degree, st.isolated);
  fmt::print("components: {} (largest {} = {:.2f}%)\n", st.components, st.largest_component,
             100.0 * st.largest_component / std::max<std::uint32_t>(1, st.vertices));
  fmt::print("clustering (from {} sampled wedges): average local {:.4f}, transitivity {:.4f}\n",
             st.clustering_samples, st.average_clustering, st.transitivity);
  fmt::print("memory: {:.1f} MiB in CSR arrays ({:.2f} bytes per directed edge)\n",
             static_cast<double>(layer.memory_bytes()) / 1048576.0,
             layer.directed_edges() ? static_cast<double>(layer.memory_bytes()) /
                                          static_cast<double>(layer.directed_edges())
                                    : 0.0);
  fmt::print("hash: {:016x}\n", st.hash);
  if (vm.count("histogram")) {
    for (std::size_t k = 0; k < st.degree_histogram.size(); ++k) {
      if (st.degree_histogram[k]) fmt::print("  k={} {}\n", k, st.degree_histogram[k]);
    }
  }
  if (!export_path.empty()) {
    graph::write_edge_list(layer, export_path);
    fmt::print("edge list: {}\n", export_path);
  }
  return kExitOk;
}

}  // namespace cogov::cli
