#include "cogov/run/simulation.hpp"

#include "timer.hpp"

namespace cogov::run {

Simulation::Simulation(io::Scenario scenario) : scenario_(std::move(scenario)) {
  world_ = build_world(scenario_, &times_);
  model::seed_participation(scenario_.rules.participation, world_.netizens, scenario_.seed);
  tally_ = model::tally_netizens(world_.netizens);
}

Simulation::Simulation(io::Scenario scenario, World world)
    : scenario_(std::move(scenario)), world_(std::move(world)) {
  tally_ = model::tally_netizens(world_.netizens);
}

void Simulation::step() {
  model::StepContext ctx;
  ctx.seed = scenario_.seed;
  ctx.step = steps_done_;
  ctx.step_days = scenario_.time.step_days();
  {
    detail::ScopedTimer timer(times_["step.netizens"]);
    tally_ = model::netizen_step(scenario_.rules, world_.social, world_.netizens, ctx);
  }
  world_.netizens.swap_buffers();
  ++steps_done_;
}

}  // namespace cogov::run
