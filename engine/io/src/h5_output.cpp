#include "cogov/io/h5_output.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <system_error>

#include "cogov/core/error.hpp"

namespace cogov::io {

namespace fs = std::filesystem;

namespace {

void check(herr_t rc, const std::string& what, const fs::path& path) {
  if (rc < 0)
    throw IoError(
        fmt::format("{}: HDF5 failed to {} (disk full or not writable?)", path.string(), what));
}

H5Handle check_id(hid_t id, H5Handle::Closer close, const std::string& what) {
  if (id < 0) throw IoError(fmt::format("HDF5 failed to {}", what));
  return {id, close};
}

H5Handle vlen_string_type() {
  H5Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

template <class T>
void attr_scalar(hid_t obj, const std::string& name, hid_t type, const T& value) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle attr =
      check_id(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
               "create attribute " + name);
  H5Awrite(attr.get(), type, &value);
}

}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = -1;
  }
  return *this;
}

void H5Handle::reset() {
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

void write_attr(hid_t obj, const std::string& name, const std::string& value) {
  H5Handle type = vlen_string_type();
  const char* p = value.c_str();
  attr_scalar(obj, name, type.get(), p);
}
void write_attr(hid_t obj, const std::string& name, double value) {
  attr_scalar(obj, name, H5T_NATIVE_DOUBLE, value);
}
void write_attr(hid_t obj, const std::string& name, std::int64_t value) {
  attr_scalar(obj, name, H5T_NATIVE_INT64, value);
}
void write_attr(hid_t obj, const std::string& name, std::uint64_t value) {
  attr_scalar(obj, name, H5T_NATIVE_UINT64, value);
}

void check_output_path(const fs::path& path, bool overwrite) {
  fs::path part = path;
  part += ".part";
  for (const fs::path& p : {path, part}) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);  // follows a symlink: /dev/null is a device
    if (!fs::exists(st) || fs::is_regular_file(st)) continue;
    throw InputError(fmt::format(
        "{}: {}; the output must be a regular file path (--force replaces only regular files), "
        "e.g. -o {}",
        p.string(),
        fs::is_directory(st) ? "is a directory"
                             : "is not a regular file (a device, FIFO or socket)",
        (fs::is_directory(st) ? path / "run.h5" : fs::path("out/run.h5")).string()));
  }
  if (fs::exists(path) && !overwrite) {
    throw IoError(
        fmt::format("{}: output file exists; choose another -o path or pass --force to overwrite",
                    path.string()));
  }
}

H5Output::H5Output(fs::path path, bool overwrite) : path_(std::move(path)) {
  part_ = path_;
  part_ += ".part";
  check_output_path(path_, overwrite);
  if (path_.has_parent_path() && !fs::exists(path_.parent_path())) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    if (ec)
      throw IoError(fmt::format("{}: cannot create directory: {}", path_.parent_path().string(),
                                ec.message()));
  }
  // A leftover .part is an interrupted write: remove it rather than truncate it in place, so
  // that a symlink there is replaced, not followed.
  std::error_code removed;
  fs::remove(part_, removed);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by our exceptions
  // The 1.8 file format checksums its metadata (superblock, object headers, B-trees), and
  // every chunk carries a Fletcher-32 checksum: a damaged file is an error when read, not
  // wrong numbers. (Not the 1.10 format: its superblock marks a killed writer's file as
  // still open, which would make an interrupted .part unreadable.)
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18);
  const hid_t fid = H5Fcreate(part_.string().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (fid < 0)
    throw IoError(
        fmt::format("{}: cannot create output file (is the directory writable?)", part_.string()));
  file_ = H5Handle(fid, H5Fclose);
  write_attr(file_.get(), "complete", std::int64_t{0});
  series_group_ = group("/series");

  step_ds_ = make_extendible("step", H5T_NATIVE_INT64, 1);
  check(H5DSset_scale(step_ds_.get(), "step"), "make the step scale", part_);
  write_attr(step_ds_.get(), "units", std::string("steps"));
  write_attr(step_ds_.get(), "description", std::string("step index; step 0 is the initial state"));
  day_ds_ = make_extendible("day", H5T_NATIVE_DOUBLE, 1);
  check(H5DSattach_scale(day_ds_.get(), step_ds_.get(), 0), "attach the step scale", part_);
  write_attr(day_ds_.get(), "units", std::string("day"));
  write_attr(day_ds_.get(), "description", std::string("simulated time at the end of the step"));
}

H5Output::~H5Output() {
  if (!finished_) {
    try {
      flush();
    } catch (...) {
      // Destructor during an error: keep what is on disk; the .part name marks it incomplete.
    }
  }
}

