#pragma once
// Error types separate user mistakes, environment failures and bugs, so that the command line
// can give each its exit status and its kind of advice.

#include <stdexcept>
#include <string>
#include <vector>

namespace cogov {

/// A scenario or experiment file is wrong. Holds every problem found, each already formatted
/// as "file:line: key = value: what is allowed".
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// An input data file (edge list, checkpoint) is wrong: "file:line: what".
class InputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The environment failed us: unwritable path, full disk, missing file.
class IoError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The run would not fit: memory estimate above the limit (refused before allocating).
class ResourceError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A broken invariant inside cogov: this is a bug.
class InternalError : public std::logic_error {
  using std::logic_error::logic_error;
};

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

inline ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

}  // namespace cogov
