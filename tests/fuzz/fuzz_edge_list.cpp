// libFuzzer harness: any byte string as an edge list (the first byte picks the id base).
// An InputError is the expected answer to bad input; a list that loads must build a layer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cogov/core/error.hpp"
#include "cogov/graph/edge_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int base = data[0] & 1;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const cogov::graph::EdgeList edges =
        cogov::graph::parse_edge_list(text, "fuzz.txt", 1000, base);
    const cogov::graph::Layer layer = cogov::graph::Layer::from_undirected(1000, edges);
    if (layer.vertices() != 1000) __builtin_trap();
  } catch (const cogov::InputError&) {
  }
  return 0;
}
