#include "cogov/model/netizen_step.hpp"

#include <cmath>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/model/rules/neighbourhood.hpp"

namespace cogov::model {

void NetizenTally::add_agent(const Netizens& p, std::uint32_t i, bool participating) {
  const int g = p.age[i];
  const int urban = (p.flags[i] & flag::urban) ? 1 : 0;
  const bool party_member = p.flags[i] & flag::party;
  ++netizens;
  ++age_count[g];
  ++region_count[urban];
  party_count += party_member;
  if (participating) {
    ++participants;
    ++by_age[g];
    ++by_region[urban];
    party += party_member;
  }
  recently_victimised += p.victim_countdown[i] > 0;
  fatigue += p.fatigue[i];
  risk += p.risk[i];
  trust += p.trust[i];
  literacy += p.literacy[i];
}

NetizenTally& NetizenTally::operator+=(const NetizenTally& o) {
  netizens += o.netizens;
  participants += o.participants;
  for (int g = 0; g < kAgeGroups; ++g) {
    by_age[g] += o.by_age[g];
    age_count[g] += o.age_count[g];
  }
  for (int r = 0; r < 2; ++r) {
    by_region[r] += o.by_region[r];
    region_count[r] += o.region_count[r];
  }
  party += o.party;
  party_count += o.party_count;
  joined += o.joined;
  left += o.left;
  recently_victimised += o.recently_victimised;
  fatigue += o.fatigue;
  risk += o.risk;
  trust += o.trust;
  literacy += o.literacy;
  return *this;
}

namespace {

template <ParticipationRule Rule>
NetizenTally step_all(const NetizenRules& rules, const graph::Layer& social, Netizens& p,
                      const StepContext& ctx) {
  const ParticipationConfig& pc = rules.participation;
  const double fatigue_up = core::rate_to_prob(rules.fatigue.gain_rate, ctx.step_days);
  const double fatigue_down = core::rate_to_prob(rules.fatigue.recovery_rate, ctx.step_days);
  const double risk_keep = std::exp(-rules.perceived_risk.decay_rate * ctx.step_days);
  const std::uint64_t* offsets = social.offsets().data();
  const std::uint32_t* targets = social.targets().data();
  const std::uint8_t* now = p.visible_now();
  std::uint8_t* next = p.visible_next();

  return core::reduce_blocks<NetizenTally>(
      p.size(), [&](std::size_t begin, std::size_t end, NetizenTally& tally) {
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
          const NeighbourCounts nb = count_neighbours(
              {targets + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])}, now);
          const double inv_k = nb.degree > 0 ? 1.0 / nb.degree : 0.0;
          const double victim_share = nb.victimised * inv_k;
          const bool was = now[i] & visible::participating;
          core::Stream rng(ctx.seed, core::AgentKind::netizen, i, ctx.step,
                           core::Purpose::participation_choice);
          bool choice = was;
          if (pc.inertia_prob <= 0.0 || !rng.bernoulli(pc.inertia_prob)) {
            if constexpr (Rule == ParticipationRule::threshold) {
              choice = threshold_decision(pc.threshold, was, nb.degree, nb.participating,
                                          p.threshold[i]);
            } else {
              const LogitInputs x{nb.participating * inv_k,
                                  victim_share,
                                  p.risk[i],
                                  p.altruism[i],
                                  p.fatigue[i],
                                  p.age[i],
                                  0.0,
                                  ctx.cash_reward_active};
              choice = rng.bernoulli(logit_probability(pc.logit, x));
            }
          }
          const std::uint8_t ev = p.events[i];
          p.fatigue[i] = update_fatigue(p.fatigue[i], choice, fatigue_up, fatigue_down);
          p.risk[i] = update_risk(rules.perceived_risk, p.risk[i], risk_keep,
                                  ev & event::victimised, victim_share, ev & event::campaign);
          p.trust[i] = update_trust(rules.trust, p.trust[i], ev & event::report_handled,
                                    (ev & event::victimised) && (ev & event::report_unhandled));
          p.events[i] = 0;
          const bool victim = p.victim_countdown[i] > 0;
          if (victim) --p.victim_countdown[i];
          next[i] = static_cast<std::uint8_t>((choice ? visible::participating : 0) |
                                              (victim ? visible::victimised : 0));
          tally.add_agent(p, i, choice);
          tally.joined += choice && !was;
          tally.left += was && !choice;
        }
      });
}

}  // namespace

NetizenTally netizen_step(const NetizenRules& rules, const graph::Layer& social, Netizens& state,
                          const StepContext& ctx) {
  switch (rules.participation.rule) {
    case ParticipationRule::threshold:
      return step_all<ParticipationRule::threshold>(rules, social, state, ctx);
    case ParticipationRule::logit:
      break;
  }
  return step_all<ParticipationRule::logit>(rules, social, state, ctx);
}

NetizenTally tally_netizens(const Netizens& p) {
  const std::uint8_t* now = p.visible_now();
  return core::reduce_blocks<NetizenTally>(
      p.size(), [&](std::size_t begin, std::size_t end, NetizenTally& tally) {
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
          tally.add_agent(p, i, now[i] & visible::participating);
        }
      });
}

void seed_participation(const ParticipationConfig& config, Netizens& p, std::uint64_t seed) {
  const std::uint32_t n = p.size();
  std::uint8_t* now = p.visible[p.cur].data();
  core::for_blocks(n, [&](std::size_t begin, std::size_t end, std::size_t) {
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      core::Stream rng(seed, core::AgentKind::netizen, i, 0, core::Purpose::initial_participation);
      if (rng.bernoulli(config.initial_share)) now[i] |= visible::participating;
    }
  });
  std::uint32_t placed = 0;
  for (std::uint64_t k = 0; placed < config.initial_count && placed < n; ++k) {
    auto rng = core::Stream::indexed(seed, core::AgentKind::world, k,
                                     core::Purpose::initial_participation);
    const auto i = static_cast<std::uint32_t>(rng.below(n));
    if (now[i] & visible::participating) continue;
    now[i] |= visible::participating;
    ++placed;
  }
}

}  // namespace cogov::model
