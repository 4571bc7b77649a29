#include "cogov/model/government_step.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cogov::model {

namespace {

/// A report in a batch has a position u in [0, 1): batches arrive spread over their step, so
/// by the end of step k the positions u <= k + 1 - arrival - hours / step_hours have been at
/// the unit for `hours`. This is that share of the batch.
double share_past(const QueuedReports& w, std::uint32_t step, double hours, double step_hours) {
  return std::clamp(static_cast<double>(step + 1 - w.arrival) - hours / step_hours, 0.0, 1.0);
}

/// The positions of a batch still waiting start here (the earlier ones left, oldest first).
double first_left(const QueuedReports& w) {
  return w.size > 0 ? (w.size - w.left) / w.size : 1.0;
}

/// Mean hours at the unit of the `amount` reports leaving a batch at the end of `step` (to
/// move up): at least `floor_hours`.
double hours_at_unit(const QueuedReports& w, double amount, std::uint32_t step, double floor_hours,
                     double step_hours) {
  const double mid = first_left(w) + 0.5 * amount / std::max(w.size, 1e-300);
  return std::max(floor_hours, (static_cast<double>(step + 1 - w.arrival) - mid) * step_hours);
}

/// Mean hours at the unit of the `amount` reports handled now, `used` reports after the start
/// of `step`: the unit works through its queue at `rate` reports per hour from the start of
/// the step (a fluid queue) and handles nothing before it is due (delay_hours after arrival).
double hours_to_handle(const QueuedReports& w, double amount, double used, double rate,
                       std::uint32_t step, double delay_hours, double step_hours) {
  const double mid = first_left(w) + 0.5 * amount / std::max(w.size, 1e-300);
  const double arrived = (w.arrival + mid) * step_hours;
  const double worked = step * step_hours + (used + 0.5 * amount) / rate;
  return std::max(arrived + delay_hours, worked) - arrived;
}

/// Takes `amount` reports from the front of batch `w`, with their share of fraud reports.
QueuedReports take(QueuedReports& w, double amount) {
  QueuedReports part = w;
  part.left = amount;
  part.fraud = w.left > 0 ? w.fraud * (amount / w.left) : 0.0;
  w.left -= amount;
  w.fraud -= part.fraud;
  if (w.left < 1e-12) w.left = w.fraud = 0;
  return part;
}

class Handler {
 public:
  Handler(const GovernmentConfig& c, Government& gov, const core::Territory& t,
          const GovernmentInputs& in, GovernmentTally& tally)
      : c_(c), gov_(gov), t_(t), in_(in), tally_(tally), step_hours_(in.step_days * 24.0) {}

  /// Handles up to `capacity` reports of `q`, priority batches first, each in arrival order;
  /// then closes what has expired.
  void handle(ReportQueue& q, double capacity, double delay_hours) {
    const double rate = capacity / step_hours_;
    double used = 0;
    for (int pass = 1; pass >= 0 && used < capacity; --pass) {
      for (QueuedReports& w : q.waiting) {
        if (used >= capacity) break;
        if (w.priority != pass || w.left <= 0) continue;
        const double due = share_past(w, in_.step, delay_hours, step_hours_);
        const double amount = std::min(capacity - used, w.left - (1.0 - due) * w.size);
        if (amount <= 1e-12) continue;
        const double hours = w.prior_hours + hours_to_handle(w, amount, used, rate, in_.step,
                                                             delay_hours, step_hours_);
        const QueuedReports part = take(w, amount);
        used += amount;
        credit(part, hours);
      }
    }
    expire(q);
    prune(q);
  }

  /// Moves the reports of `q` that waited `wait_hours` at this level to `up`.
  void escalate(ReportQueue& q, ReportQueue& up, double wait_hours) {
    for (QueuedReports& w : q.waiting) {
      const double due = w.left - (1.0 - share_past(w, in_.step, wait_hours, step_hours_)) * w.size;
      if (due <= 1e-12) continue;
      const double waited = hours_at_unit(w, due, in_.step, wait_hours, step_hours_);
      QueuedReports part = take(w, due);
      part.arrival = in_.step;
      part.size = part.left;
      part.prior_hours += waited;
      up.waiting.push_back(part);
    }
    prune(q);
  }

