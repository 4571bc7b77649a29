#pragma once
// The shape of a policy kind. Each kind is one header in policies/kinds/ and one row of the
// table in policies/kinds.hpp:
//
//   struct Campaign {
//     static constexpr std::string_view name, summary;
//     struct Config { ... };                      typed parameters, with defaults
//     template <class V> static void visit(V&, Config&);   its scenario keys: the reader
//                                                 (parse and check), explain, the reference
//                                                 and the JSON Schema all walk this
//     static void compile(const Config&, PolicyContext&);  what it does this step
//     static double charge(const Config&, const ChargeInputs&);  this step's cost beyond
//                                                 cost_per_day, from its own counters
//     static void settle(const Config&, PolicyContext&);  optional: after every running
//                                                 policy has compiled (shared costs)
//   };
//
// A policy's random draws are keyed by its stable id (the hash of its name, policy_key()),
// never by its position in the list: moving a policy in the file changes nothing.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/enterprise_step.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

/// What the running policies ask of the enterprise and NGO phases this step.
struct PolicyOrders {
  std::vector<Enforcement> enforcement;
  double party_firm_utility = 0;          ///< for firms with a party organisation (political)
  std::vector<float> ngo_capacity_boost;  ///< per NGO: funded capacity x (1 + this)
  std::vector<std::uint8_t> ngo_funders;  ///< per NGO: policies funding it this step
  PerGrid delay_factor{1, {}};            ///< government delays x this, by the grid units serve
};

/// The names of TargetKind (policies/effects.hpp). Hubs: the top `share` of netizens by
/// degree; grids: the listed grid ids, or else a share of grids drawn from the policy's own
/// stream; counties: the grids of the listed counties.
inline constexpr core::Option<TargetKind> kTargetKinds[] = {
    {"all", TargetKind::all},           {"age_group", TargetKind::age_group},
    {"party", TargetKind::party},       {"moderators", TargetKind::moderators},
    {"hubs", TargetKind::hubs},         {"grids", TargetKind::grids},
    {"urban", TargetKind::urban},       {"rural", TargetKind::rural},
    {"counties", TargetKind::counties},
};
/// The targets of a kind that acts on a territory.
inline constexpr core::Option<TargetKind> kGridTargetKinds[] = {
    {"all", TargetKind::all},
    {"grids", TargetKind::grids},
    {"counties", TargetKind::counties},
};

struct Target {
  TargetKind kind = TargetKind::all;
  int age_group = 3;
  double share = 0.1;
  std::vector<std::int64_t> grids;
  std::vector<std::int64_t> counties;

  bool territorial() const { return kind == TargetKind::grids || kind == TargetKind::counties; }
};

/// The target keys of a kind that reaches netizens (`kinds`: the target kinds it allows).
template <class V, std::size_t N>
void visit_target(V& v, Target& t, const core::Option<TargetKind> (&kinds)[N],
                  std::string_view text) {
  using core::Range;
  v.choice("target", t.kind, kinds, text);
  // Kinds that reach netizens offer the age groups and hubs; territorial kinds grids only.
  const bool netizens = std::any_of(std::begin(kinds), std::end(kinds),
                                    [](const auto& o) { return o.value == TargetKind::age_group; });
  if (netizens) {
    v.choice("target_age", t.age_group, kAgeGroupOptions, "target = age_group: which group");
    v.value(
        "target_share", t.share,
        {Range::unit(), "", "target = hubs: top share by degree; target = grids: share of grids"});
  } else {
    v.value("target_share", t.share, {Range::unit(), "", "target = grids: share of grids drawn"});
  }
  v.value("target_grids", t.grids,
          {Range::at_least(0), "", "target = grids: grid ids (overrides target_share)"});
  v.value("target_counties", t.counties, {Range::at_least(0), "", "target = counties: county ids"});
}

/// A policy's own state over a run (checkpointed with the book).
struct PolicySlot {
  double target_size = -1;       ///< netizens in the target (training), -1 until counted
  double untrained = -1;         ///< of them never trained (training), -1 until counted
  std::uint32_t hub_cutoff = 0;  ///< degree of the hub target, 0 until computed
  bool appointed = false;        ///< moderators appointed
  double held = 0;          ///< what the policy holds this step: moderators it appointed, or its
                            ///< share of the funded NGOs
  double participants = 0;  ///< participants in the target at the last step (rewards)
  double report_rate = 0;   ///< their reports per participant per day, smoothed (rewards)
  double effort = 1;  ///< share of cost_per_day due this step (set by compile; not checkpointed)
};

/// The memory of a reward's expectation (PolicySlot::report_rate): an exponential average
/// with this time constant, as a netizen judges what reporting pays by the last month.
inline constexpr double kExpectationDays = 30;

/// The stable id of a policy: a hash of its name (names are unique in a scenario).
std::uint64_t policy_key(std::string_view name);

/// The seed of a policy's streams: the run's seed and the policy's id mixed (so replicate
/// r + 1 does not reuse any draw of replicate r), with a salt for separate uses.
std::uint64_t policy_seed(std::uint64_t seed, std::uint64_t key, std::uint64_t salt = 0);

/// What a kind's compile() reads and writes.
struct PolicyContext {
  std::uint8_t index;  ///< the policy's slot this run (counters, spending)
  std::uint64_t key;   ///< stable id from the name (policy_key)
  std::uint64_t seed;  ///< the run's seed
  double day, step_days, step_hours, start_day;
  Netizens& netizens;
  const graph::Layer& social;
  const core::Territory& territory;
  Ngos* ngos;
  PolicyEffects& effects;
  PolicyOrders& orders;
  PolicySlot& slot;
  std::vector<std::uint8_t>& grid_mask;  ///< per grid, made on first use from the config

  /// The seed of this policy's own streams: every random draw of the policy (targets,
  /// appointments, reach, training, inspections) is keyed by it; `salt` separates the
  /// streams of a policy's several terms.
  std::uint64_t draw_seed(std::uint64_t salt = 0) const { return policy_seed(seed, key, salt); }
  /// Adds a term of this policy (its slot and its own stream seed filled in).
  void add(UtilityTerm term);
  void add(TrainingTerm term);
  void add(RewardTerm term);
  /// Terms this policy has added this step (each draws from its own stream).
  std::uint32_t terms = 0;
  /// The policy's target, ready to test per netizen (hub cutoff and grid mask made once).
  TargetSet target(const Target& t);
};

/// What a kind's charge() reads: the step, and the counters of this policy alone.
struct ChargeInputs {
  double step_days;
  double units;  ///< what the phases counted for this policy (reached, reports, trainees, ...)
  double held;   ///< PolicySlot::held
  double participants;  ///< participants at t in the target (rewards)
  double effort;        ///< PolicySlot::effort
  double yuan;          ///< what the phases counted in yuan (matching)
};

}  // namespace cogov::model
