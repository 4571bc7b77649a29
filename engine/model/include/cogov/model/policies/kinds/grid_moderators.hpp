#pragma once
// grid_moderators (docs/model.md section 8.2): part-time grid members who moderate local chat
// groups. On its first day the policy appoints per_grid netizens of each targeted grid (not
// already moderators), drawn from the policy's own stream; while it runs, moderators get
// u_i += intensity and are boosted debunkers, the rumour's transmission to the residents of
// a grid with moderators is x (1 - chat_moderation) (they moderate its chat groups), and
// moderators pass on leads: a rumour a moderator rejects is reported with + lead_boost in
// the report decision, and its report is handled with priority (it goes to the grid team).
//
//   charge  cost_per_unit x the moderators this policy appointed x days

#include <algorithm>
#include <cmath>
#include <string_view>

#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

struct GridModerators {
  static constexpr std::string_view name = "grid_moderators";
  static constexpr std::string_view summary = "moderators appointed in every targeted grid";
  struct Config {
    Target target;                 ///< all grids, or grids by id or share
    double per_grid = 2;           ///< moderators appointed per grid
    double intensity = 1.0;        ///< utility of moderators
    double cost_per_unit = 0;      ///< per moderator per day
    double chat_moderation = 0.2;  ///< share of rumour transmission removed in their grids
    double lead_boost = 1.0;       ///< report-decision utility of a moderator's lead
  };

  template <class V>
  static void visit(V& v, Config& c) {
    using core::Range;
    visit_target(v, c.target, kGridTargetKinds, "which grids get moderators");
    v.value("per_grid", c.per_grid, {Range::at_least(0), "moderators", "appointed per grid"});
    v.value("intensity", c.intensity, {Range::any(), "utility", "duty utility of moderators"});
    v.value("cost_per_unit", c.cost_per_unit,
            {Range::at_least(0), "yuan", "per moderator per day"});
    v.value("chat_moderation", c.chat_moderation,
            {Range::unit(), "",
             "rumour transmission to residents of a grid with moderators x (1 - this)"});
    v.value("lead_boost", c.lead_boost,
            {Range::any(), "utility", "moderators report the rumours they reject more (leads)"});
  }

  static void compile(const Config& c, PolicyContext& x) {
    if (!x.slot.appointed) {
      appoint(c, x);
      x.slot.appointed = true;
    }
    TargetSet moderators;
    moderators.kind = TargetSet::Kind::moderators;
    x.add(UtilityTerm{moderators, c.intensity, 1.0, false, 0.0, Unit::none});
    x.effects.moderators = true;
    x.effects.lead_boost = std::max(x.effects.lead_boost, c.lead_boost);
    if (c.chat_moderation > 0) moderate_chat_groups(c, x);
  }

  static double charge(const Config& c, const ChargeInputs& u) {
    return c.cost_per_unit * u.held * u.step_days;
  }

 private:
  /// The grids this policy appointed moderators in: transmission there x (1 - moderation).
  static void moderate_chat_groups(const Config& c, PolicyContext& x) {
    const core::Territory& t = x.territory;
    std::vector<float>& factor = x.effects.grid_transmission;
    if (factor.empty()) factor.assign(t.grids(), 1.0f);
    const TargetSet grids = c.target.territorial() ? x.target(c.target) : TargetSet{};
    for (std::uint32_t g = 0; g < t.grids(); ++g) {
      if (grids.by_grid() && !(*grids.grid_mask)[g]) continue;
      factor[g] *= static_cast<float>(1.0 - c.chat_moderation);
    }
  }

  static void appoint(const Config& c, PolicyContext& x) {
    const core::Territory& t = x.territory;
    Netizens& p = x.netizens;
    const TargetSet grids = c.target.territorial() ? x.target(c.target) : TargetSet{};
    const auto per_grid = static_cast<std::uint32_t>(std::lround(c.per_grid));
    for (std::uint32_t g = 0; g < t.grids(); ++g) {
      if (grids.by_grid() && !(*grids.grid_mask)[g]) continue;
      const std::uint32_t first = t.grid_first(g), size = t.grid_end(g) - first;
      std::uint32_t free = 0;
      for (std::uint32_t i = first; i < first + size; ++i) free += !(p.flags[i] & flag::moderator);
      core::Stream rng(x.draw_seed(), core::AgentKind::world, g, 0,
                       core::Purpose::moderator_choice);
      for (std::uint32_t m = 0; m < std::min(per_grid, free); ++m) {
        std::uint32_t i;
        do {
          i = first + static_cast<std::uint32_t>(rng.below(size));
        } while (p.flags[i] & flag::moderator);
        p.flags[i] |= flag::moderator;
        ++x.slot.held;
      }
    }
  }
};

}  // namespace cogov::model
