#pragma once
// The table of policy kinds: one row each. The scenario reader, explain, the reference,
// the JSON Schema, the policy book (compile, charge) and the output labels all read it.
// Adding a kind: its header in kinds/ and its row here.

#include <array>
#include <cstddef>
#include <string_view>
#include <variant>

#include "cogov/model/policies/kinds/campaign.hpp"
#include "cogov/model/policies/kinds/data_sharing.hpp"
#include "cogov/model/policies/kinds/enforcement.hpp"
#include "cogov/model/policies/kinds/grid_moderators.hpp"
#include "cogov/model/policies/kinds/political_mobilisation.hpp"
#include "cogov/model/policies/kinds/refutation_platform.hpp"
#include "cogov/model/policies/kinds/reward.hpp"
#include "cogov/model/policies/kinds/social_mobilisation.hpp"
#include "cogov/model/policies/kinds/training.hpp"

namespace cogov::model {

template <class... Kinds>
struct KindList {
  /// A policy's typed parameters: the Config of its kind.
  using Spec = std::variant<typename Kinds::Config...>;
  static constexpr std::size_t size = sizeof...(Kinds);
  static constexpr std::array<std::string_view, size> names{Kinds::name...};

  /// f.template operator()<Kind>() for every kind, in table order.
  template <class F>
  static void for_each(F&& f) {
    (f.template operator()<Kinds>(), ...);
  }

  /// f.template operator()<Kind>(config) for the kind `spec` holds.
  template <class S, class F>
  static void visit(S& spec, F&& f) {
    std::size_t k = 0;
    ((spec.index() == k++ ? f.template operator()<Kinds>(std::get<typename Kinds::Config>(spec))
                          : void()),
     ...);
  }

  /// Sets `spec` to the default Config of the kind named `name`; false if there is none.
  static bool emplace(Spec& spec, std::string_view name) {
    bool found = false;
    ((!found && name == Kinds::name
          ? (spec.template emplace<typename Kinds::Config>(), found = true)
          : false),
     ...);
    return found;
  }

  static std::string_view name_of(const Spec& spec) { return names[spec.index()]; }
};

using PolicyKinds = KindList<PoliticalMobilisation, SocialMobilisation, Reward, Campaign, Training,
                             GridModerators, EnforcementPolicy, RefutationPlatform, DataSharing>;

}  // namespace cogov::model
