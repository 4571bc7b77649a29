#include <algorithm>
#include <functional>

#include "cogov/core/rng.hpp"
#include "cogov/model/policies/kind.hpp"

namespace cogov::model {

std::uint64_t policy_key(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

namespace {

/// SplitMix64's finaliser: a bijection that spreads every input bit over the output.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t policy_seed(std::uint64_t seed, std::uint64_t key, std::uint64_t salt) {
  return mix(seed ^ mix(key ^ mix(salt)));
}

void PolicyContext::add(UtilityTerm term) {
  term.policy = index;
  term.draw_seed = draw_seed(1 + terms++);
  effects.terms.push_back(term);
}

void PolicyContext::add(TrainingTerm term) {
  term.policy = index;
  term.draw_seed = draw_seed(1 + terms++);
  effects.training.push_back(term);
}

void PolicyContext::add(RewardTerm term) {
  term.policy = index;
  effects.rewards.push_back(term);
}

TargetSet PolicyContext::target(const Target& t) {
  TargetSet ts;
  ts.kind = t.kind;
  switch (t.kind) {
    case TargetKind::all:
    case TargetKind::party:
    case TargetKind::moderators:
    case TargetKind::urban:
    case TargetKind::rural:
      break;
    case TargetKind::age_group:
      ts.age_group = static_cast<std::uint8_t>(t.age_group);
      break;
    case TargetKind::hubs: {
      if (slot.hub_cutoff == 0) {
        std::vector<std::uint32_t> degrees(social.vertices());
        for (std::uint32_t v = 0; v < social.vertices(); ++v) degrees[v] = social.degree(v);
        const auto rank = std::min<std::size_t>(
            degrees.size() - 1,
            static_cast<std::size_t>(t.share * static_cast<double>(degrees.size())));
        std::nth_element(degrees.begin(), degrees.begin() + static_cast<std::ptrdiff_t>(rank),
                         degrees.end(), std::greater<>());
        slot.hub_cutoff = std::max<std::uint32_t>(1, degrees[rank]);
      }
      ts.min_degree = slot.hub_cutoff;
      break;
    }
    case TargetKind::grids: {
      if (grid_mask.empty()) {
        grid_mask.assign(territory.grids(), 0);
        if (!t.grids.empty()) {
          for (auto g : t.grids) {
            if (g >= 0 && g < static_cast<std::int64_t>(territory.grids()))
              grid_mask[static_cast<std::size_t>(g)] = 1;
          }
        } else {
          for (std::uint32_t g = 0; g < territory.grids(); ++g) {
            core::Stream rng(draw_seed(), core::AgentKind::world, g, 0,
                             core::Purpose::grid_selection);
            grid_mask[g] = rng.bernoulli(t.share) ? 1 : 0;
          }
        }
      }
      ts.grid_mask = &grid_mask;
      break;
    }
    case TargetKind::counties: {
      if (grid_mask.empty()) {
        grid_mask.assign(territory.grids(), 0);
        for (std::uint32_t g = 0; g < territory.grids(); ++g) {
          const std::int64_t county = territory.township_county(territory.grid_township(g));
          grid_mask[g] =
              std::find(t.counties.begin(), t.counties.end(), county) != t.counties.end();
        }
      }
      ts.grid_mask = &grid_mask;
      break;
    }
  }
  return ts;
}

}  // namespace cogov::model
