#include "cogov/io/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <thread>

#include "cogov/core/error.hpp"
#include "cogov/core/system.hpp"

namespace cogov::io {

namespace fs = std::filesystem;

namespace {

/// This process's command line, one line, shortened: for the holder description only.
std::string command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string out;
  for (char c : raw) out += (c == '\0' || c == '\n' || c == '\r') ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  return out;
}

std::string read_body(int fd) {
  std::string body;
  char buf[1024];
  off_t at = 0;
  for (;;) {
    const ssize_t n = pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    body.append(buf, static_cast<std::size_t>(n));
    at += n;
    if (body.size() > 4096) break;  // a body is a few lines; ignore anything longer
  }
  return body;
}

std::map<std::string, std::string> parse_body(const std::string& body) {
  std::map<std::string, std::string> fields;
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    if (space != std::string::npos) fields[line.substr(0, space)] = line.substr(space + 1);
  }
  return fields;
}

std::string field(const std::map<std::string, std::string>& f, const std::string& key) {
  const auto it = f.find(key);
  return it == f.end() || it->second.empty() ? "?" : it->second;
}

/// "pid 123 on host h (since T: command)"
std::string describe(const std::map<std::string, std::string>& f) {
  return fmt::format("pid {} on host {} (started {}: {})", field(f, "pid"), field(f, "host"),
                     field(f, "started"), field(f, "command"));
}

/// Whether the holder named by a stale lock file is still alive, as far as we can tell.
std::string liveness(const std::map<std::string, std::string>& f) {
  if (field(f, "host") != core::host_name())
    return "it ran on another host, and no process there holds the lock now";
  const std::string pid = field(f, "pid");
  char* end = nullptr;
  const long p = std::strtol(pid.c_str(), &end, 10);
  if (p <= 0 || *end != '\0') return "no process holds it";
  if (kill(static_cast<pid_t>(p), 0) != 0 && errno == ESRCH)
    return "that process is gone (killed or crashed)";
  return "that pid is alive but no longer holds the lock (a reused pid)";
}

}  // namespace

fs::path OutputLock::lock_file(const fs::path& target) {
  fs::path p = target;
  p += ".lock";
  return p;
}

OutputLock OutputLock::acquire(const fs::path& target, const std::string& what) {
  const fs::path path = lock_file(target);
  OutputLock lock;
  lock.path_ = path;
  auto make_directories = [&] {
    if (!path.has_parent_path()) return;
    // Remember the directories made here: a writer refused later removes them if still empty.
    for (fs::path d = path.parent_path(); !d.empty() && !fs::exists(d); d = d.parent_path()) {
      lock.made_.push_back(d);
      if (d == d.parent_path()) break;
    }
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      throw IoError(fmt::format("{}: cannot create the directory for the {}: {}",
                                path.parent_path().string(), what, ec.message()));
  };
  make_directories();
  // A finishing holder unlinks the file before it unlocks: if the file we locked is no longer
  // the one at `path`, try again on the new one.
  for (int attempt = 0;; ++attempt) {
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd < 0 && errno == ENOENT && attempt < 100) {
      make_directories();  // another writer removed its empty directory just now
      continue;
    }
    if (fd < 0) {
      const int err = errno;
      if (err == ELOOP)
        throw InputError(fmt::format(
            "{}: the lock file of this {} is a symbolic link; cogov does not follow it: remove it",
            path.string(), what));
      throw IoError(fmt::format(
          "{}: cannot create the lock file for the {} {}: {}; is the directory writable? Choose "
          "another path or fix its permissions",
          path.string(), what, target.string(), std::strerror(err)));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      throw InputError(fmt::format("{}: the lock file of this {} is not a regular file: remove it",
                                   path.string(), what));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      if (err != EWOULDBLOCK) {
        close(fd);
        throw IoError(fmt::format("{}: cannot lock the {} {}: {} (a file system without locks?)",
                                  path.string(), what, target.string(), std::strerror(err)));
      }
      // The holder writes its body just after locking: give it a moment.
      std::string body = read_body(fd);
      for (int i = 0; i < 20 && body.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        body = read_body(fd);
      }
      close(fd);
      throw InputError(fmt::format(
          "{}: another cogov is writing this {}: {}; wait for it to finish (or stop it), or "
          "choose another path (lock file {})",
          target.string(), what, describe(parse_body(body)), path.string()));
    }
    struct stat now {};
    if (stat(path.c_str(), &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
      close(fd);
      if (attempt < 100) continue;
      throw IoError(fmt::format("{}: the lock file keeps changing; is another cogov looping?",
                                path.string()));
    }
    // Never truncate a file that only happens to have the lock file's name.
    const std::string body = read_body(fd);
    if (!body.empty() && body.rfind("pid ", 0) != 0) {
      close(fd);
      throw InputError(fmt::format(
          "{}: exists and is not a cogov lock file; cogov needs this name to lock the {} {}: "
          "move the file away or choose another path",
          path.string(), what, target.string()));
    }
    lock.fd_ = fd;
    break;
  }
  const std::string old = read_body(lock.fd_);
  if (!old.empty()) {
    const auto f = parse_body(old);
    lock.stale_ = describe(f);
    std::fprintf(stderr,
                 "cogov: warning: %s: taking over a stale lock of %s: %s; its %s %s may be "
                 "incomplete\n",
                 path.c_str(), lock.stale_.c_str(), liveness(f).c_str(), what.c_str(),
                 target.c_str());
  }
  const std::string body =
      fmt::format("pid {}\nhost {}\nstarted {}\nwhat {}\ncommand {}\n", getpid(), core::host_name(),
                  core::utc_now(), what, command_line());
  if (ftruncate(lock.fd_, 0) != 0 ||
      pwrite(lock.fd_, body.data(), body.size(), 0) != static_cast<ssize_t>(body.size())) {
    const int err = errno;
    throw IoError(fmt::format("{}: cannot write the lock file: {} (disk full?)", path.string(),
                              std::strerror(err)));
  }
  return lock;
}

OutputLock::OutputLock(OutputLock&& o) noexcept
    : path_(std::move(o.path_)),
      fd_(o.fd_),
      stale_(std::move(o.stale_)),
      made_(std::move(o.made_)) {
  o.fd_ = -1;
  o.made_.clear();
}

OutputLock& OutputLock::operator=(OutputLock&& o) noexcept {
  if (this != &o) {
    release();
    path_ = std::move(o.path_);
    fd_ = o.fd_;
    stale_ = std::move(o.stale_);
    made_ = std::move(o.made_);
    o.fd_ = -1;
    o.made_.clear();
  }
  return *this;
}

OutputLock::~OutputLock() {
  release();
}

void OutputLock::release() noexcept {
  if (fd_ < 0) return;
  // Unlink while still holding the lock: a process waiting on this inode then sees that the
  // file at the path changed and starts over on a fresh one.
  unlink(path_.c_str());
  close(fd_);
  fd_ = -1;
  for (const fs::path& d : made_) {  // deepest first; only empty ones go
    std::error_code ec;
    fs::remove(d, ec);
  }
  made_.clear();
}

}  // namespace cogov::io
