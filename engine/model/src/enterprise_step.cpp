#include "cogov/model/enterprise_step.hpp"

#include <cmath>
#include <map>

#include "cogov/core/rng.hpp"

namespace cogov::model {

namespace {

void tally_firm(const Enterprises& f, std::uint32_t e, double declared_level, EnterpriseTally& t) {
  ++t.enterprises;
  ++t.sanction_level[f.sanction[e]];
  if (!f.active(e)) {
    ++t.removed;
    return;
  }
  ++t.active;
  ++t.type_count[f.type[e]];
  if (f.participates(e)) {
    ++t.participants;
    ++t.by_type[f.type[e]];
  }
  t.security += f.security[e];
  t.declared += f.declared(e, declared_level);
  t.vulnerabilities += f.vulnerabilities[e];
}

/// The firm a removed firm's users move to: the operating firm of the same type with the
/// most users (ties: the lower id, the more popular by rank), else of any type.
std::uint32_t successor(const Enterprises& f, std::uint32_t removed) {
  std::uint32_t best = kNoFirm, best_any = kNoFirm;
  for (std::uint32_t e = 0; e < f.size(); ++e) {
    if (e == removed || !f.active(e)) continue;
    if (best_any == kNoFirm || f.users[e] > f.users[best_any]) best_any = e;
    if (f.type[e] == f.type[removed] && (best == kNoFirm || f.users[e] > f.users[best])) best = e;
  }
  return best != kNoFirm ? best : best_any;
}

/// Removes firm e: its users, and those earlier moved to it, move to its successor.
void remove_firm(Enterprises& f, std::uint32_t e, EnterpriseTally& t) {
  f.sanction[e] = 3;
  f.order_due[e] = 0;
  ++t.removals;
  const std::uint32_t to = successor(f, e);
  f.moved_to[e] = to;
  if (to == kNoFirm) return;
  t.users_moved += f.users[e];
  f.users[to] += f.users[e];
  f.users[e] = 0;
  for (std::uint32_t r = 0; r < f.size(); ++r)
    if (f.moved_to[r] == e) f.moved_to[r] = to;
}

/// A finding climbs the ladder: none -> summons -> rectification order (due in
/// `rectification_steps`, checked then announced or not in the policy's proportions); under
/// an order the deadline decides, not further findings.
void climb_ladder(Enterprises& f, std::uint32_t e, const Enforcement& en, std::uint32_t step,
                  core::Stream& rng, EnterpriseTally& t) {
  if (f.order_due[e] != 0) return;
  if (f.sanction[e] == 0) {
    f.sanction[e] = 1;
    return;
  }
  f.sanction[e] = 2;
  f.order_due[e] = step + std::max<std::uint32_t>(1, en.rectification_steps);
  f.order_threshold[e] = static_cast<float>(en.compliance_threshold);
  // Whether the check at the deadline comes unannounced, drawn now (the inspection's stream).
  f.order_unannounced[e] = rng.bernoulli(en.unannounced_share) ? 1 : 0;
  ++t.orders_issued;
}

}  // namespace

EnterpriseTally tally_enterprises(const Enterprises& f, double declared_level) {
  EnterpriseTally t;
  for (std::uint32_t e = 0; e < f.size(); ++e) tally_firm(f, e, declared_level, t);
  return t;
}

EnterpriseTally enterprise_step(const EnterpriseConfig& c, Enterprises& f, const StepContext& ctx,
                                const EnterpriseInputs& in, std::vector<float>& interception,
                                std::vector<float>& moderation) {
  const std::uint32_t n = f.size();
  const double days = ctx.step_days;
  EnterpriseTally t;
  const std::vector<std::uint8_t>& now = f.participating.now();
  std::vector<std::uint8_t>& next = f.participating.next();

  // Industry herding: share of same-type active firms in the county participating at t.
  std::map<std::pair<std::uint32_t, std::uint8_t>, std::pair<double, double>> peers;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!f.active(e)) continue;
    auto& [part, all] = peers[{f.county[e], f.type[e]}];
    part += now[e] != 0;
    all += 1;
  }

  // Orders falling due: the firm is checked, unannounced (its true security) or announced
  // (what it declares); secure, the order is lifted (back to summons); not, the firm is
  // removed and its users move. A deceptive firm rectifies on paper: only an unannounced
  // check removes it.
  for (std::uint32_t e = 0; e < n; ++e) {
    if (f.order_due[e] == 0 || ctx.step < f.order_due[e]) continue;
    const double seen = f.order_unannounced[e] ? f.security[e] : f.declared(e, c.declared_security);
    if (seen >= f.order_threshold[e]) {
      f.sanction[e] = 1;
      f.order_due[e] = 0;
      ++t.orders_lifted;
    } else {
      remove_firm(f, e, t);
    }
  }

  // Inspections first: a finding this step weighs on this step's choice.
  std::vector<std::vector<std::uint8_t>> targeted;
  for (const Enforcement& en : in.enforcement) targeted.push_back(en.target.mask(f));
  std::map<std::uint32_t, double> naming_by_county;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!f.active(e)) continue;
    for (std::size_t k = 0; k < in.enforcement.size(); ++k) {
      const Enforcement& en = in.enforcement[k];
      if (!targeted[k][e]) continue;
      // Each policy inspects from its own stream: its draws do not depend on the others.
      core::Stream rng(en.draw_seed, core::AgentKind::enterprise, e, ctx.step,
                       core::Purpose::inspection);
      if (!rng.bernoulli(en.inspection_prob)) continue;
      ++t.inspections;
      ++t.policy_units[en.policy];
      const bool unannounced = rng.bernoulli(en.unannounced_share);
      // An announced visit sees what the firm declares; only an unannounced one sees the truth.
      const double seen = unannounced ? f.security[e] : f.declared(e, c.declared_security);
      if (seen >= en.compliance_threshold) continue;
      ++t.findings;
      t.deceptive_found += f.deceptive[e];
      f.credit[e] = static_cast<float>(f.credit[e] - en.penalty_points);
      climb_ladder(f, e, en, ctx.step, rng, t);
      f.penalty[e] = static_cast<float>(f.penalty[e] + 1.0);
      if (en.public_naming) {
        ++t.named;
        naming_by_county[f.county[e]] += en.naming_spillover;
      }
    }
  }
  for (std::uint32_t e = 0; e < n; ++e) {
    const auto it = naming_by_county.find(f.county[e]);
    if (it != naming_by_county.end()) f.penalty[e] = static_cast<float>(f.penalty[e] + it->second);
  }

  const double gain = core::rate_to_prob(c.security_gain_rate, days);
  const double decay = core::rate_to_prob(c.security_decay_rate, days);
  const double penalty_keep = std::exp(-c.penalty_decay_rate * days);
  interception.assign(n, 0.0f);
  moderation.assign(n, 0.0f);
  f.breached.assign(n, 0);
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!f.active(e)) {
      next[e] = 0;
      continue;
    }
    core::Stream rng(ctx.seed, core::AgentKind::enterprise, e, ctx.step,
                     core::Purpose::enterprise_choice);
    bool choice = now[e] != 0;
    if (!rng.bernoulli(c.inertia_prob)) {
      const auto& [part, all] = peers[{f.county[e], f.type[e]}];
      const double q = all > 0 ? part / all : 0.0;
      const double u = c.baseline + c.herding * q + c.responsibility * f.responsibility[e] +
                       c.penalty_weight * f.penalty[e] +
                       (f.credit[e] >= c.red_list_credit ? c.red_list_reward : 0.0) - c.cost +
                       (f.party_org[e] ? in.party_utility : 0.0);
      choice = rng.bernoulli(core::sigmoid(u / c.temperature));
    }
    next[e] = choice ? 1 : 0;
    // Deceptive firms participate (and rectify) on paper: they never invest. A rectification
    // order makes an honest firm invest, whatever it chooses.
    const bool invests = !f.deceptive[e] && (choice || f.order_due[e] != 0);
    f.security[e] =
        static_cast<float>(invests ? f.security[e] + gain * (c.target_security - f.security[e])
                                   : f.security[e] - decay * f.security[e]);
    if (choice) f.credit[e] = static_cast<float>(f.credit[e] + c.participation_credit_rate * days);
    f.penalty[e] = static_cast<float>(f.penalty[e] * penalty_keep);

    if (in.breach && breach_step(*in.breach, f, e, ctx.seed, ctx.step, days, in.breach_scale)) {
      ++t.breaches;
    }
    if (choice) {
      interception[e] = static_cast<float>(in.interception_efficacy * f.security[e]);
      moderation[e] = static_cast<float>(in.moderation_efficacy * f.security[e]);
    }
  }
  // Users of removed firms use their successor: it protects (and exposes) them.
  for (std::uint32_t e = 0; e < n; ++e) {
    const std::uint32_t to = f.moved_to[e];
    if (f.active(e) || to == kNoFirm) continue;
    interception[e] = interception[to];
    moderation[e] = moderation[to];
    f.breached[e] = f.breached[to];
  }
  f.participating.swap();
  EnterpriseTally state = tally_enterprises(f, c.declared_security);
  state.breaches = t.breaches;
  state.inspections = t.inspections;
  state.findings = t.findings;
  state.deceptive_found = t.deceptive_found;
  state.named = t.named;
  state.orders_issued = t.orders_issued;
  state.orders_lifted = t.orders_lifted;
  state.removals = t.removals;
  state.users_moved = t.users_moved;
  state.policy_units = t.policy_units;
  return state;
}

}  // namespace cogov::model
