#pragma once
// The shape of a netizen mechanism: a named stage of the one fused pass over each netizen.
//
// The netizen step visits every netizen once: it counts what the neighbours show at t (one
// byte each, mechanisms/neighbourhood.hpp), then runs the stages of mechanisms/stages.hpp
// in order on that netizen, each reading and writing the netizen's columns and a few fields
// of `Agent` that pass results from stage to stage. A stage is a struct with
//
//   static constexpr Role role;                  core, optional or settling (below)
//   struct Params { bool on; ... };              per-step constants, made once per step;
//                                                `on` (if present): the stage acts this step
//   template <class Step>
//   static Params prepare(Step&);                per-step set-up from the StepInputs (may
//                                                run a pre-pass); a template because the
//                                                rules it reads (NetizenRules) are complete
//                                                only where the pass is compiled
//   static bool quiet(const NetizenTally& last)  settling stages: nothing to change
//   [[gnu::always_inline]] static void apply(const Params&, const Columns&, Agent&,
//                                            NetizenTally&);
//
// Its header comment gives the equation, what it reads and writes, and its RNG purpose.
// The three instantiations of the pass are lists of stages made from the roles, never
// hand-written guards: `full` runs every stage; `lean` leaves out the optional stages and
// runs when none is on this step; `settled` also leaves out the settling stages and runs
// when the step is lean and every settling stage is quiet given the tally of the state as
// it stands. A stage whose Params say `on = false` is skipped (one predictable branch per
// netizen); a stage without `on` always acts on its paths.

#include <cstdint>
#include <span>
#include <vector>

#include "cogov/core/philox_batch.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/model/netizen_tally.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {
struct NetizenRules;  // netizen_rules.hpp: every mechanism's configuration
}  // namespace cogov::model

namespace cogov::model::stage {

/// Which instantiations of the pass include a stage.
enum class Role : std::uint8_t {
  core,      ///< every path
  optional,  ///< a mechanism that may be off this step: full path only
  settling,  ///< full and lean paths; left out when settled (quiet() says it has nothing to do)
};

/// The instantiations of the pass (see the file comment).
enum class Path : std::uint8_t { full, lean, settled };

template <class Stage>
constexpr bool on_path(Path path) {
  switch (Stage::role) {
    case Role::core:
      return true;
    case Role::optional:
      return path == Path::full;
    case Role::settling:
      return path != Path::settled;
  }
  return false;
}

/// Whether a stage acts this step (Params::on, or always if it has none).
template <class Params>
constexpr bool is_on(const Params& p) {
  if constexpr (requires { p.on; })
    return p.on;
  else
    return true;
}

/// What a netizen's neighbours show at t (visible::* bits counted over its row).
struct Neighbourhood {
  std::uint32_t degree = 0;
  std::uint32_t participating = 0;
  std::uint32_t victimised = 0;
  std::uint32_t believers = 0, debunkers = 0, boosted = 0;
};

/// One netizen's Philox block for this step (Purpose::netizen_lanes, computed for
/// kPhiloxBatch netizens at a time): each lane is the first draw of one purpose; a purpose
/// that needs more draws continues in its own stream (core::ValueThenStream).
struct Lanes {
  const core::PhiloxBatch& batch;
  std::uint32_t slot;
  std::uint32_t operator[](int lane) const { return batch.out[lane][slot]; }
};
enum Lane : int { kRumourLane = 0, kFraudLane = 1, kInertiaLane = 2, kChoiceLane = 3 };

struct BlockSums;  // mechanisms/tally.hpp

/// Raw, non-aliasing column pointers for one block of netizens: stores to the byte columns
/// would otherwise make the compiler reload every vector's data pointer after each one.
/// Also the block's per-agent sums, which only the tally stages touch.
struct Columns {
  const std::uint8_t* __restrict age;
  const std::uint8_t* __restrict flags;
  const float* __restrict altruism;
  const float* __restrict usage;
  const float* __restrict threshold;
  const std::uint32_t* __restrict grid;
  float* __restrict literacy;
  float* __restrict fatigue;
  float* __restrict risk;
  float* __restrict trust;
  float* __restrict loss;
  std::uint16_t* __restrict countdown;
  std::uint8_t* __restrict rumour;
  std::uint8_t* __restrict rumour_age;
  std::uint8_t* __restrict exposed;
  std::uint8_t* __restrict status;
  const std::uint8_t* now;  ///< visible bytes at t (read at random positions)
  std::uint8_t* next;       ///< visible bytes at t + 1
  BlockSums* sums;          ///< this block's per-agent sums

