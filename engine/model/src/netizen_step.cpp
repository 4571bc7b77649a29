#include "cogov/model/netizen_step.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "cogov/core/parallel.hpp"
#include "cogov/core/philox_batch.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/model/build.hpp"
#include "cogov/model/rules/neighbourhood.hpp"

namespace cogov::model {

namespace {

using core::Purpose;

struct Neighbourhood {
  NeighbourCounts base;
  std::uint32_t believers = 0, debunkers = 0, boosted = 0;
};

// Counting the five visible bits of every neighbour with one multiply-and-add per edge: the
// multiply copies bit k of the byte to bit 12k (and the mask drops the other copies), so
// each bit is counted in its own 12-bit lane; lanes are unpacked once per row (rows longer
// than 4095 in chunks, so no lane overflows).
constexpr int kLaneBits = 12;
constexpr std::uint32_t kLaneMax = (1u << kLaneBits) - 1;
constexpr std::uint64_t kSpreadMul = 0x0000100200400801ull;  // sum of 2^(11k), k = 0..4
constexpr std::uint64_t kLaneMask = 0x0001001001001001ull;   // bit 12k, k = 0..4

std::uint32_t lane(std::uint64_t lanes, int bit) {
  return static_cast<std::uint32_t>(lanes >> (kLaneBits * bit)) & kLaneMax;
}

/// Participating neighbours only: in a settled step no other visible bit is set.
[[gnu::always_inline]] inline Neighbourhood scan_participation(std::span<const std::uint32_t> row,
                                                               const std::uint8_t* now) {
  Neighbourhood nb;
  nb.base.degree = static_cast<std::uint32_t>(row.size());
  for (std::uint32_t j : row) nb.base.participating += now[j] & visible::participating;
  return nb;
}

/// The lanes each visible byte adds (bits above the five counted ones ignored).
constexpr std::array<std::uint64_t, 256> kLanesOf = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::uint64_t b = 0; b < 256; ++b) t[b] = ((b & 31u) * kSpreadMul) & kLaneMask;
  return t;
}();

[[gnu::always_inline]] inline std::uint64_t lanes_of(const std::uint32_t* x,
                                                     const std::uint32_t* end,
                                                     const std::uint8_t* now) {
  std::uint64_t lanes = 0;
#pragma GCC unroll 4
  for (; x != end; ++x) lanes += kLanesOf[now[*x]];
  return lanes;
}

[[gnu::always_inline]] inline void unpack(std::uint64_t lanes, Neighbourhood& nb) {
  nb.base.participating += lane(lanes, 0);
  nb.base.victimised += lane(lanes, 1);
  nb.believers += lane(lanes, 2);
  nb.debunkers += lane(lanes, 3);
  nb.boosted += lane(lanes, 4);
}

[[gnu::always_inline]] inline Neighbourhood scan(std::span<const std::uint32_t> row,
                                                 const std::uint8_t* now) {
  Neighbourhood nb;
  nb.base.degree = static_cast<std::uint32_t>(row.size());
  const std::uint32_t* x = row.data();
  const std::uint32_t* end = x + row.size();
  if (row.size() <= kLaneMax) [[likely]] {
    unpack(lanes_of(x, end, now), nb);
    return nb;
  }
  for (; x < end; x += kLaneMax) unpack(lanes_of(x, std::min(end, x + kLaneMax), now), nb);
  return nb;
}

// Prefetching (the visible bytes of rows ahead, the columns ahead) pays from a few thousand
// netizens up, once the step's reads leave the first-level caches (measured at 10^5 and 10^6).
constexpr std::uint64_t kPrefetchEdges = 64;
constexpr std::uint32_t kPrefetchNetizens = 256;
constexpr std::uint32_t kPrefetchFrom = 1u << 12;  // netizens
// The settled step reads a few columns and little else per edge: there the hardware keeps
// up until the visible bytes leave the caches.
constexpr std::uint32_t kPrefetchSettledFrom = 1u << 22;  // netizens

template <class T>
[[gnu::always_inline]] inline void prefetch_at(const T* column, std::uint32_t i) {
  __builtin_prefetch(column + i);
}

