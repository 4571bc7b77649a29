#pragma once
// Reading a run's HDF5 file back: its attributes and the shape and last values of its
// series (used by `cogov info` and the tests).

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cogov::io {

struct SeriesSummary {
  std::string name;
  std::vector<std::uint64_t> shape;
  std::string units;
  std::string description;
  std::vector<double> last;  ///< last row (empty when the series has no rows)
};

struct FileSummary {
  std::map<std::string, std::string> attributes;        ///< root attributes, as text
  std::map<std::string, std::string> graph_attributes;  ///< /graph attributes
  std::map<std::string, std::string> provenance;        ///< /provenance attributes
  std::vector<SeriesSummary> series;                    ///< /series datasets (scales excluded)
  std::vector<std::string> snapshots;
};

/// An attribute of an HDF5 object as text ("" when missing).
std::string read_attr(hid_t object, const char* name);

/// Reads the summary; throws InputError if the file is not a readable cogov output.
FileSummary read_summary(const std::filesystem::path& path);

/// Reads a whole 1-D or 2-D float64 series (row-major).
std::vector<double> read_series(const std::filesystem::path& path, const std::string& name);

/// One column of a series: the whole of a 1-D one (`label` empty), or the column of a 2-D
/// one its dimension labels name ("senior" of fraud_victims_by_age). Throws InputError
/// naming the labels there are.
std::vector<double> read_series_column(const std::filesystem::path& path, const std::string& name,
                                       const std::string& label);

}  // namespace cogov::io
