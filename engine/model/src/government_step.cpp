#include "cogov/model/government_step.hpp"

#include <algorithm>
#include <cmath>

namespace cogov::model {

namespace {

/// What a unit handled this step.
struct Handled {
  double all = 0, fraud = 0;
  double of_step = 0;  ///< of the reports that arrived at `step`
};

/// Handles up to `capacity` reports oldest first; a part of an entry takes its share of
/// fraud reports.
Handled handle(ReportQueue& q, double capacity, std::uint32_t step) {
  Handled out;
  while (capacity > 0 && !q.waiting.empty()) {
    QueuedReports& w = q.waiting.front();
    const double h = std::min(capacity, w.count);
    const double fraud = w.count > 0 ? w.fraud * (h / w.count) : 0.0;
    out.all += h;
    out.fraud += fraud;
    if (w.arrival == step) out.of_step += h;
    capacity -= h;
    w.count -= h;
    w.fraud -= fraud;
    if (w.count <= 1e-12) q.waiting.pop_front();
  }
  return out;
}

/// Moves reports that waited at least `delay_steps` to `up` (arriving there at `step`).
void escalate(ReportQueue& q, ReportQueue& up, double delay_steps, std::uint32_t step) {
  while (!q.waiting.empty() &&
         static_cast<double>(step - q.waiting.front().arrival + 1) >= delay_steps) {
    const QueuedReports w = q.waiting.front();
    q.waiting.pop_front();
    if (!up.waiting.empty() && up.waiting.back().arrival == step) {
      up.waiting.back().count += w.count;
      up.waiting.back().fraud += w.fraud;
    } else {
      up.waiting.push_back({step, w.count, w.fraud});
    }
  }
}

}  // namespace

GovernmentTally government_step(const GovernmentConfig& c, Government& gov,
                                const core::Territory& t,
                                std::span<const std::uint32_t> new_reports,
                                std::span<const std::uint32_t> new_fraud_reports,
                                std::uint32_t step, double days, double escalation_factor) {
  GovernmentTally tally;
  std::fill(gov.county_handled.begin(), gov.county_handled.end(), 0.0);
  std::fill(gov.county_fraud_handled.begin(), gov.county_fraud_handled.end(), 0.0);
  auto add = [&](std::uint32_t county, const Handled& h) {
    gov.county_handled[county] += h.all;
    gov.county_fraud_handled[county] += h.fraud;
  };
  const double grid_delay = std::max(1.0, c.grid_delay_days * escalation_factor / days);
  const double township_delay = std::max(1.0, c.township_delay_days * escalation_factor / days);
  for (std::uint32_t g = 0; g < t.grids(); ++g) {
    ReportQueue& q = gov.grid[g];
    const double fresh = new_reports[g];
    tally.filed += fresh;
    if (fresh > 0) q.waiting.push_back({step, fresh, static_cast<double>(new_fraud_reports[g])});
    const Handled h = handle(q, c.grid_capacity * days, step);
    gov.grid_handled_share[g] = fresh > 0 ? static_cast<float>(h.of_step / fresh) : 0.0f;
    add(t.township_county(t.grid_township(g)), h);
    escalate(q, gov.township[t.grid_township(g)], grid_delay, step);
  }
  for (std::uint32_t s = 0; s < t.townships(); ++s) {
    add(t.township_county(s), handle(gov.township[s], c.township_capacity * days, step));
    escalate(gov.township[s], gov.county[t.township_county(s)], township_delay, step);
  }
  for (std::uint32_t k = 0; k < t.counties(); ++k) {
    add(k, handle(gov.county[k], c.county_capacity * days, step));
    const double thousands = std::max(1.0, (t.county_end(k) - t.county_first(k)) / 1000.0);
    const double recovered =
        1.0 - (1.0 - gov.disruption[k]) * std::exp(-c.disruption_recovery_rate * days);
    gov.disruption[k] =
        std::clamp(recovered - c.disruption_per_report * gov.county_fraud_handled[k] / thousands,
                   c.min_disruption, 1.0);
    tally.handled += gov.county_handled[k];
    tally.fraud_handled += gov.county_fraud_handled[k];
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
