#pragma once
// The scenario schema: every key of every section, in one place. A visitor walks it:
// the TOML reader (read and check), the explain writer, the Markdown reference and the
// JSON Schema. Adding a key = one line here.
//
// Visitor interface:
//   v.section(name, text, body)         nested table; values before subsections
//   v.value(name, field, spec)          bool, integers, double, string, arrays of numbers
//   v.choice(name, field, options, text)
//   v.check(ok, key, message)           cross-field rule (only the reader acts on it)
//   v.clean()                           no problem found so far (writers: always)
//   v.kind(name, spec, kinds, text)     the tag of a [[policy]]: which kind's keys follow
//   v.kind_keys(spec, kinds, body)      body.template operator()<Kind>(config) for the kind
//                                       spec holds (the reader, explain) or every kind (docs)

#include <array>
#include <cmath>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::io::detail {

using core::Option;
using core::Range;
using core::Spec;

inline constexpr Option<model::ParticipationRule> kRules[] = {
    {"logit", model::ParticipationRule::logit},
    {"threshold", model::ParticipationRule::threshold},
};

using model::kAgeGroupOptions;

inline double sum(std::span<const double> xs) {
  double s = 0.0;
  for (double x : xs) s += x;
  return s;
}

/// [graph]: the generator, and a section of keys for each generator of the table.
template <class V>
void visit_graph(V& v, graph::GraphConfig& g) {
  v.choice("model", g.model, graph::kGraphModels, "social-layer generator (or \"file\")");
  graph::Generators::for_each([&]<class G>() {
    v.section(G::name, G::summary,
              [&] { G::visit(v, g.template get<G>(), g.model == graph::model_of<G>); });
  });
}

template <class V>
void visit_risks(V& v, Scenario& s) {
  v.section("rumour", "rumours: SIRS with debunking (docs/model.md section 6.1)", [&] {
    auto& r = s.rumour;
    v.value("enabled", r.enabled, {Range::any(), "", "run the rumour process"});
    v.value("seed_rate", r.seed_rate,
            {Range::at_least(0), "per million netizens per day",
             "new believers from outside, in proportion to usage"});
    v.value("initial_believers", r.initial_believers,
            {Range::unit(), "", "share of netizens believing at step 0"});
    v.value("transmission_prob", r.transmission_prob,
            {Range::unit(), "per contact per step", "p_R"});
    v.value("literacy_protection", r.literacy_protection,
            {Range::unit(), "", "eps_l: transmission x (1 - eps_l l)"});
    v.value("participation_protection", r.participation_protection,
            {Range::unit(), "", "eps_P: transmission x (1 - eps_P P)"});
    v.value("rejection_prob", r.rejection_prob,
            {Range::unit(), "per step",
             "rho: a participant meeting a believer rejects the rumour with prob rho l"});
    v.value("debunk_prob", r.debunk_prob,
            {Range::unit(), "per debunker per step",
             "p_D: each participating recovered neighbour converts a believer"});
    v.value("debunk_boost", r.debunk_boost,
            {Range::at_least(1), "",
             "b: debunking x b for moderators, active refutation NGOs, formed groups"});
    v.value("stifle_prob", r.stifle_prob,
            {Range::unit(), "per step", "a believer stops believing by itself"});
    v.value("forget_rate", r.forget_rate,
            {Range::at_least(0), "per day", "recovered become susceptible again"});
    v.value("moderation_efficacy", r.moderation_efficacy,
            {Range::unit(), "", "m: transmission cut by a participating platform at security 1"});
  });
  v.section("fraud", "fraud: targeted attempts and collective protection", [&] {
    auto& f = s.fraud;
    v.value("enabled", f.enabled, {Range::any(), "", "run the fraud process"});
    v.value("attempt_rate", f.attempt_rate,
            {Range::at_least(0), "per day", "attempts on a netizen of usage 1"});
    v.value("exposure_multiplier", f.exposure_multiplier,
            {Range::at_least(0), "", "psi: attempts x (1 + psi) on data-exposed netizens"});
    v.value("interception_efficacy", f.interception_efficacy,
            {Range::unit(), "", "w_eff: interception by a participating platform at security 1"});
    v.value("success_prob", f.success_prob,
            {Range::unit(), "", "p_F by age group (minor, young, middle, senior)"});
    v.value("literacy_protection", f.literacy_protection, {Range::unit(), "", "eps_lF"});
    v.value("self_protection", f.self_protection,
            {Range::unit(), "", "eps_self: success x (1 - eps_self) for participants"});
    v.value("neighbour_protection", f.neighbour_protection,
            {Range::unit(), "", "eps_nbr: success x (1 - eps_nbr) per participating neighbour"});
    v.value("loss_median", f.loss_median,
            {Range::above(0), "yuan", "median loss by age group (log-normal)"});
    v.value("loss_sigma", f.loss_sigma, {Range::at_least(0), "", "log-normal shape of losses"});
    v.value("victim_window_days", f.victim_window_days,
            {Range::above(0), "days", "W: how long a victim counts as recently victimised"});
    v.value("victim_report_prob", f.victim_report_prob,
            {Range::unit(), "", "rho_v: victims report with prob rho_v x trust"});
    v.value("intercept_report_prob", f.intercept_report_prob,
            {Range::unit(), "", "participants report an intercepted attempt"});
  });
  v.section("breach", "breaches at enterprises", [&] {
    auto& b = s.breach;
    v.value("enabled", b.enabled, {Range::any(), "", "run the breach process"});
    v.value("vuln_rate", b.vuln_rate,
            {Range::at_least(0), "per day", "new vulnerabilities at security 0 (x (1 - s))"});
    v.value(
        "patch_rate", b.patch_rate,
        {Range::at_least(0), "per day", "patching of each open vulnerability at security 1 (x s)"});
    v.value("breach_rate", b.breach_rate,
            {Range::at_least(0), "per vulnerability per day", "lambda_b at security 0"});
    v.value("exposure_prob", b.exposure_prob,
            {Range::unit(), "", "each user of a breached firm becomes data-exposed"});
  });
}

