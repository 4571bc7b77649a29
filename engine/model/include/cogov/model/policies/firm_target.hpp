#pragma once
// Which firms a policy acts on (enforcement): all operating firms, one type, the firms
// registered in some counties, or the largest by user base (the top `share` of operating
// firms by users, ties included). Removed firms are never targets.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/model/enterprises.hpp"

namespace cogov::model {

enum class FirmTargetKind : std::uint8_t { all, type, counties, largest };

inline constexpr core::Option<FirmTargetKind> kFirmTargetKinds[] = {
    {"all", FirmTargetKind::all},
    {"type", FirmTargetKind::type},
    {"counties", FirmTargetKind::counties},
    {"largest", FirmTargetKind::largest},
};
inline constexpr core::Option<int> kEnterpriseTypeOptions[kEnterpriseTypes] = {
    {kEnterpriseTypeNames[0], 0},
    {kEnterpriseTypeNames[1], 1},
    {kEnterpriseTypeNames[2], 2},
    {kEnterpriseTypeNames[3], 3}};

struct FirmTarget {
  FirmTargetKind kind = FirmTargetKind::all;
  int type = 0;
  std::vector<std::int64_t> counties;
  double share = 0.1;

  template <class V>
  static void visit(V& v, FirmTarget& t, std::string_view text) {
    using core::Range;
    v.choice("target", t.kind, kFirmTargetKinds, text);
    v.choice("target_type", t.type, kEnterpriseTypeOptions, "target = type: which type");
    v.value("target_counties", t.counties,
            {Range::at_least(0), "", "target = counties: county ids of registration"});
    v.value("target_share", t.share,
            {Range::unit(), "", "target = largest: top share of operating firms by users"});
  }

  /// Per firm, 1 if targeted now (user bases change as removed firms' users move).
  std::vector<std::uint8_t> mask(const Enterprises& f) const {
    const std::uint32_t n = f.size();
    std::vector<std::uint8_t> out(n, 0);
    std::uint32_t min_users = 0;
    if (kind == FirmTargetKind::largest) {
      std::vector<std::uint32_t> users;
      for (std::uint32_t e = 0; e < n; ++e)
        if (f.active(e)) users.push_back(f.users[e]);
      if (users.empty()) return out;
      // The top ceil(share x operating) firms (at least one).
      const auto top =
          static_cast<std::size_t>(std::ceil(share * static_cast<double>(users.size()) - 1e-9));
      const std::size_t rank = std::clamp<std::size_t>(top, 1, users.size()) - 1;
      std::nth_element(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(rank),
                       users.end(), std::greater<>());
      min_users = users[rank];
    }
    for (std::uint32_t e = 0; e < n; ++e) {
      if (!f.active(e)) continue;
      switch (kind) {
        case FirmTargetKind::all:
          out[e] = 1;
          break;
        case FirmTargetKind::type:
          out[e] = f.type[e] == type;
          break;
        case FirmTargetKind::counties:
          out[e] = std::find(counties.begin(), counties.end(), f.county[e]) != counties.end();
          break;
        case FirmTargetKind::largest:
          out[e] = f.users[e] >= min_users;
          break;
      }
    }
    return out;
  }
};

}  // namespace cogov::model