 private:
  /// Closes unhandled the batches filed expiry_days ago or earlier.
  void expire(ReportQueue& q) {
    const double expiry_steps = c_.expiry_days / in_.step_days;
    for (QueuedReports& w : q.waiting) {
      if (w.left > 0 && static_cast<double>(in_.step + 1 - w.filed) >= expiry_steps) {
        tally_.expired[w.channel] += w.left;
        w.left = w.fraud = 0;
      }
    }
  }

  void credit(const QueuedReports& part, double hours) {
    const std::uint32_t county = t_.township_county(t_.grid_township(part.grid));
    gov_.county_fraud_handled[county] += part.fraud;
    gov_.county_rumour_handled[county] += part.left - part.fraud;
    tally_.handled[part.channel] += part.left;
    tally_.delay_hours[part.channel] += part.left * hours;
    tally_.fraud_handled += part.fraud;
    if (hours <= c_.feedback_days * 24.0 + 1e-9 && in_.step - part.filed < gov_.cohort_slots) {
      gov_.cohort_in_time[cohort(part.channel, part.grid, part.filed)] += part.left;
    }
  }

  std::size_t cohort(std::uint8_t channel, std::uint32_t grid, std::uint32_t filed) const {
    return (static_cast<std::size_t>(channel) * t_.grids() + grid) * gov_.cohort_slots +
           filed % gov_.cohort_slots;
  }

  static void prune(ReportQueue& q) {
    std::erase_if(q.waiting, [](const QueuedReports& w) { return w.left <= 0; });
  }

 public:
  /// This step's reports join the unit of their channel; their cohort slot starts.
  void arrive() {
    const std::uint32_t platform_unit = gov_.platform_unit(), central_unit = gov_.central_unit();
    for (std::uint32_t g = 0; g < t_.grids(); ++g) {
      for (int ch = 0; ch < kChannels; ++ch) {
        const auto channel = static_cast<Channel>(ch);
        double cohort_size = 0;
        for (int prio = 1; prio >= 0; --prio) {
          const std::size_t k = report_index(g, channel, prio == 1);
          const double n = in_.reports[k];
          if (n <= 0) continue;
          cohort_size += n;
          const std::uint32_t unit = channel == Channel::platform  ? platform_unit
                                     : channel == Channel::central ? central_unit
                                                                   : gov_.first_unit[0] + g;
          gov_.units[unit].waiting.push_back({in_.step, in_.step, g, static_cast<std::uint8_t>(ch),
                                              static_cast<std::uint8_t>(prio), n, n,
                                              static_cast<double>(in_.fraud[k]), 0.0});
        }
        tally_.filed[ch] += cohort_size;
        const std::size_t slot = cohort(static_cast<std::uint8_t>(ch), g, in_.step);
        gov_.cohort_filed[slot] = cohort_size;
        gov_.cohort_in_time[slot] = 0;
      }
    }
  }

  /// The cohort filed cohort_slots - 1 steps ago has matured: its reporters' outcome.
  void learn() {
    const std::uint32_t age = gov_.cohort_slots - 1;
    if (in_.step < age) return;
    const std::uint32_t filed = in_.step - age;
    for (int ch = 0; ch < kChannels; ++ch) {
      for (std::uint32_t g = 0; g < t_.grids(); ++g) {
        const std::size_t slot = cohort(static_cast<std::uint8_t>(ch), g, filed);
        if (gov_.cohort_filed[slot] > 0) {
          gov_.handled_share[static_cast<std::size_t>(ch) * t_.grids() + g] = static_cast<float>(
              std::min(1.0, gov_.cohort_in_time[slot] / gov_.cohort_filed[slot]));
        }
      }
    }
  }

