#include <tbb/global_control.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/run/checkpoint.hpp"
#include "cogov/run/recorder.hpp"
#include "cogov/run/runner.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

namespace {

io::Scenario busy_scenario() {
  io::Scenario s = test::small_scenario(20000, 40);
  s.rumour.initial_believers = 0.01;
  model::PolicyConfig training = model::make_policy<model::Training>();
  training.start_day = 3;
  model::PolicyConfig moderators = model::make_policy<model::GridModerators>();
  moderators.start_day = 5;
  model::PolicyConfig enforcement = model::make_policy<model::EnforcementPolicy>();
  model::config_of<model::EnforcementPolicy>(enforcement).inspection_rate = 0.2;
  model::PolicyConfig reward = model::make_policy<model::Reward>();  // expectations carry over
  reward.start_day = 2;
  model::PolicyConfig honour = model::make_policy<model::Reward>();
  honour.name = "honour";
  model::config_of<model::Reward>(honour).mode = model::RewardMode::honour;
  s.policies = {training, moderators, enforcement, reward, honour};
  model::ShockConfig shock;
  shock.start_day = 10;
  shock.end_day = 25;
  s.shocks = {shock};
  return s;
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace

TEST_CASE("checkpoint: a restored simulation continues exactly, with another thread count",
          "[run][checkpoint]") {
  const auto dir = test::temp_dir("checkpoint");
  const io::Scenario s = busy_scenario();
  run::Simulation a(s);
  io::H5Output out(dir / "a.h5", false);
  run::Recorder rec(out, a);
  rec.record(a);
  for (int t = 0; t < 15; ++t) {
    a.step();
    rec.record(a);
  }
  run::write_checkpoint(dir / "a.ckpt", a, out, "test");
  run::CheckpointInfo info;
  run::Simulation b = [&] {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    return run::read_checkpoint(dir / "a.ckpt", &info);
  }();
  CHECK(info.steps_done == 15);
  CHECK(info.command_line == "test");
  CHECK(info.history.steps.size() == 16);
  for (int t = 0; t < 20; ++t) {
    a.step();
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    b.step();
  }
  const auto& pa = a.world().netizens;
  const auto& pb = b.world().netizens;
  CHECK(same(pa.visible.now(), pb.visible.now()));
  CHECK(same(pa.fatigue, pb.fatigue));
  CHECK(same(pa.trust, pb.trust));
  CHECK(same(pa.literacy, pb.literacy));
  CHECK(same(pa.rumour, pb.rumour));
  CHECK(same(pa.flags, pb.flags));
  CHECK(same(a.world().enterprises.security, b.world().enterprises.security));
  CHECK(same(a.policies().spending(), b.policies().spending()));
  CHECK(a.tally().participants == b.tally().participants);
  CHECK(a.tally().fatigue == b.tally().fatigue);
}

TEST_CASE("checkpoint: a resumed run records the by-grid series of the uninterrupted one",
          "[run][checkpoint]") {
  const auto dir = test::temp_dir("checkpoint-by-grid");
  io::Scenario s = test::small_scenario(3000, 30);
  s.output.by_grid = true;
  s.rumour.initial_believers = 0.02;
  s.fraud.attempt_rate = 0.5;  // victims and losses in every step
  run::RunOptions o;
  o.quiet = true;
  o.output = dir / "whole.h5";
  run::run_scenario(s, o);
  {
    // A run that stops after a checkpoint at step 12 (as if killed: its file stays .part).
    run::Simulation a(s);
    io::H5Output out(dir / "part.h5", false);
    run::Recorder rec(out, a);
    rec.record(a);
    for (int t = 0; t < 12; ++t) {
      a.step();
      rec.record(a);
    }
    run::write_checkpoint(dir / "part.h5.ckpt", a, out, "test");
  }
  run::RunOptions resumed;
  resumed.quiet = true;
  resumed.threads = 1;
  CHECK(run::resume_run(dir / "part.h5.ckpt", resumed).complete);
  for (const char* name : {"participation_by_grid", "believers_by_grid", "fraud_victims_by_grid",
                           "fraud_losses_by_grid", "fraud_losses"}) {
    INFO(name);
    CHECK(same(io::read_series(dir / "whole.h5", name), io::read_series(dir / "part.h5", name)));
  }
}

TEST_CASE(
    "checkpoint: a run resumed while a triggered policy runs records what the "
    "uninterrupted run records",
    "[run][checkpoint][trigger]") {
  const auto dir = test::temp_dir("checkpoint-trigger");
  io::Scenario s = test::small_scenario(5000, 40);
  s.fraud.attempt_rate = 0.05;
  model::PolicyConfig alert = model::make_policy<model::Campaign>();
  alert.name = "alert";
  alert.trigger.series = model::TriggerSeries::fraud_successes;
  alert.trigger.per = 100000;
  alert.trigger.window_days = 5;
  alert.trigger.min_days = 4;
  alert.trigger.cooldown_days = 3;
  model::PolicyConfig rally = model::make_policy<model::PoliticalMobilisation>();
  rally.trigger.series = model::TriggerSeries::participation_share;
  rally.trigger.window_days = 3;
  rally.trigger.below = 0.5;
  rally.trigger.min_days = 30;
  // The alert's threshold: the mean window value of a run without it, so that it goes on and off.
  {
    run::Simulation pilot(s);
    double victims = 0;
    for (int t = 0; t < 40; ++t) {
      pilot.step();
      victims += static_cast<double>(pilot.tally().successes);
    }
    alert.trigger.above = victims / 40 * 5 * 100000 / 5000;
  }
  s.policies = {alert, rally};
  run::RunOptions o;
  o.quiet = true;
  o.output = dir / "whole.h5";
  run::run_scenario(s, o);
  {
    run::Simulation a(s);
    io::H5Output out(dir / "part.h5", false);
    run::Recorder rec(out, a);
    rec.record(a);
    for (int t = 0; t < 17; ++t) {
      a.step();
      rec.record(a);
    }
    CHECK(a.policies().running(1));             // the rally runs at the checkpoint
    CHECK(a.policies().trigger(0).seen == 17);  // the alert's window is mid-ring
    run::write_checkpoint(dir / "part.h5.ckpt", a, out, "test");
  }
  run::RunOptions resumed;
  resumed.quiet = true;
  resumed.threads = 2;
  CHECK(run::resume_run(dir / "part.h5.ckpt", resumed).complete);
  for (const char* name : {"policy_running", "policy_triggered", "trigger_value",
                           "spending_by_policy", "fraud_successes", "participation_share"}) {
    INFO(name);
    CHECK(same(io::read_series(dir / "whole.h5", name), io::read_series(dir / "part.h5", name)));
  }
  // The alert went on and off around the checkpoint.
  const auto running = io::read_series(dir / "whole.h5", "policy_running");
  int before = 0, after = 0;
  for (std::size_t t = 1; t <= 40; ++t) {
    if (running[2 * t] == running[2 * (t - 1)]) continue;
    (t <= 17 ? before : after) += 1;
  }
  CHECK(before >= 1);
  CHECK(after >= 1);
}

TEST_CASE("checkpoint: files that are not checkpoints of this version are refused",
          "[run][checkpoint]") {
  const auto dir = test::temp_dir("checkpoint-refused");
  std::ofstream(dir / "junk.ckpt") << "not hdf5";
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "junk.ckpt"),
                    Catch::Contains("cannot open as a checkpoint"));
  {
    io::H5Output other(dir / "run.h5", false);
    other.finish(true);
  }
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "run.h5"),
                    Catch::Contains("not a cogov checkpoint"));
  // Compatibility is keyed on the format number and the state layout, not on the version
  // string (which every commit shares): another version with this layout resumes, a
  // different layout or format is refused.
  const io::Scenario s = test::small_scenario(2000, 5);
  run::Simulation sim(s);
  io::H5Output out(dir / "b.h5", false);
  run::Recorder rec(out, sim);
  rec.record(sim);
  const auto edited = [&](const char* name, const char* key, const std::string& value) {
    run::write_checkpoint(dir / name, sim, out, "");
    io::H5Handle f(H5Fopen((dir / name).c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    io::write_attr(f.get(), key, value);
    return dir / name;
  };
  CHECK_NOTHROW(run::read_checkpoint(edited("v.ckpt", "cogov_version", "0.0.1")));
  CHECK_THROWS_WITH(run::read_checkpoint(edited("l.ckpt", "layout_hash", "0123456789abcdef")),
                    Catch::Contains("state layout 0123456789abcdef") &&
                        Catch::Contains("resume it with the cogov that wrote it"));
  {
    const auto path = edited("f.ckpt", "cogov_version", "0.0.1");
    io::H5Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    io::write_attr(f.get(), "checkpoint_version", std::int64_t{2});
  }
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "f.ckpt"),
                    Catch::Contains("written by cogov 0.0.1") && Catch::Contains("format 2"));
  // A checkpoint whose graph recipe no longer gives the stored graph.
  run::write_checkpoint(dir / "c.ckpt", sim, out, "");
  {
    io::H5Handle f(H5Fopen((dir / "c.ckpt").c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    io::write_attr(f.get(), "social_hash", std::string("0123456789abcdef"));
  }
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "c.ckpt"),
                    Catch::Contains("social layer rebuilt from the scenario does not match"));
}

TEST_CASE("checkpoint: the layout lists every column of every agent table, with its type",
          "[run][checkpoint]") {
  const std::string layout = run::checkpoint_layout();
  std::size_t listed = 0;
  model::Netizens p;
  model::Netizens::visit_columns(p, [&](const core::ColumnInfo& info, auto&) {
    CHECK_THAT(layout, Catch::Contains("netizens/" + std::string(info.name) + ":"));
    ++listed;
  });
  CHECK(listed == 17);
  CHECK_THAT(layout, Catch::Contains("netizens/victim_countdown:u16;"));
  CHECK_THAT(layout, Catch::Contains("enterprises/participating:u8;"));
  CHECK_THAT(layout, Catch::Contains("ngos/train_prob_senior:f32;"));
  CHECK_THAT(layout, Catch::StartsWith("format "));
}
