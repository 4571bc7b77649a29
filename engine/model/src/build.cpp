#include "cogov/model/build.hpp"

#include <algorithm>
#include <cmath>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"

namespace cogov::model {

namespace {

std::uint32_t scaled_count(double per_100k, std::uint32_t netizens) {
  return std::max<std::uint32_t>(
      1, static_cast<std::uint32_t>(std::llround(per_100k * netizens / 1e5)));
}

core::Stream stream(std::uint64_t seed, core::AgentKind kind, std::uint32_t id, core::Purpose p) {
  return core::Stream(seed, kind, id, 0, p);
}

}  // namespace

Enterprises make_enterprises(const EnterpriseConfig& c, const core::Territory& territory,
                             std::uint32_t netizens, std::uint64_t seed) {
  const std::uint32_t n = scaled_count(c.per_100k, netizens);
  Enterprises e;
  core::allocate_columns(e, n);
  const std::uint32_t counties = std::max<std::uint32_t>(1, territory.counties());
  for (std::uint32_t k = 0; k < n; ++k) {
    auto rng = stream(seed, core::AgentKind::enterprise, k, core::Purpose::enterprise_attributes);
    e.type[k] = static_cast<std::uint8_t>(rng.categorical(c.type_shares));
    e.county[k] = static_cast<std::uint32_t>(rng.below(counties));
    e.deceptive[k] = rng.bernoulli(c.deceptive_share) ? 1 : 0;
    e.security[k] = static_cast<float>(rng.beta_mean(c.security_mean, c.security_concentration));
    e.responsibility[k] =
        static_cast<float>(rng.beta_mean(c.responsibility_mean, c.responsibility_concentration));
    e.participating.now()[k] = rng.bernoulli(c.initial_share) ? 1 : 0;
    e.party_org[k] = rng.bernoulli(c.party_org_share) ? 1 : 0;  // last: earlier draws unchanged
  }
  return e;
}

graph::Layer make_platform_layer(const EnterpriseConfig& c, std::uint32_t netizens,
                                 std::uint32_t enterprises, std::uint64_t seed) {
  std::vector<double> cumulative(enterprises);
  double total = 0;
  for (std::uint32_t k = 0; k < enterprises; ++k)
    cumulative[k] = total += std::pow(k + 1.0, -c.zipf_exponent);
  const std::uint32_t per = std::min(c.platforms_per_netizen, enterprises);
  graph::EdgeList edges(static_cast<std::size_t>(netizens) * per);
  core::for_blocks(netizens, [&](std::size_t b, std::size_t end, std::size_t) {
    std::vector<std::uint32_t> chosen;
    for (std::size_t i = b; i < end; ++i) {
      auto rng = stream(seed, core::AgentKind::netizen, static_cast<std::uint32_t>(i),
                        core::Purpose::platform_choice);
      chosen.clear();
      while (chosen.size() < per) {
        const double x = rng.uniform53() * total;
        const auto e = static_cast<std::uint32_t>(std::min<std::ptrdiff_t>(
            std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin(),
            static_cast<std::ptrdiff_t>(enterprises) - 1));
        if (std::find(chosen.begin(), chosen.end(), e) == chosen.end()) chosen.push_back(e);
      }
      for (std::uint32_t k = 0; k < per; ++k)
        edges[i * per + k] = {static_cast<std::uint32_t>(i), netizens + chosen[k]};
    }
  });
  return graph::Layer::from_undirected(netizens + enterprises, edges);
}

Ngos make_ngos(const NgoConfig& c, const core::Territory& territory, std::uint64_t seed) {
  const std::uint32_t n = scaled_count(c.per_100k, territory.netizens());
  Ngos g;
  core::allocate_columns(g, n, territory.grids());
  for (std::uint32_t k = 0; k < n; ++k) {
    auto rng = stream(seed, core::AgentKind::ngo, k, core::Purpose::ngo_attributes);
    g.state_organised[k] = rng.bernoulli(c.state_share) ? 1 : 0;
    std::uint8_t f = 0;
    for (int b = 0; b < 4; ++b) {
      if (rng.bernoulli(c.function_prob[b])) f = static_cast<std::uint8_t>(f | (1 << b));
    }
    g.functions[k] = f ? f : static_cast<std::uint8_t>(1 << rng.below(4));
    g.scope[k] = static_cast<std::uint8_t>(rng.categorical(c.scope_shares));
    const std::uint32_t units[kNgoScopes] = {territory.grids(), territory.townships(),
                                             territory.counties(), 1};
    g.scope_id[k] =
        static_cast<std::uint32_t>(rng.below(std::max<std::uint32_t>(1, units[g.scope[k]])));
  }
  return g;
}

graph::Layer make_membership_layer(const NgoConfig& c, const Ngos& g, const core::Territory& t,
                                   const Netizens& p, std::uint64_t seed) {
  const std::uint32_t n = p.size();
  graph::EdgeList edges;
  for (std::uint32_t k = 0; k < g.size(); ++k) {
    const std::uint32_t id = g.scope_id[k];
    std::uint32_t first = 0, last = n;
    switch (g.scope[k]) {
      case 0:
        first = t.grid_first(id), last = t.grid_end(id);
        break;
      case 1:
        first = t.township_first(id), last = t.township_end(id);
        break;
      case 2:
        first = t.county_first(id), last = t.county_end(id);
        break;
      default:
        break;
    }
    if (last <= first) continue;
    auto rng = stream(seed, core::AgentKind::ngo, k, core::Purpose::ngo_members);
    const std::uint32_t candidates = rng.poisson(c.members_mean);
    for (std::uint32_t m = 0; m < candidates; ++m) {
      const auto i = first + static_cast<std::uint32_t>(rng.below(last - first));
      if (rng.bernoulli(p.altruism[i])) edges.push_back({i, n + k});
    }
  }
  return graph::Layer::from_undirected(n + g.size(), edges);
}

Government make_government(const GovernmentConfig& c, const core::Territory& t, double step_days) {
  Government gov;
  const std::uint32_t per_level[kLevels] = {t.grids(), t.townships(), t.counties(), 1};
  gov.first_unit[0] = 2;  // after the platform pool and the central centre
  for (int k = 0; k < kLevels; ++k) gov.first_unit[k + 1] = gov.first_unit[k] + per_level[k];
  gov.units.resize(gov.first_unit[kLevels]);
  gov.disruption.assign(t.counties(), 1.0);
  gov.content_removal.assign(t.counties(), 0.0f);
  gov.county_fraud_handled.assign(t.counties(), 0.0);
  gov.county_rumour_handled.assign(t.counties(), 0.0);
  // Until the first cohort matures, reporters count their reports handled.
  gov.handled_share.assign(static_cast<std::size_t>(kChannels) * t.grids(), 1.0f);
  const double matures = std::ceil(c.feedback_days / step_days - 1e-9);
  gov.cohort_slots = static_cast<std::uint32_t>(std::max(1.0, matures)) + 1;
  gov.cohort_filed.assign(gov.handled_share.size() * gov.cohort_slots, 0.0);
  gov.cohort_in_time.assign(gov.cohort_filed.size(), 0.0);
  gov.budget_left = c.budget;
  return gov;
}

void count_users(Enterprises& e, const graph::Layer& platform, std::uint32_t netizens) {
  for (std::uint32_t k = 0; k < e.size(); ++k) e.users[k] = platform.degree(netizens + k);
}

void mark_ngo_members(Netizens& p, const graph::Layer& membership) {
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const bool member = i < membership.vertices() && membership.degree(i) > 0;
    p.flags[i] = static_cast<std::uint8_t>((p.flags[i] & ~flag::ngo_member) |
                                           (member ? flag::ngo_member : 0));
  }
}

void count_members(Ngos& g, const graph::Layer& membership, std::uint32_t netizens) {
  for (std::uint32_t k = 0; k < g.size(); ++k) g.members[k] = membership.degree(netizens + k);
}

}  // namespace cogov::model
