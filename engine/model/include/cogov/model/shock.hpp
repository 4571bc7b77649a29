#pragma once
// Exogenous shocks (docs/model.md section 9): for a period, multipliers of rumour seeding,
// rumour transmission (anxiety: a worried netizen passes a rumour on more readily), fraud
// attempts and breach rates, and a surge of the altruism weight.

#include <string>

#include "cogov/core/spec.hpp"

namespace cogov::model {

struct ShockConfig {
  std::string name = "shock";
  double start_day = 0;
  double end_day = 30;
  double rumour_multiplier = 3.0;
  double transmission_multiplier = 1.5;  ///< p_R x this (anxiety), capped at 1
  double fraud_multiplier = 2.0;
  double breach_multiplier = 2.0;
  double altruism_surge = 0.5;  ///< altruism weight A x (1 + surge)

  /// The keys of a [[shock]] entry, once (reader, explain, references).
  template <class V>
  static void visit(V& v, ShockConfig& k) {
    using core::Range;
    v.value("name", k.name,
            {Range::any(), "",
             "address (--set shock.<name>.<key>) and label (default: shock, numbered _2, _3 "
             "when repeated)"});
    v.value("start_day", k.start_day, {Range::at_least(0), "days", "first day"});
    v.value("end_day", k.end_day, {Range::at_least(0), "days", "day it ends"});
    v.value("rumour_multiplier", k.rumour_multiplier, {Range::at_least(0), "", "rumour seeding x"});
    v.value("transmission_multiplier", k.transmission_multiplier,
            {Range::at_least(0), "", "rumour transmission p_R x (anxiety; capped at 1)"});
    v.value("fraud_multiplier", k.fraud_multiplier, {Range::at_least(0), "", "fraud attempts x"});
    v.value("breach_multiplier", k.breach_multiplier, {Range::at_least(0), "", "breach rate x"});
    v.value("altruism_surge", k.altruism_surge,
            {Range::at_least(-1), "", "altruism weight A x (1 + surge)"});
  }
};

}  // namespace cogov::model
