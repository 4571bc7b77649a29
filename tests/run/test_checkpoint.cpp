#include <tbb/global_control.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>

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
    {
      io::H5Handle f(H5Fopen((dir / name).c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
      io::write_attr(f.get(), key, value);
    }
    run::reseal_checkpoint(dir / name);  // as if written so: the checksums agree
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
  run::reseal_checkpoint(dir / "c.ckpt");
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

// --- Integrity: checksums, shapes and ranges (issue 19) ---------------------------------

namespace {

/// A small world with something in every section: policies (one with a trigger), rumours,
/// fraud (queued reports), a shock; checkpointed after 12 of 30 steps.
io::Scenario integrity_scenario(std::uint32_t netizens = 2000, std::uint64_t seed = 1) {
  io::Scenario s = test::small_scenario(netizens, 30);
  s.seed = seed;
  s.rumour.initial_believers = 0.02;
  s.fraud.attempt_rate = 0.3;
  model::PolicyConfig training = model::make_policy<model::Training>();
  training.start_day = 3;
  model::PolicyConfig alert = model::make_policy<model::Campaign>();
  alert.name = "alert";
  alert.trigger.series = model::TriggerSeries::fraud_successes;
  alert.trigger.window_days = 4;
  alert.trigger.above = 1;
  s.policies = {training, alert};
  return s;
}

/// Writes the checkpoint of `s` after `steps` steps to `path`.
void write_at(const io::Scenario& s, std::uint32_t steps, const fs::path& path, double every = 0,
              fs::path out_path = {}) {
  run::Simulation a(s);
  if (out_path.empty()) {
    out_path = path;
    out_path += ".h5";
  }
  io::H5Output out(out_path, true);
  run::Recorder rec(out, a);
  rec.record(a);
  for (std::uint32_t t = 0; t < steps; ++t) {
    a.step();
    rec.record(a);
  }
  run::write_checkpoint(path, a, out, "integrity", every);
}

/// A fingerprint of a simulation's state: every column of every table, and the tally.
std::uint64_t fingerprint(const run::Simulation& sim) {
  std::uint64_t h = 0;
  const auto add = [&](const auto& v) {
    h = h * 31 + run::checkpoint_checksum(v.data(), v.size() * sizeof(v[0]));
  };
  const auto tables = [&](auto& table) {
    using T = std::remove_cvref_t<decltype(table)>;
    T::visit_columns(table,
                     [&](const core::ColumnInfo&, const auto& c) { add(core::column_data(c)); });
  };
  tables(sim.world().netizens);
  tables(sim.world().enterprises);
  tables(sim.world().ngos);
  add(sim.policies().spending());
  const auto& t = sim.tally();
  h = h * 31 + t.participants;
  h = h * 31 + static_cast<std::uint64_t>(t.fatigue * 1e9);
  return h;
}

/// Continues a restored run to its end and fingerprints it.
std::uint64_t finish(run::Simulation sim) {
  while (!sim.finished()) sim.step();
  return fingerprint(sim);
}

std::vector<char> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const fs::path& p, const std::vector<char>& b) {
  std::ofstream(p, std::ios::binary).write(b.data(), static_cast<std::streamsize>(b.size()));
}

/// Replaces dataset `name` of a checkpoint by `edit` of its values (any length; stored as
/// `file_type`, default its own), as a careless user or h5py would: its checksum attribute
/// is not carried over.
template <class T, class Edit>
void rewrite(const fs::path& path, const std::string& name, Edit&& edit, hid_t file_type = 0) {
  io::H5Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  REQUIRE(f);
  std::vector<T> v;
  {
    io::H5Handle ds(H5Dopen2(f.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    REQUIRE(ds);
    io::H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    v.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
    if (!v.empty())
      H5Dread(ds.get(), io::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  }
  edit(v);
  H5Ldelete(f.get(), name.c_str(), H5P_DEFAULT);
  hsize_t dims[1] = {v.size()};
  io::H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  io::H5Handle ds(H5Dcreate2(f.get(), name.c_str(), file_type ? file_type : io::native_type<T>(),
                             space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Dclose);
  REQUIRE(ds);
  if (!v.empty()) H5Dwrite(ds.get(), io::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
}

void set_text(const fs::path& path, const char* name, const std::string& value) {
  io::H5Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  REQUIRE(f);
  io::write_attr(f.get(), name, value);
}

}  // namespace

TEST_CASE("checkpoint: each of 300 random single-bit flips is refused or changes nothing",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-flips");
  const io::Scenario s = integrity_scenario();
  write_at(s, 12, dir / "good.ckpt");
  const std::uint64_t reference = finish(run::read_checkpoint(dir / "good.ckpt"));
  const std::vector<char> good = read_bytes(dir / "good.ckpt");
  std::mt19937_64 rng(19);
  int refused = 0, identical = 0;
  for (int k = 0; k < 300; ++k) {
    // 200 positions over the whole file, 100 over its first 8 KiB (superblock, root
    // object header, attribute heaps) where the metadata is dense.
    const std::size_t span = k < 200 ? good.size() : std::min<std::size_t>(8192, good.size());
    const std::size_t byte = std::uniform_int_distribution<std::size_t>(0, span - 1)(rng);
    const int bit = std::uniform_int_distribution<int>(0, 7)(rng);
    std::vector<char> bad = good;
    bad[byte] = static_cast<char>(bad[byte] ^ (1 << bit));
    write_bytes(dir / "bad.ckpt", bad);
    INFO("flip " << k << ": byte " << byte << " bit " << bit);
    try {
      run::Simulation sim = run::read_checkpoint(dir / "bad.ckpt");
      CHECK(finish(std::move(sim)) == reference);
      ++identical;
    } catch (const InputError&) {
      ++refused;
    } catch (const ConfigError&) {
      ++refused;
    }
  }
  CHECK(refused + identical == 300);
  CHECK(refused > 250);  // almost every byte matters
}

TEST_CASE("checkpoint: a dataset edited without its checksum is refused, naming it",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-edited");
  write_at(integrity_scenario(), 12, dir / "a.ckpt");
  rewrite<float>(dir / "a.ckpt", "netizens/trust", [](auto& v) { v[5] = 0.25f; });
  CHECK_THROWS_AS(run::read_checkpoint(dir / "a.ckpt"), InputError);
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "a.ckpt"),
                    Catch::Contains("netizens/trust does not match its checksum"));
}

TEST_CASE("checkpoint: forged values with agreeing checksums are range-checked",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-forged");
  const io::Scenario s = integrity_scenario();
  write_at(s, 12, dir / "good.ckpt");
  const auto forged = [&](const char* name, auto&& edit) {
    const fs::path p = dir / (std::string(name) + ".ckpt");
    fs::copy_file(dir / "good.ckpt", p, fs::copy_options::overwrite_existing);
    edit(p);
    run::reseal_checkpoint(p);
    return p;
  };
  const auto refused = [](const fs::path& p, const std::string& says) {
    INFO(p.filename().string());
    CHECK_THROWS_AS(run::read_checkpoint(p), InputError);
    CHECK_THROWS_WITH(run::read_checkpoint(p), Catch::Contains(says));
  };
  // The resealed copy itself is accepted (the forging is faithful).
  CHECK_NOTHROW(run::read_checkpoint(forged("same", [](const fs::path&) {})));
  refused(forged("grid",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "netizens/grid", [](auto& v) { v[3] = 4000000000u; });
                 }),
          "netizens/grid row 3 is 4000000000: it must be an index below");
  refused(forged("grid-moved",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "netizens/grid", [](auto& v) { v[3] = v.back(); });
                 }),
          "the territory puts it in grid");
  refused(forged("age",
                 [](const fs::path& p) {
                   rewrite<std::uint8_t>(p, "netizens/age", [](auto& v) { v[7] = 9; });
                 }),
          "netizens/age row 7 is 9");
  refused(forged("trust",
                 [](const fs::path& p) {
                   rewrite<float>(p, "netizens/trust",
                                  [](auto& v) { v[0] = std::numeric_limits<float>::quiet_NaN(); });
                 }),
          "netizens/trust row 0 is NaN");
  refused(forged("short",
                 [](const fs::path& p) {
                   rewrite<float>(p, "netizens/risk", [](auto& v) { v.pop_back(); });
                 }),
          "netizens/risk has 1999 rows; the scenario stored with it needs 2000");
  refused(forged("offsets",
                 [](const fs::path& p) {
                   rewrite<std::uint64_t>(p, "government/queue_offsets",
                                          [](auto& v) { v[1] = 0xFFFFFFFFFFull; });
                 }),
          "government/queue_offsets row 1");
  refused(forged("offsets-short",
                 [](const fs::path& p) {
                   rewrite<std::uint64_t>(p, "government/queue_offsets",
                                          [](auto& v) { v.pop_back(); });
                 }),
          "government/queue_offsets has");
  refused(forged("queue-grid",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "government/queue_grid", [](auto& v) {
                     REQUIRE(!v.empty());
                     v[0] = 999999;
                   });
                 }),
          "government/queue_grid row 0 is 999999");
  refused(forged("county",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "enterprises/county", [](auto& v) { v[0] = 77; });
                 }),
          "enterprises/county row 0 is 77");
  refused(forged("moved",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "enterprises/moved_to", [](auto& v) { v[0] = 12345; });
                 }),
          "enterprises/moved_to row 0 is 12345");
  refused(forged("scope",
                 [](const fs::path& p) {
                   rewrite<std::uint32_t>(p, "ngos/scope_id", [](auto& v) { v[0] = 5000; });
                 }),
          "ngos/scope_id row 0 is 5000");
  refused(forged("policy",
                 [](const fs::path& p) {
                   rewrite<std::uint8_t>(p, "policies/running", [](auto& v) { v.push_back(1); });
                 }),
          "policies/running has 3 rows; the scenario stored with it needs 2");
  refused(forged("type",
                 [](const fs::path& p) {
                   rewrite<std::uint8_t>(
                       p, "netizens/age", [](auto&) {}, H5T_NATIVE_UINT16);
                 }),
          "netizens/age is not of type u8");
  refused(forged("series",
                 [](const fs::path& p) {
                   rewrite<double>(p, "history/participation_share", [](auto& v) { v.pop_back(); });
                 }),
          "history/participation_share has");
  // steps_done: too high (beyond the recorded rows, or the run), not a number.
  refused(forged("steps-high", [](const fs::path& p) { set_text(p, "steps_done", "25"); }),
          "steps_done = 25 needs 26");
  refused(forged("steps-beyond", [](const fs::path& p) { set_text(p, "steps_done", "995"); }),
          "attribute steps_done = '995': must be a whole number from 0 to 30");
  refused(forged("steps-text", [](const fs::path& p) { set_text(p, "steps_done", "twelve"); }),
          "attribute steps_done = 'twelve': must be a whole number");
  refused(forged("steps-negative", [](const fs::path& p) { set_text(p, "steps_done", "-1"); }),
          "attribute steps_done = '-1'");
  refused(forged("every", [](const fs::path& p) { set_text(p, "checkpoint_every", "nan"); }),
          "attribute checkpoint_every = 'nan'");
}