template <class V>
void visit_actors(V& v, Scenario& s) {
  v.section(
      "enterprise", "enterprises: participation, security, credit (docs/model.md section 7.1)",
      [&] {
        auto& e = s.enterprise;
        v.value("per_100k", e.per_100k,
                {Range::above(0), "per 100 000 netizens", "number of enterprises"});
        v.value("type_shares", e.type_shares,
                {Range::at_least(0), "", "shares of platform, app, access, infrastructure"});
        v.value("platforms_per_netizen", e.platforms_per_netizen,
                {Range::between(1, 50), "enterprises", "enterprises each netizen uses"});
        v.value("zipf_exponent", e.zipf_exponent,
                {Range::at_least(0), "", "popularity of rank r ~ r^-exponent"});
        v.value("security_mean", e.security_mean,
                {Range::unit(), "", "initial true security (Beta mean)"});
        v.value("security_concentration", e.security_concentration,
                {Range::above(0), "", "Beta a + b"});
        v.value("deceptive_share", e.deceptive_share,
                {Range::unit(), "", "firms that comply on paper only"});
        v.value("declared_security", e.declared_security,
                {Range::unit(), "", "what deceptive firms declare"});
        v.value("target_security", e.target_security,
                {Range::unit(), "", "security participating firms move towards"});
        v.value("security_gain_rate", e.security_gain_rate,
                {Range::at_least(0), "per day", "speed towards the target"});
        v.value("security_decay_rate", e.security_decay_rate,
                {Range::at_least(0), "per day", "decay when not investing"});
        v.value("responsibility_mean", e.responsibility_mean,
                {Range::unit(), "", "corporate responsibility R_e (Beta mean)"});
        v.value("responsibility_concentration", e.responsibility_concentration,
                {Range::above(0), "", "Beta a + b"});
        v.value("baseline", e.baseline, {Range::any(), "utility", "beta_e"});
        v.value("herding", e.herding,
                {Range::any(), "utility", "J_e: share of same-type county peers participating"});
        v.value("responsibility", e.responsibility, {Range::any(), "utility", "weight of R_e"});
        v.value("penalty_weight", e.penalty_weight,
                {Range::at_least(0), "utility", "K: weight of the perceived expected penalty"});
        v.value("red_list_reward", e.red_list_reward,
                {Range::any(), "utility", "G: for firms on the red list"});
        v.value("red_list_credit", e.red_list_credit,
                {Range::any(), "points", "credit score at which a firm is on the red list"});
        v.value("cost", e.cost, {Range::any(), "utility", "cost of participating"});
        v.value("temperature", e.temperature, {Range::above(0), "utility", "T_e"});
        v.value("inertia_prob", e.inertia_prob,
                {Range::unit_open_above(), "per step", "keep the previous choice"});
        v.value("initial_share", e.initial_share,
                {Range::unit(), "", "firms participating at step 0"});
        v.value("penalty_decay_rate", e.penalty_decay_rate,
                {Range::at_least(0), "per day", "forgetting of the perceived penalty"});
        v.value("participation_credit_rate", e.participation_credit_rate,
                {Range::at_least(0), "points per day", "credit earned while participating"});
      });
  v.section("ngo", "NGOs and self-organised grid groups", [&] {
    auto& g = s.ngo;
    v.value("per_100k", g.per_100k, {Range::above(0), "per 100 000 netizens", "number of NGOs"});
    v.value("state_share", g.state_share,
            {Range::unit(), "", "share that are state-organised (他组)"});
    v.value("scope_shares", g.scope_shares,
            {Range::at_least(0), "", "shares with grid, township, county, national scope"});
    v.value("function_prob", g.function_prob,
            {Range::unit(), "",
             "probability of each function: refutation, reporting, training, charity"});
    v.value(
        "members_mean", g.members_mean,
        {Range::at_least(0), "netizens", "candidates per NGO, each joining with prob = altruism"});
    v.value("activation_share", g.activation_share,
            {Range::unit(), "", "active when this share of members participates (or funded)"});
    v.value("member_utility", g.member_utility,
            {Range::any(), "utility",
             "social-mobilisation term for members of active self-organised NGOs"});
    v.value("state_member_utility", g.state_member_utility,
            {Range::any(), "utility", "the same for state-organised NGOs"});
    v.value("capacity_per_member", g.capacity_per_member,
            {Range::at_least(0), "per member per day", "trainings an active training NGO gives"});
    v.value("literacy_gain", g.literacy_gain, {Range::unit(), "", "Delta l of one training"});
    v.choice("training_target", g.training_target, kAgeGroupOptions, "age group NGOs train first");
    v.value("formation_share", g.formation_share,
            {Range::unit(), "", "a grid's latent group forms above this participation share"});
    v.value("dissolution_share", g.dissolution_share,
            {Range::unit(), "", "... and dissolves below this one"});
    v.value("group_utility", g.group_utility,
            {Range::any(), "utility", "term for residents of a grid whose group has formed"});
    v.check(g.dissolution_share <= g.formation_share, "ngo.dissolution_share",
            "must be <= ngo.formation_share");
  });
  v.section("government", "government units and budget", [&] {
    auto& g = s.government;
    v.value("budget", g.budget, {Range::at_least(0), "yuan", "one budget for all policies"});
    v.value("grid_capacity", g.grid_capacity,
            {Range::at_least(0), "reports per day", "handled by each grid team"});
    v.value("township_capacity", g.township_capacity,
            {Range::at_least(0), "reports per day", "handled by each township"});
    v.value("county_capacity", g.county_capacity,
            {Range::at_least(0), "reports per day", "handled by each county"});
    v.value("grid_delay_days", g.grid_delay_days,
            {Range::at_least(0), "days", "wait before a grid report escalates to the township"});
    v.value("township_delay_days", g.township_delay_days,
            {Range::at_least(0), "days", "wait before escalating to the county"});
    v.value("disruption_per_report", g.disruption_per_report,
            {Range::at_least(0), "",
             "fall of county fraud activity per handled report per 1000 netizens"});
    v.value("disruption_recovery_rate", g.disruption_recovery_rate,
            {Range::at_least(0), "per day", "recovery of fraud activity"});
    v.value("min_disruption", g.min_disruption,
            {Range::unit(), "", "floor of the disruption factor D_c"});
  });
}