  Columns(Netizens& p, BlockSums& block_sums)
      : age(p.age.data()),
        flags(p.flags.data()),
        altruism(p.altruism.data()),
        usage(p.usage.data()),
        threshold(p.threshold.data()),
        grid(p.grid.data()),
        literacy(p.literacy.data()),
        fatigue(p.fatigue.data()),
        risk(p.risk.data()),
        trust(p.trust.data()),
        loss(p.loss.data()),
        countdown(p.victim_countdown.data()),
        rumour(p.rumour.data()),
        rumour_age(p.rumour_age.data()),
        exposed(p.exposed.data()),
        status(p.status.data()),
        now(p.visible_now()),
        next(p.visible_next()),
        sums(&block_sums) {}
};

inline constexpr std::uint8_t kNoMatch = 0xFF;

/// One netizen's update in progress: what it is and saw at t, and what the stages pass on.
struct Agent {
  std::uint32_t i;
  std::span<const std::uint32_t> row;  ///< social neighbours
  Neighbourhood nb;
  double inv_k;         ///< 1 / degree (0 if isolated)
  double victim_share;  ///< v: share of neighbours shown victimised
  bool was;             ///< participating at t
  std::uint8_t age, flags;
  std::uint32_t grid;
  Lanes lanes;
  std::uint8_t old_status = 0, st = 0;  ///< status::* at t and as the stages leave it
  // Passed between stages (the stage that writes a field names it in its header). The
  // record is set up for every netizen and step: GCC splits it into separate values only
  // while no reference to a field outlasts inlining (larger(), below); kept whole in memory
  // it was cleared and stored field by field, some 35 instructions a netizen.
  double report_bonus = 0.0;   ///< extra utility of reporting: reward offer (cash), NGO terms
  double utility = 0.0;        ///< organisation and policy utility terms
  double literacy_gain = 0.0;  ///< largest training gain this step
  double fatigue_boost = 0.0;  ///< extra fatigue of reached participants
  std::uint32_t rewards = 0;   ///< bit k: in reward term k: reward offer
  bool handled = false, trust_loss = false;  ///< last step's report: report outcome
  bool victimised_now = false;               ///< defrauded this step: fraud
  bool believing = false, refuted = false;   ///< believes at t + 1, refuted now: rumour
  bool crowded_out = false;                  ///< offered cash that crowds out altruism: offers
  bool campaigned = false;                   ///< reached by a campaign: policy terms
  bool boosted = false;                      ///< boosted debunker: NGO, group, moderator
  bool choice = false;                       ///< participating at t + 1: participation
  bool shown_victimised = false;             ///< visible as victimised at t + 1: victim countdown
  bool recently_victimised = false;          ///< countdown left after this step: victim countdown
  std::uint8_t rumour_state = 0;             ///< rumour state shown at t + 1: state tally
  /// The reward term that matches its donations (kNoMatch: none): reward offer.
  std::uint8_t match_term = kNoMatch;
};

/// std::max and std::min by value, for Agent's fields: those return a reference, and where
/// one survives inlining (GCC 12 left `&a.literacy_gain` in a phi) the address of the
/// record is taken, so GCC cannot split it into separate values and keeps it in memory.
[[gnu::always_inline]] inline double larger(double x, double y) {
  return x < y ? y : x;
}
[[gnu::always_inline]] inline double smaller(double x, double y) {
  return y < x ? y : x;
}

/// Files a report (status::reported and `kind`, e.g. status::rumour_report). Its priority
/// is status::priority_report, which the reward offer, the NGO terms and moderators' leads
/// set for the step (the report outcome clears it with the report bits).
[[gnu::always_inline]] inline void file_report(Agent& a, std::uint8_t kind = 0) {
  a.st |= static_cast<std::uint8_t>(status::reported | kind);
}

/// Everything a stage's prepare() may read: the rules, the step, the other phases' inputs,
/// and what several stages share (resolved once per step by the pass).
struct StepInputs {
  const NetizenRules& rules;
  const StepContext& ctx;
  const NetizenInputs& in;
  Netizens& netizens;
  /// Each netizen's primary platform (the caller's cache, or computed for this step).
  std::span<const std::uint32_t> primary;
  std::vector<std::uint32_t> own_primary;
};

}  // namespace cogov::model::stage
