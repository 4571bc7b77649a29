#pragma once
// The enterprise phase: inspections and sanctions (enforcement policies), the participation
// choice with industry herding, security, vulnerabilities and breaches; then the per-firm
// fields netizens read this step (interception, moderation, breached).

#include <array>
#include <cstdint>
#include <vector>

#include "cogov/core/fields.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/mechanisms/breach.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/policies/firm_target.hpp"

namespace cogov::model {

/// One active enforcement policy, per step.
struct Enforcement {
  double inspection_prob = 0;  ///< per firm per step
  double unannounced_share = 0.5;
  double penalty_points = 10;
  double compliance_threshold = 0.6;
  bool public_naming = true;
  double naming_spillover = 0.3;
  std::uint32_t rectification_steps = 30;  ///< deadline of a rectification order
  FirmTarget target;                       ///< the firms it inspects
  std::uint8_t policy = 0;
  std::uint64_t draw_seed = 0;  ///< the policy's stream seed for its inspections
};

struct EnterpriseTally {
  std::uint64_t enterprises = 0, active = 0, participants = 0;
  std::array<std::uint64_t, kEnterpriseTypes> by_type{}, type_count{};
  double security = 0, declared = 0;  ///< sums over active firms
  std::uint64_t vulnerabilities = 0, breaches = 0;
  std::uint64_t inspections = 0, findings = 0, deceptive_found = 0, named = 0, removed = 0;
  std::uint64_t orders_issued = 0, orders_lifted = 0, removals = 0, users_moved = 0;
  std::array<std::uint64_t, kSanctionLevels> sanction_level{};  ///< firms at each ladder level
  std::array<std::uint64_t, kMaxPolicies> policy_units{};

  /// The fields recorded as they stand (see core::FieldInfo; the others feed shares and
  /// means in the recorder).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    using T = EnterpriseTally;
    f(&T::vulnerabilities, FieldInfo{"open_vulnerabilities", "vulnerabilities",
                                     "open vulnerabilities of operating enterprises"});
    f(&T::breaches, FieldInfo{"breaches", "breaches", "enterprises breached this step"});
    f(&T::inspections, FieldInfo{"inspections", "inspections", "inspections this step"});
    f(&T::findings,
      FieldInfo{"sanctions", "findings", "inspection findings (sanctions) this step"});
    f(&T::deceptive_found,
      FieldInfo{"deceptive_found", "findings", "findings at deceptive firms this step"});
    f(&T::orders_issued,
      FieldInfo{"rectification_orders", "orders", "rectification orders issued this step"});
    f(&T::orders_lifted, FieldInfo{"rectification_passed", "orders",
                                   "orders whose deadline found the firm secure (lifted)"});
    f(&T::removals, FieldInfo{"removals", "enterprises",
                              "firms removed this step (their order's deadline failed)"});
    f(&T::users_moved, FieldInfo{"users_moved", "netizens",
                                 "users of removed firms moved to another firm this step"});
    f(&T::sanction_level, FieldInfo{"sanction_levels", "enterprises",
                                    "enterprises at each sanction level", "sanction_level"});
  }
};

struct EnterpriseInputs {
  const BreachConfig* breach = nullptr;  ///< null: no breaches
  double breach_scale = 1;               ///< shocks
  std::vector<Enforcement> enforcement;
  double interception_efficacy = 0;  ///< w_eff of the fraud module (0: no fraud)
  double moderation_efficacy = 0;    ///< m_eff of the rumour module
  double party_utility = 0;          ///< utility for firms with a party organisation (political)
};

/// Advances all enterprises one step; fills `interception` and `moderation` (per firm) for
/// the netizen phase. Reads participation at t, writes t + 1 (and swaps the buffers).
EnterpriseTally enterprise_step(const EnterpriseConfig& config, Enterprises& firms,
                                const StepContext& ctx, const EnterpriseInputs& inputs,
                                std::vector<float>& interception, std::vector<float>& moderation);

/// Tally of the current state (step 0).
EnterpriseTally tally_enterprises(const Enterprises& firms, double declared_level);

}  // namespace cogov::model
