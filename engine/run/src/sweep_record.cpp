// The sweep's journal (appended, one line per change) and its summary index.csv
// (rewritten rarely): the cost of recording a run does not grow with the sweep.

#include "cogov/run/sweep_record.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "cogov/core/error.hpp"
#include "sweep_index.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

/// Writes `text` to `path` through a temporary file and a rename.
void replace_file(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw IoError(fmt::format("{}: cannot write (disk full or not writable?)", tmp.string()));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw IoError(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
}

constexpr std::array<const char*, 5> kStatuses{"pending", "running", "done", "failed", "stopped"};

}  // namespace

fs::path journal_path(const fs::path& index) {
  fs::path p = index;
  p += ".journal";
  return p;
}

SweepRecord::SweepRecord(fs::path index)
    : index_(std::move(index)), journal_(journal_path(index_)) {}

SweepRecord::~SweepRecord() {
  if (fd_ >= 0) ::close(fd_);
}

SweepRecord::SweepRecord(SweepRecord&& o) noexcept
    : index_(std::move(o.index_)),
      journal_(std::move(o.journal_)),
      keys_(std::move(o.keys_)),
      fd_(o.fd_),
      changes_since_summary_(o.changes_since_summary_),
      stats_(o.stats_) {
  o.fd_ = -1;
}

void SweepRecord::begin(const std::vector<IndexRow>& rows) {
  keys_ = detail::parameter_keys(rows);
  std::string text = detail::index_header(keys_) + "\n";
  for (const auto& r : rows) text += detail::index_line(r, keys_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  // Replaced whole: a resume compacts the journal and drops a line torn by kill -9.
  replace_file(journal_, text);
  stats_.journal_bytes += text.size();
  fd_ = ::open(journal_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0)
    throw IoError(fmt::format("{}: cannot open: {}", journal_.string(), std::strerror(errno)));
  write_summary(rows);
}

void SweepRecord::append(const std::string& text) {
  // One write per line: after kill -9 only the last line can be incomplete.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw IoError(fmt::format("{}: cannot append: {}", journal_.string(),
                                n < 0 ? std::strerror(errno) : "no space"));
    done += static_cast<std::size_t>(n);
  }
  stats_.journal_bytes += text.size();
}

void SweepRecord::changed(const std::vector<IndexRow>& rows, std::size_t row) {
  append(detail::index_line(rows[row], keys_));
  if (++changes_since_summary_ >= (rows.size() + kSummariesPerPass - 1) / kSummariesPerPass)
    write_summary(rows);
}

void SweepRecord::added(const std::vector<IndexRow>& rows, std::size_t first) {
  std::string text;
  for (std::size_t i = first; i < rows.size(); ++i) text += detail::index_line(rows[i], keys_);
  if (!text.empty()) append(text);
  write_summary(rows);
}

void SweepRecord::write_summary(const std::vector<IndexRow>& rows) {
  std::string text = detail::index_header(keys_) + "\n";
  for (const auto& r : rows) text += detail::index_line(r, keys_);
  replace_file(index_, text);
  stats_.summary_bytes += text.size();
  ++stats_.summary_rewrites;
  changes_since_summary_ = 0;
}

RecordedSweep read_sweep_record(const fs::path& index) {
  RecordedSweep out;
  const fs::path journal = journal_path(index);
  std::error_code ec;
  out.file = fs::exists(journal, ec) ? journal : fs::exists(index, ec) ? index : fs::path();
  if (out.file.empty()) return out;
  std::ifstream in(out.file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read", out.file.string()));
  const bool is_journal = out.file == journal;
  std::string line;
  if (!std::getline(in, line)) return out;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = detail::parse_csv_line(line);
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t id_col = col("run_id"), status_col = col("status");
  if (id_col == header.size() || status_col == header.size())
    throw InputError(fmt::format("{}:1: not a cogov sweep index (no run_id or status column)",
                                 out.file.string()));
  out.header = line;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    // getline at the end of the file without a newline: a line torn by kill -9 in the
    // middle of an append. Only the journal is appended to; the index is renamed whole.
    const bool torn = in.eof();
    if (torn && is_journal) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = detail::parse_csv_line(line);
    if (f.size() != header.size())
      throw InputError(fmt::format(
          "{}:{}: {} fields where the header has {}; the file is damaged (restore it, or use a "
          "new --outdir)",
          out.file.string(), number, f.size(), header.size()));
    const auto id = detail::parse_count(f[id_col], out.file, number, "run_id");
    if (id > 0xffffffffULL)
      throw InputError(fmt::format("{}:{}: run_id = {}: too large", out.file.string(), number, id));
    if (std::find(kStatuses.begin(), kStatuses.end(), f[status_col]) == kStatuses.end())
      throw InputError(fmt::format(
          "{}:{}: status = '{}': must be one of pending, running, done, failed, stopped",
          out.file.string(), number, f[status_col].substr(0, 40)));
    for (const char* name : {"point", "replicate", "seed"}) {
      if (const std::size_t c = col(name); c < header.size())
        detail::parse_count(f[c], out.file, number, name);
    }
    RecordedRun& run = out.runs[static_cast<std::uint32_t>(id)];
    run.columns.clear();
    for (std::size_t i = 0; i < header.size(); ++i) run.columns[header[i]] = f[i];
    run.line = line;
  }
  return out;
}

}  // namespace cogov::run
