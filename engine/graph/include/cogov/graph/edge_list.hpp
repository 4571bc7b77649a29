#pragma once
// Edge-list files: one edge per line, two ids separated by whitespace or one comma.
// Rules (also in docs/scenario-reference.md):
//   - blank lines and text after '#' are ignored; a missing final newline is fine;
//   - ids are non-negative integers in the file's base (0 or 1) and below the population;
//   - a line with other than two ids, a sign, a fraction or any other character is refused;
//   - self-loops are dropped and repeated edges merged (both counted in LoadReport);
//   - a file with no edges is refused.
// Every refusal throws InputError "file:line: what was found: what is allowed".

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "cogov/graph/layer.hpp"

namespace cogov::graph {

struct LoadReport {
  std::uint64_t lines = 0;
  std::uint64_t edges = 0;
  std::uint64_t self_loops = 0;
};

/// Parses edge-list text; `name` is used in error messages.
EdgeList parse_edge_list(std::string_view text, std::string_view name, std::uint32_t n, int id_base,
                         LoadReport* report = nullptr);
EdgeList load_edge_list(const std::filesystem::path& path, std::uint32_t n, int id_base,
                        LoadReport* report = nullptr);

/// Writes each undirected edge once as "u v" (0-based, u < v) after a comment header, through
/// <path>.tmp-<pid> renamed into place: a failed write (full disk) throws IoError naming the
/// file and leaves nothing under `path`. A device or FIFO path (/dev/stdout) is written as is.
void write_edge_list(const Layer& layer, const std::filesystem::path& path);

}  // namespace cogov::graph
