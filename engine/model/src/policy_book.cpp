#include "cogov/model/policies/book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cogov/core/error.hpp"
#include "cogov/core/rng.hpp"

namespace cogov::model {

PolicyBook::PolicyBook(std::vector<PolicyConfig> policies, double budget, std::uint64_t seed,
                       double step_days)
    : policies_(std::move(policies)), seed_(seed), budget_left_(budget) {
  const std::size_t n = policies_.size();
  for (const auto& p : policies_) keys_.push_back(policy_key(p.label()));
  spending_.assign(n, 0.0);
  last_charge_.assign(n, 0.0);
  stopped_.assign(n, 0);
  running_.assign(n, 0);
  slots_.assign(n, PolicySlot{});
  grid_masks_.resize(n);
  triggers_.assign(n, TriggerState{});
  for (std::size_t k = 0; k < n; ++k) {
    if (!policies_[k].trigger.set()) continue;
    triggers_[k].window.assign(policies_[k].trigger.window_steps(step_days), 0.0);
    has_triggers_ = true;
  }
}

PolicyBookState PolicyBook::state() const {
  PolicyBookState s;
  s.spending = spending_;
  s.last_charge = last_charge_;
  s.stopped = stopped_;
  s.running = running_;
  s.budget_left = budget_left_;
  for (const PolicySlot& slot : slots_) {
    s.target_size.push_back(slot.target_size);
    s.untrained.push_back(slot.untrained);
    s.held.push_back(slot.held);
    s.appointed.push_back(slot.appointed ? 1 : 0);
    s.hub_cutoff.push_back(slot.hub_cutoff);
    s.participants.push_back(slot.participants);
    s.report_rate.push_back(slot.report_rate);
  }
  for (const TriggerState& t : triggers_) {
    s.trigger_window.insert(s.trigger_window.end(), t.window.begin(), t.window.end());
    s.trigger_seen.push_back(t.seen);
    s.trigger_on.push_back(t.on ? 1 : 0);
    s.trigger_fired.push_back(t.fired ? 1 : 0);
    s.trigger_started.push_back(t.started);
    s.trigger_stopped.push_back(t.stopped);
    s.trigger_value.push_back(t.value);
  }
  return s;
}

void PolicyBook::restore(const PolicyBookState& s) {
  budget_left_ = s.budget_left;
  spending_ = s.spending;
  last_charge_ = s.last_charge;
  stopped_ = s.stopped;
  running_ = s.running;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    slots_[k] = {s.target_size[k], s.untrained[k],    s.hub_cutoff[k], s.appointed[k] != 0,
                 s.held[k],        s.participants[k], s.report_rate[k]};
  }
  std::size_t windows = 0;
  for (const TriggerState& t : triggers_) windows += t.window.size();
  if (s.trigger_seen.size() != triggers_.size() || s.trigger_window.size() != windows)
    throw InputError("checkpoint: the policies' trigger state does not match the scenario");
  auto reading = s.trigger_window.begin();
  for (std::size_t k = 0; k < triggers_.size(); ++k) {
    TriggerState& t = triggers_[k];
    std::copy_n(reading, t.window.size(), t.window.begin());
    reading += static_cast<std::ptrdiff_t>(t.window.size());
    t.seen = s.trigger_seen[k];
    t.on = s.trigger_on[k] != 0;
    t.fired = s.trigger_fired[k] != 0;
    t.started = s.trigger_started[k];
    t.stopped = s.trigger_stopped[k];
    t.value = s.trigger_value[k];
  }
}

bool PolicyBook::scheduled(std::size_t k, double day) const {
  const PolicyConfig& pc = policies_[k];
  return !stopped_[k] && day + 1e-9 >= pc.start_day && (pc.end_day < 0 || day < pc.end_day);
}

void PolicyBook::observe(const TriggerReadings& readings, std::uint64_t netizens, double next_day) {
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const TriggerConfig& c = policies_[k].trigger;
    if (!c.set()) continue;
    observe_trigger(c, triggers_[k], readings[static_cast<std::size_t>(c.series)],
                    c.scale(netizens), next_day, scheduled(k, next_day));
  }
}

std::vector<std::string> PolicyBook::names() const {
  std::vector<std::string> out;
  for (const auto& p : policies_) out.push_back(p.label());
  return out;
}

PolicyEffects PolicyBook::compile(double day, double step_days, double step_hours, Netizens& p,
                                  const graph::Layer& social, const core::Territory& t, Ngos* ngos,
                                  PolicyOrders& orders) {
  PolicyEffects fx;
  orders = PolicyOrders{};
  auto context = [&](std::size_t k) {
    // A triggered policy's effort (a decaying boost) counts from the day its trigger started it.
    const double start = policies_[k].trigger.set() ? triggers_[k].started : policies_[k].start_day;
    return PolicyContext{static_cast<std::uint8_t>(k),
                         keys_[k],
                         seed_,
                         day,
                         step_days,
                         step_hours,
                         start,
                         p,
                         social,
                         t,
                         ngos,
                         fx,
                         orders,
                         slots_[k],
                         grid_masks_[k]};
  };
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const PolicyConfig& pc = policies_[k];
    const bool on = scheduled(k, day) && (!pc.trigger.set() || triggers_[k].on);
    running_[k] = on ? 1 : 0;
    if (!on) continue;
    slots_[k].effort = 1;
    PolicyContext x = context(k);
    PolicyKinds::visit(pc.spec,
                       [&]<class Kind>(const typename Kind::Config& c) { Kind::compile(c, x); });
  }
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    if (!running_[k]) continue;
    PolicyContext x = context(k);
    PolicyKinds::visit(policies_[k].spec, [&]<class Kind>(const typename Kind::Config& c) {
      if constexpr (requires { Kind::settle(c, x); }) Kind::settle(c, x);
    });
  }
  return fx;
}

