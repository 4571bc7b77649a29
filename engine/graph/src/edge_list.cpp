#include "cogov/graph/edge_list.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "cogov/core/error.hpp"
#include "cogov/core/system.hpp"

namespace cogov::graph {

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 32 && u < 127) ? std::string(1, c) : fmt::format("\\x{:02x}", u);
  }
  if (s.size() > 40) out += "...";
  return out;
}

/// The whole file; InputError unless it is a regular file that can be read.
std::string read_edge_list_file(const std::filesystem::path& path) {
  using P = core::FileText::Problem;
  core::FileText f = core::read_regular_file(path);
  switch (f.problem) {
    case P::none:
      return std::move(f.text);
    case P::cannot_open:
      throw InputError(fmt::format("{}: cannot open edge list: {}", path.string(), f.detail));
    case P::not_regular:
      throw InputError(
          fmt::format("{}: is {}: an edge list must be a regular file", path.string(), f.detail));
    case P::too_large:
    case P::cannot_read:
      break;
  }
  throw InputError(fmt::format("{}: cannot read edge list: {}", path.string(), f.detail));
}

}  // namespace

EdgeList parse_edge_list(std::string_view text, std::string_view name, std::uint32_t n, int id_base,
                         LoadReport* report) {
  EdgeList edges;
  LoadReport r;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++r.lines;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    auto fail = [&](const std::string& what) {
      throw InputError(fmt::format("{}:{}: '{}': {}", name, r.lines, printable(line), what));
    };
    std::uint64_t id[2];
    std::string_view rest = line;
    for (int k = 0; k < 2; ++k) {
      rest = trim(rest);
      if (k == 1 && !rest.empty() && rest.front() == ',') rest = trim(rest.substr(1));
      if (rest.empty()) fail("expected two ids 'u v' (whitespace or comma separated)");
      if (rest.front() == '-') fail("ids must be non-negative integers");
      const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id[k]);
      if (ec == std::errc::result_out_of_range) fail("id is too large for a 32-bit id");
      if (ec != std::errc{} || (end != rest.data() + rest.size() &&
                                std::string_view(" \t,").find(*end) == std::string_view::npos)) {
        fail(
            "ids must be non-negative integers (allowed: digits, whitespace, one comma, # "
            "comment)");
      }
      rest = rest.substr(static_cast<std::size_t>(end - rest.data()));
    }
    if (!trim(rest).empty()) fail("expected exactly two ids per line, found more");
    for (std::uint64_t& x : id) {
      if (id_base == 1 && x == 0) fail("id 0 in a 1-based file (graph.file.id_base = 1)");
      x -= static_cast<std::uint64_t>(id_base);
      if (x >= n) {
        fail(
            fmt::format("id {} is outside the population of {} netizens (ids {}..{}); raise "
                        "population.netizens or check graph.file.id_base",
                        x + static_cast<std::uint64_t>(id_base), n, id_base,
                        static_cast<std::int64_t>(n) - 1 + id_base));
      }
    }
    if (id[0] == id[1]) {
      ++r.self_loops;
      continue;
    }
    edges.push_back({static_cast<std::uint32_t>(id[0]), static_cast<std::uint32_t>(id[1])});
  }
  if (edges.empty()) {
    throw InputError(
        fmt::format("{}: no edges found ({} lines): an edge list needs at least one "
                    "line 'u v'",
                    name, r.lines));
  }
  r.edges = edges.size();
  if (report) *report = r;
  return edges;
}

EdgeList load_edge_list(const std::filesystem::path& path, std::uint32_t n, int id_base,
                        LoadReport* report) {
  return parse_edge_list(read_edge_list_file(path), path.string(), n, id_base, report);
}

namespace {

/// Writes all of `text` to `f`; false on a short write (a full disk).
bool write_all(std::FILE* f, const std::string& text) {
  return text.empty() || std::fwrite(text.data(), 1, text.size(), f) == text.size();
}

}  // namespace

void write_edge_list(const Layer& layer, const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st))
    throw IoError(fmt::format("{}: is a directory; give the edge list a file name, e.g. {}",
                              path.string(), (path / "edges.txt").string()));
  // A regular file is written as <path>.tmp-<pid> and renamed, so that the final name never
  // holds a truncated list; a device or FIFO (/dev/stdout) is written in place.
  const bool in_place = fs::exists(st) && !fs::is_regular_file(st);
  const fs::path tmp =
      in_place ? path : fs::path(fmt::format("{}.tmp-{}", path.string(), getpid()));
  std::FILE* f = std::fopen(tmp.string().c_str(), "w");
  if (!f)
    throw IoError(
        fmt::format("{}: cannot open for writing: {}", tmp.string(), std::strerror(errno)));
  auto fail = [&](int err) {
    std::fclose(f);
    if (!in_place) fs::remove(tmp, ec);
    throw IoError(fmt::format("{}: writing the edge list failed: {} (disk full?){}", path.string(),
                              err ? std::strerror(err) : "short write",
                              in_place ? "" : "; nothing was written under that name"));
  };
  std::string buffer =
      fmt::format("# cogov social layer: {} vertices, {} undirected edges, 0-based ids\n",
                  layer.vertices(), layer.undirected_edges());
  for (std::uint32_t u = 0; u < layer.vertices(); ++u) {
    for (std::uint32_t v : layer.neighbours(u)) {
      if (u < v) fmt::format_to(std::back_inserter(buffer), "{} {}\n", u, v);
    }
    if (buffer.size() >= (1u << 20)) {
      if (!write_all(f, buffer)) fail(errno);
      buffer.clear();
    }
  }
  if (!write_all(f, buffer) || std::fflush(f) != 0) fail(errno);
  if (!in_place && fsync(fileno(f)) != 0) fail(errno);
  const int closed = std::fclose(f);
  if (closed != 0) {
    const int err = errno;
    if (!in_place) fs::remove(tmp, ec);
    throw IoError(fmt::format("{}: closing the edge list failed: {} (disk full?)", path.string(),
                              std::strerror(err)));
  }
  if (in_place) return;
  fs::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw IoError(
        fmt::format("{}: cannot rename {} into place: {}", path.string(), tmp.string(), why));
  }
}

}  // namespace cogov::graph
