#pragma once
// The scenario schema: the sections of a scenario and the rules that join them. Each
// section's keys are listed once, with its config struct (its static visit(): e.g.
// model::FatigueConfig in mechanisms/fatigue.hpp; a policy kind's in its kinds/ header; a
// generator's in graph/generators/). A visitor walks it all: the TOML reader (read and
// check), the explain writer, the Markdown reference and the JSON Schema. Adding a key = one
// line in its struct, next to the field.
//
// Visitor interface:
//   v.section(name, text, body)         nested table; values before subsections
//   v.value(name, field, spec)          bool, integers, double, string, arrays of numbers
//   v.choice(name, field, options, text)
//   v.check(ok, key, message)           cross-field rule (only the reader acts on it)
//   v.check_here(ok, name, message)     the same for a key of the current section, by name
//   v.check_pair(ok, key, other, msg)   a rule joining two keys: at `key` if written, else `other`
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

/// Enterprises and NGOs (per_100k x netizens / 100 000, rounded, at least 1) are at most this
/// many each: their ids share the 32-bit id space of the layers with the netizens'.
inline constexpr double kMaxOrganisations = 100'000'000;

/// A count derived from a rate per 100 000 netizens, in double (it cannot wrap), refused above
/// kMaxOrganisations.
template <class V>
void check_count(V& v, std::string_view key, double per_100k, std::uint32_t netizens,
                 std::string_view what) {
  const double count = std::round(per_100k * static_cast<double>(netizens) / 1e5);
  v.check_pair(count <= kMaxOrganisations, key, "population.netizens",
               fmt::format("{} x population.netizens / 100000 gives {:.4g} {}: at most {:.0f} "
                           "are allowed",
                           key, count, what, kMaxOrganisations));
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
  v.section("rumour", "rumours: SIRS with debunking (docs/model.md section 6.1)",
            [&] { model::RumourConfig::visit(v, s.rumour); });
  v.section("fraud", "fraud: targeted attempts and collective protection",
            [&] { model::FraudConfig::visit(v, s.fraud); });
  v.section("breach", "breaches at enterprises", [&] { model::BreachConfig::visit(v, s.breach); });
}

template <class V>
void visit_actors(V& v, Scenario& s) {
  v.section("enterprise",
            "enterprises: participation, security, credit (docs/model.md section 7.1)",
            [&] { model::EnterpriseConfig::visit(v, s.enterprise); });
  v.section("ngo", "NGOs and self-organised grid groups",
            [&] { model::NgoConfig::visit(v, s.ngo); });
  v.section("government", "government units and budget",
            [&] { model::GovernmentConfig::visit(v, s.government); });
}

/// A [[policy]] entry: its kind first (which decides the keys allowed), the keys every
/// policy has, then its kind's keys (policies/kinds/*.hpp). A key of another kind is an error.
template <class V>
void visit_policy(V& v, model::PolicyConfig& p) {
  v.kind("kind", p.spec, model::PolicyKinds{}, "what the policy does (docs/model.md section 8.2)");
  v.value("name", p.name,
          {Range::any(), "",
           "address (--set policy.<name>.<key>), output label and stable id of its draws "
           "(default: the kind, numbered _2, _3 when repeated)"});
  v.value("start_day", p.start_day, {Range::at_least(0), "days", "first day"});
  v.value("end_day", p.end_day, {Range::at_least(-1), "days", "day it ends (-1: never)"});
  v.value("cost_per_day", p.cost_per_day,
          {Range::at_least(0), "yuan per day", "fixed cost while running"});
  v.kind_keys(p.spec, model::PolicyKinds{},
              [&]<class Kind>(typename Kind::Config& c) { Kind::visit(v, c); });
  // Last: in the resolved text, a subtable ends the entry's own keys.
  v.section("trigger", "start and stop the policy on a recorded series (docs/model.md section 8.3)",
            [&] { model::TriggerConfig::visit(v, p.trigger); });
}

