#include "cogov/core/philox_batch.hpp"

namespace cogov::core {

namespace {

// Philox4x32 constants (Salmon et al. 2011; Random123's PHILOX_M4x32_* and PHILOX_W32_*).
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

}  // namespace

// One clone per vector width; the loader picks the widest the CPU has. Integer arithmetic
// only, so every clone gives the same bits.
[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]] void philox_first_blocks(
    std::uint64_t seed, AgentKind kind, std::uint32_t first, std::uint32_t step, Purpose purpose,
    PhiloxBatch& batch) {
  using Lanes = std::array<std::uint32_t, kPhiloxBatch>;
  Lanes c0, c1, c2, c3;
  const std::uint32_t tag =
      (static_cast<std::uint32_t>(kind) << 16) | static_cast<std::uint32_t>(purpose);
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

}  // namespace cogov::core
