#pragma once
// What the operating system tells us, in one place: the host name and the time (for
// provenance and lock files), and reading a whole input file that must be a regular file.

#include <cstdint>
#include <filesystem>
#include <string>

namespace cogov::core {

/// This machine's host name ("?" if unknown).
std::string host_name();

/// UTC now, to the microsecond: "2026-12-02T14:10:05.123456Z". With an output's lock it
/// identifies one run's output.
std::string utc_now();

/// The whole of an input file, or why it cannot be read. Only a regular file (symlinks
/// followed) is read: /dev/zero would be read until memory runs out, a FIFO would block, a
/// directory would read as empty. The file is opened non-blocking and checked with fstat
/// before any byte is read; at most `max_bytes` are read (also if the file grows meanwhile).
struct FileText {
  enum class Problem { none, cannot_open, not_regular, too_large, cannot_read };
  Problem problem = Problem::none;
  std::string text{};       ///< the contents, when problem == none
  std::string detail{};     ///< strerror text, or the kind of file ("a directory", "a FIFO ...")
  std::uint64_t bytes = 0;  ///< the size seen, when too_large
};
FileText read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes = UINT64_MAX);

}  // namespace cogov::core