/// A policy's or shock's days: it ends after it starts (end_day -1: a policy runs to the
/// end of the run). One that starts after the run ends is a warning, not an error: a
/// shortened run (--set time.steps=60) should just run.
template <class V>
void check_schedule(V& v, const std::string& entry, double start, double end, double run_days) {
  v.check(end < 0 || end > start, entry + ".end_day",
          fmt::format("must be after start_day ({}){}", start,
                      entry.starts_with("policy") ? "; -1 runs it to the end of the run" : ""));
  v.warn(start < run_days, entry + ".start_day",
         fmt::format("the run ends on day {} (time.steps x step length), so this never runs",
                     run_days));
}

template <class V>
void visit_scenario(V& v, Scenario& s) {
  v.value("description", s.description, {Range::any(), "", "free text: what this scenario is for"});
  v.value("seed", s.seed,
          {Range::at_least(0), "", "random seed (common random numbers across scenarios)"});
  v.section("time", "time", [&] { TimeConfig::visit(v, s.time); });
  v.section("territory", "territory: county -> township -> grid",
            [&] { core::TerritoryConfig::visit(v, s.territory); });
  v.section("population", "netizens: attributes drawn at start",
            [&] { model::PopulationConfig::visit(v, s.population); });
  v.section("graph", "social layer", [&] { visit_graph(v, s.graph); });
  model::NetizenRules::visit(v, s.rules);
  // Graph parameters that the population cannot meet (graph/config.hpp).
  if (const graph::GraphLimit limit = graph::graph_limit(s.graph, s.population.netizens);
      !limit.key.empty()) {
    v.check_pair(false, limit.key, "population.netizens", limit.message);
  }
  v.check(s.rules.participation.initial_count <= s.population.netizens,
          "participation.initial_count", "must not exceed population.netizens");
  v.section("risk", "risk processes", [&] { visit_risks(v, s); });
  visit_actors(v, s);
  check_count(v, "enterprise.per_100k", s.enterprise.per_100k, s.population.netizens,
              "enterprises");
  check_count(v, "ngo.per_100k", s.ngo.per_100k, s.population.netizens, "NGOs");
  v.section("output", "what to record", [&] {
    OutputConfig::visit(v, s.output);
    for (auto d : s.output.snapshot_days) {
      v.check(static_cast<double>(d) <= s.time.steps * s.time.step_days(), "output.snapshot_days",
              fmt::format("day {} is after the end of the run (day {})", d,
                          s.time.steps * s.time.step_days()));
    }
  });
  v.table_array("policy", "scheduled government policies (one [[policy]] entry each)", s.policies,
                [&](model::PolicyConfig& p) { visit_policy(v, p); });
  const double run_days = s.time.steps * s.time.step_days();
  for (std::size_t k = 0; k < s.policies.size(); ++k)
    check_schedule(v, fmt::format("policy[{}]", k), s.policies[k].start_day, s.policies[k].end_day,
                   run_days);
  v.check(s.policies.size() <= model::kMaxPolicies, "policy",
          fmt::format("at most {} policies", model::kMaxPolicies));
  // Names are compared once every entry has read cleanly (an entry without a valid kind has
  // no name of its own yet). Unnamed entries were named apart (named_entries.hpp), so a
  // clash is two names written alike.
  for (std::size_t k = 0; v.clean() && k < s.policies.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      v.check(s.policies[k].label() != s.policies[j].label(), fmt::format("policy[{}].name", k),
              fmt::format("'{}' is also the name of [[policy]] entry {}: names address policies "
                          "(--set policy.<name>.<key>), label the output and key each policy's "
                          "random draws, so give each its own name = \"...\"",
                          s.policies[k].label(), j + 1));
    }
  }
  v.table_array("shock", "exogenous shocks (one [[shock]] entry each)", s.shocks,
                [&](model::ShockConfig& k) { model::ShockConfig::visit(v, k); });
  for (std::size_t k = 0; k < s.shocks.size(); ++k)
    check_schedule(v, fmt::format("shock[{}]", k), s.shocks[k].start_day, s.shocks[k].end_day,
                   run_days);
  for (std::size_t k = 0; v.clean() && k < s.shocks.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      v.check(s.shocks[k].name != s.shocks[j].name, fmt::format("shock[{}].name", k),
              fmt::format("'{}' is also the name of [[shock]] entry {}: names address shocks "
                          "(--set shock.<name>.<key>), so give each its own name = \"...\"",
                          s.shocks[k].name, j + 1));
    }
  }
}

}  // namespace cogov::io::detail