#include <algorithm>
#include <cmath>

#include "cogov/core/rng.hpp"
#include "cogov/model/policies/book.hpp"

namespace cogov::model {

namespace {

constexpr const char* kKindNames[kPolicyKinds] = {"political_mobilisation",
                                                  "social_mobilisation",
                                                  "reward",
                                                  "campaign",
                                                  "training",
                                                  "grid_moderators",
                                                  "enforcement",
                                                  "refutation_platform",
                                                  "data_sharing"};

bool is_cash(const PolicyConfig& p) {
  return p.kind == PolicyKind::reward && p.reward_mode != RewardMode::honour;
}

}  // namespace

PolicyBook::PolicyBook(std::vector<PolicyConfig> policies, double budget, std::uint64_t seed)
    : policies_(std::move(policies)), seed_(seed), budget_left_(budget) {
  const std::size_t n = policies_.size();
  spending_.assign(n, 0.0);
  last_charge_.assign(n, 0.0);
  stopped_.assign(n, 0);
  running_.assign(n, 0);
  appointed_.assign(n, 0);
  grid_masks_.resize(n);
  hub_cutoff_.assign(n, 0);
  target_size_.assign(n, -1.0);
}

PolicyBookState PolicyBook::state() const {
  return {budget_left_, spending_,  last_charge_, target_size_, stopped_,
          running_,     appointed_, hub_cutoff_,  funded_ngos_, moderators_};
}

void PolicyBook::restore(const PolicyBookState& s) {
  budget_left_ = s.budget_left;
  spending_ = s.spending;
  last_charge_ = s.last_charge;
  target_size_ = s.target_size;
  stopped_ = s.stopped;
  running_ = s.running;
  appointed_ = s.appointed;
  hub_cutoff_ = s.hub_cutoff;
  funded_ngos_ = s.funded_ngos;
  moderators_ = s.moderators;
}

std::vector<std::string> PolicyBook::names() const {
  std::vector<std::string> out;
  for (const auto& p : policies_)
    out.push_back(p.name.empty() ? kKindNames[static_cast<int>(p.kind)] : p.name);
  return out;
}

TargetSet PolicyBook::target_set(std::size_t k, const Netizens& p, const graph::Layer& social,
                                 const core::Territory& t) {
  const PolicyConfig& pc = policies_[k];
  TargetSet ts;
  TargetKind kind = pc.target.kind;
  if (kind == TargetKind::standard) {
    kind = pc.kind == PolicyKind::political_mobilisation ? TargetKind::party : TargetKind::all;
  }
  switch (kind) {
    case TargetKind::standard:
    case TargetKind::all:
      ts.kind = TargetSet::Kind::all;
      break;
    case TargetKind::age_group:
      ts.kind = TargetSet::Kind::age_group;
      ts.age_group = static_cast<std::uint8_t>(pc.target.age_group);
      break;
    case TargetKind::party:
      ts.kind = TargetSet::Kind::party;
      break;
    case TargetKind::moderators:
      ts.kind = TargetSet::Kind::moderators;
      break;
    case TargetKind::hubs: {
      ts.kind = TargetSet::Kind::hubs;
      if (hub_cutoff_[k] == 0) {
        std::vector<std::uint32_t> degrees(social.vertices());
        for (std::uint32_t v = 0; v < social.vertices(); ++v) degrees[v] = social.degree(v);
        const auto rank = std::min<std::size_t>(
            degrees.size() - 1,
            static_cast<std::size_t>(pc.target.share * static_cast<double>(degrees.size())));
        std::nth_element(degrees.begin(), degrees.begin() + static_cast<std::ptrdiff_t>(rank),
                         degrees.end(), std::greater<>());
        hub_cutoff_[k] = std::max<std::uint32_t>(1, degrees[rank]);
      }
      ts.min_degree = hub_cutoff_[k];
      break;
    }
    case TargetKind::grids: {
      ts.kind = TargetSet::Kind::grids;
      auto& mask = grid_masks_[k];
      if (mask.empty()) {
        mask.assign(t.grids(), 0);
        if (!pc.target.grids.empty()) {
          for (auto g : pc.target.grids) {
            if (g >= 0 && g < static_cast<std::int64_t>(t.grids()))
              mask[static_cast<std::size_t>(g)] = 1;
          }
        } else {
          for (std::uint32_t g = 0; g < t.grids(); ++g) {
            core::Stream rng(seed_ + k + 1, core::AgentKind::world, g, 0,
                             core::Purpose::grid_selection);
            mask[g] = rng.bernoulli(pc.target.share) ? 1 : 0;
          }
        }
      }
      ts.grid_mask = &mask;
      break;
    }
  }
  (void)p;
  return ts;
}

void PolicyBook::appoint_moderators(std::size_t k, Netizens& p, const core::Territory& t) {
  const PolicyConfig& pc = policies_[k];
  const TargetSet grids =
      pc.target.kind == TargetKind::grids ? target_set(k, p, graph::Layer(), t) : TargetSet{};
  const auto per_grid = static_cast<std::uint32_t>(std::lround(pc.per_grid));
  for (std::uint32_t g = 0; g < t.grids(); ++g) {
    if (grids.kind == TargetSet::Kind::grids && !(*grids.grid_mask)[g]) continue;
    const std::uint32_t first = t.grid_first(g), size = t.grid_end(g) - first;
    core::Stream rng(seed_ + k + 1, core::AgentKind::world, g, 0, core::Purpose::moderator_choice);
    for (std::uint32_t m = 0; m < std::min(per_grid, size); ++m) {
      std::uint32_t i;
      do {
        i = first + static_cast<std::uint32_t>(rng.below(size));
      } while (p.flags[i] & flag::moderator);
      p.flags[i] |= flag::moderator;
      ++moderators_;
    }
  }
}

PolicyEffects PolicyBook::compile(double day, double step_days, double step_hours, Netizens& p,
                                  const graph::Layer& social, const core::Territory& t, Ngos* ngos,
                                  PolicyOrders& orders) {
  PolicyEffects fx;
  orders = PolicyOrders{};
  funded_ngos_ = 0;
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const PolicyConfig& pc = policies_[k];
    const bool on =
        !stopped_[k] && day + 1e-9 >= pc.start_day && (pc.end_day < 0 || day < pc.end_day);
    running_[k] = on ? 1 : 0;
    if (!on) continue;
    const auto index = static_cast<std::uint8_t>(k);
    switch (pc.kind) {
      case PolicyKind::political_mobilisation: {
        const double boost = pc.intensity * std::exp2(-(day - pc.start_day) / pc.half_life_days);
        UtilityTerm direct{target_set(k, p, social, t),  boost,         1.0,  false,
                           pc.fatigue_boost * step_days, Unit::reached, index};
        fx.terms.push_back(direct);
        if (pc.reach > 0) {
          UtilityTerm broadcast{TargetSet{},   boost, pc.reach, false, pc.fatigue_boost * step_days,
                                Unit::reached, index};
          fx.terms.push_back(broadcast);
        }
        break;
      }
      case PolicyKind::social_mobilisation:
        if (ngos) {
          for (auto& until : ngos->funded_until) until = static_cast<float>(day + step_days);
          funded_ngos_ += ngos->size();
        }
        orders.ngo_capacity_boost = std::max(orders.ngo_capacity_boost, pc.capacity_boost);
        break;
      case PolicyKind::reward: {
        UtilityTerm term{target_set(k, p, social, t), 0.0, 1.0, false, 0.0, Unit::none, index};
        switch (pc.reward_mode) {
          case RewardMode::per_report:
            term.value = pc.reward_utility * pc.amount, term.unit = Unit::reports;
            break;
          case RewardMode::per_participation_day:
            term.value = pc.reward_utility * pc.amount, term.unit = Unit::participant_days;
            break;
          case RewardMode::honour:
            term.value = pc.intensity;
            break;
        }
        fx.terms.push_back(term);
        fx.cash_reward = fx.cash_reward || (is_cash(pc) && pc.crowding_out);
        break;
      }
      case PolicyKind::campaign:
        fx.terms.push_back(
            {target_set(k, p, social, t), pc.intensity, pc.reach, true, 0.0, Unit::reached, index});
        break;
      case PolicyKind::training: {
        const TargetSet ts = target_set(k, p, social, t);
        if (target_size_[k] < 0) {
          double count = 0;
          for (std::uint32_t i = 0; i < p.size(); ++i)
            count += ts.contains(p.age[i], p.flags[i], social.degree(i), p.grid[i]);
          target_size_[k] = count;
        }
        const double prob = target_size_[k] > 0
                                ? std::min(1.0, pc.capacity_per_day * step_days / target_size_[k])
                                : 0.0;
        fx.training.push_back({ts, prob, pc.literacy_gain, index});
        break;
      }
      case PolicyKind::grid_moderators: {
        if (!appointed_[k]) {
          appoint_moderators(k, p, t);
          appointed_[k] = 1;
        }
        TargetSet mods;
        mods.kind = TargetSet::Kind::moderators;
        fx.terms.push_back({mods, pc.intensity, 1.0, false, 0.0, Unit::none, index});
        fx.moderators = true;
        break;
      }
      case PolicyKind::enforcement:
        orders.enforcement.push_back({core::rate_to_prob(pc.inspection_rate, step_days),
                                      pc.unannounced_share, pc.penalty_points,
                                      pc.compliance_threshold, pc.public_naming,
                                      pc.naming_spillover, index});
        break;
      case PolicyKind::refutation_platform:
        fx.refutation_prob = std::max(fx.refutation_prob, pc.reach * pc.conversion_prob);
        fx.refutation_lag_steps = pc.lag_hours / step_hours;
        break;
      case PolicyKind::data_sharing:
        fx.interception_boost += pc.interception_boost;
        fx.exposure_factor *= 1.0 + pc.exposure_increase;
        orders.escalation_factor *= 1.0 - pc.delay_cut;
        break;
    }
  }
  return fx;
}

void PolicyBook::charge(double step_days, const std::array<std::uint64_t, kMaxPolicies>& units) {
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    last_charge_[k] = 0.0;
    if (!running_[k]) continue;
    const PolicyConfig& pc = policies_[k];
    const double u = static_cast<double>(units[k]);
    double charge = pc.cost_per_day * step_days;
    switch (pc.kind) {
      case PolicyKind::social_mobilisation:
        charge += pc.cost_per_unit * static_cast<double>(funded_ngos_) * step_days;
        break;
      case PolicyKind::grid_moderators:
        charge += pc.cost_per_unit * static_cast<double>(moderators_) * step_days;
        break;
      case PolicyKind::reward:
        if (pc.reward_mode == RewardMode::per_report) charge += (pc.amount + pc.cost_per_unit) * u;
        if (pc.reward_mode == RewardMode::per_participation_day)
          charge += (pc.amount + pc.cost_per_unit) * u * step_days;
        break;
      default:
        charge += pc.cost_per_unit * u;
        break;
    }
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
