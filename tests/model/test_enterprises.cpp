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

TEST_CASE("enterprises: findings climb the sanction ladder and cost credit points",
          "[model][enterprise]") {
  EnterpriseConfig c;
  c.security_mean = 0.05;
  c.deceptive_share = 0;
  Enforcement en;
  en.inspection_prob = 1.0;
  en.unannounced_share = 1.0;
  en.penalty_points = 10;
  EnterpriseInputs in;
  in.enforcement = {en};
  Firms f = make(50, c);
  run(c, f.e, in, 3);
  std::uint32_t removed = 0;
  for (std::uint32_t k = 0; k < f.e.size(); ++k) removed += f.e.sanction[k] == 3;
  CHECK(removed > 40);  // three findings in a row: summons, rectification, removal
  CHECK(f.e.credit[0] <= 100 - 30 + 1);
  CHECK_FALSE((f.e.participates(0) && f.e.sanction[0] == 3));
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