/// A [[policy]] entry: its kind first (which decides the keys allowed), the keys every
/// policy has, then its kind's keys (policies/kinds/*.hpp). A key of another kind is an error.
template <class V>
void visit_policy(V& v, model::PolicyConfig& p) {
  v.kind("kind", p.spec, model::PolicyKinds{}, "what the policy does (docs/model.md section 8.2)");
  v.value("name", p.name,
          {Range::any(), "", "label in the output and stable id of its draws (default: the kind)"});
  v.value("start_day", p.start_day, {Range::at_least(0), "days", "first day"});
  v.value("end_day", p.end_day, {Range::at_least(-1), "days", "day it ends (-1: never)"});
  v.value("cost_per_day", p.cost_per_day,
          {Range::at_least(0), "yuan per day", "fixed cost while running"});
  v.kind_keys(p.spec, model::PolicyKinds{},
              [&]<class Kind>(typename Kind::Config& c) { Kind::visit(v, c); });
}

template <class V>
void visit_shock(V& v, model::ShockConfig& k) {
  v.value("name", k.name, {Range::any(), "", "label"});
  v.value("start_day", k.start_day, {Range::at_least(0), "days", "first day"});
  v.value("end_day", k.end_day, {Range::at_least(0), "days", "day it ends"});
  v.value("rumour_multiplier", k.rumour_multiplier, {Range::at_least(0), "", "rumour seeding x"});
  v.value("fraud_multiplier", k.fraud_multiplier, {Range::at_least(0), "", "fraud attempts x"});
  v.value("breach_multiplier", k.breach_multiplier, {Range::at_least(0), "", "breach rate x"});
  v.value("altruism_surge", k.altruism_surge,
          {Range::at_least(-1), "", "altruism weight A x (1 + surge)"});
}

