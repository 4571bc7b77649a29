#include <catch2/catch.hpp>

#include "cogov/model/build.hpp"
#include "cogov/model/enterprise_step.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

struct Firms {
  core::Territory territory;
  Enterprises e;
};

Firms make(std::uint32_t count, const EnterpriseConfig& c) {
  Firms f;
  core::TerritoryConfig tc;
  tc.townships_per_county = 1;
  f.territory = core::Territory::build(tc, 200000, 3);
  EnterpriseConfig cc = c;
  cc.per_100k = count / 2.0;
  f.e = make_enterprises(cc, f.territory, 200000, 3);
  return f;
}

EnterpriseTally run(const EnterpriseConfig& c, Enterprises& e, const EnterpriseInputs& in,
                    std::uint32_t steps) {
  std::vector<float> a, b;
  EnterpriseTally total;
  for (std::uint32_t t = 0; t < steps; ++t) {
    const EnterpriseTally x = enterprise_step(c, e, StepContext{5, t, 1.0}, in, a, b);
    total.inspections += x.inspections;
    total.findings += x.findings;
    total.deceptive_found += x.deceptive_found;
    total.named += x.named;
  }
  return total;
}

}  // namespace

TEST_CASE("enterprises: deceptive firms are found only by unannounced inspections",
          "[model][enterprise]") {
  EnterpriseConfig c;
  c.deceptive_share = 0.5;
  c.security_mean = 0.3;  // most firms are below the threshold
  Enforcement en;
  en.inspection_prob = 0.2;
  en.compliance_threshold = 0.6;
  EnterpriseInputs in;
  SECTION("announced only") {
    en.unannounced_share = 0.0;
    in.enforcement = {en};
    Firms f = make(400, c);
    const auto t = run(c, f.e, in, 20);
    CHECK(t.findings > 50);  // honest insecure firms are found
    CHECK(t.deceptive_found == 0);
  }
  SECTION("unannounced only") {
    en.unannounced_share = 1.0;
    in.enforcement = {en};
    Firms f = make(400, c);
    const auto t = run(c, f.e, in, 20);
    CHECK(t.deceptive_found > 20);
  }
}

