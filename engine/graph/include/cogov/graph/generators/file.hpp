#pragma once
// Edge list loaded from a file (graph.model = "file"): see edge_list.hpp for the format.

#include <string>
#include <string_view>

#include "cogov/graph/generator.hpp"

namespace cogov::graph {

struct File {
  static constexpr std::string_view name = "file";
  static constexpr std::string_view summary = "edge list loaded from graph.file.path";
  struct Config {
    std::string path;  ///< edge list; relative paths are relative to the scenario file
    int id_base = 0;   ///< 0 or 1: the id of the first netizen in the file
  };
  template <class V>
  static void visit(V& v, Config& c, bool chosen) {
    using core::Range;
    v.path("path", c.path, {Range::any(), "", "edge list, relative to the scenario file"});
    v.value("id_base", c.id_base,
            {Range::between(0, 1), "", "id of the first netizen in the file: 0 or 1"});
    v.check(!chosen || !c.path.empty(), "graph.file.path",
            "must be set when graph.model = \"file\"");
  }
  /// Unknown before the file is read: a typical social degree.
  static double mean_degree(const Config&, std::uint32_t) { return 10.0; }
  static EdgeList generate(const Config& c, const GraphContext& ctx);
};

}  // namespace cogov::graph
