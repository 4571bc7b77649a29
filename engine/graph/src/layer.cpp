#include "cogov/graph/layer.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>

#include "cogov/core/parallel.hpp"

namespace cogov::graph {

Layer Layer::from_csr(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> targets) {
  Layer layer;
  layer.graph_.m_forward.m_rowstart = std::move(offsets);
  layer.graph_.m_forward.m_column = std::move(targets);
  return layer;
}

Layer Layer::from_undirected(std::uint32_t n, const EdgeList& edges) {
  // Count, fill (row order arbitrary), sort each row, drop duplicates, compact. Filling with
  // atomic cursors is nondeterministic only in the order within a row, which sorting removes.
  std::vector<std::uint64_t> cursor(static_cast<std::size_t>(n) + 1, 0);
  core::for_blocks(edges.size(), [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) {
      const Edge ed = edges[i];
      if (ed.u == ed.v) continue;
      std::atomic_ref<std::uint64_t>(cursor[ed.u + 1]).fetch_add(1, std::memory_order_relaxed);
      std::atomic_ref<std::uint64_t>(cursor[ed.v + 1]).fetch_add(1, std::memory_order_relaxed);
    }
  });
  for (std::size_t v = 1; v <= n; ++v) cursor[v] += cursor[v - 1];
  std::vector<std::uint64_t> start(cursor);  // row starts before compaction
  std::vector<std::uint32_t> column(cursor[n]);
  core::for_blocks(edges.size(), [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) {
      const Edge ed = edges[i];
      if (ed.u == ed.v) continue;
      column[std::atomic_ref<std::uint64_t>(cursor[ed.u]).fetch_add(1, std::memory_order_relaxed)] =
          ed.v;
      column[std::atomic_ref<std::uint64_t>(cursor[ed.v]).fetch_add(1, std::memory_order_relaxed)] =
          ed.u;
    }
  });
  // cursor[v] now equals start[v + 1]; reuse it for the deduplicated row lengths.
  core::for_blocks(n, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t v = b; v < e; ++v) {
      auto first = column.begin() + static_cast<std::ptrdiff_t>(start[v]);
      auto last = column.begin() + static_cast<std::ptrdiff_t>(start[v + 1]);
      std::sort(first, last);
      cursor[v] = static_cast<std::uint64_t>(std::unique(first, last) - first);
    }
  });
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t v = 0; v < n; ++v) {
    const std::uint64_t len = cursor[v];
    std::copy_n(column.begin() + static_cast<std::ptrdiff_t>(start[v]), len,
                column.begin() + static_cast<std::ptrdiff_t>(offsets[v]));
    offsets[v + 1] = offsets[v] + len;
  }
  column.resize(offsets[n]);
  // Shrinking copies the whole array: at 10^8 netizens a transient 4 GB. Only worth it when
  // duplicates and self-loops freed a noticeable share.
  if (column.capacity() - column.size() > column.size() / 16) column.shrink_to_fit();
  return from_csr(std::move(offsets), std::move(column));
}

bool Layer::has_edge(std::uint32_t u, std::uint32_t v) const {
  const auto row = neighbours(u);
  return std::binary_search(row.begin(), row.end(), v);
}

std::uint64_t Layer::memory_bytes() const {
  return graph_.m_forward.m_rowstart.capacity() * sizeof(std::uint64_t) +
         graph_.m_forward.m_column.capacity() * sizeof(std::uint32_t);
}

}  // namespace cogov::graph
