#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/run/recorder.hpp"
#include "cogov/run/runner.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

TEST_CASE("runner: the output holds every series, the graph summary and provenance",
          "[run][hdf5]") {
  const auto dir = test::temp_dir("runner");
  io::Scenario s = test::small_scenario(3000, 12);
  s.output.by_grid = true;
  s.output.snapshot_days = {0, 12};
  s.description = "runner test";
  run::RunOptions o;
  o.output = dir / "run.h5";
  o.quiet = true;
  o.command_line = "cogov run test";
  const run::RunResult r = run::run_scenario(s, o);
  CHECK(r.complete);
  CHECK(r.steps_done == 12);
  const io::FileSummary f = io::read_summary(o.output);
  CHECK(f.attributes.at("complete") == "1");
  CHECK(f.attributes.at("seed") == std::to_string(s.seed));
  CHECK(f.attributes.at("steps_written") == "13");
  CHECK(f.attributes.at("description") == "runner test");
  CHECK_FALSE(f.attributes.at("git_hash").empty());
  CHECK_FALSE(f.attributes.at("host").empty());
  CHECK(f.provenance.count("scenario") == 1);
  CHECK(io::parse_scenario(f.provenance.at("scenario"), "provenance").population.netizens == 3000);
  CHECK(f.provenance.at("command_line") == "cogov run test");
  CHECK(f.provenance.count("seconds_step.netizens") == 1);
  CHECK(f.graph_attributes.at("vertices") == "3000");
  for (const auto& def : run::series_table()) {
    const auto it = std::find_if(f.series.begin(), f.series.end(),
                                 [&](const auto& x) { return x.name == def.name; });
    REQUIRE(it != f.series.end());
    CHECK(it->shape[0] == 13);
    CHECK_FALSE(it->units.empty());
    CHECK_FALSE(it->description.empty());
  }
  const auto grid = std::find_if(f.series.begin(), f.series.end(),
                                 [](const auto& x) { return x.name == "participation_by_grid"; });
  REQUIRE(grid != f.series.end());
  CHECK(grid->shape[1] == core::Territory::build(s.territory, 3000, s.seed).grids());
  CHECK(f.snapshots == std::vector<std::string>{"step_0", "step_12"});
  // The recorded share equals the tally the run ended with.
  const auto share = io::read_series(o.output, "participation_share");
  CHECK(share.back() ==
        static_cast<double>(r.final.participants) / static_cast<double>(r.final.netizens));
}

TEST_CASE("runner: an existing output is refused before any work", "[run]") {
  const auto dir = test::temp_dir("runner-exists");
  std::ofstream(dir / "taken.h5") << "x";
  run::RunOptions o;
  o.output = dir / "taken.h5";
  o.quiet = true;
  CHECK_THROWS_AS(run::run_scenario(test::small_scenario(100, 2), o), IoError);
}

TEST_CASE("runner: the default output path follows the scenario file name", "[run]") {
  io::Scenario s;
  s.source = "scenarios/rural.toml";
  CHECK(run::default_output(s) == fs::path("out/rural.h5"));
  s.output.path = "x/y.h5";
  CHECK(run::default_output(s) == fs::path("x/y.h5"));
}
