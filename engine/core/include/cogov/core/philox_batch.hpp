#pragma once
// Philox4x32-10 for a run of consecutive agents at once: the same numbers as
// Stream(seed, kind, id, step, purpose).next_u32() x 4, computed lane-parallel so the
// compiler can use wide vector multiplies (the hot netizen step needs one block per agent).

#include <array>
#include <cstdint>

#include "cogov/core/rng.hpp"

namespace cogov::core {

/// How many agents one call computes.
inline constexpr std::uint32_t kPhiloxBatch = 16;

/// First Philox block of each agent's stream, word w of agent first + l in out[w][l].
struct PhiloxBatch {
  alignas(64) std::array<std::array<std::uint32_t, kPhiloxBatch>, 4> out;
};

/// Fills `batch` for agents first .. first + kPhiloxBatch - 1 (ids past the last agent are
/// computed and ignored). AVX-512 or AVX2 where the CPU has it, else the portable loop: the
/// same bits.
void philox_first_blocks(std::uint64_t seed, AgentKind kind, std::uint32_t first,
                         std::uint32_t step, Purpose purpose, PhiloxBatch& batch);

/// The portable loop, always (tests hold both paths to Stream's numbers).
void philox_first_blocks_portable(std::uint64_t seed, AgentKind kind, std::uint32_t first,
                                  std::uint32_t step, Purpose purpose, PhiloxBatch& batch);

/// Whether philox_first_blocks takes the vector path on this CPU.
bool philox_first_blocks_vectorised();

}  // namespace cogov::core
