#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/io/output_lock.hpp"
#include "cogov/run/checkpoint.hpp"
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

namespace {

/// Row `t` of a step x grid series, summed over the grids.
double row_sum(const std::vector<double>& series, std::size_t grids, std::size_t t) {
  double sum = 0;
  for (std::size_t k = 0; k < grids; ++k) sum += series[t * grids + k];
  return sum;
}

}  // namespace

TEST_CASE("runner: the by-grid rumour and fraud series sum over the grids to the totals",
          "[run][hdf5]") {
  // Also a victim window of one step, whose countdown a loss spends within its own step.
  const double window = GENERATE(30.0, 1.0);
  const auto dir = test::temp_dir("runner-grid-risks");
  io::Scenario s = test::small_scenario(3000, 40);
  s.output.by_grid = true;
  s.rumour.initial_believers = 0.02;
  s.fraud.attempt_rate = 0.5;  // victims every step, some defrauded again within the window
  s.fraud.victim_window_days = window;
  run::RunOptions o;
  o.output = dir / "run.h5";
  o.overwrite = true;
  o.quiet = true;
  run::run_scenario(s, o);
  const std::size_t grids = core::Territory::build(s.territory, 3000, s.seed).grids();
  const auto read = [&](const char* name) { return io::read_series(o.output, name); };
  const auto believers = read("rumour_believers"), victims = read("fraud_successes"),
             losses = read("fraud_losses");
  const auto grid_believers = read("believers_by_grid"),
             grid_victims = read("fraud_victims_by_grid"),
             grid_losses = read("fraud_losses_by_grid");
  const std::size_t rows = s.time.steps + 1;
  REQUIRE(believers.size() == rows);
  REQUIRE(grid_believers.size() == rows * grids);
  REQUIRE(grid_victims.size() == rows * grids);
  REQUIRE(grid_losses.size() == rows * grids);
  double cumulative = 0, all_victims = 0, most_believers = 0;
  for (std::size_t t = 0; t < rows; ++t) {
    INFO("window " << window << " days, step " << t);
    CHECK(row_sum(grid_believers, grids, t) == believers[t]);
    CHECK(row_sum(grid_victims, grids, t) == victims[t]);
    // The grids' losses difference the netizens' float loss column, the total adds the drawn
    // amounts: each victim's loss rounds by at most 2^-23 of the victim's cumulative loss.
    cumulative += losses[t];
    CHECK(std::fabs(row_sum(grid_losses, grids, t) - losses[t]) <= 0x1p-22 * cumulative);
    all_victims += victims[t];
    most_believers = std::max(most_believers, believers[t]);
  }
  CHECK(all_victims > 200);
  CHECK(most_believers > 0);
  CHECK(cumulative > 0);
}

