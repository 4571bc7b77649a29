#include <tbb/global_control.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "cogov/core/parallel.hpp"

namespace {

struct Sum {
  double s = 0;
  Sum& operator+=(const Sum& o) {
    s += o.s;
    return *this;
  }
};

double harmonic_sum(std::size_t n) {
  return cogov::core::reduce_blocks<Sum>(n,
                                         [](std::size_t b, std::size_t e, Sum& acc) {
                                           for (std::size_t i = b; i < e; ++i)
                                             acc.s += 1.0 / static_cast<double>(i + 1) *
                                                      std::sin(double(i));
                                         })
      .s;
}

}  // namespace

TEST_CASE("parallel: block reductions are bitwise identical for 1, 2 and 4 threads",
          "[core][determinism]") {
  const std::size_t n = 1000003;
  double results[3];
  int k = 0;
  for (std::size_t threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    results[k++] = harmonic_sum(n);
  }
  CHECK(results[0] == results[1]);
  CHECK(results[0] == results[2]);
}

TEST_CASE("parallel: for_blocks covers every index once", "[core]") {
  std::vector<int> hits(100000, 0);
  cogov::core::for_blocks(hits.size(), [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) ++hits[i];
  });
  for (int h : hits) REQUIRE(h == 1);
  CHECK(cogov::core::block_count(0) == 0);
  CHECK(cogov::core::block_count(cogov::core::kBlockSize + 1) == 2);
}
