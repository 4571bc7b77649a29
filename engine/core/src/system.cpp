#include "cogov/core/system.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace cogov::core {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch() %
                                                                            std::chrono::seconds(1))
                          .count();
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32] = {};
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:06d}Z", buf, micros);
}

namespace {

std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

FileText read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  using P = FileText::Problem;
  FileText out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {P::cannot_open, {}, std::strerror(errno), 0};
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return {P::not_regular, {}, file_kind(st.st_mode), 0};
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) return {P::too_large, {}, {}, size};
  out.text.reserve(size);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return {P::cannot_read, {}, std::strerror(errno), 0};
    if (got == 0) break;
    out.text.append(buffer, static_cast<std::size_t>(got));
    if (out.text.size() > max_bytes) return {P::too_large, {}, {}, out.text.size()};
  }
  return out;
}

}  // namespace cogov::core