TEST_CASE("runner: without output.by_grid no per-grid series is written", "[run][hdf5]") {
  const auto dir = test::temp_dir("runner-no-grid");
  const io::Scenario s = test::small_scenario(1000, 3);
  REQUIRE_FALSE(s.output.by_grid);  // off by default
  run::RunOptions o;
  o.output = dir / "run.h5";
  o.quiet = true;
  run::run_scenario(s, o);
  const io::FileSummary f = io::read_summary(o.output);
  REQUIRE_FALSE(f.series.empty());
  for (const auto& series : f.series) {
    INFO(series.name);
    CHECK(series.name.find("_by_grid") == std::string::npos);
  }
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

TEST_CASE(
    "runner: a trigger watches a recorded series: same name and units, and with a one-day "
    "window it sees each step's recorded value",
    "[run][hdf5][trigger]") {
  const auto dir = test::temp_dir("runner-trigger-series");
  io::Scenario s = test::small_scenario(3000, 15);
  s.rumour.initial_believers = 0.02;
  s.fraud.attempt_rate = 0.05;
  std::vector<std::string> names;
  for (const auto& info : model::kTriggerSeriesTable) {
    if (info.series == model::TriggerSeries::none) continue;
    model::PolicyConfig p = model::make_policy<model::Campaign>();
    p.name = std::string(info.name);
    p.trigger.series = info.series;
    p.trigger.window_days = 1;
    p.trigger.above = 1e12;  // never fires
    s.policies.push_back(p);
    names.emplace_back(info.name);
  }
  run::RunOptions o;
  o.output = dir / "run.h5";
  o.quiet = true;
  run::run_scenario(s, o);
  const io::FileSummary f = io::read_summary(o.output);
  const auto value = io::read_series(o.output, "trigger_value");
  const std::size_t k_all = names.size();
  REQUIRE(value.size() == 16 * k_all);
  for (std::size_t k = 0; k < k_all; ++k) {
    INFO(names[k]);
    const auto recorded = std::find_if(f.series.begin(), f.series.end(),
                                       [&](const auto& x) { return x.name == names[k]; });
    REQUIRE(recorded != f.series.end());
    CHECK(recorded->units == std::string(model::kTriggerSeriesTable[k + 1].units));
    const auto series = io::read_series(o.output, names[k]);
    CHECK(std::isnan(value[k]));  // row 0: nothing seen yet
    for (std::size_t t = 1; t <= 15; ++t) CHECK(value[t * k_all + k] == series[t]);
  }
  CHECK(io::read_series(o.output, "policy_running") == std::vector<double>(16 * k_all, 0.0));
}

TEST_CASE("runner: without a trigger no trigger series is written", "[run][hdf5][trigger]") {
  const auto dir = test::temp_dir("runner-no-trigger");
  io::Scenario s = test::small_scenario(2000, 3);
  s.policies = {model::make_policy<model::Campaign>()};
  run::RunOptions o;
  o.output = dir / "run.h5";
  o.quiet = true;
  run::run_scenario(s, o);
  const io::FileSummary f = io::read_summary(o.output);
  for (const auto& x : f.series) {
    CHECK(x.name != "policy_running");
    CHECK(x.name != "trigger_value");
  }
}

namespace {

std::string text_of(const fs::path& p) {
  std::ifstream in(p);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return s;
}

/// An interrupted run: its output (complete = 0, `created`) and its checkpoint after 3 steps.
fs::path interrupted(const fs::path& output, const io::Scenario& s, const std::string& created) {
  run::Simulation sim(s);
  io::H5Output out(output, true);
  io::write_attr(out.file(), "format", std::string("cogov-run"));
  io::write_attr(out.file(), "created", created);
  run::Recorder recorder(out, sim);
  recorder.record(sim);
  for (int i = 0; i < 3; ++i) {
    sim.step();
    recorder.record(sim);
  }
  out.flush();
  const fs::path checkpoint = run::checkpoint_path(output);
  run::write_checkpoint(checkpoint, sim, out, "cogov run test");
  out.finish(false);
  return checkpoint;
}

run::RunOptions quiet() {
  run::RunOptions o;
  o.quiet = true;
  return o;
}

}  // namespace

TEST_CASE("runner: a second writer of one output is refused before any work", "[run][lock]") {
  const auto dir = test::temp_dir("runner-locked");
  const io::OutputLock holder = io::OutputLock::acquire(dir / "out.h5", "output file");
  run::RunOptions o = quiet();
  o.output = dir / "out.h5";
  CHECK_THROWS_AS(run::run_scenario(test::small_scenario(100, 2), o), InputError);
  CHECK_THROWS_WITH(run::run_scenario(test::small_scenario(100, 2), o),
                    Catch::Contains("pid " + std::to_string(getpid())));
  CHECK_FALSE(fs::exists(dir / "out.h5.part"));
}

TEST_CASE("runner: a folder or a device as output is refused at once, even with --force", "[run]") {
  const auto dir = test::temp_dir("runner-special");
  fs::create_directories(dir / "folder");
  run::RunOptions o = quiet();
  o.overwrite = true;
  o.output = dir / "folder";
  // A world too big to build in a test: the refusal must come before it.
  CHECK_THROWS_WITH(run::run_scenario(test::small_scenario(50'000'000, 2), o),
                    Catch::Contains("is a directory"));
  CHECK_FALSE(fs::exists(dir / "folder.lock"));
  fs::create_symlink("/dev/null", dir / "null.h5");
  o.output = dir / "null.h5";
  CHECK_THROWS_AS(run::run_scenario(test::small_scenario(50'000'000, 2), o), InputError);
  CHECK(fs::is_symlink(dir / "null.h5"));
  o.output = "/proc/cogov-cannot-write/out.h5";
  CHECK_THROWS_AS(run::run_scenario(test::small_scenario(50'000'000, 2), o), IoError);
}

TEST_CASE("runner: the edge-list path is stored absolute, so a resume finds it from anywhere",
          "[run][checkpoint]") {
  const auto dir = test::temp_dir("runner-edges");
  {
    std::ofstream edges(dir / "edges.txt");
    for (int i = 0; i < 300; ++i) edges << i << ' ' << (i + 1) % 300 << '\n';
  }
  io::Scenario s = test::small_scenario(300, 2);
  s.graph.model = graph::model_of<graph::File>;
  s.graph.get<graph::File>().path = fs::relative(dir / "edges.txt").string();
  REQUIRE(fs::path(s.graph.get<graph::File>().path).is_relative());
  run::RunOptions o = quiet();
  o.output = dir / "out.h5";
  run::run_scenario(s, o);
  const io::Scenario stored =
      io::parse_scenario(io::read_summary(o.output).provenance.at("scenario"), "/elsewhere/x");
  CHECK(fs::path(stored.graph.get<graph::File>().path) ==
        fs::absolute(dir / "edges.txt").lexically_normal());
}

TEST_CASE("resume: this run's interrupted output is continued", "[run][checkpoint][resume]") {
  const auto dir = test::temp_dir("resume-own");
  const fs::path ckpt = interrupted(dir / "out.h5", test::small_scenario(300, 6), "T1");
  const run::RunResult r = run::resume_run(ckpt, quiet());
  CHECK(r.complete);
  CHECK(r.resumed_from == 3);
  CHECK(io::read_summary(dir / "out.h5").attributes.at("complete") == "1");
  CHECK_FALSE(fs::exists(ckpt));
  CHECK_FALSE(fs::exists(dir / "out.h5.lock"));
}

TEST_CASE("resume: a foreign file or another run's output is not replaced without --force",
          "[run][checkpoint][resume]") {
  const auto dir = test::temp_dir("resume-foreign");
  const io::Scenario s = test::small_scenario(300, 6);
  const fs::path ckpt = interrupted(dir / "out.h5", s, "T1");
  const fs::path copy = dir / "copy.ckpt";
  fs::copy_file(ckpt, copy);

  fs::remove(dir / "out.h5");
  std::ofstream(dir / "out.h5") << "someone's notes";
  CHECK_THROWS_WITH(run::resume_run(ckpt, quiet()),
                    Catch::Contains("not a cogov output") && Catch::Contains("--force"));
  CHECK(text_of(dir / "out.h5") == "someone's notes");

  // A newer complete output of another run (created T2) at the path.
  fs::remove(dir / "out.h5");
  interrupted(dir / "other.h5", s, "T2");
  { io::H5Output(dir / "newer.h5", false).finish(true); }
  {
    io::H5Handle f(H5Fopen((dir / "newer.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    io::write_attr(f.get(), "format", std::string("cogov-run"));
    io::write_attr(f.get(), "created", std::string("T2"));
  }
  fs::rename(dir / "newer.h5", dir / "out.h5");
  CHECK_THROWS_WITH(run::resume_run(ckpt, quiet()),
                    Catch::Contains("complete output of another run") && Catch::Contains("T2"));
  CHECK(io::read_summary(dir / "out.h5").attributes.at("created") == "T2");

  // --force replaces a regular file.
  run::RunOptions force = quiet();
  force.overwrite = true;
  CHECK(run::resume_run(ckpt, force).complete);
  CHECK(io::read_summary(dir / "out.h5").attributes.at("created") == "T1");

  // The copy of the checkpoint now finds its run complete: nothing is run or replaced.
  const run::RunResult again = run::resume_run(copy, quiet());
  CHECK(again.already_complete);
  CHECK(fs::exists(copy));  // a copy elsewhere is left alone
}

TEST_CASE("resume: a FIFO or directory at the output path is refused even with --force",
          "[run][checkpoint][resume]") {
  const auto dir = test::temp_dir("resume-special");
  const fs::path ckpt = interrupted(dir / "out.h5", test::small_scenario(300, 6), "T1");
  fs::remove(dir / "out.h5");
  REQUIRE(mkfifo((dir / "out.h5").c_str(), 0644) == 0);
  run::RunOptions force = quiet();
  force.overwrite = true;
  CHECK_THROWS_WITH(run::resume_run(ckpt, force), Catch::Contains("not a regular file"));
  CHECK(fs::is_fifo(dir / "out.h5"));
  fs::remove(dir / "out.h5");
  fs::create_directories(dir / "out.h5");
  CHECK_THROWS_AS(run::resume_run(ckpt, force), InputError);
  CHECK(fs::is_directory(dir / "out.h5"));
}

TEST_CASE("resume: refused while another process writes the output", "[run][lock][resume]") {
  const auto dir = test::temp_dir("resume-locked");
  const fs::path ckpt = interrupted(dir / "out.h5", test::small_scenario(300, 6), "T1");
  const io::OutputLock holder = io::OutputLock::acquire(dir / "out.h5", "output file");
  CHECK_THROWS_WITH(run::resume_run(ckpt, quiet()), Catch::Contains("another cogov is writing"));
  CHECK(io::read_summary(dir / "out.h5").attributes.at("complete") == "0");
}
