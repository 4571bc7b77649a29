#pragma once
// The practical limit for the threshold step: the least code that does the same work on the
// same CSR arrays. One byte of state per netizen, a plain loop over each row counting
// participating neighbours, a compare against the netizen's threshold, TBB parallel_for.
// No RNG, no tallies, no other state: what the hardware allows for this memory pattern.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstdint>
#include <span>

namespace cogov::bench {

/// One synchronous threshold step: next[i] = now[i] (monotone) or count_i >= theta_i * k_i.
inline void limit_threshold_step(std::span<const std::uint64_t> offsets,
                                 std::span<const std::uint32_t> targets,
                                 std::span<const float> threshold, const std::uint8_t* now,
                                 std::uint8_t* next, bool monotone) {
  const std::size_t n = threshold.size();
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, 8192),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i < r.end(); ++i) {
          const std::uint64_t b = offsets[i], e = offsets[i + 1];
          std::uint32_t count = 0;
          for (std::uint64_t x = b; x < e; ++x) count += now[targets[x]];
          const auto degree = static_cast<std::uint32_t>(e - b);
          const bool on = degree > 0 &&
                          static_cast<double>(count) >= static_cast<double>(threshold[i]) * degree;
          next[i] = static_cast<std::uint8_t>(on || (monotone && now[i]));
        }
      },
      tbb::static_partitioner());
}

}  // namespace cogov::bench