H5Handle H5Output::group(const std::string& name) {
  if (H5Lexists(file_.get(), name.c_str(), H5P_DEFAULT) > 0) {
    return check_id(H5Gopen2(file_.get(), name.c_str(), H5P_DEFAULT), H5Gclose,
                    "open group " + name);
  }
  return check_id(H5Gcreate2(file_.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Gclose, "create group " + name);
}

H5Handle H5Output::make_extendible(const std::string& name, hid_t type, std::size_t columns) {
  // columns == 0 asks for a 2-D dataset with one column (a 2-D series over a 1-wide
  // dimension); columns == 1 is a plain 1-D series.
  const bool two_d = columns != 1;
  columns = std::max<std::size_t>(columns, 1);
  hsize_t dims[2] = {0, columns};
  hsize_t maxdims[2] = {H5S_UNLIMITED, columns};
  const hsize_t chunk_rows =
      two_d ? std::max<hsize_t>(1, std::min<hsize_t>(256, (1u << 16) / columns)) : 512;
  hsize_t chunk[2] = {chunk_rows, columns};
  const int r = two_d ? 2 : 1;
  H5Handle space(H5Screate_simple(r, dims, maxdims), H5Sclose);
  H5Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Pset_chunk(plist.get(), r, chunk);
  H5Pset_shuffle(plist.get());
  H5Pset_deflate(plist.get(), 4);
  H5Pset_fletcher32(plist.get());
  return check_id(H5Dcreate2(series_group_.get(), name.c_str(), type, space.get(), H5P_DEFAULT,
                             plist.get(), H5P_DEFAULT),
                  H5Dclose, "create dataset /series/" + name);
}

void H5Output::define_dimension(const std::string& name, std::span<const std::string> labels) {
  define_dimension(name, labels.size());
  std::string joined;
  for (const auto& l : labels) joined += (joined.empty() ? "" : " ") + l;
  write_attr(dims_.at(name).scale.get(), "labels", joined);
}

void H5Output::define_dimension(const std::string& name, std::size_t size) {
  std::vector<std::int64_t> index(size);
  for (std::size_t i = 0; i < size; ++i) index[i] = static_cast<std::int64_t>(i);
  hsize_t dims[1] = {size};
  H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  H5Handle ds = check_id(H5Dcreate2(series_group_.get(), name.c_str(), H5T_NATIVE_INT64,
                                    space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         H5Dclose, "create dimension " + name);
  if (size > 0) H5Dwrite(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, index.data());
  check(H5DSset_scale(ds.get(), name.c_str()), "make scale " + name, part_);
  dims_.emplace(name, Dimension{size, std::move(ds)});
}

std::size_t H5Output::add_series(const SeriesSpec& spec) {
  Series s;
  s.spec = spec;

  if (!spec.column_dim.empty()) {
    const auto it = dims_.find(spec.column_dim);
    if (it == dims_.end()) throw InternalError("series dimension not defined: " + spec.column_dim);
    s.columns = it->second.size;
    s.dataset = make_extendible(spec.name, H5T_NATIVE_DOUBLE, s.columns == 1 ? 0 : s.columns);
  } else {
    s.dataset = make_extendible(spec.name, H5T_NATIVE_DOUBLE, 1);
  }
  check(H5DSattach_scale(s.dataset.get(), step_ds_.get(), 0), "attach step scale to " + spec.name,
        part_);
  if (!spec.column_dim.empty()) {
    check(H5DSattach_scale(s.dataset.get(), dims_.at(spec.column_dim).scale.get(), 1),
          "attach scale to " + spec.name, part_);
  }
  write_attr(s.dataset.get(), "units", spec.units);
  write_attr(s.dataset.get(), "description", spec.description);
  series_.push_back(std::move(s));
  return series_.size() - 1;
}

void H5Output::append(std::size_t series, std::span<const double> values) {
  Series& s = series_.at(series);
  if (values.size() != s.columns)
    throw InternalError("series " + s.spec.name + ": wrong number of columns");
  s.values.insert(s.values.end(), values.begin(), values.end());
}

void H5Output::end_step(std::int64_t step, double day) {
  steps_.push_back(step);
  days_.push_back(day);
  for (const auto& s : series_) {
    if (s.values.size() != steps_.size() * s.columns) {
      throw InternalError("series " + s.spec.name + " was not appended this step");
    }
  }
}

namespace {

void append_rows(hid_t ds, hid_t type, const void* data, std::uint64_t old_rows, std::size_t rows,
                 std::size_t columns, bool two_d, const fs::path& path) {
  const int rank = two_d ? 2 : 1;
  hsize_t new_size[2] = {old_rows + rows, columns};
  check(H5Dset_extent(ds, new_size), "extend a series", path);
  H5Handle file_space(H5Dget_space(ds), H5Sclose);
  hsize_t start[2] = {old_rows, 0};
  hsize_t count[2] = {rows, columns};
  H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
  H5Handle mem_space(H5Screate_simple(rank, count, nullptr), H5Sclose);
  check(H5Dwrite(ds, type, mem_space.get(), file_space.get(), H5P_DEFAULT, data), "write a series",
        path);
}

}  // namespace

void H5Output::flush() {
  const std::size_t rows = steps_.size() - rows_written_;
  if (rows > 0) {
    append_rows(step_ds_.get(), H5T_NATIVE_INT64, steps_.data() + rows_written_, rows_written_,
                rows, 1, false, part_);
    append_rows(day_ds_.get(), H5T_NATIVE_DOUBLE, days_.data() + rows_written_, rows_written_, rows,
                1, false, part_);
    for (auto& s : series_) {
      append_rows(s.dataset.get(), H5T_NATIVE_DOUBLE, s.values.data() + rows_written_ * s.columns,
                  rows_written_, rows, s.columns, !s.spec.column_dim.empty(), part_);
    }
    rows_written_ += rows;
  }
  check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "flush the file", part_);
}

H5Output::History H5Output::history() const {
  History h{steps_, days_, {}};
  for (const auto& s : series_) h.series.emplace_back(s.spec.name, s.values);
  return h;
}

void H5Output::restore(const History& h) {
  if (rows_written_ != 0 || !steps_.empty())
    throw InternalError("H5Output::restore on a file that has rows");
  steps_ = h.steps;
  days_ = h.days;
  for (auto& s : series_) {
    const auto it = std::find_if(h.series.begin(), h.series.end(),
                                 [&](const auto& x) { return x.first == s.spec.name; });
    if (it == h.series.end() || it->second.size() != steps_.size() * s.columns) {
      throw InputError(fmt::format("checkpoint: no recorded rows for series '{}'", s.spec.name));
    }
    s.values = it->second;
  }
}

template <class T>
void H5Output::write_array(hid_t group, const std::string& name, std::span<const T> data,
                           const std::string& units, const std::string& description) {
  hsize_t dims[1] = {data.size()};
  H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  H5Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!data.empty()) {
    hsize_t chunk[1] = {std::min<hsize_t>(data.size(), 1u << 18)};
    H5Pset_chunk(plist.get(), 1, chunk);
    H5Pset_shuffle(plist.get());
    H5Pset_deflate(plist.get(), 4);
    H5Pset_fletcher32(plist.get());
  }
  H5Handle ds = check_id(H5Dcreate2(group, name.c_str(), native_type<T>(), space.get(), H5P_DEFAULT,
                                    plist.get(), H5P_DEFAULT),
                         H5Dclose, "create dataset " + name);
  if (!data.empty()) {
    check(H5Dwrite(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "write " + name, part_);
  }
  write_attr(ds.get(), "units", units);
  write_attr(ds.get(), "description", description);
}

template void H5Output::write_array<double>(hid_t, const std::string&, std::span<const double>,
                                            const std::string&, const std::string&);
template void H5Output::write_array<float>(hid_t, const std::string&, std::span<const float>,
                                           const std::string&, const std::string&);
template void H5Output::write_array<std::uint64_t>(hid_t, const std::string&,
                                                   std::span<const std::uint64_t>,
                                                   const std::string&, const std::string&);
template void H5Output::write_array<std::uint32_t>(hid_t, const std::string&,
                                                   std::span<const std::uint32_t>,
                                                   const std::string&, const std::string&);
template void H5Output::write_array<std::uint16_t>(hid_t, const std::string&,
                                                   std::span<const std::uint16_t>,
                                                   const std::string&, const std::string&);
template void H5Output::write_array<std::uint8_t>(hid_t, const std::string&,
                                                  std::span<const std::uint8_t>, const std::string&,
                                                  const std::string&);

void H5Output::finish(bool complete) {
  flush();
  write_attr(file_.get(), "complete", std::int64_t{complete ? 1 : 0});
  write_attr(file_.get(), "steps_written", rows_written_);
  series_.clear();
  dims_.clear();
  step_ds_.reset();
  day_ds_.reset();
  series_group_.reset();
  if (H5Fclose(file_.get()) < 0)
    throw IoError(fmt::format("{}: closing the file failed (disk full?)", part_.string()));
  file_ = H5Handle();
  finished_ = true;
  std::error_code ec;
  fs::rename(part_, path_, ec);
  if (ec)
    throw IoError(
        fmt::format("{}: cannot rename to {}: {}", part_.string(), path_.string(), ec.message()));
}

}  // namespace cogov::io