/// The tally's per-agent sums over one block (the static counts come from static_counts()).
/// add() takes what every step changes; add_settling() what only the optional mechanisms
/// change (a settled step takes those sums from the last tally). The integer counts are kept
/// as histograms of a few bits per netizen, one increment each, and decoded once per block;
/// the floating-point sums are added in netizen order, as before, so they stay exact.
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

  void add(std::uint8_t age, std::uint8_t flags, bool participating, bool was, float f, float r) {
    ++choice_bins[age | (participating ? kOn : 0) | (was ? kWas : 0) |
                  ((flags & kPersonFlags) << kFlagsShift)];
    fatigue += f;
    risk += r;
  }

  void add_settling(bool shown, bool victim, float t, float l, std::uint8_t rumour_state,
                    std::uint8_t st, std::uint8_t is_exposed) {
    ++state_bins[(st & kStatusBits) | (rumour_state << kRumourShift) | (shown ? kShown : 0) |
                 (victim ? kVictim : 0) | (is_exposed ? kExposed : 0)];
    trust += t;
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
    t.literacy += literacy;
  }
};

/// One netizen's Philox block for this step (Purpose::netizen_lanes, computed for
/// kPhiloxBatch netizens at a time): lane 0 is the rumour transition's first draw, 1 the
/// fraud attempt's, 2 inertia, 3 the participation choice. Purposes that need more draws
/// continue in their own streams.
struct Lanes {
  const core::PhiloxBatch& batch;
  std::uint32_t slot;
  std::uint32_t operator[](int lane) const { return batch.out[lane][slot]; }
};

enum Lane : int { kRumourLane = 0, kFraudLane = 1, kInertiaLane = 2, kChoiceLane = 3 };

/// Marks every believer whose primary platform moderates this step (visible::moderated on
/// the current byte; the step writes every next byte without it): the transmission loop
/// then looks up a believer's platform only when its moderation is not zero, instead of
/// once per believing neighbour.
void mark_moderated_believers(std::uint8_t* now, std::uint32_t n,
                              std::span<const std::uint32_t> primary,
                              std::span<const std::uint8_t> primary_byte,
                              std::span<const float> moderation) {
  if (primary.empty() ||
      std::none_of(moderation.begin(), moderation.end(), [](float m) { return m != 0.0f; })) {
    return;
  }
  core::for_blocks(n, [&](std::size_t begin, std::size_t end, std::size_t) {
    for (std::size_t j = begin; j < end; ++j) {
      if (!(now[j] & visible::believer)) continue;
      const std::uint32_t e =
          primary_platform_of(static_cast<std::uint32_t>(j), primary_byte, primary);
      if (e != ~0u && moderation[e] != 0.0f) now[j] |= visible::moderated;
    }
  });
}

/// Whether any NGO gives its members utility, a debunking boost or training this step.
bool ngo_terms_active(const Ngos& ngos) {
  const auto nonzero = [](auto v) { return v != 0; };
  if (std::any_of(ngos.utility.begin(), ngos.utility.end(), nonzero)) return true;
  if (std::any_of(ngos.boost.begin(), ngos.boost.end(), nonzero)) return true;
  for (const auto& by_age : ngos.train_prob) {
    if (std::any_of(by_age.begin(), by_age.end(), [](float t) { return t > 0; })) return true;
  }
  return false;
}

/// Which optional mechanisms act this step; NGO terms that are zero for everyone are off
/// (adding 0 changes nothing). Lean: none acts, nor do rumours, fraud or policies.
/// Settled: lean, and the tally of the state as it stands shows nobody victimised (nor seen
/// so by neighbours), nobody with a pending report and nobody who ever heard a rumour; then
/// literacy, trust, exposure, rumour state, status and victim countdowns cannot change this
/// step, their sums are the last tally's, the step does not read them, and neighbours
/// show nothing but participation.
struct Mechanisms {
  bool breach = false, ngo_members = false, grid_groups = false, lean = false, settled = false;
};

