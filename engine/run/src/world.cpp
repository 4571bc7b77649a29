#include "cogov/run/world.hpp"

#include "cogov/run/memory_estimate.hpp"

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
  return estimate_memory(s).saturated();
}

}  // namespace cogov::run
