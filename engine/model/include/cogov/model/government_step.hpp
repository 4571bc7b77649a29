#pragma once
// The government phase (after the netizens have filed this step's reports): each channel's
// queues, handling up to capacity oldest first (priority reports before the others),
// escalation up the local levels, expiry, the handled share each grid's reporters will learn
// next step, county fraud disruption and rumour-content removal (government.hpp).

#include <array>
#include <cstdint>
#include <span>

#include "cogov/core/fields.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/model/government.hpp"

namespace cogov::model {

struct GovernmentTally {
  std::array<double, kChannels> filed{}, handled{}, expired{}, waiting{};
  std::array<double, kChannels> delay_hours{};  ///< summed over the reports handled
  std::array<double, kLevels> waiting_by_level{};
  double handled_all = 0, fraud_handled = 0, waiting_all = 0;
  double mean_disruption = 1, mean_removal = 0;

  double mean_delay(int channel) const {
    return handled[channel] > 0 ? delay_hours[channel] / handled[channel] : 0.0;
  }

  /// The fields recorded as they stand (see core::FieldInfo).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    using T = GovernmentTally;
    f(&T::filed, FieldInfo{"reports_filed_by_channel", "reports",
                           "reports filed this step by channel", "channel"});
    f(&T::handled, FieldInfo{"reports_handled_by_channel", "reports",
                             "reports handled this step by channel", "channel"});
    f(&T::expired,
      FieldInfo{"reports_expired_by_channel", "reports",
                "reports closed unhandled this step (expiry_days) by channel", "channel"});
    f(&T::waiting, FieldInfo{"reports_waiting_by_channel", "reports",
                             "reports waiting after this step by channel", "channel"});
    f(&T::delay_hours,
      FieldInfo{"handling_hours_by_channel", "report-hours",
                "hours from filing to handling summed over the reports handled this step: over "
                "any steps, / reports_handled_by_channel is their mean handling delay",
                "channel"});
    f(&T::waiting_by_level,
      FieldInfo{"reports_waiting_by_level", "reports",
                "local reports waiting after this step at each level", "level"});
    f(&T::handled_all,
      FieldInfo{"reports_handled", "reports", "reports handled this step (all channels)"});
    f(&T::fraud_handled, FieldInfo{"fraud_reports_handled", "reports",
                                   "reports about fraud handled this step (they disrupt fraud)"});
    f(&T::waiting_all,
      FieldInfo{"reports_waiting", "reports", "reports waiting in all queues after this step"});
    f(&T::mean_disruption, FieldInfo{"mean_disruption", "1",
                                     "mean county fraud disruption factor D_c (1 = undisrupted)"});
    f(&T::mean_removal, FieldInfo{"mean_content_removal", "1",
                                  "mean county rumour-content removal (0 = none removed)"});
  }
};

/// This step's reports per grid, channel and priority: index (grid * kChannels + channel) * 2
/// + priority (see report_index).
struct GovernmentInputs {
  std::span<const std::uint32_t> reports, fraud;
  std::uint32_t step = 0;
  double step_days = 1;
  double delay_factor = 1;  ///< government units' delays x this (data sharing shortens them)
  /// Per grid, the factor of its agencies (empty: delay_factor everywhere); a unit serving
  /// several grids (township, county, city, central) takes the largest of theirs.
  std::span<const float> grid_delay_factor;
};

inline std::size_t report_index(std::uint32_t grid, Channel channel, bool priority) {
  return (static_cast<std::size_t>(grid) * kChannels + static_cast<std::size_t>(channel)) * 2 +
         (priority ? 1 : 0);
}

GovernmentTally government_step(const GovernmentConfig& config, Government& gov,
                                const core::Territory& territory, const GovernmentInputs& in);

}  // namespace cogov::model
