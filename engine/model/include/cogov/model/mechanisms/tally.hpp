#pragma once
// The tally of the new state (netizen_tally.hpp), and the visible byte of t + 1:
//
//   visible_i(t+1) = participating | victimised (countdown shown) | believer | debunker
//                    (participating and recovered) | boosted (a debunker with a boost)
//
// Per-agent sums are kept per block of netizens (BlockSums): the integer counts as two
// histograms of a few bits per netizen, one increment each, decoded once per block; the
// floating-point sums added in netizen order, so they stay exact.
//
// Stage StateTally (settling: quiet when nobody believes a rumour or is recovered from one;
// with the other settling stages quiet, a settled step takes these sums from the last
// tally). Reads: rumour, trust, literacy, status, exposure, Agent::recently_victimised. Writes:
// Agent::rumour_state; the block's state sums.
// Stage Tally (core). Reads: Agent::choice, shown_victimised, rumour_state, boosted; fatigue,
// risk. Writes: the visible byte of t + 1; the block's choice sums. No random draws.

#include <array>
#include <cstdint>

#include "cogov/core/parallel.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/netizen_tally.hpp"

namespace cogov::model::stage {

struct BlockSums {
  // Choice bins: age (2 bits) | participating | was | (party, urban, moderator) << 4.
  static constexpr std::uint8_t kPersonFlags = flag::party | flag::urban | flag::moderator;
  static constexpr std::uint32_t kOn = 4, kWas = 8, kFlagsShift = 4;
  // State bins: status bits (3) | rumour state << 3 (2 bits) | shown | victim | exposed.
  static constexpr std::uint8_t kStatusBits =
      status::reported | status::victim_report | status::ever_believed;
  static constexpr std::uint32_t kRumourShift = 3, kShown = 32, kVictim = 64, kExposed = 128;
  static_assert(kPersonFlags == 7 && kStatusBits == 7, "bins assume the low three bits");
  static_assert(kAgeGroups == 4, "bins hold the age group in two bits");
  static_assert(core::kBlockSize <= 0xFFFFFFFFu, "bins count one block");

  std::array<std::uint32_t, 128> choice_bins{};
  std::array<std::uint32_t, 256> state_bins{};
  double fatigue = 0, risk = 0, trust = 0, literacy = 0;
  std::array<double, kAgeGroups> trust_by_age{};

  /// What every step changes.
  void add(std::uint8_t age, std::uint8_t flags, bool participating, bool was, float f, float r) {
    ++choice_bins[age | (participating ? kOn : 0) | (was ? kWas : 0) |
                  ((flags & kPersonFlags) << kFlagsShift)];
    fatigue += f;
    risk += r;
  }

  /// What only the settling and optional mechanisms change.
  void add_settling(std::uint8_t age, bool shown, bool victim, float t, float l,
                    std::uint8_t rumour_state, std::uint8_t st, std::uint8_t is_exposed) {
    ++state_bins[(st & kStatusBits) | (rumour_state << kRumourShift) | (shown ? kShown : 0) |
                 (victim ? kVictim : 0) | (is_exposed ? kExposed : 0)];
    trust += t;
    trust_by_age[age] += t;
    literacy += l;
  }

  void add_to(NetizenTally& t) const {
    for (std::uint32_t key = 0; key < choice_bins.size(); ++key) {
      const std::uint64_t c = choice_bins[key];
      if (c == 0) continue;
      const std::uint32_t age = key & 3;
      const bool on = key & kOn, was = key & kWas;
      const auto flags = static_cast<std::uint8_t>(key >> kFlagsShift);
      if (on) {
        t.participants += c;
        t.by_age[age] += c;
        t.by_region[(flags & flag::urban) ? 1 : 0] += c;
        if (flags & flag::party) t.party += c;
      }
      if (on && !was) t.joined += c;
      if (was && !on) t.left += c;
      if (flags & flag::moderator) t.moderators += c;
    }
    for (std::uint32_t key = 0; key < state_bins.size(); ++key) {
      const std::uint64_t c = state_bins[key];
      if (c == 0) continue;
      if (key & status::reported) t.reports += c;
      if (key & status::victim_report) t.victim_reports += c;
      if (key & status::ever_believed) t.ever_believed += c;
      t.rumour[(key >> kRumourShift) & 3] += c;
      if (key & kShown) t.shown_victimised += c;
      if (key & kVictim) t.recently_victimised += c;
      if (key & kExposed) t.exposed += c;
    }
    t.fatigue += fatigue;
    t.risk += risk;
    t.trust += trust;
    for (int g = 0; g < kAgeGroups; ++g) t.trust_by_age[g] += trust_by_age[g];
    t.literacy += literacy;
  }
};

struct StateTally {
  static constexpr Role role = Role::settling;
  static constexpr bool writes_status = false;
  struct Params {};

  template <class Step>
  static Params prepare(Step&) {
    return {};
  }
  static bool quiet(const NetizenTally& last) { return last.rumour[1] == 0 && last.rumour[2] == 0; }

  [[gnu::always_inline]] static void apply(const Params&, const Columns& c, Agent& a,
                                           NetizenTally&) {
    const std::uint32_t i = a.i;
    a.rumour_state = c.rumour[i];
    c.sums->add_settling(a.age, a.shown_victimised, a.recently_victimised, c.trust[i],
                         c.literacy[i], a.rumour_state, a.st, c.exposed[i]);
  }
};

struct Tally {
  static constexpr Role role = Role::core;
  static constexpr bool writes_status = false;
  struct Params {};

  template <class Step>
  static Params prepare(Step&) {
    return {};
  }

  [[gnu::always_inline]] static void apply(const Params&, const Columns& c, Agent& a,
                                           NetizenTally&) {
    const std::uint32_t i = a.i;
    const std::uint8_t rs = a.rumour_state;
    const bool debunker = a.choice && rs == static_cast<std::uint8_t>(RumourState::recovered);
    c.next[i] = static_cast<std::uint8_t>(
        (a.choice ? visible::participating : 0) | (a.shown_victimised ? visible::victimised : 0) |
        (rs == 1 ? visible::believer : 0) | (debunker ? visible::debunker : 0) |
        (debunker && a.boosted ? visible::boosted : 0));
    c.sums->add(a.age, a.flags, a.choice, a.was, c.fatigue[i], c.risk[i]);
  }
};

}  // namespace cogov::model::stage
