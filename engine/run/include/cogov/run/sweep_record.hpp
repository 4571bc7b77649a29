#pragma once
// The durable record of a sweep: an append-only journal (<index>.journal) that holds the
// plan once and then one line per change of a run's state, and the readable summary
// (index.csv, the columns the analysis toolkit reads) rewritten from memory at the start
// and end of a sweep and at most a bounded number of times per pass over the runs, so the
// bytes written per run stay constant however many runs the sweep has. --resume replays
// the journal (the last line of a run wins; a line torn by kill -9 at the end is ignored).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cogov/run/sweep.hpp"

namespace cogov::run {

/// How often the summary is rewritten: at most this many times per pass over the rows
/// (each rewrite costs the whole index; spacing them by rows / this keeps the cost per
/// change constant).
inline constexpr std::size_t kSummariesPerPass = 32;

class SweepRecord {
 public:
  /// The record of the index at `index` (its journal: the same path + ".journal").
  explicit SweepRecord(std::filesystem::path index);
  ~SweepRecord();
  SweepRecord(SweepRecord&& other) noexcept;
  SweepRecord& operator=(SweepRecord&&) = delete;
  SweepRecord(const SweepRecord&) = delete;
  SweepRecord& operator=(const SweepRecord&) = delete;

  /// Starts the journal with every row as it stands (the plan, or the state a resume
  /// replayed), replacing an earlier journal atomically, and writes the summary.
  void begin(const std::vector<IndexRow>& rows);
  /// Row `row` changed state: appends its line; rewrites the summary when due.
  void changed(const std::vector<IndexRow>& rows, std::size_t row);
  /// Rows from `first` on were added (a stopping rule's next round): appends them.
  void added(const std::vector<IndexRow>& rows, std::size_t first);
  /// Rewrites the summary now (atomically: a reader never sees half a file).
  void write_summary(const std::vector<IndexRow>& rows);

  const std::filesystem::path& index() const { return index_; }
  const std::filesystem::path& journal() const { return journal_; }

  /// Bytes this writer wrote to each file, and how often it rewrote the summary.
  struct Stats {
    std::uint64_t journal_bytes = 0, summary_bytes = 0, summary_rewrites = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  void append(const std::string& text);

  std::filesystem::path index_, journal_;
  std::vector<std::string> keys_;  ///< parameter columns, fixed by begin()
  int fd_ = -1;
  std::size_t changes_since_summary_ = 0;
  Stats stats_{};
};

/// A recorded run: column name -> text, and its line as written.
struct RecordedRun {
  std::map<std::string, std::string> columns;
  std::string line;
};

/// What a record holds: its header line and, per run id, the run's latest line.
struct RecordedSweep {
  std::filesystem::path file;  ///< the file read (the journal, else the index); empty if none
  std::string header;
  std::map<std::uint32_t, RecordedRun> runs;
};

/// Reads the journal beside `index` if there is one, else the index itself (a sweep of an
/// older cogov); nothing if neither exists. Throws InputError naming file:line for a line
/// that is not a row of the index (a torn last line of the journal is skipped).
RecordedSweep read_sweep_record(const std::filesystem::path& index);

/// The journal beside an index file.
std::filesystem::path journal_path(const std::filesystem::path& index);

}  // namespace cogov::run