namespace {

/// A target's listed ids (`key`: target_grids, target_counties) this world lacks.
void check_ids(std::string_view key, std::string_view unit, std::string_view units,
               const std::vector<std::int64_t>& ids, std::uint32_t count, const std::string& where,
               std::vector<std::string>& problems) {
  for (auto id : ids) {
    if (id < 0 || id >= static_cast<std::int64_t>(count)) {
      problems.push_back(fmt::format(
          "{}: {} lists {} {}, which this world does not have (it has {} {}, ids 0 to {}; "
          "population.netizens and territory set how many)",
          where, key, unit, id, count, units, static_cast<std::int64_t>(count) - 1));
    }
  }
}

/// The problems of a firm target in this world (counties it lacks, no firm matched).
void check_firm_target(const FirmTarget& target, const Enterprises& firms, const core::Territory& t,
                       const std::string& where, std::vector<std::string>& problems) {
  if (target.kind == FirmTargetKind::counties)
    check_ids("target_counties", "county", "counties", target.counties, t.counties(), where,
              problems);
  const auto mask = target.mask(firms);
  if (std::find(mask.begin(), mask.end(), 1) == mask.end()) {
    problems.push_back(fmt::format(
        "{}: the target matches no firm of this world: choose another target, target_type or "
        "target_counties",
        where));
  }
}

/// The problems of an NGO target in this world (counties it lacks, no NGO matched).
void check_ngo_target(const NgoTarget& target, const Ngos& ngos, const core::Territory& t,
                      const std::string& where, std::vector<std::string>& problems) {
  if (target.kind == NgoTargetKind::counties)
    check_ids("target_counties", "county", "counties", target.counties, t.counties(), where,
              problems);
  bool any = false;
  for (std::uint32_t k = 0; k < ngos.size() && !any; ++k) any = target.contains(ngos, k, t);
  if (!any) {
    problems.push_back(fmt::format(
        "{}: the target matches no NGO of this world: choose another target, target_scope, "
        "target_origin or target_counties (or raise ngo.per_100k)",
        where));
  }
}

}  // namespace

void PolicyBook::check_targets(Netizens& p, const graph::Layer& social, const core::Territory& t,
                               const Enterprises& firms, const Ngos& ngos,
                               const std::string& file) {
  std::vector<std::string> problems;
  PolicyEffects fx;
  PolicyOrders orders;
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const PolicyConfig& pc = policies_[k];
    PolicyKinds::visit(pc.spec, [&]<class Kind>(const typename Kind::Config& c) {
      if constexpr (requires { c.firms; }) {
        check_firm_target(c.firms, firms, t, fmt::format("{}: policy.{}.target", file, pc.label()),
                          problems);
      }
      if constexpr (requires { c.ngos; }) {
        check_ngo_target(c.ngos, ngos, t, fmt::format("{}: policy.{}.target", file, pc.label()),
                         problems);
      }
      if constexpr (requires { c.target; }) {
        const Target& target = c.target;
        const std::string where = fmt::format("{}: policy.{}.target", file, pc.label());
        if (target.kind == TargetKind::grids)
          check_ids("target_grids", "grid", "grids", target.grids, t.grids(), where, problems);
        if (target.kind == TargetKind::counties)
          check_ids("target_counties", "county", "counties", target.counties, t.counties(), where,
                    problems);
        if (target.kind == TargetKind::moderators) return;
        PolicySlot slot = slots_[k];
        std::vector<std::uint8_t> mask;
        PolicyContext x{static_cast<std::uint8_t>(k),
                        keys_[k],
                        seed_,
                        0.0,
                        1.0,
                        24.0,
                        0.0,
                        p,
                        social,
                        t,
                        nullptr,
                        fx,
                        orders,
                        slot,
                        mask};
        const TargetSet ts = x.target(target);
        bool any = false;
        for (std::uint32_t i = 0; i < p.size() && !any; ++i)
          any = ts.contains(p.age[i], p.flags[i], social.degree(i), p.grid[i]);
        if (!any) {
          problems.push_back(
              fmt::format("{}: the target matches no netizen of this world: choose another target, "
                          "target_age, target_share, target_grids or target_counties",
                          where));
        }
      }
    });
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
}

void PolicyBook::charge(double step_days, const std::array<std::uint64_t, kMaxPolicies>& units,
                        const TargetCounts& seen) {
  const double learn = 1.0 - std::exp(-step_days / kExpectationDays);
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    last_charge_[k] = 0.0;
    if (!running_[k]) continue;
    const PolicyConfig& pc = policies_[k];
    PolicySlot& slot = slots_[k];
    slot.participants = static_cast<double>(seen.participants[k]);
    if (std::holds_alternative<Training::Config>(pc.spec))
      slot.untrained = static_cast<double>(seen.untrained[k]);
    if (slot.participants > 0) {
      const double rate =
          static_cast<double>(seen.participant_reports[k]) / slot.participants / step_days;
      slot.report_rate += learn * (rate - slot.report_rate);
    }
    const ChargeInputs inputs{step_days,   static_cast<double>(units[k]),
                              slot.held,   slot.participants,
                              slot.effort, seen.yuan[k]};
    double charge = pc.cost_per_day * step_days * slot.effort;
    PolicyKinds::visit(pc.spec, [&]<class Kind>(const typename Kind::Config& c) {
      charge += Kind::charge(c, inputs);
    });
    if (charge >= budget_left_ && charge > 0) {
      charge = budget_left_;
      stopped_[k] = 1;
    }
    budget_left_ -= charge;
    spending_[k] += charge;
    last_charge_[k] = charge;
  }
}

}  // namespace cogov::model