Mechanisms active_mechanisms(const NetizenInputs& in) {
  const auto nonzero = [](auto v) { return v != 0; };
  Mechanisms m;
  m.breach = std::any_of(in.breached.begin(), in.breached.end(), nonzero);
  m.ngo_members = in.membership && in.ngos && ngo_terms_active(*in.ngos);
  m.grid_groups = in.ngos && std::any_of(in.ngos->grid_group_formed.begin(),
                                         in.ngos->grid_group_formed.end(), nonzero);
  const bool policies = in.policies && (!in.policies->terms.empty() ||
                                        !in.policies->training.empty() || in.policies->moderators);
  m.lean = !in.rumour && !in.fraud && !m.breach && !m.ngo_members && !m.grid_groups && !policies;
  const NetizenTally* last = in.state_sums;
  m.settled = m.lean && last && last->recently_victimised == 0 && last->shown_victimised == 0 &&
              last->reports == 0 && last->rumour[1] == 0 && last->rumour[2] == 0;
  return m;
}

/// Per-step constants derived once from the configuration.
struct StepConstants {
  double fatigue_up, fatigue_down, risk_keep;
  double rumour_seed, rumour_forget;
  double fraud_attempt;
  std::uint16_t victim_steps;
  LogitConfig logit;
};

StepConstants constants(const NetizenRules& rules, const StepContext& ctx,
                        const NetizenInputs& in) {
  StepConstants k{};
  k.fatigue_up = core::rate_to_prob(rules.fatigue.gain_rate, ctx.step_days);
  k.fatigue_down = core::rate_to_prob(rules.fatigue.recovery_rate, ctx.step_days);
  k.risk_keep = std::exp(-rules.perceived_risk.decay_rate * ctx.step_days);
  if (in.rumour) {
    k.rumour_seed = in.rumour->seed_rate * 1e-6 * in.rumour_scale * ctx.step_days;
    k.rumour_forget = core::rate_to_prob(in.rumour->forget_rate, ctx.step_days);
  }
  if (in.fraud) {
    k.fraud_attempt = in.fraud->attempt_rate * in.fraud_scale * ctx.step_days;
    k.victim_steps = static_cast<std::uint16_t>(
        std::clamp(std::lround(in.fraud->victim_window_days / ctx.step_days), 1L, 65535L));
  }
  k.logit = rules.participation.logit;
  k.logit.altruism *= in.altruism_scale;
  return k;
}

/// Which instantiation runs: every mechanism; lean (no optional mechanism acts this step: no
/// rumours, fraud, breaches, NGO or group terms, policies), which holds only neighbour
/// counts, the participation choice and the state updates; settled (see Mechanisms), which
/// also leaves out the columns nothing can change: less code, fewer bytes streamed.
enum class Path { full, lean, settled };

