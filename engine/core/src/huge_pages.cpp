#include "cogov/core/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace cogov::core {

namespace {
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
#ifdef MADV_COLLAPSE
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25;  // Linux 6.1; older kernels answer EINVAL, which is fine
#endif
}  // namespace

void advise_huge_pages(const void* data, std::size_t bytes) {
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (data == nullptr || last <= first) return;
  // The first whole huge page, reached from `data` (madvise needs an aligned start).
  void* start = const_cast<char*>(static_cast<const char*>(data)) + (first - begin);
  const std::size_t length = last - first;
  madvise(start, length, MADV_HUGEPAGE);
  madvise(start, length, kCollapse);
}

}  // namespace cogov::core
