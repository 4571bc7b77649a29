// The sweep record: bytes written per run stay constant however many runs a sweep has
// (the journal grows by one line per change, the summary index is rewritten O(1) times
// per pass), a torn last journal line is skipped, and a damaged record is refused with
// file:line.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "cogov/core/error.hpp"
#include "cogov/run/sweep_record.hpp"

namespace fs = std::filesystem;
using cogov::run::IndexRow;
using cogov::run::SweepRecord;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("cogov-record-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<IndexRow> plan(std::size_t n) {
  std::vector<IndexRow> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    rows[i].run.id = static_cast<std::uint32_t>(i);
    rows[i].run.variant = i % 2 ? "baseline" : "campaign";
    rows[i].run.replicate = static_cast<std::uint32_t>(i / 2);
    rows[i].run.seed = 1000 + i;
    rows[i].run.parameters = {{"participation.altruism", "1.5"}};
    rows[i].output = "runs/run-" + std::to_string(1000000 + i).substr(1) + ".h5";
  }
  return rows;
}

struct Cost {
  double journal_per_run, summary_per_run;
  std::uint64_t rewrites;
};

/// Runs every row through running -> done and returns the bytes written per run.
Cost sweep_of(std::size_t n) {
  const fs::path dir = scratch("cost-" + std::to_string(n));
  auto rows = plan(n);
  SweepRecord record(dir / "index.csv");
  record.begin(rows);
  const auto after_plan = record.stats();
  for (std::size_t i = 0; i < n; ++i) {
    rows[i].status = "running";
    rows[i].error = "running as pid 123 on host";
    record.changed(rows, i);
    rows[i].status = "done";
    rows[i].exit_code = 0;
    rows[i].wall_seconds = 1.25;
    rows[i].error.clear();
    record.changed(rows, i);
  }
  record.write_summary(rows);
  const auto s = record.stats();
  // The journal on disk is what the writer says it wrote: appended, never rewritten.
  REQUIRE(fs::file_size(record.journal()) == s.journal_bytes);
  fs::remove_all(dir);
  return {static_cast<double>(s.journal_bytes - after_plan.journal_bytes) / static_cast<double>(n),
          static_cast<double>(s.summary_bytes) / static_cast<double>(n), s.summary_rewrites};
}

}  // namespace

TEST_CASE("sweep record: bytes written per run do not grow with the sweep", "[sweep][record]") {
  const Cost small = sweep_of(100), large = sweep_of(4000);
  // The journal: two lines per run, the same length whatever the sweep's size.
  CHECK(large.journal_per_run == Approx(small.journal_per_run).epsilon(0.05));
  // The summary: rewritten at most kSummariesPerPass times per pass (2 changes per run),
  // plus the start and the end, however many runs.
  const std::uint64_t bound = 2 * cogov::run::kSummariesPerPass + 3;
  CHECK(small.rewrites <= bound);
  CHECK(large.rewrites <= bound);
  // Per run, the summary costs a bounded number of lines (its line length grows a little
  // with the run ids' digits, as the journal's does).
  for (const Cost& c : {small, large})
    CHECK(c.summary_per_run / c.journal_per_run <= 1.1 * static_cast<double>(bound) / 2);
  // Rewriting the whole index after every run (the old way) would cost n rows per run.
  CHECK(large.summary_per_run < 0.05 * 4000 * 80);
}

TEST_CASE("sweep record: replay, torn last line, damaged lines", "[sweep][record]") {
  const fs::path dir = scratch("replay");
  const fs::path index = dir / "index.csv";
  auto rows = plan(6);
  {
    SweepRecord record(index);
    record.begin(rows);
    rows[2].status = "done";
    rows[2].exit_code = 0;
    record.changed(rows, 2);
    rows[3].status = "failed";
    rows[3].exit_code = 137;
    rows[3].error = "killed by signal 9 (SIGKILL: out of memory?), with a \"quote\"";
    record.changed(rows, 3);
  }
  auto recorded = cogov::run::read_sweep_record(index);
  CHECK(recorded.file == cogov::run::journal_path(index));
  REQUIRE(recorded.runs.size() == 6);
  CHECK(recorded.runs.at(2).columns.at("status") == "done");
  CHECK(recorded.runs.at(3).columns.at("error") == rows[3].error);
  CHECK(recorded.runs.at(4).columns.at("status") == "pending");
  CHECK(recorded.runs.at(3).columns.at("participation.altruism") == "1.5");

  SECTION("a line torn by kill -9 at the end of the journal is skipped") {
    std::ofstream(cogov::run::journal_path(index), std::ios::app) << "4,campaign,0,2,1004,1.5,do";
    recorded = cogov::run::read_sweep_record(index);
    CHECK(recorded.runs.at(4).columns.at("status") == "pending");
  }
  SECTION("a garbled line is refused naming file:line") {
    std::ofstream(cogov::run::journal_path(index), std::ios::app) << "x4,campaign,0,2,1004\n";
    try {
      cogov::run::read_sweep_record(index);
      FAIL("accepted a garbled line");
    } catch (const cogov::InputError& e) {
      CHECK(std::string(e.what()).find("index.csv.journal:10:") != std::string::npos);
    }
  }
  SECTION("a non-numeric run id is refused naming file:line") {
    fs::remove(cogov::run::journal_path(index));
    std::ofstream(index, std::ios::app) << "abc,campaign,0,2,1004,1.5,done,0,1.0,,runs/x.h5,\n";
    try {
      cogov::run::read_sweep_record(index);
      FAIL("accepted a garbled run id");
    } catch (const cogov::InputError& e) {
      CHECK(std::string(e.what()).find("index.csv:8: run_id = 'abc'") != std::string::npos);
    }
  }
  fs::remove_all(dir);
}
