#pragma once
// The run's HDF5 file (layout in docs/output-format.md):
//   /              attributes: format, version, git hash, seed, threads, host, complete, ...
//   /series        per-step series sharing the `step` dimension scale (1-D, or 2-D with a
//                  second scale such as age_group, region or grid); chunked, compressed
//   /graph         social-layer summary and degree histogram
//   /snapshots     optional agent state at chosen days
//   /provenance    resolved scenario text, command line, timings per phase
// The file is written as <path>.part and renamed to <path> when the run ends (completed or
// stopped by a signal); a .part file is therefore an interrupted write (crash or kill -9),
// readable up to the last flush.

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace cogov::io {

/// Owns an HDF5 identifier and closes it with the right function.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  H5Handle(H5Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  H5Handle& operator=(H5Handle&& o) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  ~H5Handle() { reset(); }
  void reset();
  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }

 private:
  hid_t id_ = -1;
  Closer close_ = nullptr;
};

/// The HDF5 memory type of a C++ element type (the ones cogov writes).
template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
  if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
}

/// Attribute writers for any HDF5 object (file, group, dataset).
void write_attr(hid_t obj, const std::string& name, const std::string& value);
void write_attr(hid_t obj, const std::string& name, double value);
void write_attr(hid_t obj, const std::string& name, std::int64_t value);
void write_attr(hid_t obj, const std::string& name, std::uint64_t value);

/// Refuses an output path that cannot be written as a file before any work is done: a
/// directory, device, FIFO or socket at `path` or `<path>.part` (InputError, exit 2, even with
/// `overwrite`), and an existing `path` without `overwrite` (IoError).
void check_output_path(const std::filesystem::path& path, bool overwrite);

struct SeriesSpec {
  std::string name;
  std::string units;
  std::string description;
  std::string column_dim;  ///< empty: 1-D series; else the second dimension's name
};

class H5Output {
 public:
  /// Creates <path>.part (removing a leftover one: the caller holds the output's lock).
  /// Refuses what check_output_path() refuses.
  H5Output(std::filesystem::path path, bool overwrite);
  ~H5Output();
  H5Output(const H5Output&) = delete;
  H5Output& operator=(const H5Output&) = delete;

  const std::filesystem::path& path() const { return path_; }
  hid_t file() const { return file_.get(); }
  /// Creates (or opens) a group, e.g. "/graph".
  H5Handle group(const std::string& name);

  /// Defines a second dimension for 2-D series: a scale dataset 0..size-1 in /series, with
  /// its labels as an attribute.
  void define_dimension(const std::string& name, std::span<const std::string> labels);
  void define_dimension(const std::string& name, std::size_t size);
  /// Adds a series; returns its index for append().
  std::size_t add_series(const SeriesSpec& spec);
  /// Buffers the values of one series for the current step (1 value, or one per column).
  void append(std::size_t series, std::span<const double> values);
  void append(std::size_t series, double value) {
    append(series, std::span<const double>(&value, 1));
  }
  /// Closes the current step's row (every series must have been appended once).
  void end_step(std::int64_t step, double day);
  /// Writes buffered rows and flushes the file to disk.
  void flush();

  /// Writes a 1-D dataset (compressed) under `group`.
  template <class T>
  void write_array(hid_t group, const std::string& name, std::span<const T> data,
                   const std::string& units, const std::string& description);

  /// Every row recorded so far, by series name (kept in memory for checkpoints).
  struct History {
    std::vector<std::int64_t> steps;
    std::vector<double> days;
    std::vector<std::pair<std::string, std::vector<double>>> series;
  };
  History history() const;
  /// Restores recorded rows (a resumed run): series are matched by name and must have been
  /// added already; the rows are written at the next flush.
  void restore(const History& history);

  /// Flushes, marks the file complete or not, closes it and renames <path>.part to <path>.
  void finish(bool complete);

 private:
  struct Series {
    SeriesSpec spec;
    std::size_t columns = 1;
    H5Handle dataset;
    std::vector<double> values;  ///< every row so far (row-major); flushed up to rows_written_
  };
  struct Dimension {
    std::size_t size;
    H5Handle scale;
  };
  H5Handle make_extendible(const std::string& name, hid_t type, std::size_t columns);

  std::filesystem::path path_, part_;
  H5Handle file_, series_group_, step_ds_, day_ds_;
  std::map<std::string, Dimension> dims_;
  std::vector<Series> series_;
  std::vector<std::int64_t> steps_;
  std::vector<double> days_;
  std::uint64_t rows_written_ = 0;
  bool finished_ = false;
};

}  // namespace cogov::io