template <ParticipationRule Rule, Path path>
NetizenTally step_all(const NetizenRules& rules, const graph::Layer& social, Netizens& p,
                      const StepContext& ctx, const NetizenInputs& in, const Mechanisms& active) {
  constexpr bool Lean = path != Path::full;
  constexpr bool Settled = path == Path::settled;
  const ParticipationConfig& pc = rules.participation;
  const StepConstants k = constants(rules, ctx, in);
  const std::uint32_t n = p.size();
  const std::uint64_t* offsets = social.offsets().data();
  const std::uint32_t* targets = social.targets().data();
  const std::uint8_t* now = p.visible_now();
  std::uint8_t* next = p.visible_next();
  const PolicyEffects no_policies;
  const PolicyEffects& pol = in.policies ? *in.policies : no_policies;
  // Each netizen's primary platform: cached by the caller, or looked up once here (the
  // rumour loop reads it for every believing neighbour: one small random read, not two).
  std::vector<std::uint32_t> own_primary;
  std::span<const std::uint32_t> primary = in.primary_platform;
  if (primary.empty() && in.platform) {
    own_primary = primary_platforms(*in.platform, n);
    primary = own_primary;
  }
  std::vector<std::uint8_t> own_primary_byte;
  std::span<const std::uint8_t> primary_byte = in.primary_platform_byte;
  if (!Lean && in.rumour && primary_byte.empty() && !primary.empty()) {
    own_primary_byte = primary_platform_bytes(primary);
    primary_byte = own_primary_byte;
  }
  const std::optional<DebunkTable> debunk_table =
      !Lean && in.rumour ? std::optional<DebunkTable>(*in.rumour) : std::nullopt;
  if (!Lean && in.rumour)
    mark_moderated_believers(p.visible.now().data(), n, primary, primary_byte, in.moderation);
  // The moderation of a marked believer's primary platform.
  const auto moderation_of = [&](std::uint32_t j) -> double {
    return in.moderation[primary_platform_of(j, primary_byte, primary)];
  };
  const bool prefetch = n >= (Settled ? kPrefetchSettledFrom : kPrefetchFrom);
  // Whether any purpose reads the netizen's shared Philox block this step.
  const bool draws =
      in.rumour || in.fraud || pc.inertia_prob > 0 || Rule == ParticipationRule::logit;
  // Disruption by grid (two integer divisions per netizen otherwise).
  std::vector<double> grid_disruption;
  if (in.fraud && !in.county_disruption.empty()) {
    grid_disruption.resize(in.territory->grids());
    for (std::uint32_t g = 0; g < grid_disruption.size(); ++g) {
      grid_disruption[g] =
          in.county_disruption[in.territory->township_county(in.territory->grid_township(g))];
    }
  }
  return core::reduce_blocks<NetizenTally>(n, [&](std::size_t begin, std::size_t end,
                                                  NetizenTally& tally) {
    // Raw, non-aliasing column pointers: stores to the byte columns would otherwise make the
    // compiler reload every vector's data pointer after each one.
    const std::uint8_t* __restrict age_of = p.age.data();
    const std::uint8_t* __restrict flags_of = p.flags.data();
    const float* __restrict altruism = p.altruism.data();
    const float* __restrict usage = p.usage.data();
    const float* __restrict threshold = p.threshold.data();
    const std::uint32_t* __restrict grid_of = p.grid.data();
    float* __restrict literacy = p.literacy.data();
    float* __restrict fatigue = p.fatigue.data();
    float* __restrict risk = p.risk.data();
    float* __restrict trust = p.trust.data();
    float* __restrict loss = p.loss.data();
    std::uint16_t* __restrict countdown = p.victim_countdown.data();
    std::uint8_t* __restrict rumour = p.rumour.data();
    std::uint8_t* __restrict rumour_age = p.rumour_age.data();
    std::uint8_t* __restrict exposed = p.exposed.data();
    std::uint8_t* __restrict status_of = p.status.data();
    // The per-agent sums of the tally, kept in locals and added once per block.
    BlockSums sum;
    const std::uint64_t block_last = offsets[end];
    std::uint64_t prefetched = offsets[begin];
    core::PhiloxBatch batch;
    auto batch_first = static_cast<std::uint32_t>(begin), batch_end = batch_first;
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      if (draws && i == batch_end) {
        core::philox_first_blocks(ctx.seed, core::AgentKind::netizen, i, ctx.step,
                                  Purpose::netizen_lanes, batch);
        batch_first = i;
        batch_end = i + core::kPhiloxBatch;
      }
      const std::span<const std::uint32_t> row{
          targets + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
      // Ask early for the visible bytes of rows ahead: on large worlds they come from DRAM,
      // and the long body of the step would otherwise keep few of these reads in flight.
      // The step streams some twenty columns, more than the hardware prefetchers follow: ask
      // for a cache line of each a few hundred netizens ahead (16 netizens of a 4-byte
      // column, 64 of a byte column).
      if (!Settled && prefetch && i % 16 == 0) {
        const std::uint32_t a = std::min(i + kPrefetchNetizens, n - 1);
        prefetch_at(fatigue, a), prefetch_at(risk, a), prefetch_at(literacy, a);
        prefetch_at(trust, a), prefetch_at(altruism, a), prefetch_at(usage, a);
        prefetch_at(grid_of, a), prefetch_at(countdown, a);
        if (i % 64 == 0) {
          const std::uint32_t b = std::min(i + 2 * kPrefetchNetizens, n - 1);
          prefetch_at(age_of, b), prefetch_at(flags_of, b), prefetch_at(rumour, b);
          prefetch_at(rumour_age, b), prefetch_at(exposed, b), prefetch_at(status_of, b);
          prefetch_at(next, b);
        }
      }
      if (prefetch) {
        for (const std::uint64_t want = std::min(offsets[i + 1] + kPrefetchEdges, block_last);
             prefetched < want; ++prefetched) {
          __builtin_prefetch(now + targets[prefetched]);
        }
      }
      const Neighbourhood nb = Settled ? scan_participation(row, now) : scan(row, now);
      const double inv_k = nb.base.degree > 0 ? 1.0 / nb.base.degree : 0.0;
      const double victim_share = Settled ? 0.0 : nb.base.victimised * inv_k;
      const bool was = now[i] & visible::participating;
      const std::uint8_t age = age_of[i];
      const std::uint32_t grid = grid_of[i];
      const Lanes lanes{batch, i - batch_first};
      bool victimised_now = false, campaigned = false;  // read by the risk update
      const std::uint8_t old_status = Settled ? 0 : status_of[i];
      std::uint8_t st = old_status;
      bool boosted = false;
      double utility = 0.0;

      // Outcome of last step's report.
      bool handled = false, trust_loss = false;
      if (!Settled && (st & status::reported) && !in.grid_handled_share.empty()) {
        core::Stream rng(ctx.seed, core::AgentKind::netizen, i, ctx.step, Purpose::report_outcome);
        if (rng.bernoulli(in.grid_handled_share[grid])) {
          handled = true;
          ++tally.reports_handled_learned;
        } else if (st & status::victim_report) {
          trust_loss = true;
        }
      }
      st &= static_cast<std::uint8_t>(~(status::reported | status::victim_report));

      // Rumour transition (reads neighbours at t and own participation at t).
      if (!Lean && in.rumour) {
        const RumourConfig& rc = *in.rumour;
        const DebunkTable& debunk = *debunk_table;
        core::ValueThenStream rng(lanes[kRumourLane], ctx.seed, core::AgentKind::netizen, i,
                                  ctx.step, Purpose::rumour);
        std::uint8_t r = rumour[i];
        if (r == static_cast<std::uint8_t>(RumourState::susceptible)) {
          bool infected = false;
          if (nb.believers > 0) {
            if (was && rng.bernoulli(rc.rejection_prob * literacy[i])) {
              r = static_cast<std::uint8_t>(RumourState::recovered);
              ++tally.rejected;
            } else {
              const double a = rumour_susceptibility(rc, literacy[i], was);
              const double u = rng.uniform();
              // Infected when u >= the product of 1 - a (1 - m_j) over believing neighbours
              // in row order. That product, as rounded, is never below escape_floor, so below
              // the floor the answer is "no" without visiting the row.
              if (u >= escape_floor(a, nb.believers)) {
                // Every neighbour multiplies in a factor, 1 for non-believers (x * 1 is x, so
                // the product has the bits of the walk over believers only): which neighbours
                // believe is no branch to mispredict. 1 - a is 1 - a (1 - 0), unmoderated.
                const std::array<double, 2> factor{1.0, 1.0 - a};
                double escape = 1.0;
                for (std::uint32_t j : row) {
                  const std::uint8_t b = now[j];
                  if (b & visible::moderated) [[unlikely]] {
                    escape *= 1.0 - a * (1.0 - moderation_of(j));
                    continue;
                  }
                  escape *= factor[(b & visible::believer) != 0];
                }
                infected = u >= escape;
              }
            }
          }
          if (!infected && r == 0 && k.rumour_seed > 0) {
            infected = rng.bernoulli_rate(k.rumour_seed * usage[i]);
          }
          if (infected) {
            r = static_cast<std::uint8_t>(RumourState::believer);
            rumour_age[i] = 0;
            st |= status::ever_believed;
            ++tally.new_believers;
          }
        } else if (r == static_cast<std::uint8_t>(RumourState::believer)) {
          const std::uint8_t belief_age = rumour_age[i];
          if (belief_age < 255) ++rumour_age[i];
          const std::uint32_t plain = nb.debunkers - nb.boosted;
          if ((nb.debunkers > 0 && rng.bernoulli(debunk(plain, nb.boosted)))) {
            r = static_cast<std::uint8_t>(RumourState::recovered);
            ++tally.debunked;
          } else if (rng.bernoulli(rc.stifle_prob)) {
            r = static_cast<std::uint8_t>(RumourState::recovered);
          } else if (pol.refutation_prob > 0 &&
                     rng.bernoulli(
                         pol.refutation_prob *
                         std::clamp(belief_age + 1.0 - pol.refutation_lag_steps, 0.0, 1.0))) {
            r = static_cast<std::uint8_t>(RumourState::recovered);
            ++tally.refuted;
          }
        } else if (rng.bernoulli(k.rumour_forget)) {
          r = static_cast<std::uint8_t>(RumourState::susceptible);
        }
        rumour[i] = r;
      }

      // Fraud: attempt, interception, success, loss, report.
      if (!Lean && in.fraud) {
        const FraudConfig& fc = *in.fraud;
        // The attempt takes the shared block's value; the fraud stream's later draws (the
        // purpose's own stream, as in ValueThenStream) are made for attempts only.
        const double u = core::Stream::to_uniform(lanes[kFraudLane]);
        const double disruption = grid_disruption.empty() ? 1.0 : grid_disruption[grid];
        const bool attempted = core::Stream::bernoulli_rate(
            u,
            k.fraud_attempt * usage[i] * (1.0 + fc.exposure_multiplier * exposed[i]) * disruption);
        if (attempted) {
          core::Stream rng(ctx.seed, core::AgentKind::netizen, i, ctx.step, Purpose::fraud);
          ++tally.attempts;
          double w = pol.interception_boost;
          const std::uint32_t e = primary.empty() ? ~0u : primary[i];
          if (e != ~0u) w += in.interception[e];
          if (rng.bernoulli(std::min(1.0, w))) {
            ++tally.intercepted;
            if (was && rng.bernoulli(fc.intercept_report_prob)) st |= status::reported;
          } else if (rng.bernoulli(fraud_success_probability(fc, age, literacy[i], was,
                                                             nb.base.participating))) {
            const double amount = rng.lognormal(std::log(fc.loss_median[age]), fc.loss_sigma);
            loss[i] += static_cast<float>(amount);
            ++tally.successes;
            ++tally.victims_by_age[age];
            tally.loss_by_age[age] += amount;
            countdown[i] = k.victim_steps;
            victimised_now = true;
            if (rng.bernoulli(fc.victim_report_prob * trust[i]))
              st |= status::reported | status::victim_report;
          }
        }
      }

      // Data exposure from platforms breached this step.
      if (!Lean && active.breach && !exposed[i]) {
        core::Stream rng(ctx.seed, core::AgentKind::netizen, i, ctx.step, Purpose::exposure);
        for (std::uint32_t e : in.platform->neighbours(i)) {
          if (in.breached[e - n] && rng.bernoulli(in.exposure_prob)) {
            exposed[i] = 1;
            ++tally.newly_exposed;
            break;
          }
        }
      }

      // NGOs: social-mobilisation term, training, debunking boost; the grid's latent group.
      double literacy_gain = 0.0;
      // One training stream for NGO and policy training, made only where training can happen.
      std::optional<core::Stream> train_stream;
      const auto train_rng = [&]() -> core::Stream& {
        if (!train_stream)
          train_stream.emplace(ctx.seed, core::AgentKind::netizen, i, ctx.step, Purpose::training);
        return *train_stream;
      };
      if (!Lean && active.ngo_members && (flags_of[i] & flag::ngo_member)) {
        for (std::uint32_t v : in.membership->neighbours(i)) {
          const std::uint32_t g = v - n;
          utility += in.ngos->utility[g];
          boosted = boosted || in.ngos->boost[g];
          const float tp = in.ngos->train_prob[age][g];
          if (tp > 0 && train_rng().bernoulli(tp))
            literacy_gain = std::max(literacy_gain, in.ngo_literacy_gain);
        }
      }
      if (!Lean && active.grid_groups && in.ngos->grid_group_formed[grid]) {
        utility += in.group_utility;
        boosted = true;
        ++tally.in_formed_groups;
      }
      if (!Lean && pol.moderators && (flags_of[i] & flag::moderator)) boosted = true;

      // Policies.
      double fatigue_boost = 0.0;
      if (!Lean && (!pol.terms.empty() || !pol.training.empty())) {
        core::Stream rng(ctx.seed, core::AgentKind::netizen, i, ctx.step, Purpose::policy_reach);
        const std::uint32_t degree = nb.base.degree;
        for (const UtilityTerm& term : pol.terms) {
          if (!term.target.contains(age, flags_of[i], degree, grid)) continue;
          if (term.reach < 1.0 && !rng.bernoulli(term.reach)) continue;
          utility += term.value;
          campaigned = campaigned || term.campaign;
          fatigue_boost += term.fatigue_boost;
          if (term.unit == Unit::reached) ++tally.policy_units[term.policy];
          if (term.unit == Unit::reports && (st & status::reported))
            ++tally.policy_units[term.policy];
        }
        for (const TrainingTerm& t : pol.training) {
          if (!t.target.contains(age, flags_of[i], degree, grid)) continue;
          if (train_rng().bernoulli(t.prob)) {
            literacy_gain = std::max(literacy_gain, t.gain);
            ++tally.policy_units[t.policy];
          }
        }
      }
      if (literacy_gain > 0) {
        literacy[i] = static_cast<float>(literacy[i] + literacy_gain * (1.0 - literacy[i]));
        ++tally.trained;
      }

      // Participation decision.
      bool choice = was;
      if (pc.inertia_prob <= 0.0 ||
          !(core::Stream::to_uniform(lanes[kInertiaLane]) < pc.inertia_prob)) {
        if constexpr (Rule == ParticipationRule::threshold) {
          choice = threshold_decision(pc.threshold, was, nb.base.degree, nb.base.participating,
                                      threshold[i]);
        } else {
          const LogitInputs x{nb.base.participating * inv_k,
                              victim_share,
                              risk[i],
                              altruism[i],
                              fatigue[i],
                              age,
                              utility,
                              pol.cash_reward};
          choice = logit_choice(k.logit, x, core::Stream::to_uniform(lanes[kChoiceLane]));
        }
      }
      if (!Lean && !pol.terms.empty() && choice) {
        for (const UtilityTerm& term : pol.terms) {
          if (term.unit == Unit::participant_days &&
              term.target.contains(age, flags_of[i], nb.base.degree, grid)) {
            ++tally.policy_units[term.policy];
          }
        }
      }

      // Individual state updates.
      float f = update_fatigue(fatigue[i], choice, k.fatigue_up, k.fatigue_down);
      if (fatigue_boost > 0 && choice)
        f = static_cast<float>(f + std::min(1.0, fatigue_boost) * (1.0 - f));
      fatigue[i] = f;
      risk[i] = update_risk(rules.perceived_risk, risk[i], k.risk_keep, victimised_now,
                            victim_share, campaigned);
      // Unchanged values are not written back: their cache lines stay clean.
      if (handled || trust_loss)
        trust[i] = update_trust(rules.trust, trust[i], handled, trust_loss);
      if (st != old_status) status_of[i] = st;
      bool victim = false;
      std::uint8_t rs = 0;
      if constexpr (!Settled) {
        victim = countdown[i] > 0;
        if (victim) --countdown[i];
        rs = rumour[i];
      }
      const bool debunker = choice && rs == static_cast<std::uint8_t>(RumourState::recovered);
      next[i] = static_cast<std::uint8_t>(
          (choice ? visible::participating : 0) | (victim ? visible::victimised : 0) |
          (rs == 1 ? visible::believer : 0) | (debunker ? visible::debunker : 0) |
          (debunker && boosted ? visible::boosted : 0));
      sum.add(age, flags_of[i], choice, was, fatigue[i], risk[i]);
      if constexpr (!Settled)
        sum.add_settling(victim, countdown[i] > 0, trust[i], literacy[i], rs, st, exposed[i]);
    }
    sum.add_to(tally);
  });
}

}  // namespace