TEST_CASE(
    "enterprises: findings summon, then order rectification, and the deadline lifts or removes",
    "[model][enterprise]") {
  EnterpriseConfig c;
  c.security_mean = 0.05;
  c.security_concentration = 200;  // every firm near 0.05
  c.deceptive_share = 0;
  c.initial_share = 0;
  c.inertia_prob = 0.99999;  // nobody invests of its own accord
  Enforcement en;
  en.inspection_prob = 1.0;
  en.unannounced_share = 1.0;
  en.penalty_points = 10;
  EnterpriseInputs in;
  auto levels = [&](const Enterprises& e) {
    std::array<std::uint32_t, kSanctionLevels> n{};
    for (std::uint32_t k = 0; k < e.size(); ++k) ++n[e.sanction[k]];
    return n;
  };
  SECTION("a first finding summons, a second orders rectification; findings then wait") {
    en.rectification_steps = 30;
    in.enforcement = {en};
    Firms f = make(50, c);
    std::vector<float> a, b;
    EnterpriseTally t = enterprise_step(c, f.e, StepContext{5, 0, 1.0}, in, a, b);
    CHECK(levels(f.e)[1] == f.e.size());
    CHECK(t.orders_issued == 0);
    t = enterprise_step(c, f.e, StepContext{5, 1, 1.0}, in, a, b);
    CHECK(levels(f.e)[2] == f.e.size());
    CHECK(t.orders_issued == f.e.size());
    CHECK(f.e.order_due[0] == 31);
    t = enterprise_step(c, f.e, StepContext{5, 2, 1.0}, in, a, b);
    CHECK(t.findings == f.e.size());      // still insecure, still found ...
    CHECK(levels(f.e)[2] == f.e.size());  // ... but the order's deadline decides
    CHECK(f.e.credit[0] == Approx(100 - 30));
  }
  // Under an order a firm invests at security_gain_rate (0.05 per day): from 0.05 towards
  // 0.9, it passes 0.6 after ln(0.85 / 0.3) / 0.05 = 20.8 days.
  SECTION("a short deadline finds the firms insecure: removed") {
    en.rectification_steps = 10;
    in.enforcement = {en};
    Firms f = make(50, c);
    const EnterpriseTally t = run(c, f.e, in, 12);
    CHECK(levels(f.e)[3] == f.e.size());
    CHECK(t.findings >= 2 * f.e.size());
  }
  SECTION("a long deadline lets the forced investment pass: lifted, back to summons") {
    en.rectification_steps = 30;
    in.enforcement = {en};
    Firms f = make(50, c);
    std::vector<float> a, b;
    std::uint64_t lifted = 0;
    for (std::uint32_t s = 0; s < 32; ++s)
      lifted += enterprise_step(c, f.e, StepContext{5, s, 1.0}, in, a, b).orders_lifted;
    CHECK(lifted == f.e.size());
    CHECK(levels(f.e)[3] == 0);
    for (std::uint32_t k = 0; k < f.e.size(); ++k) CHECK(f.e.security[k] >= 0.6f);
  }
  SECTION("deceptive firms rectify on paper: announced checks lift, unannounced ones remove") {
    c.deceptive_share = 1.0;
    en.rectification_steps = 30;
    in.enforcement = {en};
    Firms f = make(50, c);
    run(c, f.e, in, 32);  // unannounced inspections and checks: all found, ordered, removed
    CHECK(levels(f.e)[3] == f.e.size());
    // An order whose check comes announced sees the declared security: lifted.
    Firms g = make(50, c);
    for (std::uint32_t k = 0; k < g.e.size(); ++k) {
      g.e.sanction[k] = 2;
      g.e.order_due[k] = 1;
      g.e.order_threshold[k] = 0.6f;
      g.e.order_unannounced[k] = k % 2;
    }
    const std::vector<float> before = g.e.security;
    EnterpriseInputs none;
    std::vector<float> a, b;
    const EnterpriseTally t = enterprise_step(c, g.e, StepContext{5, 1, 1.0}, none, a, b);
    CHECK(t.orders_lifted == g.e.size() / 2);
    CHECK(t.removals == g.e.size() - g.e.size() / 2);
    for (std::uint32_t k = 0; k < g.e.size(); ++k) {
      CHECK(g.e.sanction[k] == (k % 2 ? 3 : 1));
      CHECK(g.e.security[k] <= before[k]);  // nothing invested
    }
  }
}

TEST_CASE("enterprises: a removed firm's users move to the largest firm of its type",
          "[model][enterprise]") {
  EnterpriseConfig c;
  c.deceptive_share = 0;
  c.inertia_prob = 0.99999;
  Firms f = make(40, c);
  Enterprises& e = f.e;
  std::uint64_t total = 0;
  for (std::uint32_t k = 0; k < e.size(); ++k) total += e.users[k] = 100 + k;
  // Firm 0 is under an order that falls due now, insecure: it is removed.
  e.security[0] = 0.1f;
  e.order_due[0] = 1;
  e.order_threshold[0] = 0.6f;
  e.sanction[0] = 2;
  std::uint32_t expected = kNoFirm;
  for (std::uint32_t k = 1; k < e.size(); ++k)
    if (e.type[k] == e.type[0]) expected = k;  // the same type with the most users: the last
  REQUIRE(expected != kNoFirm);
  e.participating.now()[expected] = 1;  // and keeps participating (inertia)
  EnterpriseInputs in;
  in.interception_efficacy = 0.5;
  std::vector<float> interception, moderation;
  const EnterpriseTally t =
      enterprise_step(c, e, StepContext{5, 1, 1.0}, in, interception, moderation);
  CHECK(t.removals == 1);
  CHECK(e.sanction[0] == 3);
  CHECK(e.moved_to[0] == expected);
  CHECK(e.users[0] == 0);
  CHECK(e.users[expected] == 100 + expected + 100);
  CHECK(t.users_moved == 100);
  std::uint64_t after = 0;
  for (std::uint32_t k = 0; k < e.size(); ++k) after += e.users[k];
  CHECK(after == total);
  // Its users now read the successor's protection.
  CHECK(interception[0] == interception[expected]);
  CHECK(interception[0] > 0);
  // When the successor goes too, both firms' users move on.
  e.security[expected] = 0.1f;
  e.order_due[expected] = 2;
  e.order_threshold[expected] = 0.6f;
  enterprise_step(c, e, StepContext{5, 2, 1.0}, in, interception, moderation);
  CHECK(e.moved_to[0] == e.moved_to[expected]);
  CHECK(e.moved_to[0] != kNoFirm);
  CHECK(e.users[e.moved_to[0]] >= 200 + expected);
}

