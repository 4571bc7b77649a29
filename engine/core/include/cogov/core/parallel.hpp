#pragma once
// Deterministic parallel loops. Work is cut into fixed-size blocks whose boundaries depend
// only on the problem size, never on the thread count; per-block results are combined in
// block order. So floating-point sums are bitwise identical for 1, 2 or 64 threads.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define COGOV_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define COGOV_TSAN 1
#endif
#endif
#ifdef COGOV_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace cogov::core {

namespace detail {

/// The fork and join of a parallel loop, told to ThreadSanitizer. oneTBB's scheduler
/// synchronises inside its library, which Debian does not build for TSan, so TSan would see
/// no order between what the caller writes before a loop and the tasks read, or what the
/// tasks write and the caller reads after it. These edges are exactly the loop's own
/// (fork: caller -> each task; join: each task -> caller); tasks stay unordered among
/// themselves, so a race between two blocks is still reported (tests/sanitizers/
/// planted_race.cpp). Nothing in other builds.
struct ForkJoin {
#ifdef COGOV_TSAN
  void fork() {
    __tsan_release(&fork_);
  }
  void enter() {
    __tsan_acquire(&fork_);
  }
  void leave() {
    __tsan_release(&join_);
  }
  void join() {
    __tsan_acquire(&join_);
  }
  char fork_ = 0, join_ = 0;
#else
  void fork() {}
  void enter() {}
  void leave() {}
  void join() {}
#endif
};

}  // namespace detail

/// Agents per block: large enough to amortise scheduling, small enough to balance 2-64 cores.
inline constexpr std::size_t kBlockSize = 8192;

inline std::size_t block_count(std::size_t n, std::size_t block = kBlockSize) {
  return (n + block - 1) / block;
}

/// Calls body(begin, end, block_index) for each fixed block of [0, n), in parallel.
template <class Body>
void for_blocks(std::size_t n, Body&& body, std::size_t block = kBlockSize) {
  const std::size_t blocks = block_count(n, block);
  detail::ForkJoin sync;
  sync.fork();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      sync.enter();
                      for (std::size_t b = r.begin(); b != r.end(); ++b) {
                        const std::size_t begin = b * block;
                        const std::size_t end = begin + block < n ? begin + block : n;
                        body(begin, end, b);
                      }
                      sync.leave();
                    });
  sync.join();
}

/// Reduces over fixed blocks: each block fills an Acc (default-constructed) through
/// body(begin, end, acc); partials are combined in block order with Acc::operator+=.
template <class Acc, class Body>
Acc reduce_blocks(std::size_t n, Body&& body, std::size_t block = kBlockSize) {
  std::vector<Acc> partial(block_count(n, block));
  for_blocks(
      n, [&](std::size_t begin, std::size_t end, std::size_t b) { body(begin, end, partial[b]); },
      block);
  Acc total{};
  for (const Acc& p : partial) total += p;
  return total;
}

}  // namespace cogov::core
