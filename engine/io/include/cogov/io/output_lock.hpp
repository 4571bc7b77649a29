#pragma once
// One writer per output: an exclusive flock(2) on <target>.lock, held from before anything is
// written until the writer ends, so a second `cogov run` (or sweep) on the same output is
// refused instead of truncating the first one's file.
//
// The lock file holds a small text body naming its holder (pid, host, start time, command)
// for the refusal message. The kernel drops a flock when its holder dies, so a lock file that
// exists but that nobody holds is stale (its writer was killed): it is taken over and
// reported on stderr and by stale(), never silently. The file is removed when the lock is
// released (the destructor); it is opened close-on-exec, so child processes do not hold it.

#include <filesystem>
#include <string>
#include <vector>

namespace cogov::io {

class OutputLock {
 public:
  /// Locks `target` (an output file, or a sweep's index file) through `<target>.lock`,
  /// creating its directory. `what` names the target in messages ("output file").
  /// Throws InputError (exit 2) naming the holder's pid and host when another process holds
  /// the lock, and IoError (exit 1) when the lock file cannot be created (an unwritable or
  /// missing directory).
  static OutputLock acquire(const std::filesystem::path& target, const std::string& what);

  /// The lock file that guards `target`: <target>.lock
  static std::filesystem::path lock_file(const std::filesystem::path& target);

  OutputLock() = default;
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock();

  /// Removes the lock file, drops the lock, and removes the directories acquire() created if
  /// they are still empty (a refused writer leaves no empty --outdir behind). Idempotent.
  void release() noexcept;
  bool held() const { return fd_ >= 0; }
  const std::filesystem::path& path() const { return path_; }
  /// When a stale lock was taken over: what its file said about the dead holder; else "".
  const std::string& stale() const { return stale_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string stale_;
  std::vector<std::filesystem::path> made_;  ///< directories acquire() created, deepest first
};

}  // namespace cogov::io
