#pragma once
// Builders of the non-social agents and their layers, drawn from the seed.
//
//   platform layer    bipartite netizen-enterprise, on vertices [0, n) netizens and
//                     [n, n + E) enterprises; each netizen uses platforms_per_netizen distinct
//                     enterprises drawn with Zipf popularity (rank = id + 1); its primary
//                     platform is the most popular one it uses (its lowest enterprise id).
//   membership layer  bipartite netizen-NGO on [0, n) and [n, n + N); each NGO draws
//                     members_mean candidates from its scope, each accepted with probability
//                     equal to their altruism.
//   jurisdiction      enterprise -> county (Enterprises::county).

#include <algorithm>
#include <span>
#include <vector>

#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/government.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

Enterprises make_enterprises(const EnterpriseConfig& c, const core::Territory& territory,
                             std::uint32_t netizens, std::uint64_t seed);
graph::Layer make_platform_layer(const EnterpriseConfig& c, std::uint32_t netizens,
                                 std::uint32_t enterprises, std::uint64_t seed);
Ngos make_ngos(const NgoConfig& c, const core::Territory& territory, std::uint64_t seed);
graph::Layer make_membership_layer(const NgoConfig& c, const Ngos& ngos,
                                   const core::Territory& territory, const Netizens& netizens,
                                   std::uint64_t seed);
/// The units of every channel and level; `step_days` sets how long reporters wait for the
/// outcome (the cohorts of GovernmentConfig::feedback_days).
Government make_government(const GovernmentConfig& c, const core::Territory& territory,
                           double step_days);

/// Counts users per enterprise and members per NGO from the layers.
void count_users(Enterprises& e, const graph::Layer& platform, std::uint32_t netizens);
void count_members(Ngos& g, const graph::Layer& membership, std::uint32_t netizens);

/// Sets flag::ngo_member on exactly the netizens with a membership tie, so the netizen step
/// reads the membership layer for members only.
void mark_ngo_members(Netizens& p, const graph::Layer& membership);

/// The primary platform (enterprise id) of netizen i, or UINT32_MAX when it uses none.
inline std::uint32_t primary_platform(const graph::Layer& platform, std::uint32_t i,
                                      std::uint32_t netizens) {
  const auto row = platform.neighbours(i);
  return row.empty() ? ~0u : row[0] - netizens;
}

/// primary_platform for every netizen (empty if the layer has no netizens: no platforms).
inline std::vector<std::uint32_t> primary_platforms(const graph::Layer& platform,
                                                    std::uint32_t netizens) {
  if (platform.vertices() < netizens) return {};
  std::vector<std::uint32_t> out(netizens);
  for (std::uint32_t i = 0; i < netizens; ++i) out[i] = primary_platform(platform, i, netizens);
  return out;
}

/// Platforms whose id fits the one-byte copy of the primary platform: ids 0..254, the most
/// popular ones (platform ids are Zipf ranks), which most netizens use first.
inline constexpr std::uint32_t kPrimaryByteOverflow = 255;

/// The primary platforms as bytes: the id if below 255, else 255 (look it up in the full
/// array). The rumour loop reads one of these for each believing neighbour, at a random
/// position: a quarter of the bytes of the full ids stays in cache far better.
inline std::vector<std::uint8_t> primary_platform_bytes(std::span<const std::uint32_t> primary) {
  std::vector<std::uint8_t> out(primary.size());
  for (std::size_t i = 0; i < primary.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(std::min(primary[i], kPrimaryByteOverflow));
  }
  return out;
}

/// Netizen j's primary platform, from the one-byte copy where it holds the id.
inline std::uint32_t primary_platform_of(std::uint32_t j, std::span<const std::uint8_t> bytes,
                                         std::span<const std::uint32_t> ids) {
  const std::uint8_t b = bytes[j];
  return b != kPrimaryByteOverflow ? b : ids[j];
}

}  // namespace cogov::model
