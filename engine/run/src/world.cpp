#include "cogov/run/world.hpp"

#include "cogov/graph/generators.hpp"
#include "cogov/model/build.hpp"
#include "timer.hpp"

namespace cogov::run {

core::Territory build_territory(const io::Scenario& s) {
  return core::Territory::build(s.territory, s.population.netizens, s.seed);
}

graph::Layer build_social_layer(const io::Scenario& s, const core::Territory& territory) {
  graph::GraphContext ctx{s.population.netizens, s.seed, &territory};
  return graph::build_social_layer(s.graph, ctx);
}

World build_world(const io::Scenario& s, PhaseTimes* times) {
  PhaseTimes local;
  PhaseTimes& t = times ? *times : local;
  World w;
  {
    detail::ScopedTimer timer(t["territory"]);
    w.territory = build_territory(s);
  }
  {
    detail::ScopedTimer timer(t["graph"]);
    w.social = build_social_layer(s, w.territory);
  }
  {
    detail::ScopedTimer timer(t["population"]);
    w.netizens = model::make_netizens(s.population, w.territory, s.seed);
  }
  {
    detail::ScopedTimer timer(t["organisations"]);
    const std::uint32_t n = s.population.netizens;
    w.enterprises = model::make_enterprises(s.enterprise, w.territory, n, s.seed);
    w.platform = model::make_platform_layer(s.enterprise, n, w.enterprises.size(), s.seed);
    model::count_users(w.enterprises, w.platform, n);
    w.ngos = model::make_ngos(s.ngo, w.territory, s.seed);
    w.membership = model::make_membership_layer(s.ngo, w.ngos, w.territory, w.netizens, s.seed);
    model::count_members(w.ngos, w.membership, n);
    w.government = model::make_government(s.government, w.territory, s.time.step_days());
  }
  return w;
}

std::uint64_t estimate_world_bytes(const io::Scenario& s) {
  const double n = s.population.netizens;
  const double degree = graph::expected_mean_degree(s.graph, s.population.netizens);
  // State, CSR (8-byte offsets, 4-byte targets) and the transient edge list (8 bytes per
  // undirected edge) while the layer is built; platform and membership layers (offsets and
  // both directions of each tie).
  const double platform = 8 + 8.0 * s.enterprise.platforms_per_netizen;
  const double membership = 8 + 8.0 * s.ngo.members_mean * s.ngo.per_100k / 1e5;
  // Plus the primary platform the Simulation caches per netizen (4 bytes), and the firms'
  // and NGOs' columns.
  const double organisations =
      s.enterprise.per_100k / 1e5 * static_cast<double>(model::Enterprises::bytes_per_agent()) +
      s.ngo.per_100k / 1e5 * static_cast<double>(model::Ngos::bytes_per_agent());
  return static_cast<std::uint64_t>(n * (static_cast<double>(model::Netizens::bytes_per_agent()) +
                                         8 + 4 + platform + membership + organisations) +
                                    n * degree * 4 + n * degree / 2 * 8);
}

}  // namespace cogov::run
