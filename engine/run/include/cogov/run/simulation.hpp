#pragma once
// The step loop of one run: freezes the scenario, owns the world, advances it step by step.
// Knows nothing of files or the terminal (see runner.hpp for that).

#include <vector>

#include "cogov/io/scenario.hpp"
#include "cogov/model/enterprise_step.hpp"
#include "cogov/model/government_step.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/model/ngo_step.hpp"
#include "cogov/model/policies/book.hpp"
#include "cogov/run/world.hpp"

namespace cogov::run {

/// Everything one step reports: the tallies of each phase and the policy accounts.
struct StepRecord {
  model::NetizenTally netizens;
  model::EnterpriseTally enterprises;
  model::NgoTally ngos;
  model::GovernmentTally government;
  std::vector<double> spending;  ///< this step's charge per policy
  double spending_total = 0;     ///< cumulative
  double budget_left = 0;
  std::uint32_t shocks_active = 0;

  /// The record's own fields recorded as they stand (see core::FieldInfo).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    using T = StepRecord;
    f(&T::spending_total,
      FieldInfo{"spending_total", "yuan", "cumulative spending of all policies"});
    f(&T::budget_left, FieldInfo{"budget_left", "yuan", "government budget left"});
    f(&T::shocks_active, FieldInfo{"shocks_active", "shocks", "exogenous shocks active this step"});
  }
};

class Simulation {
 public:
  explicit Simulation(io::Scenario scenario);
  /// Builds around an existing world (tests: hand-made graphs and states).
  Simulation(io::Scenario scenario, World world);
  /// Continues a run from saved state (checkpoints).
  Simulation(io::Scenario scenario, World world, const model::PolicyBookState& book,
             model::GridCounts grids, std::uint32_t steps_done);

  /// Advances one step. Phases, in order: shocks and policies (compile this step's
  /// effects), enterprises, NGOs, netizens (fused: rumours, fraud, exposure, participation,
  /// state), buffer swap, per-grid counts, government (reports), policy charges, then the
  /// policy triggers (which policies run from the next step).
  void step();

  std::uint32_t steps_done() const { return steps_done_; }
  double day() const { return steps_done_ * scenario_.time.step_days(); }
  bool finished() const { return steps_done_ >= scenario_.time.steps; }
  const model::NetizenTally& tally() const { return record_.netizens; }
  const StepRecord& record() const { return record_; }
  const model::PolicyBook& policies() const { return book_; }
  const model::GridCounts& grids() const { return grids_; }
  const io::Scenario& scenario() const { return scenario_; }
  const World& world() const { return world_; }
  World& world() { return world_; }
  const PhaseTimes& times() const { return times_; }

 private:
  io::Scenario scenario_;
  void start();

  World world_;
  model::PolicyBook book_;
  StepRecord record_;
  model::GridCounts grids_;
  std::vector<float> interception_, moderation_;
  model::NetizenTally static_counts_;                ///< the tally's static part, counted once
  std::vector<std::uint32_t> primary_platform_;      ///< per netizen (model::primary_platforms)
  std::vector<std::uint8_t> primary_platform_byte_;  ///< model::primary_platform_bytes
  std::uint32_t steps_done_ = 0;
  PhaseTimes times_;
};

}  // namespace cogov::run
