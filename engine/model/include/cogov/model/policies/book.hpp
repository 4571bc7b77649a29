#pragma once
// The policy book: the scheduled [[policy]] entries, whether each is running, its spending
// and the one budget. Each step it compiles what the running policies do (PolicyEffects
// for netizens, enforcement for firms, funding for NGOs) and afterwards charges their
// costs from the units the phases counted.
//
// Charges per step (Delta = step length in days), all plus cost_per_day * Delta:
//   political_mobilisation  cost_per_unit x netizens reached
//   social_mobilisation     cost_per_unit x funded NGOs x Delta
//   reward                  (amount + cost_per_unit) x reports by the target (per_report), or
//                           x target participants x Delta (per_participation_day); honour: none
//   campaign                cost_per_unit x netizens reached
//   training                cost_per_unit x netizens trained
//   grid_moderators         cost_per_unit x moderators x Delta
//   enforcement             cost_per_unit x inspections
//   refutation_platform, data_sharing: cost_per_day only
// A charge larger than what is left takes what is left, and the policy stops for good.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/enterprise_step.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/policies/policy.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

/// What the running policies ask of the enterprise and NGO phases this step.
struct PolicyOrders {
  std::vector<Enforcement> enforcement;
  double ngo_capacity_boost = 0;
  double escalation_factor = 1;
};

/// Everything a policy book accumulates during a run (for checkpoints).
struct PolicyBookState {
  double budget_left = 0;
  std::vector<double> spending, last_charge, target_size;
  std::vector<std::uint8_t> stopped, running, appointed;
  std::vector<std::uint32_t> hub_cutoff;
  std::uint64_t funded_ngos = 0, moderators = 0;
};

class PolicyBook {
 public:
  PolicyBook(std::vector<PolicyConfig> policies, double budget, std::uint64_t seed);

  /// Compiles the effects of the policies running on `day`; appoints moderators and funds
  /// NGOs as needed.
  PolicyEffects compile(double day, double step_days, double step_hours, Netizens& netizens,
                        const graph::Layer& social, const core::Territory& territory, Ngos* ngos,
                        PolicyOrders& orders);
  /// Charges this step's costs; `units` combines the counts of all phases per policy.
  void charge(double step_days, const std::array<std::uint64_t, kMaxPolicies>& units);

  std::size_t size() const { return policies_.size(); }
  const std::vector<PolicyConfig>& policies() const { return policies_; }
  const std::vector<double>& spending() const { return spending_; }
  const std::vector<double>& last_charge() const { return last_charge_; }
  double budget_left() const { return budget_left_; }
  bool stopped(std::size_t k) const { return stopped_[k] != 0; }
  bool running(std::size_t k) const { return running_[k] != 0; }
  std::vector<std::string> names() const;
  std::uint64_t funded_ngos() const { return funded_ngos_; }
  std::uint64_t moderators() const { return moderators_; }

  PolicyBookState state() const;
  void restore(const PolicyBookState& state);

 private:
  TargetSet target_set(std::size_t k, const Netizens& p, const graph::Layer& social,
                       const core::Territory& t);
  void appoint_moderators(std::size_t k, Netizens& p, const core::Territory& t);

  std::vector<PolicyConfig> policies_;
  std::uint64_t seed_;
  double budget_left_;
  std::vector<double> spending_, last_charge_;
  std::vector<std::uint8_t> stopped_, running_, appointed_;
  std::vector<std::vector<std::uint8_t>> grid_masks_;
  std::vector<std::uint32_t> hub_cutoff_;
  std::vector<double> target_size_;
  std::uint64_t funded_ngos_ = 0, moderators_ = 0;
};

}  // namespace cogov::model
