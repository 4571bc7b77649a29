#pragma once
// Scheduled government policies (docs/model.md section 8.2). A scenario lists [[policy]]
// entries; each has a kind (policies/kinds.hpp), a name, a schedule (start_day, end_day), a
// fixed cost per day and the typed parameters of its kind. All spending is charged to one
// budget; a policy whose charge exceeds what is left pays what is left and stops for good.
// A trigger (trigger.hpp) may start and stop it, within its schedule, on a recorded series.

#include <string>
#include <string_view>

#include "cogov/model/policies/kinds.hpp"
#include "cogov/model/policies/trigger.hpp"

namespace cogov::model {

using PolicySpec = PolicyKinds::Spec;

struct PolicyConfig {
  std::string name;  ///< label in the output and the policy's stable id (default: the kind)
  double start_day = 0;
  double end_day = -1;      ///< -1: until the end of the run
  double cost_per_day = 0;  ///< fixed cost while running
  PolicySpec spec;          ///< the kind and its parameters
  TriggerConfig trigger;    ///< series: none (the default) runs it by its schedule alone

  std::string_view kind() const { return PolicyKinds::name_of(spec); }
  std::string label() const { return name.empty() ? std::string(kind()) : name; }
};

/// A policy of kind K with default parameters (tests, code-built scenarios).
template <class K>
PolicyConfig make_policy() {
  PolicyConfig p;
  p.spec.emplace<typename K::Config>();
  return p;
}

/// The parameters of a policy of kind K (throws std::bad_variant_access for another kind).
template <class K>
typename K::Config& config_of(PolicyConfig& p) {
  return std::get<typename K::Config>(p.spec);
}
template <class K>
const typename K::Config& config_of(const PolicyConfig& p) {
  return std::get<typename K::Config>(p.spec);
}

}  // namespace cogov::model
