#pragma once
// The fused neighbour pass: one sweep of a netizen's social row counts every
// neighbour-visible property at once (one byte per neighbour, visible::*).
//
//   k_i = degree, and the neighbours that participate, show victimisation, believe a rumour,
//   debunk (participating recovered) and debunk with boosted efficacy
//
// Reads: the visible bytes at t of the row's netizens. Writes: nothing. No random draws.
//
// The five counts cost one table load and one add per edge: a 256-entry table gives, for
// each visible byte, bit k copied to bit 12k, so the counts accumulate in 12-bit lanes of
// one word, unpacked once per row (rows of 4096 or more in chunks, so no lane overflows).

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model::stage {

inline constexpr int kLaneBits = 12;
inline constexpr std::uint32_t kLaneMax = (1u << kLaneBits) - 1;
inline constexpr std::uint64_t kSpreadMul = 0x0000100200400801ull;  // sum of 2^(11k), k = 0..4
inline constexpr std::uint64_t kLaneMask = 0x0001001001001001ull;   // bit 12k, k = 0..4

/// The lanes each visible byte adds (bits above the five counted ones ignored).
inline constexpr std::array<std::uint64_t, 256> kLanesOf = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::uint64_t b = 0; b < 256; ++b) t[b] = ((b & 31u) * kSpreadMul) & kLaneMask;
  return t;
}();

inline std::uint32_t lane(std::uint64_t lanes, int bit) {
  return static_cast<std::uint32_t>(lanes >> (kLaneBits * bit)) & kLaneMax;
}

/// With `ahead` > 0 each edge also asks for the visible byte of the edge `ahead` places on
/// in the CSR targets (the caller makes sure that edge exists): one load and a prefetch per
/// edge in the counting loop, instead of a loop of its own.
template <std::uint32_t ahead = 0>
[[gnu::always_inline]] inline std::uint64_t lanes_of(const std::uint32_t* x,
                                                     const std::uint32_t* end,
                                                     const std::uint8_t* now) {
  std::uint64_t lanes = 0;
#pragma GCC unroll 4
  for (; x != end; ++x) {
    if constexpr (ahead > 0) __builtin_prefetch(now + x[ahead]);
    lanes += kLanesOf[now[*x]];
  }
  return lanes;
}

[[gnu::always_inline]] inline void unpack(std::uint64_t lanes, Neighbourhood& nb) {
  nb.participating += lane(lanes, 0);
  nb.victimised += lane(lanes, 1);
  nb.believers += lane(lanes, 2);
  nb.debunkers += lane(lanes, 3);
  nb.boosted += lane(lanes, 4);
}

/// Every count (`ahead`: see lanes_of).
template <std::uint32_t ahead = 0>
[[gnu::always_inline]] inline Neighbourhood scan(std::span<const std::uint32_t> row,
                                                 const std::uint8_t* now) {
  Neighbourhood nb;
  nb.degree = static_cast<std::uint32_t>(row.size());
  const std::uint32_t* x = row.data();
  const std::uint32_t* end = x + row.size();
  if (row.size() <= kLaneMax) [[likely]] {
    unpack(lanes_of<ahead>(x, end, now), nb);
    return nb;
  }
  for (; x < end; x += kLaneMax) unpack(lanes_of<ahead>(x, std::min(end, x + kLaneMax), now), nb);
  return nb;
}

/// Participating neighbours only: in a settled step no other visible bit is set.
template <std::uint32_t ahead = 0>
[[gnu::always_inline]] inline Neighbourhood scan_participation(std::span<const std::uint32_t> row,
                                                               const std::uint8_t* now) {
  Neighbourhood nb;
  nb.degree = static_cast<std::uint32_t>(row.size());
  for (const std::uint32_t* x = row.data(); x != row.data() + row.size(); ++x) {
    if constexpr (ahead > 0) __builtin_prefetch(now + x[ahead]);
    nb.participating += now[*x] & visible::participating;
  }
  return nb;
}

}  // namespace cogov::model::stage
