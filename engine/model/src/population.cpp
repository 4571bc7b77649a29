#include "cogov/model/population.hpp"

#include <algorithm>
#include <cmath>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"

namespace cogov::model {

namespace {

core::Stream stream(std::uint64_t seed, std::uint32_t i, core::Purpose purpose) {
  return core::Stream(seed, core::AgentKind::netizen, i, 0, purpose);
}

}  // namespace

Netizens make_netizens(const PopulationConfig& c, const core::Territory& territory,
                       std::uint64_t seed) {
  const std::uint32_t n = c.netizens;
  Netizens p;
  p.allocate(n);

  const double adult_share = 1.0 - c.age_shares[0] / (c.age_shares[0] + c.age_shares[1] +
                                                      c.age_shares[2] + c.age_shares[3]);
  const double party_prob = adult_share > 0 ? std::min(1.0, c.party_share / adult_share) : 0.0;
  const double usage_mu = -0.5 * c.usage_sigma * c.usage_sigma;  // so that E[u] = 1

  core::for_blocks(territory.grids(), [&](std::size_t gb, std::size_t ge, std::size_t) {
    for (std::size_t g = gb; g < ge; ++g) {
      const auto grid = static_cast<std::uint32_t>(g);
      const std::uint8_t region = territory.grid_urban(grid) ? flag::urban : 0;
      for (std::uint32_t i = territory.grid_first(grid); i < territory.grid_end(grid); ++i) {
        const std::uint8_t age = static_cast<std::uint8_t>(
            stream(seed, i, core::Purpose::netizen_age).categorical(c.age_shares));
        p.age[i] = age;
        p.grid[i] = grid;
        const bool party =
            age != 0 && stream(seed, i, core::Purpose::netizen_party).bernoulli(party_prob);
        p.flags[i] = static_cast<std::uint8_t>(region | (party ? flag::party : 0));
        p.literacy[i] =
            static_cast<float>(stream(seed, i, core::Purpose::netizen_literacy)
                                   .beta_mean(c.literacy_mean[age], c.literacy_concentration));
        p.altruism[i] =
            static_cast<float>(stream(seed, i, core::Purpose::netizen_altruism)
                                   .beta_mean(c.altruism_mean, c.altruism_concentration));
        p.usage[i] = static_cast<float>(
            stream(seed, i, core::Purpose::netizen_usage).lognormal(usage_mu, c.usage_sigma));
        const double theta =
            c.threshold_mean +
            c.threshold_sd * stream(seed, i, core::Purpose::netizen_threshold).normal();
        p.threshold[i] = static_cast<float>(std::clamp(theta, 0.0, 1.0));
        p.risk[i] =
            static_cast<float>(stream(seed, i, core::Purpose::netizen_risk)
                                   .beta_mean(c.initial_risk_mean, c.initial_risk_concentration));
        p.trust[i] =
            static_cast<float>(stream(seed, i, core::Purpose::netizen_trust)
                                   .beta_mean(c.initial_trust_mean, c.initial_trust_concentration));
      }
    }
  });
  return p;
}

}  // namespace cogov::model
