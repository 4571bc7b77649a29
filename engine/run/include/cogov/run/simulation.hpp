#pragma once
// The step loop of one run: freezes the scenario, owns the world, advances it step by step.
// Knows nothing of files or the terminal (see runner.hpp for that).

#include "cogov/io/scenario.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/run/world.hpp"

namespace cogov::run {

class Simulation {
 public:
  explicit Simulation(io::Scenario scenario);
  /// Builds around an existing world (tests: hand-made graphs and states).
  Simulation(io::Scenario scenario, World world);

  /// Advances one step: phases in order (risks and policies join in later modules), then
  /// the netizen update, then the buffer swap.
  void step();

  std::uint32_t steps_done() const { return steps_done_; }
  double day() const { return steps_done_ * scenario_.time.step_days(); }
  bool finished() const { return steps_done_ >= scenario_.time.steps; }
  const model::NetizenTally& tally() const { return tally_; }
  const io::Scenario& scenario() const { return scenario_; }
  const World& world() const { return world_; }
  World& world() { return world_; }
  const PhaseTimes& times() const { return times_; }

 private:
  io::Scenario scenario_;
  World world_;
  model::NetizenTally tally_;
  std::uint32_t steps_done_ = 0;
  PhaseTimes times_;
};

}  // namespace cogov::run
