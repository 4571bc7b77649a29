#pragma once
// The government phase (after the netizens have filed this step's reports): queues, handling
// up to capacity oldest first, escalation, the handled share each grid's reporters will
// learn next step, and county fraud disruption.

#include <cstdint>
#include <span>

#include "cogov/core/fields.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/model/government.hpp"

namespace cogov::model {

struct GovernmentTally {
  double filed = 0, handled = 0, fraud_handled = 0, waiting = 0;
  double mean_disruption = 1;

  /// The fields recorded as they stand (see core::FieldInfo).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    using T = GovernmentTally;
    f(&T::handled,
      FieldInfo{"reports_handled", "reports", "reports handled by government units this step"});
    f(&T::fraud_handled, FieldInfo{"fraud_reports_handled", "reports",
                                   "reports about fraud handled this step (they disrupt fraud)"});
    f(&T::waiting,
      FieldInfo{"reports_waiting", "reports", "reports waiting in all queues after this step"});
    f(&T::mean_disruption, FieldInfo{"mean_disruption", "factor",
                                     "mean county fraud disruption factor D_c (1 = undisrupted)"});
  }
};

/// `escalation_factor` scales the escalation delays (data sharing shortens them).
GovernmentTally government_step(const GovernmentConfig& config, Government& gov,
                                const core::Territory& territory,
                                std::span<const std::uint32_t> new_reports,
                                std::span<const std::uint32_t> new_fraud_reports,
                                std::uint32_t step, double step_days, double escalation_factor);

}  // namespace cogov::model
