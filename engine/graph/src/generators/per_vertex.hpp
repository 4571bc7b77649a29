#pragma once
// Shared driver for generators whose edges can be produced vertex by vertex from the
// vertex's own random stream: fixed blocks in parallel, concatenated in block order, so the
// edge list is identical for any thread count.

#include <vector>

#include "cogov/core/parallel.hpp"
#include "cogov/graph/layer.hpp"

namespace cogov::graph::detail {

/// emit_for(v, out) appends the edges that vertex v brings to `out`.
template <class EmitFor>
EdgeList per_vertex_edges(std::size_t n, EmitFor&& emit_for) {
  std::vector<EdgeList> parts(core::block_count(n));
  core::for_blocks(n, [&](std::size_t begin, std::size_t end, std::size_t b) {
    for (std::size_t v = begin; v < end; ++v) emit_for(static_cast<std::uint32_t>(v), parts[b]);
  });
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  EdgeList edges;
  edges.reserve(total);
  for (auto& p : parts) {
    edges.insert(edges.end(), p.begin(), p.end());
    EdgeList().swap(p);
  }
  return edges;
}

/// Appends edges (u, v) for v in [first, last), each present independently with
/// probability p, by geometric skipping (Batagelj & Brandes 2005): O(1 + edges) work.
template <class Rng>
void bernoulli_row(std::uint32_t u, std::uint64_t first, std::uint64_t last, double p, Rng& rng,
                   EdgeList& out) {
  if (p <= 0.0 || first >= last) return;
  std::uint64_t v = first;
  for (;;) {
    v += rng.geometric(p);
    if (v >= last) return;
    out.push_back({u, static_cast<std::uint32_t>(v)});
    ++v;
  }
}

}  // namespace cogov::graph::detail
