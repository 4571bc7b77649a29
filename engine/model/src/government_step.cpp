#include "cogov/model/government_step.hpp"

#include <algorithm>
#include <cmath>

namespace cogov::model {

namespace {

/// Handles up to `capacity` reports oldest first; returns (handled, handled of `step`).
std::pair<double, double> handle(ReportQueue& q, double capacity, std::uint32_t step) {
  double handled = 0, handled_new = 0;
  while (capacity > 0 && !q.waiting.empty()) {
    auto& [arrival, count] = q.waiting.front();
    const double h = std::min(capacity, count);
    handled += h;
    if (arrival == step) handled_new += h;
    capacity -= h;
    count -= h;
    if (count <= 1e-12) q.waiting.pop_front();
  }
  return {handled, handled_new};
}

/// Moves reports that waited at least `delay_steps` to `up` (arriving there at `step`).
void escalate(ReportQueue& q, ReportQueue& up, double delay_steps, std::uint32_t step) {
  while (!q.waiting.empty() &&
         static_cast<double>(step - q.waiting.front().first + 1) >= delay_steps) {
    const double count = q.waiting.front().second;
    q.waiting.pop_front();
    if (!up.waiting.empty() && up.waiting.back().first == step) {
      up.waiting.back().second += count;
    } else {
      up.waiting.emplace_back(step, count);
    }
  }
}

}  // namespace

GovernmentTally government_step(const GovernmentConfig& c, Government& gov,
                                const core::Territory& t,
                                std::span<const std::uint32_t> new_reports, std::uint32_t step,
                                double days, double escalation_factor) {
  GovernmentTally tally;
  std::fill(gov.county_handled.begin(), gov.county_handled.end(), 0.0);
  const double grid_delay = std::max(1.0, c.grid_delay_days * escalation_factor / days);
  const double township_delay = std::max(1.0, c.township_delay_days * escalation_factor / days);
  for (std::uint32_t g = 0; g < t.grids(); ++g) {
    ReportQueue& q = gov.grid[g];
    const double fresh = new_reports[g];
    tally.filed += fresh;
    if (fresh > 0) q.waiting.emplace_back(step, fresh);
    const auto [handled, handled_new] = handle(q, c.grid_capacity * days, step);
    gov.grid_handled_share[g] = fresh > 0 ? static_cast<float>(handled_new / fresh) : 0.0f;
    gov.county_handled[t.township_county(t.grid_township(g))] += handled;
    escalate(q, gov.township[t.grid_township(g)], grid_delay, step);
  }
  for (std::uint32_t s = 0; s < t.townships(); ++s) {
    gov.county_handled[t.township_county(s)] +=
        handle(gov.township[s], c.township_capacity * days, step).first;
    escalate(gov.township[s], gov.county[t.township_county(s)], township_delay, step);
  }
  for (std::uint32_t k = 0; k < t.counties(); ++k) {
    gov.county_handled[k] += handle(gov.county[k], c.county_capacity * days, step).first;
    const double thousands = std::max(1.0, (t.county_end(k) - t.county_first(k)) / 1000.0);
    const double recovered =
        1.0 - (1.0 - gov.disruption[k]) * std::exp(-c.disruption_recovery_rate * days);
    gov.disruption[k] =
        std::clamp(recovered - c.disruption_per_report * gov.county_handled[k] / thousands,
                   c.min_disruption, 1.0);
    tally.handled += gov.county_handled[k];
    tally.mean_disruption += gov.disruption[k];
  }
  tally.mean_disruption = t.counties() ? (tally.mean_disruption - 1.0) / t.counties() : 1.0;
  for (const auto* level : {&gov.grid, &gov.township, &gov.county}) {
    for (const auto& q : *level) tally.waiting += q.size();
  }
  gov.handled_total += tally.handled;
  return tally;
}

}  // namespace cogov::model