TEST_CASE("enterprises: enforcement inspects exactly its targeted firms", "[model][enterprise]") {
  EnterpriseConfig c;
  Enforcement en;
  en.inspection_prob = 1.0;
  en.compliance_threshold = 1.0;  // every inspection is a finding
  EnterpriseInputs in;
  Firms f = make(200, c);
  Enterprises& e = f.e;
  for (std::uint32_t k = 0; k < e.size(); ++k) e.users[k] = 1000 - k;
  auto found = [&](const FirmTarget& target) {
    Firms g = f;
    en.target = target;
    in.enforcement = {en};
    std::vector<float> a, b;
    enterprise_step(c, g.e, StepContext{5, 0, 1.0}, in, a, b);
    std::vector<std::uint8_t> out(g.e.size());
    for (std::uint32_t k = 0; k < g.e.size(); ++k) out[k] = g.e.sanction[k] > 0;
    return out;
  };
  FirmTarget t;
  SECTION("a type") {
    t.kind = FirmTargetKind::type;
    t.type = 2;
    const auto hit = found(t);
    for (std::uint32_t k = 0; k < e.size(); ++k) CHECK(hit[k] == (e.type[k] == 2));
  }
  SECTION("counties") {
    t.kind = FirmTargetKind::counties;
    t.counties = {0};
    const auto hit = found(t);
    std::uint32_t n = 0;
    for (std::uint32_t k = 0; k < e.size(); ++k) {
      CHECK(hit[k] == (e.county[k] == 0));
      n += hit[k];
    }
    CHECK(n > 0);
  }
  SECTION("the largest by users") {
    t.kind = FirmTargetKind::largest;
    t.share = 0.1;
    const auto hit = found(t);
    for (std::uint32_t k = 0; k < e.size(); ++k) CHECK(hit[k] == (k < e.size() / 10));
  }
}

TEST_CASE("enterprises: public naming raises peers' security", "[model][enterprise]") {
  EnterpriseConfig c;
  c.deceptive_share = 0;
  c.inertia_prob = 0.5;
  c.baseline = -3;
  Enforcement en;
  en.inspection_prob = 0.02;
  en.unannounced_share = 1.0;
  en.naming_spillover = 0.5;
  EnterpriseInputs in;
  auto mean_security = [&](bool naming) {
    en.public_naming = naming;
    in.enforcement = {en};
    Firms f = make(600, c);
    run(c, f.e, in, 200);
    double s = 0;
    for (float x : f.e.security) s += x;
    return s / f.e.size();
  };
  CHECK(mean_security(true) > mean_security(false) + 0.05);
}

TEST_CASE("enterprises: industry herding raises participation", "[model][enterprise]") {
  EnterpriseConfig c;
  c.initial_share = 0.5;
  c.inertia_prob = 0.0;
  EnterpriseInputs in;
  auto share = [&](double herding) {
    c.herding = herding;
    Firms f = make(600, c);
    std::vector<float> a, b;
    EnterpriseTally t;
    for (std::uint32_t s = 0; s < 30; ++s)
      t = enterprise_step(c, f.e, StepContext{5, s, 1.0}, in, a, b);
    return static_cast<double>(t.participants) / static_cast<double>(t.active);
  };
  CHECK(share(6.0) > share(0.0) + 0.2);
}

TEST_CASE(
    "enterprises: participating honest firms move security to the target, deceptive ones do not",
    "[model][enterprise]") {
  EnterpriseConfig c;
  c.initial_share = 1.0;
  c.inertia_prob = 0.99999;
  c.deceptive_share = 0.5;
  EnterpriseInputs in;
  Firms f = make(200, c);
  const std::vector<float> before = f.e.security;
  run(c, f.e, in, 100);
  for (std::uint32_t k = 0; k < f.e.size(); ++k) {
    if (f.e.deceptive[k]) {
      REQUIRE(f.e.security[k] <= before[k]);
      REQUIRE(f.e.declared(k, c.declared_security) >= static_cast<float>(c.declared_security));
    } else {
      REQUIRE(f.e.security[k] == Approx(c.target_security).margin(0.01));
    }
  }
}
