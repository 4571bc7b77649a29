#pragma once
// Transparent huge pages for arrays read at random: the visible bytes are read once per edge
// at random positions, and beyond a few MB each read would otherwise cost a TLB miss.

#include <cstddef>

namespace cogov::core {

/// Asks the kernel to back the 2 MiB-aligned interior of [data, data + bytes) with huge
/// pages: at once (MADV_COLLAPSE, Linux 6.1+) and for pages faulted later (MADV_HUGEPAGE).
/// Best effort: without THP support nothing changes, and nothing is reported.
void advise_huge_pages(const void* data, std::size_t bytes);

}  // namespace cogov::core
