#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cogov/core/error.hpp"
#include "cogov/io/scenario.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("scenario: an empty file gives the documented defaults", "[io][scenario]") {
  const io::Scenario s = io::parse_scenario("", "empty.toml");
  CHECK(s.population.netizens == 100000);
  CHECK(s.time.steps == 365);
  CHECK(s.graph.model == graph::model_of<graph::Community>);
  CHECK(s.rules.participation.logit.temperature == 1.0);
}

TEST_CASE("scenario: extends and --set override in order", "[io][scenario]") {
  const auto dir = test::temp_dir("extends");
  std::ofstream(dir / "base.toml")
      << "seed = 5\n[population]\nnetizens = 2000\nparty_share = 0.1\n"
      << "[graph]\nmodel = \"file\"\n[graph.file]\npath = \"edges.txt\"\n";
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "child.toml")
      << "extends = \"../base.toml\"\n[population]\nnetizens = 3000\n";
  const io::Scenario s =
      io::load_scenario(dir / "sub" / "child.toml", {"population.party_share=0.2", "time.steps=7"});
  CHECK(s.seed == 5);
  CHECK(s.population.netizens == 3000);
  CHECK(s.population.party_share == 0.2);
  CHECK(s.time.steps == 7);
  // A relative path is relative to the file that wrote it.
  CHECK(fs::path(s.graph.get<graph::File>().path) == (dir / "edges.txt").lexically_normal());
}

TEST_CASE("scenario: errors in a base file name the base file", "[io][scenario]") {
  const auto dir = test::temp_dir("extends-base-error");
  std::ofstream(dir / "base.toml") << "[time]\n\nsteps = 0\n";
  std::ofstream(dir / "child.toml") << "extends = \"base.toml\"\n";
  CHECK_THROWS_WITH(io::load_scenario(dir / "child.toml"),
                    Catch::Contains("base.toml:3: time.steps = 0"));
}

TEST_CASE("scenario: --set accepts bare strings and arrays", "[io][scenario]") {
  const io::Scenario s = io::parse_scenario(
      "", "x.toml", {"graph.model=erdos_renyi", "population.age_shares=[0.25,0.25,0.25,0.25]"});
  CHECK(s.graph.model == graph::model_of<graph::ErdosRenyi>);
  CHECK(s.population.age_shares[3] == 0.25);
}

TEST_CASE("scenario: the resolved text reads back to the same scenario", "[io][scenario]") {
  const io::Scenario s = io::parse_scenario(
      "description = \"a \\\"quoted\\\" text\"\n[population]\nnetizens = 777\n"
      "[output]\nsnapshot_days = [1, 2]\n",
      "x.toml");
  const std::string text = io::resolved_toml(s);
  const io::Scenario back = io::parse_scenario(text, "resolved.toml");
  CHECK(io::resolved_toml(back) == text);
  CHECK(back.population.netizens == 777);
  CHECK(back.description == "a \"quoted\" text");
}

TEST_CASE("scenario: negative zero resolves to text that reads back to itself", "[io][scenario]") {
  const io::Scenario s = io::parse_scenario("[participation]\nbaseline = -0.0\n", "x.toml");
  const std::string text = io::resolved_toml(s);
  CHECK(io::resolved_toml(io::parse_scenario(text, "resolved.toml")) == text);
}

TEST_CASE("scenario: every file in scenarios/ is valid", "[io][scenario]") {
  int count = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(COGOV_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path());
    CHECK_NOTHROW(io::load_scenario(entry.path()));
    ++count;
  }
  CHECK(count >= 1);
}

TEST_CASE("scenario: docs/scenario-reference.md matches the engine's schema", "[io][docs]") {
  const std::string doc = slurp(fs::path(COGOV_SOURCE_DIR) / "docs" / "scenario-reference.md");
  INFO("regenerate with: build/release/cogov reference --markdown > docs/scenario-reference.md");
  CHECK(doc == io::scenario_reference_markdown());
  const std::string schema = slurp(fs::path(COGOV_SOURCE_DIR) / "docs" / "scenario.schema.json");
  INFO("regenerate with: build/release/cogov reference --json > docs/scenario.schema.json");
  CHECK(schema == io::scenario_json_schema());
}

TEST_CASE("scenario: a policy trigger reads back from the resolved text", "[io][scenario]") {
  const io::Scenario s = io::parse_scenario(
      "[[policy]]\nkind = \"campaign\"\nname = \"alert\"\nreach = 0.2\n"
      "trigger = { series = \"fraud_successes\", per = 100000, above = 5, stop_below = 2, "
      "window_days = 7, min_days = 14, cooldown_days = 30 }\n"
      "[[policy]]\nkind = \"training\"\n",
      "x.toml");
  REQUIRE(s.policies.size() == 2);
  const model::TriggerConfig& t = s.policies[0].trigger;
  CHECK(t.series == model::TriggerSeries::fraud_successes);
  CHECK(t.per == 100000);
  CHECK(t.above == 5);
  CHECK(t.stop_below == 2);
  CHECK(t.min_days == 14);
  CHECK(t.cooldown_days == 30);
  CHECK_FALSE(s.policies[1].trigger.set());
  const std::string text = io::resolved_toml(s);
  CHECK_THAT(
      text, Catch::Contains("[policy.trigger]") && Catch::Contains("series = \"fraud_successes\""));
  const io::Scenario back = io::parse_scenario(text, "resolved.toml");
  CHECK(io::resolved_toml(back) == text);
  REQUIRE(back.policies.size() == 2);
  CHECK(back.policies[0].trigger.series == model::TriggerSeries::fraud_successes);
  CHECK(back.policies[0].trigger.cooldown_days == 30);
  CHECK(model::config_of<model::Campaign>(back.policies[0]).reach == 0.2);  // before the trigger
  CHECK_FALSE(back.policies[1].trigger.set());
}
