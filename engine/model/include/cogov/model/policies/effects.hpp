#pragma once
// What the active policies do to netizens this step, compiled once per step by the policy
// phase and applied per agent by the netizen kernel with a short loop over plain structs
// (no virtual calls, no strings).

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "cogov/model/population.hpp"

namespace cogov::model {

inline constexpr int kMaxPolicies = 32;  ///< policies per scenario (a bit each in a word)

/// Who a policy reaches: the scenario's `target` names one of these (policies/kind.hpp).
enum class TargetKind : std::uint8_t {
  all,
  age_group,
  party,
  moderators,
  hubs,
  grids,
  urban,
  rural,
  counties
};

/// A policy's target, ready to test per agent.
struct TargetSet {
  using Kind = TargetKind;
  Kind kind = Kind::all;
  std::uint8_t age_group = 0;
  std::uint32_t min_degree = 0;                          ///< hubs
  const std::vector<std::uint8_t>* grid_mask = nullptr;  ///< grids, counties (by grid)

  /// A territory: some grids (listed, drawn, or those of some counties).
  bool by_grid() const { return kind == Kind::grids || kind == Kind::counties; }

  bool contains(std::uint8_t age, std::uint8_t flags, std::uint32_t degree,
                std::uint32_t grid) const {
    switch (kind) {
      case Kind::all:
        return true;
      case Kind::age_group:
        return age == age_group;
      case Kind::party:
        return flags & flag::party;
      case Kind::moderators:
        return flags & flag::moderator;
      case Kind::hubs:
        return degree >= min_degree;
      case Kind::grids:
      case Kind::counties:
        return (*grid_mask)[grid] != 0;
      case Kind::urban:
        return flags & flag::urban;
      case Kind::rural:
        return !(flags & flag::urban);
    }
    return false;
  }
};

/// What a policy counts as its charged unit in the netizen pass.
enum class Unit : std::uint8_t { none, reached, reports, participant_days, yuan };

/// A reward's offer to the netizens in its target (policies/kinds/reward.hpp): the cash of
/// one report enters the report decision, the expected pay (or status) the participation
/// utility; a cash offer that pays crowds out altruism in its target.
struct RewardTerm {
  TargetSet target;
  double report_bonus = 0;  ///< utility of one report's cash (reporting.hpp R_i)
  double utility = 0;       ///< participation utility: expected pay, pay or status
  bool crowds_out = false;
  bool priority = false;      ///< participants' reports are handled first (priority_handling)
  double match_share = 0;     ///< share added to the donations of the target (matching)
  double match_response = 0;  ///< donation probability x (1 + this) while matched
  Unit unit = Unit::none;     ///< what is paid: reports, participant_days, yuan (none: honours)
  std::uint8_t policy = 0;
};

/// A utility contribution: agents in `target` are reached with probability `reach` this
/// step; reached agents get `value` added to their utility.
struct UtilityTerm {
  TargetSet target;
  double value = 0;
  double reach = 1;
  bool campaign = false;     ///< reached agents count as reached by a campaign (risk)
  double fatigue_boost = 0;  ///< extra fatigue fraction for reached participants
  Unit unit = Unit::none;
  std::uint8_t policy = 0;      ///< the policy's slot (counters)
  std::uint64_t draw_seed = 0;  ///< the policy's stream seed for this term's reach draws
};

/// Literacy training: agents in `target` are trained with probability `prob` this step.
struct TrainingTerm {
  TargetSet target;
  double prob = 0;          ///< for the untrained in the target
  double prob_trained = 0;  ///< for the trained: the capacity the untrained leave
  double gain = 0;
  double repeat_gain = 0;  ///< the gain of a repeat
  std::uint8_t policy = 0;
  std::uint64_t draw_seed = 0;  ///< the policy's stream seed for its training draws
};

/// A quantity policies may set for some grids only (data sharing in some counties): `all`
/// everywhere until a policy acts on part of the territory, then one value per grid.
struct PerGrid {
  double all = 0;
  std::vector<float> grid;  ///< empty: `all` in every grid

  double at(std::uint32_t g) const { return grid.empty() ? all : grid[g]; }
  /// value <- f(value) in the grids of `target` (every grid if it is not territorial).
  template <class F>
  void update(const TargetSet& target, std::uint32_t grids, F&& f) {
    if (!target.by_grid()) {
      all = f(all);
      for (float& x : grid) x = static_cast<float>(f(x));
      return;
    }
    if (grid.empty()) grid.assign(grids, static_cast<float>(all));
    for (std::uint32_t g = 0; g < grids; ++g)
      if ((*target.grid_mask)[g]) grid[g] = static_cast<float>(f(grid[g]));
  }
};

struct PolicyEffects {
  std::vector<UtilityTerm> terms;
  std::vector<TrainingTerm> training;
  std::vector<RewardTerm> rewards;  ///< at most kMaxPolicies (a bit each per netizen)
  bool moderators = false;          ///< moderators are in office (boosted debunking)
  double lead_boost = 0;            ///< moderators' report-decision utility for rumours (leads)
  /// Per grid: rumour transmission to its residents x this (moderated chat groups); empty:
  /// 1 everywhere.
  std::vector<float> grid_transmission;
  double refutation_prob = 0;       ///< reach x conversion per step once the lag has passed
  double refutation_lag_steps = 0;  ///< official refutation lag in steps
  /// Platforms aimed at some grids: per grid, the best of them (empty: none aimed); a grid
  /// takes the better of this and the untargeted platforms' refutation.
  std::vector<float> grid_refutation_prob, grid_refutation_lag_steps;

  /// The refutation that acts in `grid`: the most converting, ties the shorter lag.
  std::pair<double, double> refutation_in(std::uint32_t grid) const {
    if (grid_refutation_prob.empty()) return {refutation_prob, refutation_lag_steps};
    const double prob = grid_refutation_prob[grid], lag = grid_refutation_lag_steps[grid];
    if (prob > refutation_prob || (prob == refutation_prob && lag < refutation_lag_steps))
      return {prob, lag};
    return {refutation_prob, refutation_lag_steps};
  }
  PerGrid interception_boost{0, {}};  ///< added fraud interception (data sharing)
  PerGrid exposure_factor{1, {}};     ///< breach exposure x this (data sharing)
};

}  // namespace cogov::model