NetizenTally netizen_step(const NetizenRules& rules, const graph::Layer& social, Netizens& state,
                          const StepContext& ctx, const NetizenInputs& inputs) {
  const Mechanisms m = active_mechanisms(inputs);
  const auto run = [&]<ParticipationRule Rule>() {
    if (m.settled) return step_all<Rule, Path::settled>(rules, social, state, ctx, inputs, m);
    if (m.lean) return step_all<Rule, Path::lean>(rules, social, state, ctx, inputs, m);
    return step_all<Rule, Path::full>(rules, social, state, ctx, inputs, m);
  };
  NetizenTally t = rules.participation.rule == ParticipationRule::threshold
                       ? run.template operator()<ParticipationRule::threshold>()
                       : run.template operator()<ParticipationRule::logit>();
  // A settled step could change none of the settling sums: the last tally holds them (its
  // reports, victims and believing and recovered counts are zero).
  if (m.settled) core::copy_fields(t, *inputs.state_sums, core::FieldRole::settling);
  core::copy_fields(t, inputs.static_counts ? *inputs.static_counts : static_counts(state),
                    core::FieldRole::fixed);
  return t;
}

NetizenTally static_counts(const Netizens& p) {
  return core::reduce_blocks<NetizenTally>(
      p.size(), [&](std::size_t begin, std::size_t end, NetizenTally& tally) {
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) tally.add_static(p, i);
      });
}