template <class V>
void visit_scenario(V& v, Scenario& s) {
  v.value("description", s.description, {Range::any(), "", "free text: what this scenario is for"});
  v.value("seed", s.seed,
          {Range::at_least(0), "", "random seed (common random numbers across scenarios)"});
  v.section("time", "time", [&] {
    v.value("steps", s.time.steps, {Range::at_least(1), "steps", "number of steps to run"});
    v.value("step_hours", s.time.step_hours,
            {Range::between(1, 24 * 7), "hours", "length of a step"});
  });
  v.section("territory", "territory: county -> township -> grid", [&] {
    auto& t = s.territory;
    v.value("grid_size", t.grid_size,
            {Range::at_least(1), "netizens", "residents of an urban grid (~500 households)"});
    v.value("rural_grid_size", t.rural_grid_size,
            {Range::at_least(1), "netizens", "residents of a rural grid (villager group)"});
    v.value("urban_share", t.urban_share, {Range::unit(), "", "probability that a grid is urban"});
    v.value("grids_per_township", t.grids_per_township,
            {Range::at_least(1), "grids", "grids in a township"});
    v.value("townships_per_county", t.townships_per_county,
            {Range::at_least(1), "townships", "townships in a county"});
  });
  v.section("population", "netizens: attributes drawn at start", [&] {
    auto& p = s.population;
    v.value("netizens", p.netizens, {Range::between(1, 4.0e9), "netizens", "population size"});
    v.value("age_shares", p.age_shares,
            {Range::unit(), "", "shares of minor, young, middle, senior (sum 1)"});
    v.value("party_share", p.party_share,
            {Range::unit(), "", "party members among all netizens (drawn among adults)"});
    v.value("literacy_mean", p.literacy_mean,
            {Range::unit(), "", "mean literacy per age group (Beta)"});
    v.value("literacy_concentration", p.literacy_concentration,
            {Range::above(0), "", "Beta a + b of literacy"});
    v.value("altruism_mean", p.altruism_mean, {Range::unit(), "", "mean altruism (Beta)"});
    v.value("altruism_concentration", p.altruism_concentration,
            {Range::above(0), "", "Beta a + b of altruism"});
    v.value("usage_sigma", p.usage_sigma,
            {Range::at_least(0), "", "log-normal shape of online usage (mean 1)"});
    v.value("threshold_mean", p.threshold_mean,
            {Range::unit(), "", "mean herding threshold theta (threshold rule)"});
    v.value("threshold_sd", p.threshold_sd,
            {Range::at_least(0), "", "sd of theta (normal, clamped to [0, 1])"});
    v.value("initial_risk_mean", p.initial_risk_mean,
            {Range::unit(), "", "mean initial perceived risk (Beta)"});
    v.value("initial_risk_concentration", p.initial_risk_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.value("initial_trust_mean", p.initial_trust_mean,
            {Range::unit(), "", "mean initial trust in government (Beta)"});
    v.value("initial_trust_concentration", p.initial_trust_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.check(std::fabs(sum(p.age_shares) - 1.0) < 1e-6, "population.age_shares",
            fmt::format("must sum to 1 (they sum to {})", sum(p.age_shares)));
  });
  v.section("graph", "social layer", [&] { visit_graph(v, s.graph); });
  v.section("participation", "netizen participation rule (docs/model.md section 4)", [&] {
    auto& p = s.rules.participation;
    auto& l = p.logit;
    v.choice("rule", p.rule, kRules,
             "decision rule: logit (Brock-Durlauf) or threshold (Granovetter/Watts)");
    v.value("temperature", l.temperature,
            {Range::above(0), "utility", "T: noise of the logit choice"});
    v.value("baseline", l.baseline, {Range::any(), "utility", "beta0: baseline utility"});
    v.value("herding", l.herding,
            {Range::any(), "utility", "J: weight of the participating-neighbour share"});
    v.value("risk_amplification", l.risk_amplification,
            {Range::at_least(0), "", "kappa: herding grows by (1 + kappa r)"});
    v.value("self_protection", l.self_protection,
            {Range::any(), "utility", "Gamma: weight of perceived risk"});
    v.value("altruism", l.altruism, {Range::any(), "utility", "A: weight of altruism"});
    v.value("compassion", l.compassion,
            {Range::any(), "utility", "H: weight of altruism x victimised-neighbour share"});
    v.value("crowding_out", l.crowding_out,
            {Range::unit(), "", "chi: share of altruism crowded out by cash rewards"});
    v.value("fatigue_weight", l.fatigue_weight,
            {Range::at_least(0), "utility", "Phi: cost of fatigue"});
    v.value("cost", l.cost,
            {Range::any(), "utility",
             "c: participation cost per age group (minor, young, middle, senior)"});
    v.value("inertia_prob", p.inertia_prob,
            {Range::unit_open_above(), "per step", "probability of keeping the previous choice"});
    v.value("monotone", p.threshold.monotone,
            {Range::any(), "", "threshold rule: participation, once reached, is kept"});
    v.value("initial_share", p.initial_share,
            {Range::unit(), "", "probability that a netizen participates at step 0"});
    v.value("initial_count", p.initial_count,
            {Range::at_least(0), "netizens", "further random participants at step 0"});
    v.check(p.initial_count <= s.population.netizens, "participation.initial_count",
            "must not exceed population.netizens");
  });
  v.section("fatigue", "fatigue of long campaigns", [&] {
    v.value("gain_rate", s.rules.fatigue.gain_rate,
            {Range::at_least(0), "per day", "phi_up: growth while participating"});
    v.value("recovery_rate", s.rules.fatigue.recovery_rate,
            {Range::at_least(0), "per day", "phi_down: recovery while not"});
  });
  v.section("perceived_risk", "perceived risk", [&] {
    auto& r = s.rules.perceived_risk;
    v.value("decay_rate", r.decay_rate, {Range::at_least(0), "per day", "delta: forgetting"});
    v.value("weight_victimised", r.weight_victimised,
            {Range::unit(), "", "omega_self: jump when victimised"});
    v.value("weight_neighbours", r.weight_neighbours,
            {Range::at_least(0), "", "omega_nbr: per step, times the victimised-neighbour share"});
    v.value("weight_campaign", r.weight_campaign,
            {Range::at_least(0), "", "omega_campaign: jump when reached by a campaign"});
  });
  v.section("trust", "trust in government", [&] {
    v.value("gain_handled", s.rules.trust.gain_handled,
            {Range::unit(), "", "rise towards 1 when a report is handled"});
    v.value("loss_unhandled", s.rules.trust.loss_unhandled,
            {Range::unit(), "", "fall towards 0 when victimised with a report unhandled"});
  });
  v.section("risk", "risk processes", [&] { visit_risks(v, s); });
  visit_actors(v, s);
  v.section("output", "what to record", [&] {
    auto& o = s.output;
    v.value("path", o.path,
            {Range::any(), "", "HDF5 file; empty: out/<scenario file name>.h5 (-o overrides)"});
    v.value("flush_every", o.flush_every,
            {Range::at_least(1), "steps", "steps between writes to disk"});
    v.value("by_grid", o.by_grid, {Range::any(), "", "record per-grid series (steps x grids)"});
    v.value("snapshot_days", o.snapshot_days,
            {Range::at_least(0), "days", "days at which every agent's state is saved"});
    for (auto d : o.snapshot_days) {
      v.check(static_cast<double>(d) <= s.time.steps * s.time.step_days(), "output.snapshot_days",
              fmt::format("day {} is after the end of the run (day {})", d,
                          s.time.steps * s.time.step_days()));
    }
  });
  v.table_array("policy", "scheduled government policies (one [[policy]] entry each)", s.policies,
                [&](model::PolicyConfig& p) { visit_policy(v, p); });
  v.check(s.policies.size() <= model::kMaxPolicies, "policy",
          fmt::format("at most {} policies", model::kMaxPolicies));
  // Names are compared once every entry has read cleanly (an entry without a valid kind has
  // no name of its own yet).
  for (std::size_t k = 0; v.clean() && k < s.policies.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      v.check(s.policies[k].label() != s.policies[j].label(), fmt::format("policy[{}].name", k),
              fmt::format("'{}' is already the name of policy[{}]: names label the output and key "
                          "each policy's random draws, so give each policy of a kind its own "
                          "name = \"...\"",
                          s.policies[k].label(), j));
    }
  }
  v.table_array("shock", "exogenous shocks (one [[shock]] entry each)", s.shocks,
                [&](model::ShockConfig& k) { visit_shock(v, k); });
}

}  // namespace cogov::io::detail