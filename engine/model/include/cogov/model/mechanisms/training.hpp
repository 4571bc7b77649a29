#pragma once
// Literacy training (docs/model.md sections 7.2 and 8.2): NGO training and training
// policies each offer a gain; a netizen trained this step takes the largest,
//
//   l <- l + gain (1 - l)
//
// Stage Training (optional: on when some NGO trains or a training policy runs). Reads:
// Agent::literacy_gain (NGO and policy terms). Writes: literacy, status::trained (the memory
// training policies read: the untrained first, a smaller gain for a repeat); tally trained. No
// random draws of its own (the offers drew from Purpose::training).

#include "cogov/model/mechanisms/ngo_terms.hpp"
#include "cogov/model/mechanisms/stage.hpp"

namespace cogov::model::stage {

struct Training {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = true;
  struct Params {
    bool on = false;
  };

  template <class Step>
  static Params prepare(Step& s) {
    const bool ngo = s.in.membership && s.in.ngos && ngo_terms_active(*s.in.ngos);
    const bool policy = s.in.policies && !s.in.policies->training.empty();
    return {ngo || policy};
  }

  [[gnu::always_inline]] static void apply(const Params&, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    if (!(a.literacy_gain > 0)) return;
    c.literacy[a.i] =
        static_cast<float>(c.literacy[a.i] + a.literacy_gain * (1.0 - c.literacy[a.i]));
    a.st |= status::trained;
    ++tally.trained;
  }
};

}  // namespace cogov::model::stage
