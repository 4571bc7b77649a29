#pragma once
// Which NGOs a policy acts on (social mobilisation): all, those of one scope (grid,
// township, county, national), of one origin (state-organised 他组 or self-organised 自组),
// or those working in some counties (grid-, township- and county-scoped NGOs whose unit lies
// in a listed county; national NGOs belong to no county).

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/model/ngos.hpp"

namespace cogov::model {

enum class NgoTargetKind : std::uint8_t { all, scope, origin, counties };

inline constexpr core::Option<NgoTargetKind> kNgoTargetKinds[] = {
    {"all", NgoTargetKind::all},
    {"scope", NgoTargetKind::scope},
    {"origin", NgoTargetKind::origin},
    {"counties", NgoTargetKind::counties},
};
inline constexpr core::Option<int> kNgoScopeOptions[kNgoScopes] = {
    {kNgoScopeNames[0], 0}, {kNgoScopeNames[1], 1}, {kNgoScopeNames[2], 2}, {kNgoScopeNames[3], 3}};
inline constexpr core::Option<int> kNgoOriginOptions[2] = {{kNgoOriginNames[0], 1},
                                                           {kNgoOriginNames[1], 0}};

struct NgoTarget {
  NgoTargetKind kind = NgoTargetKind::all;
  int scope = 0;
  int state_organised = 1;  ///< origin: 1 state-organised, 0 self-organised
  std::vector<std::int64_t> counties;

  template <class V>
  static void visit(V& v, NgoTarget& t, std::string_view text) {
    using core::Range;
    v.choice("target", t.kind, kNgoTargetKinds, text);
    v.choice("target_scope", t.scope, kNgoScopeOptions, "target = scope: which scope");
    v.choice("target_origin", t.state_organised, kNgoOriginOptions,
             "target = origin: state-organised or self-organised");
    v.value("target_counties", t.counties,
            {Range::at_least(0), "", "target = counties: county ids the NGOs work in"});
  }

  /// The county an NGO works in (national NGOs: none, ~0u).
  static std::uint32_t county_of(const Ngos& g, std::uint32_t k, const core::Territory& t) {
    switch (g.scope[k]) {
      case 0:
        return t.township_county(t.grid_township(g.scope_id[k]));
      case 1:
        return t.township_county(g.scope_id[k]);
      case 2:
        return g.scope_id[k];
      default:
        return ~0u;
    }
  }

  bool contains(const Ngos& g, std::uint32_t k, const core::Territory& t) const {
    switch (kind) {
      case NgoTargetKind::all:
        return true;
      case NgoTargetKind::scope:
        return g.scope[k] == scope;
      case NgoTargetKind::origin:
        return g.state_organised[k] == state_organised;
      case NgoTargetKind::counties: {
        const std::uint32_t county = county_of(g, k, t);
        return county != ~0u &&
               std::find(counties.begin(), counties.end(), county) != counties.end();
      }
    }
    return false;
  }
};

}  // namespace cogov::model
