// The netizen pass: for every netizen, one fused scan of its social row, then the stages of
// mechanisms/stages.hpp in order (see mechanisms/stage.hpp for their shape and for how the
// lean and settled instantiations are made from the stages' roles).

#include "cogov/model/netizen_step.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <span>

#include "cogov/core/parallel.hpp"
#include "cogov/core/philox_batch.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/model/build.hpp"
#include "cogov/model/mechanisms/neighbourhood.hpp"
#include "cogov/model/mechanisms/stages.hpp"
#include "cogov/model/netizen_rules.hpp"

namespace cogov::model {

namespace {

using stage::Path;

// Prefetching (the visible bytes of rows ahead, the columns ahead) pays from a few thousand
// netizens up, once the step's reads leave the first-level caches (measured at 10^5 and 10^6).
constexpr std::uint32_t kPrefetchEdges = 64;
constexpr std::uint32_t kPrefetchNetizens = 256;
constexpr std::uint32_t kPrefetchFrom = 1u << 12;  // netizens
// The settled step reads a few columns and little else per edge: there the hardware keeps
// up until the visible bytes leave the caches.
constexpr std::uint32_t kPrefetchSettledFrom = 1u << 22;  // netizens

template <class T>
[[gnu::always_inline]] inline void prefetch_at(const T* column, std::uint32_t i) {
  __builtin_prefetch(column + i);
}

/// The step streams some twenty columns, more than the hardware prefetchers follow: ask for
/// a cache line of each a few hundred netizens ahead (16 netizens of a 4-byte column, 64 of
/// a byte column). Called for every 16th netizen; `grid`: the pass reads the grid column.
[[gnu::always_inline]] inline void prefetch_columns(const stage::Columns& c, std::uint32_t i,
                                                    std::uint32_t n, bool grid) {
  const std::uint32_t a = std::min(i + kPrefetchNetizens, n - 1);
  prefetch_at(c.fatigue, a), prefetch_at(c.risk, a), prefetch_at(c.literacy, a);
  prefetch_at(c.trust, a), prefetch_at(c.altruism, a), prefetch_at(c.usage, a);
  prefetch_at(c.countdown, a);
  if (grid) prefetch_at(c.grid, a);
  if (i % 64 == 0) {
    const std::uint32_t b = std::min(i + 2 * kPrefetchNetizens, n - 1);
    prefetch_at(c.age, b), prefetch_at(c.flags, b), prefetch_at(c.rumour, b);
    prefetch_at(c.rumour_age, b), prefetch_at(c.exposed, b), prefetch_at(c.status, b);
    prefetch_at(c.next, b);
  }
}

/// One instantiation of the pass: the stages of `path` on every netizen.
template <ParticipationRule Rule, Path path>
NetizenTally pass(stage::StepInputs& s, const graph::Layer& social,
                  const typename stage::NetizenStages<Rule>::Params& params) {
  using Stages = stage::NetizenStages<Rule>;
  constexpr bool kSettled = path == Path::settled;
  constexpr bool kStatus = Stages::writes_status(path);
  Netizens& p = s.netizens;
  const StepContext& ctx = s.ctx;
  const std::uint32_t n = p.size();
  const bool draws = Stages::draws_lanes(params, path);
  // Netizens live in grids of consecutive ids (make_netizens writes the grid column from the
  // territory's ranges): the pass follows the ranges instead of reading the column.
  const std::span<const std::uint32_t> grid_begin =
      s.in.territory && s.in.territory->netizens() == n ? s.in.territory->grid_begin()
                                                        : std::span<const std::uint32_t>{};
  return core::reduce_blocks<NetizenTally>(n, [&](std::size_t begin, std::size_t end,
                                                  NetizenTally& tally) {
    // Locals of the block, not the closure's references: one load each where the body,
    // short of registers, keeps them on the stack.
    const std::uint64_t* offsets = social.offsets().data();
    const std::uint32_t* targets = social.targets().data();
    const bool prefetch = n >= (kSettled ? kPrefetchSettledFrom : kPrefetchFrom);
    stage::BlockSums sums;
    const stage::Columns c(p, sums);
    const std::uint64_t block_last = offsets[end];
    // The visible bytes of the block's first kPrefetchEdges edges; then each row's count
    // asks for the bytes kPrefetchEdges edges on (the same bytes as a cursor running
    // kPrefetchEdges ahead of the rows), up to the block's last edge.
    std::uint64_t prefetched = offsets[begin];
    if (prefetch) {
      for (const std::uint64_t want = std::min(prefetched + kPrefetchEdges, block_last);
           prefetched < want; ++prefetched) {
        __builtin_prefetch(c.now + targets[prefetched]);
      }
    }
    // The grid of netizen `begin` and where it ends (without the ranges: the column).
    const std::uint32_t* ranges = grid_begin.empty() ? nullptr : grid_begin.data();
    std::uint32_t grid = 0, grid_end = 0;
    if (ranges) {
      grid = s.in.territory->grid_of(static_cast<std::uint32_t>(begin));
      grid_end = ranges[grid + 1];
    }
    core::PhiloxBatch batch;
    // Batches of kPhiloxBatch netizens (blocks start at multiples of it): one Philox call
    // and one round of column prefetches each.
    for (auto first = static_cast<std::uint32_t>(begin); first < end; first += core::kPhiloxBatch) {
      if (draws) {
        core::philox_first_blocks(ctx.seed, core::AgentKind::netizen, first, ctx.step,
                                  core::Purpose::netizen_lanes, batch);
      }
      // Ask early for the columns of netizens ahead and (in the row's count) the visible
      // bytes of rows ahead: on large worlds they come from DRAM, and the long body of the
      // step would otherwise keep few of these reads in flight.
      if (!kSettled && prefetch) prefetch_columns(c, first, n, !ranges);
      const std::uint32_t last =
          std::min<std::uint32_t>(first + core::kPhiloxBatch, static_cast<std::uint32_t>(end));
      for (std::uint32_t i = first; i < last; ++i) {
        const std::span<const std::uint32_t> row{
            targets + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
        stage::Neighbourhood nb;
        if (prefetch && offsets[i + 1] + kPrefetchEdges <= block_last) [[likely]] {
          nb = kSettled ? stage::scan_participation<kPrefetchEdges>(row, c.now)
                        : stage::scan<kPrefetchEdges>(row, c.now);
        } else {
          // Near the block's end (or small worlds): what is left of the block's edges.
          if (prefetch) {
            // The rows before asked for everything up to kPrefetchEdges past their end.
            prefetched = std::max(prefetched, offsets[i] + kPrefetchEdges);
            for (; prefetched < block_last; ++prefetched) {
              __builtin_prefetch(c.now + targets[prefetched]);
            }
          }
          nb = kSettled ? stage::scan_participation(row, c.now) : stage::scan(row, c.now);
        }
        if (!ranges) {
          grid = c.grid[i];
        } else {
          while (i >= grid_end) grid_end = ranges[++grid + 1];
          assert(grid == c.grid[i]);
        }
        const double inv_k = nb.degree > 0 ? 1.0 / nb.degree : 0.0;
        stage::Agent a{.i = i,
                       .row = row,
                       .nb = nb,
                       .inv_k = inv_k,
                       .victim_share = kSettled ? 0.0 : nb.victimised * inv_k,
                       .was = (c.now[i] & visible::participating) != 0,
                       .age = c.age[i],
                       .flags = c.flags[i],
                       .grid = grid,
                       .lanes = {batch, i - first}};
        if constexpr (kStatus) a.old_status = a.st = c.status[i];
        Stages::template apply<path>(params, c, a, tally);
        if constexpr (kStatus) {
          if (a.st != a.old_status) c.status[i] = a.st;
        }
      }
    }
    sums.add_to(tally);
  });
}

}  // namespace

NetizenTally netizen_step(const NetizenRules& rules, const graph::Layer& social, Netizens& state,
                          const StepContext& ctx, const NetizenInputs& inputs) {
  stage::StepInputs s{rules, ctx, inputs, state, inputs.primary_platform, {}};
  // Each netizen's primary platform: cached by the caller, or looked up once here (the
  // rumour walk reads it for every moderated believing neighbour).
  if (s.primary.empty() && inputs.platform) {
    s.own_primary = primary_platforms(*inputs.platform, state.size());
    s.primary = s.own_primary;
  }
  const auto run = [&]<ParticipationRule Rule>() {
    using Stages = stage::NetizenStages<Rule>;
    const typename Stages::Params params = Stages::prepare(s);
    const bool lean = Stages::lean(params);
    const bool settled = lean && inputs.state_sums && Stages::quiet(*inputs.state_sums);
    NetizenTally t = settled ? pass<Rule, Path::settled>(s, social, params)
                     : lean  ? pass<Rule, Path::lean>(s, social, params)
                             : pass<Rule, Path::full>(s, social, params);
    // A settled step could change none of the settling sums: the last tally holds them (its
    // reports, victims and believing and recovered counts are zero).
    if (settled) core::copy_fields(t, *inputs.state_sums, core::FieldRole::settling);
    return t;
  };
  NetizenTally t = rules.participation.rule == ParticipationRule::threshold
                       ? run.template operator()<ParticipationRule::threshold>()
                       : run.template operator()<ParticipationRule::logit>();
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
        stage::BlockSums sum;
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
          const bool on = now[i] & visible::participating;
          tally.add_static(p, i);
          sum.add(p.age[i], p.flags[i], on, on, p.fatigue[i], p.risk[i]);
          sum.add_settling(p.age[i], now[i] & visible::victimised, p.victim_countdown[i] > 0,
                           p.trust[i], p.literacy[i], p.rumour[i], p.status[i], p.exposed[i]);
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
