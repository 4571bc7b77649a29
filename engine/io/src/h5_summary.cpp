#include "cogov/io/h5_summary.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <algorithm>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_output.hpp"

namespace cogov::io {

namespace {}  // namespace

std::string read_attr(hid_t obj, const char* name) {
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  if (!attr) return "";
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING) {
    if (H5Tis_variable_str(type.get()) > 0) {
      char* value = nullptr;
      H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(mem.get(), H5T_VARIABLE);
      H5Tset_cset(mem.get(), H5T_CSET_UTF8);
      if (H5Aread(attr.get(), mem.get(), &value) < 0 || value == nullptr) return "";
      std::string s(value);
      H5free_memory(value);
      return s;
    }
    std::string s(H5Tget_size(type.get()), '\0');
    H5Aread(attr.get(), type.get(), s.data());
    return s.c_str();
  }
  if (cls == H5T_INTEGER) {
    if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
      std::uint64_t v = 0;
      H5Aread(attr.get(), H5T_NATIVE_UINT64, &v);
      return fmt::format("{}", v);
    }
    std::int64_t v = 0;
    H5Aread(attr.get(), H5T_NATIVE_INT64, &v);
    return fmt::format("{}", v);
  }
  if (cls == H5T_FLOAT) {
    double v = 0;
    H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v);
    return fmt::format("{}", v);
  }
  return "(unsupported type)";
}

namespace {

std::map<std::string, std::string> all_attributes(hid_t obj) {
  std::map<std::string, std::string> out;
  H5O_info_t info;
  if (H5Oget_info(obj, &info) < 0) return out;
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    char name[256];
    H5Handle attr(
        H5Aopen_by_idx(obj, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose);
    if (!attr)
      attr = H5Handle(
          H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose);
    if (!attr) continue;
    H5Aget_name(attr.get(), sizeof name, name);
    attr.reset();
    out[name] = read_attr(obj, name);
  }
  return out;
}

std::vector<std::string> member_names(hid_t group) {
  std::vector<std::string> names;
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0) return names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[512];
    if (H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                           H5P_DEFAULT) > 0) {
      names.emplace_back(name);
    }
  }
  return names;
}

H5Handle open_file(const std::filesystem::path& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  H5Handle file(H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file)
    throw InputError(fmt::format(
        "{}: cannot open as HDF5 (missing, unreadable or not an HDF5 file)", path.string()));
  return file;
}

std::vector<double> read_all(hid_t ds, std::vector<std::uint64_t>& shape) {
  H5Handle space(H5Dget_space(ds), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  hsize_t dims[2] = {0, 1};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  shape.assign(dims, dims + rank);
  std::vector<double> data(dims[0] * (rank == 2 ? dims[1] : 1));
  if (!data.empty()) H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
  return data;
}

}  // namespace

FileSummary read_summary(const std::filesystem::path& path) {
  H5Handle file = open_file(path);
  FileSummary s;
  s.attributes = all_attributes(file.get());
  for (const auto& [group, target] :
       {std::pair{"/graph", &s.graph_attributes}, std::pair{"/provenance", &s.provenance}}) {
    if (H5Lexists(file.get(), group, H5P_DEFAULT) > 0) {
      H5Handle g(H5Gopen2(file.get(), group, H5P_DEFAULT), H5Gclose);
      *target = all_attributes(g.get());
    }
  }
  if (H5Lexists(file.get(), "/series", H5P_DEFAULT) <= 0) {
    throw InputError(fmt::format("{}: no /series group: not a cogov output file", path.string()));
  }
  H5Handle series(H5Gopen2(file.get(), "/series", H5P_DEFAULT), H5Gclose);
  for (const auto& name : member_names(series.get())) {
    H5Handle ds(H5Dopen2(series.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds || H5DSis_scale(ds.get()) > 0 || name == "day") continue;
    SeriesSummary ss;
    ss.name = name;
    ss.units = read_attr(ds.get(), "units");
    ss.description = read_attr(ds.get(), "description");
    const std::vector<double> data = read_all(ds.get(), ss.shape);
    const std::size_t cols = ss.shape.size() == 2 ? ss.shape[1] : 1;
    if (!data.empty()) ss.last.assign(data.end() - static_cast<std::ptrdiff_t>(cols), data.end());
    s.series.push_back(std::move(ss));
  }
  if (H5Lexists(file.get(), "/snapshots", H5P_DEFAULT) > 0) {
    H5Handle g(H5Gopen2(file.get(), "/snapshots", H5P_DEFAULT), H5Gclose);
    s.snapshots = member_names(g.get());
  }
  return s;
}

std::vector<double> read_series(const std::filesystem::path& path, const std::string& name) {
  H5Handle file = open_file(path);
  H5Handle ds(H5Dopen2(file.get(), ("/series/" + name).c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds) throw InputError(fmt::format("{}: no series '{}'", path.string(), name));
  std::vector<std::uint64_t> shape;
  return read_all(ds.get(), shape);
}

std::vector<double> read_series_column(const std::filesystem::path& path, const std::string& name,
                                       const std::string& label) {
  H5Handle file = open_file(path);
  H5Handle ds(H5Dopen2(file.get(), ("/series/" + name).c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds) throw InputError(fmt::format("{}: no series '{}'", path.string(), name));
  std::vector<std::uint64_t> shape;
  std::vector<double> data = read_all(ds.get(), shape);
  if (shape.size() == 1) {
    if (!label.empty())
      throw InputError(fmt::format("{}: series '{}' has no columns to pick '{}' from",
                                   path.string(), name, label));
    return data;
  }
  std::string labels;
  H5DSiterate_scales(
      ds.get(), 1, nullptr,
      [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        *static_cast<std::string*>(out) = read_attr(scale, "labels");
        return 1;
      },
      &labels);
  std::vector<std::string> names;
  for (std::size_t i = 0, j = 0; i <= labels.size(); ++i) {
    if (i == labels.size() || labels[i] == ' ') {
      if (i > j) names.push_back(labels.substr(j, i - j));
      j = i + 1;
    }
  }
  const auto it = std::find(names.begin(), names.end(), label);
  if (label.empty() || it == names.end() || names.size() != shape[1])
    throw InputError(fmt::format("{}: series '{}' has columns ({}); name one, e.g. {}[{}]",
                                 path.string(), name, labels, name,
                                 names.empty() ? std::string("?") : names.front()));
  const std::size_t col = static_cast<std::size_t>(it - names.begin()), cols = shape[1];
  std::vector<double> out(shape[0]);
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = data[r * cols + col];
  return out;
}

}  // namespace cogov::io
