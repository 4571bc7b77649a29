#include "cogov/model/ngo_step.hpp"

#include <algorithm>
#include <cstring>

#include "cogov/core/parallel.hpp"

namespace cogov::model {

GridCounts count_grids(const Netizens& p, const core::Territory& t, const ReportRouting& r) {
  GridCounts g;
  const std::uint32_t grids = t.grids();
  g.residents.resize(grids);
  g.participants.resize(grids);
  g.reports.resize(grids);
  g.fraud_reports.resize(grids);
  g.channel_reports.resize(static_cast<std::size_t>(grids) * kChannels * 2);
  g.channel_fraud.resize(g.channel_reports.size());
  const std::uint8_t* now = p.visible_now();
  const std::uint8_t* statuses = p.status.data();
  // Reporters are few: the grid's counts in one branch-free (vectorised) loop, then, in a
  // grid with reports, its status bytes eight at a time, routing the reporters found.
  constexpr std::uint64_t kReported = 0x0101010101010101ull * status::reported;
  core::for_blocks(
      grids,
      [&](std::size_t b, std::size_t e, std::size_t) {
        for (std::size_t k = b; k < e; ++k) {
          const auto grid = static_cast<std::uint32_t>(k);
          const std::uint32_t first = t.grid_first(grid), last = t.grid_end(grid);
          std::uint32_t part = 0, rep = 0, rumour = 0;
          for (std::uint32_t i = first; i < last; ++i) {
            part += now[i] & visible::participating;
            rep += statuses[i] & status::reported;
          }
          for (std::uint32_t i = first; rep > 0 && i < last;) {
            if (i + 8 <= last) {
              std::uint64_t word;
              std::memcpy(&word, statuses + i, sizeof word);
              if (!(word & kReported)) {
                i += 8;
                continue;
              }
            }
            for (const std::uint32_t stop = std::min(i + 8, last); i < stop; ++i) {
              const std::uint8_t st = statuses[i];
              if (!(st & status::reported)) continue;
              const bool about_rumour = (st & status::rumour_report) != 0;
              rumour += about_rumour;
              const bool has_platform = !r.primary_platform.empty() && r.primary_platform[i] != ~0u;
              const Channel channel =
                  r.government ? report_channel(*r.government, r.seed, i, r.step, has_platform)
                               : Channel::local;
              const std::size_t at =
                  report_index(grid, channel, (st & status::priority_report) != 0);
              ++g.channel_reports[at];
              g.channel_fraud[at] += !about_rumour;
            }
          }
          g.residents[k] = last - first;
          g.participants[k] = part;
          g.reports[k] = rep;
          g.fraud_reports[k] = rep - rumour;
        }
      },
      16);
  return g;
}

NgoTally tally_ngos(const Ngos& g, double day) {
  NgoTally t;
  t.ngos = g.size();
  for (std::uint32_t k = 0; k < g.size(); ++k) {
    t.active += g.active[k];
    t.active_state += g.active[k] && g.state_organised[k];
    t.active_self += g.active[k] && !g.state_organised[k];
    t.funded += g.funded_until[k] >= day;
  }
  t.relief_fund = g.relief_fund;
  t.grids = g.grid_group_formed.size();
  for (std::uint8_t formed : g.grid_group_formed) t.formed_groups += formed;
  return t;
}

NgoTally ngo_step(const NgoConfig& c, Ngos& g, const graph::Layer& membership, const Netizens& p,
                  const GridCounts& grids, const StepContext& ctx, double day,
                  std::span<const float> capacity_boost) {
  const std::uint32_t n = p.size();
  const std::uint8_t* now = p.visible_now();
  core::for_blocks(
      g.size(),
      [&](std::size_t b, std::size_t e, std::size_t) {
        for (std::size_t kk = b; kk < e; ++kk) {
          const auto k = static_cast<std::uint32_t>(kk);
          std::uint32_t participating = 0;
          std::array<std::uint32_t, kAgeGroups> by_age{};
          const auto members = membership.neighbours(n + k);
          for (std::uint32_t i : members) {
            participating += now[i] & visible::participating;
            ++by_age[p.age[i]];
          }
          const bool funded = g.funded_until[k] >= day;
          const bool active =
              funded || (!members.empty() &&
                         participating >= c.activation_share * static_cast<double>(members.size()));
          g.active[k] = active ? 1 : 0;
          g.utility[k] = active ? static_cast<float>(g.state_organised[k] ? c.state_member_utility
                                                                          : c.member_utility)
                                : 0.0f;
          g.boost[k] = active && (g.functions[k] & ngo_function::refutation) ? 1 : 0;
          g.reports[k] = active && (g.functions[k] & ngo_function::reporting) ? 1 : 0;
          g.donates[k] = active && (g.functions[k] & ngo_function::charity) ? 1 : 0;
          for (auto& tp : g.train_prob) tp[k] = 0.0f;
          if (!active || !(g.functions[k] & ngo_function::training) || members.empty()) continue;
          // Capacity goes to the targeted age group first, the rest to the other members.
          double capacity =
              c.capacity_per_member * static_cast<double>(members.size()) * ctx.step_days;
          if (funded && k < capacity_boost.size()) capacity *= 1.0 + capacity_boost[k];
          g.capacity[k] = static_cast<float>(capacity);
          const int target = std::clamp(c.training_target, 0, kAgeGroups - 1);
          const double first = by_age[target];
          if (first > 0)
            g.train_prob[target][k] = static_cast<float>(std::min(1.0, capacity / first));
          capacity = std::max(0.0, capacity - first);
          const double others = static_cast<double>(members.size()) - first;
          for (int a = 0; a < kAgeGroups; ++a) {
            if (a != target && others > 0)
              g.train_prob[a][k] = static_cast<float>(std::min(1.0, capacity / others));
          }
        }
      },
      64);
  for (std::size_t k = 0; k < g.grid_group_formed.size(); ++k) {
    const double share =
        grids.residents[k] ? static_cast<double>(grids.participants[k]) / grids.residents[k] : 0.0;
    if (!g.grid_group_formed[k] && share > c.formation_share)
      g.grid_group_formed[k] = 1;
    else if (g.grid_group_formed[k] && share < c.dissolution_share)
      g.grid_group_formed[k] = 0;
  }
  return tally_ngos(g, day);
}

double pay_relief(const NgoConfig& c, Ngos& g, double collected, double losses) {
  g.relief_fund += collected;
  const double paid = std::min(g.relief_fund, c.relief_share * losses);
  g.relief_fund -= paid;
  return paid;
}

}  // namespace cogov::model
