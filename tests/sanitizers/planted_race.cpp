// A deliberate data race inside a core::for_blocks body (a tbb::parallel_for), for the
// ThreadSanitizer check of scripts/sanitize.sh only: TSan must report it. If it does not, the
// suppressions in tsan.supp hide races in cogov's own parallel loops, and the TSan job could
// not fail. Built only with -DCOGOV_PLANTED_RACE=ON, never in the product or the test suite.

#include <tbb/global_control.h>

#include <cstdio>

#include "cogov/core/parallel.hpp"

int main() {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 4);
  long counter = 0;  // not atomic, and every block adds to it: the planted race
  for (int round = 0; round < 50; ++round) {
    cogov::core::for_blocks(
        1 << 16,
        [&](std::size_t begin, std::size_t end, std::size_t) {
          for (std::size_t i = begin; i < end; ++i) counter += 1;
        },
        64);
  }
  std::printf("%ld\n", counter);
  return 0;
}