 private:
  const GovernmentConfig& c_;
  Government& gov_;
  const core::Territory& t_;
  const GovernmentInputs& in_;
  GovernmentTally& tally_;
  double step_hours_;
};

/// Per local unit (Government::first_unit order) and for the central centre (last), the
/// delay factor of the grids it serves: the largest (a unit is only as fast as its slowest
/// shared data).
std::vector<double> unit_delay_factors(const Government& gov, const core::Territory& t,
                                       const GovernmentInputs& in) {
  std::vector<double> factor(gov.units.size(), in.delay_factor);
  if (in.grid_delay_factor.empty()) return factor;
  std::fill(factor.begin(), factor.end(), 0.0);
  auto raise = [&](std::uint32_t unit, double f) { factor[unit] = std::max(factor[unit], f); };
  for (std::uint32_t g = 0; g < t.grids(); ++g) {
    const double f = in.grid_delay_factor[g];
    const std::uint32_t township = t.grid_township(g);
    raise(gov.first_unit[0] + g, f);
    raise(gov.first_unit[1] + township, f);
    raise(gov.first_unit[2] + t.township_county(township), f);
    raise(gov.first_unit[3], f);
    raise(gov.central_unit(), f);
  }
  return factor;
}

}  // namespace

GovernmentTally government_step(const GovernmentConfig& c, Government& gov,
                                const core::Territory& t, const GovernmentInputs& in) {
  GovernmentTally tally;
  std::fill(gov.county_fraud_handled.begin(), gov.county_fraud_handled.end(), 0.0);
  std::fill(gov.county_rumour_handled.begin(), gov.county_rumour_handled.end(), 0.0);
  const double days = in.step_days;
  const double netizens = t.netizens();
  Handler h(c, gov, t, in, tally);
  h.arrive();

  h.handle(gov.units[gov.platform_unit()], c.platform.capacity * netizens / 1000.0 * days,
           c.platform.delay_hours);
  const std::vector<double> factor = unit_delay_factors(gov, t, in);
  h.handle(gov.units[gov.central_unit()], c.central.capacity * netizens / 1.0e5 * days,
           c.central.delay_hours * factor[gov.central_unit()]);
  const int levels = static_cast<int>(std::clamp<std::uint32_t>(c.levels, 1, kLevels));
  for (int k = 0; k < levels; ++k) {
    const UnitConfig& level = c.level(k);
    for (std::uint32_t u = gov.first_unit[k]; u < gov.first_unit[k + 1]; ++u) {
      ReportQueue& q = gov.units[u];
      h.handle(q, level.capacity * days, level.delay_hours * factor[u]);
      if (k + 1 < levels && !q.waiting.empty()) {
        // The unit above: the township of a grid, the county of a township, the city.
        const std::uint32_t own = u - gov.first_unit[k];
        const std::uint32_t above = k == 0   ? t.grid_township(own)
                                    : k == 1 ? t.township_county(own)
                                             : 0;
        h.escalate(q, gov.units[gov.first_unit[k + 1] + above], level.escalation_hours * factor[u]);
      }
    }
  }
  h.learn();

  double disruption_sum = 0, removal_sum = 0;
  for (std::uint32_t k = 0; k < t.counties(); ++k) {
    const double thousands = std::max(1.0, (t.county_end(k) - t.county_first(k)) / 1000.0);
    const double recovered =
        1.0 - (1.0 - gov.disruption[k]) * std::exp(-c.disruption_recovery_rate * days);
    gov.disruption[k] =
        std::clamp(recovered - c.disruption_per_report * gov.county_fraud_handled[k] / thousands,
                   c.min_disruption, 1.0);
    gov.content_removal[k] = static_cast<float>(
        1.0 - std::exp(-c.removal_per_report * gov.county_rumour_handled[k] / thousands));
    disruption_sum += gov.disruption[k];
    removal_sum += gov.content_removal[k];
  }
  if (t.counties() > 0) {
    tally.mean_disruption = disruption_sum / t.counties();
    tally.mean_removal = removal_sum / t.counties();
  }

  for (int ch = 0; ch < kChannels; ++ch) {
    tally.handled_all += tally.handled[ch];
  }
  for (const ReportQueue& q : gov.units) {
    for (const QueuedReports& w : q.waiting) tally.waiting[w.channel] += w.left;
  }
  for (int k = 0; k < kLevels; ++k) {
    for (std::uint32_t u = gov.first_unit[k]; u < gov.first_unit[k + 1]; ++u)
      tally.waiting_by_level[k] += gov.units[u].size();
  }
  for (double x : tally.waiting) tally.waiting_all += x;
  gov.handled_total += tally.handled_all;
  return tally;
}

}  // namespace cogov::model
