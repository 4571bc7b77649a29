#pragma once
// The series a policy trigger may watch (docs/model.md section 8.3): a few per-step
// quantities of the reduced tallies, each named as the recorded series it equals
// (engine/run/src/recorder.cpp and the tallies' visit_fields), so the value a trigger saw can
// be recomputed from the output. Flows (events of a step) are summed over the trigger's
// window, stocks and shares averaged; counts and yuan may be scaled per `per` netizens,
// shares not. The tallies are sums over fixed blocks combined in order (or integers), so a
// reading is the same for any thread count.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cogov/core/spec.hpp"
#include "cogov/model/enterprise_step.hpp"
#include "cogov/model/government_step.hpp"
#include "cogov/model/netizen_tally.hpp"

namespace cogov::model {

enum class TriggerSeries : std::uint8_t {
  none,
  fraud_attempts,
  fraud_successes,
  fraud_losses,
  victim_reports,
  new_believers,
  reports_filed,
  breaches,
  rumour_believers,
  reports_waiting,
  participation_share,
};

/// How a series' values over the window make the trigger's value.
enum class WindowAggregate : std::uint8_t {
  sum,   ///< a flow: events per window
  mean,  ///< a stock or a share: its mean over the window's steps
};

/// What one step's tallies give the trigger series, indexed by TriggerSeries.
struct TriggerTallies {
  const NetizenTally& netizens;
  const EnterpriseTally& enterprises;
  const GovernmentTally& government;
};

struct TriggerSeriesInfo {
  std::string_view name;  ///< the recorded series it equals
  TriggerSeries series;
  std::string_view units;
  WindowAggregate aggregate;
  bool scaled;  ///< a count or yuan, scaled by per / netizens when `per` is set
  double (*read)(const TriggerTallies&);
};

namespace detail {
inline double as_double(std::uint64_t x) {
  return static_cast<double>(x);
}
}  // namespace detail

/// The table: one row per series a trigger may watch ("none" first: no trigger).
inline constexpr TriggerSeriesInfo kTriggerSeriesTable[] = {
    {"none", TriggerSeries::none, "", WindowAggregate::sum, false,
     [](const TriggerTallies&) { return 0.0; }},
    {"fraud_attempts", TriggerSeries::fraud_attempts, "attempts", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.attempts); }},
    {"fraud_successes", TriggerSeries::fraud_successes, "victims", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.successes); }},
    {"fraud_losses", TriggerSeries::fraud_losses, "yuan", WindowAggregate::sum, true,
     [](const TriggerTallies& t) {
       double loss = 0;
       for (double x : t.netizens.loss_by_age) loss += x;  // as the recorder sums them
       return loss;
     }},
    {"victim_reports", TriggerSeries::victim_reports, "reports", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.victim_reports); }},
    {"new_believers", TriggerSeries::new_believers, "netizens", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.new_believers); }},
    {"reports_filed", TriggerSeries::reports_filed, "reports", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.reports); }},
    {"breaches", TriggerSeries::breaches, "breaches", WindowAggregate::sum, true,
     [](const TriggerTallies& t) { return detail::as_double(t.enterprises.breaches); }},
    {"rumour_believers", TriggerSeries::rumour_believers, "netizens", WindowAggregate::mean, true,
     [](const TriggerTallies& t) { return detail::as_double(t.netizens.rumour[1]); }},
    {"reports_waiting", TriggerSeries::reports_waiting, "reports", WindowAggregate::mean, true,
     [](const TriggerTallies& t) { return t.government.waiting_all; }},
    {"participation_share", TriggerSeries::participation_share, "share", WindowAggregate::mean,
     false,
     [](const TriggerTallies& t) {
       return t.netizens.netizens > 0 ? detail::as_double(t.netizens.participants) /
                                            detail::as_double(t.netizens.netizens)
                                      : 0.0;
     }},
};

inline constexpr std::size_t kTriggerSeriesCount = std::size(kTriggerSeriesTable);
static_assert(
    [] {
      for (std::size_t k = 0; k < kTriggerSeriesCount; ++k)
        if (static_cast<std::size_t>(kTriggerSeriesTable[k].series) != k) return false;
      return true;
    }(),
    "kTriggerSeriesTable lists the series in the order of TriggerSeries");

/// The choices of `trigger.series`, from the table.
inline constexpr auto kTriggerSeriesOptions = [] {
  std::array<core::Option<TriggerSeries>, kTriggerSeriesCount> out{};
  for (std::size_t k = 0; k < kTriggerSeriesCount; ++k)
    out[k] = {kTriggerSeriesTable[k].name, kTriggerSeriesTable[k].series};
  return out;
}();

inline const TriggerSeriesInfo& trigger_series_info(TriggerSeries s) {
  return kTriggerSeriesTable[static_cast<std::size_t>(s)];
}

/// This step's value of every series, indexed by TriggerSeries.
using TriggerReadings = std::array<double, kTriggerSeriesCount>;

inline TriggerReadings read_trigger_series(const TriggerTallies& t) {
  TriggerReadings out{};
  for (std::size_t k = 0; k < kTriggerSeriesCount; ++k) out[k] = kTriggerSeriesTable[k].read(t);
  return out;
}

}  // namespace cogov::model
