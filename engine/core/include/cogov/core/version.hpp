#pragma once

namespace cogov::core {

/// Semantic version of cogov (from CMake's project version).
const char* version();
/// Short git hash of the built tree, with "-dirty" when it had uncommitted changes.
const char* git_hash();

}  // namespace cogov::core
