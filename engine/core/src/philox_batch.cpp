#include "cogov/core/philox_batch.hpp"

#if defined(__x86_64__)
// GCC 12's AVX-512 headers warn that their own undefined-value helpers are uninitialised
// (GCC bug 105593, fixed in 13); the warning is about the header, not this code.
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#endif

namespace cogov::core {

namespace {

// Philox4x32 constants (Salmon et al. 2011; Random123's PHILOX_M4x32_* and PHILOX_W32_*).
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

std::uint32_t tag_of(AgentKind kind, Purpose purpose) {
  return (static_cast<std::uint32_t>(kind) << 16) | static_cast<std::uint32_t>(purpose);
}

#if defined(__x86_64__)
// Eight lanes per register, both halves of the batch in flight at once. The 32 x 32 -> 64
// multiply (vpmuludq) takes the even lanes; the odd lanes are shifted down, multiplied and
// blended back, so one round is two multiplies per word pair instead of a widened 64-bit
// multiply per lane. Integer arithmetic only: the same bits as the portable loop.
constexpr int kHalves = kPhiloxBatch / 8;
static_assert(kPhiloxBatch % 8 == 0, "the vector path takes eight lanes per register");

[[gnu::target("avx2")]] inline void mul_hi_lo(__m256i a, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(a, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0b10101010);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0b10101010);
}

[[gnu::target("avx2")]] void blocks_avx2(std::uint64_t seed, std::uint32_t first,
                                         std::uint32_t step, std::uint32_t tag,
                                         PhiloxBatch& batch) {
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  __m256i c0[kHalves], c1[kHalves], c2[kHalves], c3[kHalves];
  for (int h = 0; h < kHalves; ++h) {
    c0[h] = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first + 8u * h)),
                             _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    c1[h] = _mm256_set1_epi32(static_cast<int>(step));
    c2[h] = _mm256_set1_epi32(static_cast<int>(tag));
    c3[h] = _mm256_setzero_si256();
  }
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    const __m256i key0 = _mm256_set1_epi32(static_cast<int>(k0));
    const __m256i key1 = _mm256_set1_epi32(static_cast<int>(k1));
    for (int h = 0; h < kHalves; ++h) {
      __m256i hi0, lo0, hi1, lo1;
      mul_hi_lo(c0[h], m0, hi0, lo0);
      mul_hi_lo(c2[h], m1, hi1, lo1);
      c0[h] = _mm256_xor_si256(_mm256_xor_si256(hi1, c1[h]), key0);
      c2[h] = _mm256_xor_si256(_mm256_xor_si256(hi0, c3[h]), key1);
      c1[h] = lo1;
      c3[h] = lo0;
    }
    k0 += kW0;
    k1 += kW1;
  }
  for (int h = 0; h < kHalves; ++h) {
    const auto at = [&](int w) { return reinterpret_cast<__m256i*>(batch.out[w].data() + 8 * h); };
    _mm256_store_si256(at(0), c0[h]);
    _mm256_store_si256(at(1), c1[h]);
    _mm256_store_si256(at(2), c2[h]);
    _mm256_store_si256(at(3), c3[h]);
  }
}

// Sixteen lanes in one register where the CPU has AVX-512: the same scheme, masked blends.
static_assert(kPhiloxBatch == 16, "the AVX-512 path takes the batch in one register");

[[gnu::target("avx512f")]] inline void mul_hi_lo(__m512i a, __m512i m, __m512i& hi, __m512i& lo) {
  const __m512i even = _mm512_mul_epu32(a, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
  lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

[[gnu::target("avx512f")]] void blocks_avx512(std::uint64_t seed, std::uint32_t first,
                                              std::uint32_t step, std::uint32_t tag,
                                              PhiloxBatch& batch) {
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  __m512i c0 =
      _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first)),
                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  __m512i c1 = _mm512_set1_epi32(static_cast<int>(step));
  __m512i c2 = _mm512_set1_epi32(static_cast<int>(tag));
  __m512i c3 = _mm512_setzero_si512();
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    __m512i hi0, lo0, hi1, lo1;
    mul_hi_lo(c0, m0, hi0, lo0);
    mul_hi_lo(c2, m1, hi1, lo1);
    c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), _mm512_set1_epi32(static_cast<int>(k0)));
    c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), _mm512_set1_epi32(static_cast<int>(k1)));
    c1 = lo1;
    c3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  _mm512_store_si512(batch.out[0].data(), c0);
  _mm512_store_si512(batch.out[1].data(), c1);
  _mm512_store_si512(batch.out[2].data(), c2);
  _mm512_store_si512(batch.out[3].data(), c3);
}

enum class VectorPath { avx512, avx2, none };

/// The widest path this CPU runs, found once.
VectorPath vector_path() {
  static const VectorPath path = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return VectorPath::avx512;
    if (__builtin_cpu_supports("avx2")) return VectorPath::avx2;
    return VectorPath::none;
  }();
  return path;
}
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

}  // namespace

void philox_first_blocks_portable(std::uint64_t seed, AgentKind kind, std::uint32_t first,
                                  std::uint32_t step, Purpose purpose, PhiloxBatch& batch) {
  using Lanes = std::array<std::uint32_t, kPhiloxBatch>;
  Lanes c0, c1, c2, c3;
  const std::uint32_t tag = tag_of(kind, purpose);
  for (std::uint32_t l = 0; l < kPhiloxBatch; ++l) {
    c0[l] = first + l;
    c1[l] = step;
    c2[l] = tag;
    c3[l] = 0;
  }
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    for (std::uint32_t l = 0; l < kPhiloxBatch; ++l) {
      const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c0[l];
      const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c2[l];
      const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c1[l] = static_cast<std::uint32_t>(p1);
      c3[l] = static_cast<std::uint32_t>(p0);
      c0[l] = n0;
      c2[l] = n2;
    }
    k0 += kW0;
    k1 += kW1;
  }
  batch.out = {c0, c1, c2, c3};
}

bool philox_first_blocks_vectorised() {
#if defined(__x86_64__)
  return vector_path() != VectorPath::none;
#else
  return false;
#endif
}

void philox_first_blocks(std::uint64_t seed, AgentKind kind, std::uint32_t first,
                         std::uint32_t step, Purpose purpose, PhiloxBatch& batch) {
#if defined(__x86_64__)
  switch (vector_path()) {
    case VectorPath::avx512:
      return blocks_avx512(seed, first, step, tag_of(kind, purpose), batch);
    case VectorPath::avx2:
      return blocks_avx2(seed, first, step, tag_of(kind, purpose), batch);
    case VectorPath::none:
      break;
  }
#endif
  philox_first_blocks_portable(seed, kind, first, step, purpose, batch);
}

}  // namespace cogov::core
