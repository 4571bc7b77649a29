// cogov info: what an output file holds.

#include <fmt/format.h>

#include "cogov/io/h5_summary.hpp"
#include "options.hpp"

namespace cogov::cli {

namespace {

std::string get(const std::map<std::string, std::string>& m, const std::string& k) {
  const auto it = m.find(k);
  return it == m.end() ? "?" : it->second;
}

}  // namespace

int cmd_info(const Args& args) {
  std::string file;
  if (!parse_one_file(args, "info", "output file (HDF5)", "usage: cogov info OUT.h5", file))
    return kExitOk;
  const io::FileSummary s = io::read_summary(file);
  const auto& a = s.attributes;
  fmt::print("{}: {} format {}, {}\n", file, get(a, "format"), get(a, "format_version"),
             get(a, "complete") == "1" ? "complete" : "INCOMPLETE (stopped or crashed)");
  fmt::print("  cogov {} ({}), seed {}, {} threads, host {}, created {}\n", get(a, "cogov_version"),
             get(a, "git_hash"), get(a, "seed"), get(a, "threads"), get(a, "host"),
             get(a, "created"));
  fmt::print("  scenario {}: {} netizens, {} steps of {} h; {} steps written\n",
             get(a, "scenario_file"), get(a, "netizens"), get(a, "steps"), get(a, "step_hours"),
             get(a, "steps_written"));
  if (!get(a, "description").empty() && get(a, "description") != "?")
    fmt::print("  {}\n", get(a, "description"));
  const auto& g = s.graph_attributes;
  fmt::print(
      "  graph: {} vertices, {} edges, mean degree {}, max degree {}, {} components (largest {}), "
      "clustering {}\n",
      get(g, "vertices"), get(g, "edges"), get(g, "mean_degree"), get(g, "max_degree"),
      get(g, "components"), get(g, "largest_component"), get(g, "average_clustering"));
  fmt::print("  wall time {} s\n", get(s.provenance, "wall_seconds"));
  fmt::print("series ({}):\n", s.series.size());
  for (const auto& ser : s.series) {
    std::string shape;
    for (auto d : ser.shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
    std::string last;
    for (std::size_t i = 0; i < ser.last.size() && i < 4; ++i)
      last += (i ? ", " : "") + fmt::format("{:.4g}", ser.last[i]);
    if (ser.last.size() > 4) last += ", ...";
    fmt::print("  {:<26} {:>10}  {:<9} last [{}]  {}\n", ser.name, shape, ser.units, last,
               ser.description);
  }
  if (!s.snapshots.empty()) {
    std::string list;
    for (const auto& n : s.snapshots) list += (list.empty() ? "" : ", ") + n;
    fmt::print("snapshots: {}\n", list);
  }
  return kExitOk;
}

}  // namespace cogov::cli
