#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

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

TEST_CASE("scenario: extends merges policies and shocks by name, never silently",
          "[io][scenario][policy]") {
  const auto dir = test::temp_dir("extends-policies");
  std::ofstream(dir / "base.toml")
      << "[[policy]]\nkind = \"campaign\"\nstart_day = 10\nintensity = 2\n"
      << "[[policy]]\nkind = \"reward\"\nname = \"cash\"\namount = 5\n"
      << "[[shock]]\nname = \"flood\"\nstart_day = 5\n";
  using model::PolicyKinds;
  const auto kinds = [](const io::Scenario& s) {
    std::vector<std::string> out;
    for (const auto& p : s.policies) out.push_back(p.label() + ":" + std::string(p.kind()));
    return out;
  };
  SECTION("a new entry is appended; the base's stay") {
    std::ofstream(dir / "add.toml")
        << "extends = \"base.toml\"\n[[policy]]\nkind = \"campaign\"\nstart_day = 50\n";
    const io::Scenario s = io::load_scenario(dir / "add.toml");
    CHECK(kinds(s) ==
          std::vector<std::string>{"campaign:campaign", "cash:reward", "campaign_2:campaign"});
    CHECK(s.policies[2].start_day == 50);
    CHECK(s.shocks.size() == 1);
  }
  SECTION("an entry with a base entry's name overrides only the keys it writes") {
    std::ofstream(dir / "override.toml")
        << "extends = \"base.toml\"\n[[policy]]\nname = \"campaign\"\nstart_day = 30\n"
        << "[[shock]]\nname = \"flood\"\nend_day = 90\n";
    const io::Scenario s = io::load_scenario(dir / "override.toml");
    REQUIRE(s.policies.size() == 2);
    CHECK(s.policies[0].start_day == 30);
    CHECK(model::config_of<model::Campaign>(s.policies[0]).intensity == 2);
    CHECK(s.shocks[0].start_day == 5);
    CHECK(s.shocks[0].end_day == 90);
  }
  SECTION("remove drops entries by name") {
    std::ofstream(dir / "remove.toml")
        << "extends = \"base.toml\"\nremove = [\"policy.cash\", \"shock.flood\"]\n";
    const io::Scenario s = io::load_scenario(dir / "remove.toml");
    CHECK(kinds(s) == std::vector<std::string>{"campaign:campaign"});
    CHECK(s.shocks.empty());
    std::ofstream(dir / "remove_all.toml") << "extends = \"base.toml\"\nremove = \"policy.*\"\n";
    CHECK(io::load_scenario(dir / "remove_all.toml").policies.empty());
    std::ofstream(dir / "remove_bad.toml")
        << "extends = \"base.toml\"\nremove = [\"policy.cahs\"]\n";
    CHECK_THROWS_WITH(io::load_scenario(dir / "remove_bad.toml"),
                      Catch::Contains("remove_bad.toml:2: remove = \"policy.cahs\": the base "
                                      "scenario has no policy named 'cahs'") &&
                          Catch::Contains("did you mean 'cash'?"));
    std::ofstream(dir / "remove_alone.toml") << "remove = [\"policy.cash\"]\n";
    CHECK_THROWS_WITH(io::load_scenario(dir / "remove_alone.toml"),
                      Catch::Contains("only a scenario that extends another removes entries"));
  }
  SECTION("--set reaches every entry by name, adds and removes") {
    const io::Scenario s = io::load_scenario(
        dir / "base.toml",
        {"policy.campaign.start_day=60", "policy.cash.amount=7", "shock.flood.end_day=40",
         "policy.extra.kind=training", "policy.extra.start_day=3", "remove=policy.campaign",
         "shock.storm={start_day=1, end_day=2}"});
    CHECK(kinds(s) == std::vector<std::string>{"cash:reward", "extra:training"});
    CHECK(model::config_of<model::Reward>(s.policies[0]).amount == 7);
    CHECK(s.policies[1].start_day == 3);
    REQUIRE(s.shocks.size() == 2);
    CHECK(s.shocks[0].end_day == 40);
    CHECK(s.shocks[1].name == "storm");
    // Quoted names and keys of nested tables.
    const io::Scenario q = io::parse_scenario("[[policy]]\nkind = \"campaign\"\nname = \"a b\"\n",
                                              "x.toml", {"policy.\"a b\".intensity=4"});
    CHECK(model::config_of<model::Campaign>(q.policies[0]).intensity == 4);
  }
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

TEST_CASE("scenario: only regular files are read, and at most 16 MiB", "[io][scenario]") {
  const auto dir = test::temp_dir("special-files");
  const auto refusal = [](const fs::path& p) {
    try {
      io::load_scenario(p);
    } catch (const ConfigError& e) {
      REQUIRE(e.problems().size() == 1);
      return e.problems()[0];
    }
    return std::string("accepted");
  };
  // A directory read as an empty file (all defaults); a FIFO hung; /dev/zero filled memory.
  CHECK_THAT(refusal(dir),
             Catch::Contains("is a directory: a scenario file must be a regular file"));
  const fs::path fifo = dir / "pipe.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THAT(refusal(fifo), Catch::Contains("is a FIFO (named pipe): a scenario file must be"));
  CHECK_THAT(refusal("/dev/zero"), Catch::Contains("is a character device"));
  std::ofstream(dir / "child.toml") << "extends = \"pipe.toml\"\n";
  CHECK_THAT(refusal(dir / "child.toml"),
             Catch::Contains("child.toml:1: extends = \"pipe.toml\": ") &&
                 Catch::Contains("must be a regular file"));
  {
    std::ofstream big(dir / "big.toml");
    const std::string line = "# " + std::string(1022, 'x') + "\n";
    for (int k = 0; k < 17 * 1024; ++k) big << line;
  }
  CHECK_THAT(refusal(dir / "big.toml"), Catch::Contains("may be at most 16 MiB"));
  fs::create_symlink("big.toml", dir / "link.toml");
  CHECK_THAT(refusal(dir / "link.toml"), Catch::Contains("16 MiB"));
  CHECK_THAT(refusal(dir / "missing.toml"), Catch::Contains("cannot open scenario file"));
}

TEST_CASE("scenario: check_data_files reads the edge list as a run would", "[io][scenario]") {
  const auto dir = test::temp_dir("data-files");
  std::ofstream(dir / "edges.csv") << "source,target\n0,1\n";
  std::ofstream(dir / "s.toml") << "[population]\nnetizens = 10\n[graph]\nmodel = \"file\"\n"
                                   "file.path = \"edges.csv\"\n";
  const io::Scenario s = io::load_scenario(dir / "s.toml");
  CHECK_THROWS_WITH(io::check_data_files(s), Catch::Contains("edges.csv:1"));
  std::ofstream(dir / "edges.csv") << "0 1\n1 2\n";
  CHECK(io::check_data_files(s) == 2);
  CHECK(io::check_data_files(io::Scenario{}) == 0);
}
