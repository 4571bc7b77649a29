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

  // Inspections first: a finding this step weighs on this step's choice.
  std::map<std::uint32_t, double> naming_by_county;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!f.active(e)) continue;
    for (const Enforcement& en : in.enforcement) {
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
      f.sanction[e] = static_cast<std::uint8_t>(std::min(3, f.sanction[e] + 1));
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
                       (f.credit[e] >= c.red_list_credit ? c.red_list_reward : 0.0) - c.cost;
      choice = rng.bernoulli(core::sigmoid(u / c.temperature));
    }
    next[e] = choice ? 1 : 0;
    // Deceptive firms participate on paper: they do not invest in security.
    const bool invests = choice && !f.deceptive[e];
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
  f.participating.swap();
  EnterpriseTally state = tally_enterprises(f, c.declared_security);
  state.breaches = t.breaches;
  state.inspections = t.inspections;
  state.findings = t.findings;
  state.deceptive_found = t.deceptive_found;
  state.named = t.named;
  state.policy_units = t.policy_units;
  return state;
}

}  // namespace cogov::model