NetizenTally tally_netizens(const Netizens& p) {
  const std::uint8_t* now = p.visible_now();
  return core::reduce_blocks<NetizenTally>(
      p.size(), [&](std::size_t begin, std::size_t end, NetizenTally& tally) {
        BlockSums sum;
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
          const bool on = now[i] & visible::participating;
          tally.add_static(p, i);
          sum.add(p.age[i], p.flags[i], on, on, p.fatigue[i], p.risk[i]);
          sum.add_settling(now[i] & visible::victimised, p.victim_countdown[i] > 0, p.trust[i],
                           p.literacy[i], p.rumour[i], p.status[i], p.exposed[i]);
        }
        sum.add_to(tally);
      });
}

void seed_participation(const ParticipationConfig& config, Netizens& p, std::uint64_t seed) {
  const std::uint32_t n = p.size();
  std::uint8_t* now = p.visible.now().data();
  core::for_blocks(n, [&](std::size_t begin, std::size_t end, std::size_t) {
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      core::Stream rng(seed, core::AgentKind::netizen, i, 0, core::Purpose::initial_participation);
      if (rng.bernoulli(config.initial_share)) now[i] |= visible::participating;
    }
  });
  std::uint32_t free = 0;
  for (std::uint32_t i = 0; i < n; ++i) free += !(now[i] & visible::participating);
  const std::uint32_t wanted = std::min(config.initial_count, free);
  std::uint32_t placed = 0;
  for (std::uint64_t draw = 0; placed < wanted; ++draw) {
    auto rng = core::Stream::indexed(seed, core::AgentKind::world, draw,
                                     core::Purpose::initial_participation);
    const auto i = static_cast<std::uint32_t>(rng.below(n));
    if (now[i] & visible::participating) continue;
    now[i] |= visible::participating;
    ++placed;
  }
}

void seed_rumour(double share, Netizens& p, std::uint64_t seed) {
  if (share <= 0) return;
  std::uint8_t* now = p.visible.now().data();
  core::for_blocks(p.size(), [&](std::size_t begin, std::size_t end, std::size_t) {
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      core::Stream rng(seed, core::AgentKind::netizen, i, 0, core::Purpose::initial_rumour);
      if (rng.bernoulli(share)) {
        p.rumour[i] = static_cast<std::uint8_t>(RumourState::believer);
        p.status[i] |= status::ever_believed;
        now[i] |= visible::believer;
      }
    }
  });
}

}  // namespace cogov::model