TEST_CASE("checkpoint: an edited stored scenario is refused as such",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-scenario");
  write_at(integrity_scenario(), 12, dir / "a.ckpt");
  std::string text;
  {
    io::H5Handle f(H5Fopen((dir / "a.ckpt").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    text = io::read_attr(f.get(), "scenario");
  }
  const auto at = text.find("attempt_rate = ");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string("attempt_rate = ").size(), "attempt_rate = 9");
  set_text(dir / "a.ckpt", "scenario", text);
  CHECK_THROWS_AS(run::read_checkpoint(dir / "a.ckpt"), InputError);
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "a.ckpt"),
                    Catch::Contains("the scenario stored in the checkpoint was changed"));
  // steps_done edited the same way (not resealed) is named too.
  write_at(integrity_scenario(), 12, dir / "b.ckpt");
  set_text(dir / "b.ckpt", "steps_done", "30");
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "b.ckpt"),
                    Catch::Contains("attribute steps_done differs from the checksum"));
}

TEST_CASE("checkpoint: agent columns from another scenario's checkpoint are refused",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-swap");
  write_at(integrity_scenario(2000, 1), 12, dir / "a.ckpt");
  write_at(integrity_scenario(2000, 2), 12, dir / "same-size.ckpt");
  write_at(integrity_scenario(3000, 1), 12, dir / "bigger.ckpt");
  const auto swap = [&](const fs::path& from, const fs::path& to, const char* name) {
    io::H5Handle src(H5Fopen(from.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    io::H5Handle dst(H5Fopen(to.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    H5Ldelete(dst.get(), name, H5P_DEFAULT);
    // With its own checksum attribute: the dataset agrees with itself, not with the list.
    REQUIRE(H5Ocopy(src.get(), name, dst.get(), name, H5P_DEFAULT, H5P_DEFAULT) >= 0);
  };
  for (const char* other : {"same-size.ckpt", "bigger.ckpt"}) {
    INFO(other);
    const fs::path p = dir / (std::string("swapped-") + other);
    fs::copy_file(dir / "a.ckpt", p, fs::copy_options::overwrite_existing);
    swap(dir / other, p, "netizens/trust");
    swap(dir / other, p, "netizens/literacy");
    CHECK_THROWS_WITH(run::read_checkpoint(p), Catch::Contains("does not match its checksum"));
  }
  // Even resealed, a table of another size does not fit the stored scenario.
  const fs::path p = dir / "swapped-sealed.ckpt";
  fs::copy_file(dir / "a.ckpt", p, fs::copy_options::overwrite_existing);
  swap(dir / "bigger.ckpt", p, "netizens/grid");
  run::reseal_checkpoint(p);
  CHECK_THROWS_WITH(run::read_checkpoint(p), Catch::Contains("netizens/grid has 3000 rows"));
}

TEST_CASE("checkpoint: the checkpoint interval is stored and read back",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-every");
  write_at(integrity_scenario(), 12, dir / "a.ckpt", 2.5);
  run::CheckpointInfo info;
  run::read_checkpoint(dir / "a.ckpt", &info);
  CHECK(info.checkpoint_every == 2.5);
  CHECK(info.steps_done == 12);
}

TEST_CASE("checkpoint: a resumed run keeps the interval of the run that wrote it",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-every-resume");
  io::Scenario s = integrity_scenario();
  // Stopped after step 12 of a run that checkpoints every 5 days (its output stays .part).
  write_at(s, 12, dir / "part.h5.ckpt", 5, dir / "part.h5");
  run::RunOptions o;
  o.quiet = true;
  o.checkpoint_every = -1;  // not given on the command line
  // Stop it right after its first checkpoint (step 15): a checkpoint must exist then.
  // Without the interval, none would be written before the end; with it, the run writes
  // checkpoints at steps 15, 20 and 25 and removes the last when it completes.
  const run::RunResult r = run::resume_run(dir / "part.h5.ckpt", o);
  CHECK(r.complete);
  CHECK(r.times.count("checkpoint") == 1);
  CHECK(r.times.at("checkpoint") > 0);
}

TEST_CASE("checkpoint: a checkpoint of format 6 (no checksums) is refused clearly",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-old");
  {
    // What format 6 wrote first: default HDF5 file format (superblock 0), string attributes.
    io::H5Handle f(H5Fcreate((dir / "old.ckpt").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                   H5Fclose);
    io::write_attr(f.get(), "format", std::string("cogov-checkpoint"));
    io::write_attr(f.get(), "checkpoint_version", std::int64_t{6});
    io::write_attr(f.get(), "cogov_version", std::string("0.9.0"));
    io::write_attr(f.get(), "layout_hash", std::string("00000000deadbeef"));
  }
  CHECK_THROWS_AS(run::read_checkpoint(dir / "old.ckpt"), InputError);
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "old.ckpt"),
                    Catch::Contains("written by cogov 0.9.0") && Catch::Contains("format 6") &&
                        Catch::Contains("resume it with the cogov that wrote it"));
  // The same file claiming this format: no HDF5 checksums, so it is damaged.
  {
    io::H5Handle f(H5Fopen((dir / "old.ckpt").c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    io::write_attr(f.get(), "checkpoint_version", std::int64_t{7});
    const std::string layout = run::checkpoint_layout();  // its hash: FNV-1a 64, as checksums
    char hash[17];
    std::snprintf(
        hash, sizeof hash, "%016llx",
        static_cast<unsigned long long>(run::checkpoint_checksum(layout.data(), layout.size())));
    io::write_attr(f.get(), "layout_hash", std::string(hash));
  }
  CHECK_THROWS_WITH(run::read_checkpoint(dir / "old.ckpt"),
                    Catch::Contains("superblock is of version 0 or 1"));
}

TEST_CASE("checkpoint: a stored scenario of more than 64 KiB is written and verified",
          "[run][checkpoint][integrity]") {
  const auto dir = test::temp_dir("checkpoint-large-scenario");
  io::Scenario s = integrity_scenario();
  s.description = std::string(100000, 'x');  // beyond an HDF5 object header message
  write_at(s, 4, dir / "a.ckpt");
  run::Simulation b = run::read_checkpoint(dir / "a.ckpt");
  CHECK(b.scenario().description == s.description);
}

// Hidden: regenerates the fuzzer's seed checkpoint (tests/fuzz/corpus/checkpoint/) with
//   COGOV_CORPUS_DIR=tests/fuzz/corpus/checkpoint build/release/tests/test_run '[.corpus]'
TEST_CASE("checkpoint: write the fuzzing seed checkpoint", "[.corpus]") {
  const char* dir = std::getenv("COGOV_CORPUS_DIR");
  REQUIRE(dir != nullptr);
  io::Scenario s = integrity_scenario(150);
  s.territory.grid_size = s.territory.rural_grid_size = 40;
  s.time.steps = 6;
  write_at(s, 3, fs::path(dir) / "small.ckpt", 1, test::temp_dir("corpus") / "small.h5");
}
