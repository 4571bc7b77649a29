// Edge lists loaded from files (edge_list.hpp) as a generator of the table.

#include "cogov/graph/generators/file.hpp"
#include "cogov/graph/edge_list.hpp"

namespace cogov::graph {

EdgeList File::generate(const Config& c, const GraphContext& ctx) {
  return load_edge_list(c.path, ctx.n, c.id_base);
}

}  // namespace cogov::graph
