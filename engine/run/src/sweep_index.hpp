#pragma once
// The sweep index's CSV: fields, lines, and the columns that identify a run.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cogov/run/sweep.hpp"

namespace cogov::run::detail {

/// Column name -> text.
using Columns = std::map<std::string, std::string>;

/// The columns that say which run a row is (variant, point, replicate, seed, parameters),
/// as the index writes them.
Columns identity(const IndexRow& row);

/// A CSV field: quoted (with "" for ") when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);

/// The fields of one CSV line (as csv_field writes them).
std::vector<std::string> parse_csv_line(const std::string& line);

/// The parameter columns of `rows`, in order of first appearance.
std::vector<std::string> parameter_keys(const std::vector<IndexRow>& rows);

/// The index's header line (no newline) for these parameter columns.
std::string index_header(const std::vector<std::string>& keys);

/// A row as an index line, with its newline.
std::string index_line(const IndexRow& row, const std::vector<std::string>& keys);

/// A non-negative integer field; throws InputError "file:line: column = 'text': ..." if
/// the text is not one.
std::uint64_t parse_count(const std::string& text, const std::filesystem::path& file,
                          std::size_t line, const char* column);

}  // namespace cogov::run::detail
