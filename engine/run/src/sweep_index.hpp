#pragma once
// Reading a sweep index back (for --resume).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "cogov/run/sweep.hpp"

namespace cogov::run::detail {

/// A row of an existing index: column name -> text.
using RecordedRun = std::map<std::string, std::string>;

/// The columns that say which run a row is (variant, point, replicate, seed, parameters),
/// as the index writes them.
RecordedRun identity(const IndexRow& row);

/// A CSV field: quoted (with "" for ") when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);

/// run id -> what the index at `path` records; empty if there is no index.
std::map<std::uint32_t, RecordedRun> read_index(const std::filesystem::path& path);

}  // namespace cogov::run::detail
