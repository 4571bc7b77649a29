#pragma once
// The NGO phase: activation from members' participation at t (or funding), the
// social-mobilisation utility, training probabilities (targeted group first, up to
// capacity) and debunking boost for this step; formation and dissolution of each grid's
// latent self-organised group from the grid's participation share at t.

#include <cstdint>
#include <span>

#include "cogov/core/fields.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"
#include "cogov/model/government_step.hpp"
#include "cogov/model/netizen_step.hpp"
#include "cogov/model/ngos.hpp"

namespace cogov::model {

struct NgoTally {
  std::uint64_t ngos = 0, active = 0, active_state = 0, active_self = 0, funded = 0;
  std::uint64_t formed_groups = 0, grids = 0;
  double relief_paid = 0, relief_fund = 0;  ///< yuan: paid to victims this step; left after

  /// The fields recorded as they stand (see core::FieldInfo).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    using T = NgoTally;
    f(&T::active, FieldInfo{"active_ngos", "NGOs", "active NGOs"});
    f(&T::funded, FieldInfo{"funded_ngos", "NGOs", "NGOs funded by social mobilisation"});
    f(&T::formed_groups,
      FieldInfo{"formed_groups", "groups", "grids whose self-organised group has formed"});
    f(&T::relief_paid,
      FieldInfo{"relief_paid", "yuan", "charity relief paid to this step's fraud victims"});
    f(&T::relief_fund,
      FieldInfo{"relief_fund", "yuan", "donations (and matches) collected and not yet paid out"});
  }
};

/// Per-grid counts from the netizen state (participants at t + 1, reports filed this step,
/// and those of them about fraud: victims' and intercepted attempts'), and the reports by
/// grid, channel and priority (government_step.hpp's report_index) for the government phase.
struct GridCounts {
  std::vector<std::uint32_t> residents, participants, reports, fraud_reports;
  std::vector<std::uint32_t> channel_reports, channel_fraud;
};

/// Where this step's reports go: the channel draw (report_channel) needs the seed, the step
/// and whether the reporter has a platform.
struct ReportRouting {
  const GovernmentConfig* government = nullptr;  ///< null: every report is local
  std::uint64_t seed = 0;
  std::uint32_t step = 0;
  std::span<const std::uint32_t> primary_platform;  ///< per netizen (empty: no platforms)
};
GridCounts count_grids(const Netizens& netizens, const core::Territory& territory,
                       const ReportRouting& routing = {});

/// `capacity_boost` (per NGO; empty: none) multiplies the capacity of funded NGOs by
/// (1 + boost) (social mobilisation).
NgoTally ngo_step(const NgoConfig& config, Ngos& ngos, const graph::Layer& membership,
                  const Netizens& netizens, const GridCounts& grids, const StepContext& ctx,
                  double day, std::span<const float> capacity_boost = {});

NgoTally tally_ngos(const Ngos& ngos, double day);

/// The charity fund takes this step's `collected` donations (with matches) and repays
/// relief_share of this step's fraud `losses` while it lasts; returns what it paid.
double pay_relief(const NgoConfig& config, Ngos& ngos, double collected, double losses);

}  // namespace cogov::model
