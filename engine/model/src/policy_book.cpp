#include "cogov/model/policies/book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cogov/core/error.hpp"
#include "cogov/core/rng.hpp"

namespace cogov::model {

PolicyBook::PolicyBook(std::vector<PolicyConfig> policies, double budget, std::uint64_t seed)
    : policies_(std::move(policies)), seed_(seed), budget_left_(budget) {
  const std::size_t n = policies_.size();
  for (const auto& p : policies_) keys_.push_back(policy_key(p.label()));
  spending_.assign(n, 0.0);
  last_charge_.assign(n, 0.0);
  stopped_.assign(n, 0);
  running_.assign(n, 0);
  slots_.assign(n, PolicySlot{});
  grid_masks_.resize(n);
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
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const PolicyConfig& pc = policies_[k];
    const bool on =
        !stopped_[k] && day + 1e-9 >= pc.start_day && (pc.end_day < 0 || day < pc.end_day);
    running_[k] = on ? 1 : 0;
    if (!on) continue;
    slots_[k].effort = 1;
    PolicyContext x{static_cast<std::uint8_t>(k),
                    keys_[k],
                    seed_,
                    day,
                    step_days,
                    step_hours,
                    pc.start_day,
                    p,
                    social,
                    t,
                    ngos,
                    fx,
                    orders,
                    slots_[k],
                    grid_masks_[k]};
    PolicyKinds::visit(pc.spec,
                       [&]<class Kind>(const typename Kind::Config& c) { Kind::compile(c, x); });
  }
  return fx;
}

void PolicyBook::check_targets(Netizens& p, const graph::Layer& social, const core::Territory& t,
                               const std::string& file) {
  std::vector<std::string> problems;
  PolicyEffects fx;
  PolicyOrders orders;
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const PolicyConfig& pc = policies_[k];
    PolicyKinds::visit(pc.spec, [&]<class Kind>(const typename Kind::Config& c) {
      if constexpr (requires { c.target; }) {
        const Target& target = c.target;
        const std::string where =
            fmt::format("{}: policy '{}' (policy[{}].target)", file, pc.label(), k);
        for (auto g : target.grids) {
          if (g < 0 || g >= static_cast<std::int64_t>(t.grids())) {
            problems.push_back(fmt::format(
                "{}: target_grids lists grid {}, which this world does not have (it has {} "
                "grids, ids 0 to {}; population.netizens and territory set how many)",
                where, g, t.grids(), t.grids() - 1));
          }
        }
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
                          "target_age, target_share or target_grids",
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
  std::array<double, PolicyKinds::size> running_of_kind{};
  for (std::size_t k = 0; k < policies_.size(); ++k)
    running_of_kind[policies_[k].spec.index()] += running_[k];
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
    const ChargeInputs inputs{step_days,         static_cast<double>(units[k]),
                              slot.held,         running_of_kind[pc.spec.index()],
                              slot.participants, slot.effort,
                              seen.yuan[k]};
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
