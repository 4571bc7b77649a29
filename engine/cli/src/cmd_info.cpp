// cogov info: what an output file holds.

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "options.hpp"

namespace cogov::cli {

namespace {

std::string get(const std::map<std::string, std::string>& m, const std::string& k) {
  const auto it = m.find(k);
  return it == m.end() ? "?" : it->second;
}

bool has_hdf5_signature(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) return false;  // never block on a FIFO
  char sig[8] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(sig, sizeof sig);
  return in.gcount() == 8 && std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) == 0;
}

/// Reads every element of a dataset, in slabs of rows of at most a few MiB, so that a
/// damaged chunk (a flipped byte in compressed data, a truncated file) is an error here.
bool dataset_readable(hid_t ds) {
  io::H5Handle type(H5Dget_type(ds), H5Tclose);
  if (!type) return false;
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_VLEN || cls == H5T_REFERENCE || H5Tis_variable_str(type.get()) > 0)
    return true;  // cogov writes none: opening it is the check
  io::H5Handle native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose);
  io::H5Handle space(H5Dget_space(ds), H5Sclose);
  if (!native || !space) return false;
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) return false;
  if (rank == 0) {
    std::vector<char> one(H5Tget_size(native.get()));
    return H5Dread(ds, native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, one.data()) >= 0;
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) return false;
  hsize_t row_elements = 1;
  for (int d = 1; d < rank; ++d) row_elements *= dims[static_cast<std::size_t>(d)];
  const hsize_t row_bytes = std::max<hsize_t>(1, row_elements * H5Tget_size(native.get()));
  const hsize_t rows_per_slab = std::max<hsize_t>(1, (hsize_t{8} << 20) / row_bytes);
  std::vector<char> buffer;
  for (hsize_t first = 0; first < dims[0]; first += rows_per_slab) {
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    count[0] = std::min(rows_per_slab, dims[0] - first);
    start[0] = first;
    if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr) < 0)
      return false;
    io::H5Handle mem(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
    buffer.resize(count[0] * row_bytes);
    if (H5Dread(ds, native.get(), mem.get(), space.get(), H5P_DEFAULT, buffer.data()) < 0)
      return false;
  }
  return true;
}

/// Reads every attribute of an object (the checksummed object header, and any variable-length
/// data it points to).
bool attributes_readable(hid_t obj) {
  bool ok = true;
  const herr_t rc = H5Aiterate2(
      obj, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t location, const char* name, const H5A_info_t*, void* data) -> herr_t {
        bool& fine = *static_cast<bool*>(data);
        io::H5Handle attr(H5Aopen(location, name, H5P_DEFAULT), H5Aclose);
        io::H5Handle type(attr ? H5Aget_type(attr.get()) : -1, H5Tclose);
        io::H5Handle space(attr ? H5Aget_space(attr.get()) : -1, H5Sclose);
        io::H5Handle native(type ? H5Tget_native_type(type.get(), H5T_DIR_ASCEND) : -1, H5Tclose);
        const hssize_t points = space ? H5Sget_simple_extent_npoints(space.get()) : -1;
        if (!native || points < 0) {
          fine = false;
          return 1;
        }
        std::vector<char> buffer(H5Tget_size(native.get()) * static_cast<std::size_t>(points) + 1);
        if (H5Aread(attr.get(), native.get(), buffer.data()) < 0) {
          fine = false;
          return 1;
        }
        if (H5Tdetect_class(native.get(), H5T_VLEN) > 0 || H5Tis_variable_str(native.get()) > 0)
          H5Dvlen_reclaim(native.get(), space.get(), H5P_DEFAULT, buffer.data());
        return 0;
      },
      &ok);
  return ok && rc >= 0;
}

/// Refuses (InputError, exit 2) a file that opens as HDF5 but whose objects or data cannot
/// all be read, or whose series do not hold the rows it says it wrote: `info` must not call
/// a damaged file complete.
void verify_readable(const std::string& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f) {
    if (has_hdf5_signature(file))
      throw InputError(fmt::format(
          "{}: cannot read this HDF5 file (damaged or truncated?); an interrupted run's output "
          "can be rewritten with 'cogov resume <output>.ckpt'",
          file));
    return;  // not HDF5 at all: read_summary says so
  }
  struct Walk {
    std::string bad;
  } walk;
  const herr_t rc = H5Ovisit2(
      f.get(), H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t obj, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        auto& w = *static_cast<Walk*>(data);
        io::H5Handle o(H5Oopen(obj, name, H5P_DEFAULT), H5Oclose);
        if (!o || !attributes_readable(o.get())) {
          w.bad = fmt::format("the attributes of /{}", std::strcmp(name, ".") == 0 ? "" : name);
          return 1;
        }
        if (info->type == H5O_TYPE_DATASET && !dataset_readable(o.get())) {
          w.bad = fmt::format("dataset /{}", name);
          return 1;
        }
        return 0;
      },
      &walk, H5O_INFO_BASIC);
  if (rc < 0 || !walk.bad.empty())
    throw InputError(fmt::format("{}: cannot read {} (damaged?)", file,
                                 walk.bad.empty() ? std::string("its objects") : walk.bad));
}

/// A file marked complete must hold steps_written rows in every series.
void verify_rows(const std::string& file, const io::FileSummary& s) {
  const std::string written = get(s.attributes, "steps_written");
  if (get(s.attributes, "complete") != "1" || written == "?") return;
  for (const auto& ser : s.series) {
    if (ser.shape.empty() || std::to_string(ser.shape[0]) != written)
      throw InputError(fmt::format(
          "{}: cannot read it as a complete output (damaged?): series {} has {} rows but the "
          "file says {} steps were written",
          file, ser.name, ser.shape.empty() ? 0 : ser.shape[0], written));
  }
}

/// Runs the checks (and the summary read) in a child process: HDF5 can crash on damaged
/// metadata, and a damaged file must be a refusal (exit 2), not a segfault. The parent then
/// repeats only reads the child survived.
/// Exit status of the checking child for a file marked incomplete whose interrupted write left
/// damage: still summarised (with the damage said), since it is already marked INCOMPLETE.
constexpr int kDamagedIncomplete = 4;

/// The checks; returns the damage found in a file not marked complete ("" when none), throws
/// InputError for a damaged complete (or unreadable) file.
std::string check_file(const std::string& file) {
  std::string damage;
  try {
    verify_readable(file);
  } catch (const InputError& e) {
    damage = e.what();
  }
  io::FileSummary s;
  try {
    s = io::read_summary(file);
  } catch (const InputError&) {
    if (!damage.empty()) throw InputError(damage);  // the more precise of the two
    throw;
  }
  if (!damage.empty()) {
    if (get(s.attributes, "complete") == "1") throw InputError(damage);
    return damage;
  }
  verify_rows(file, s);
  return {};
}

/// Runs the checks (and the summary read) in a child process: HDF5 can crash on damaged
/// metadata, and a damaged file must be a refusal (exit 2), not a segfault. The parent then
/// repeats only reads the child survived. Returns the damage of an incomplete file, or "".
std::string verify_in_child(const std::string& file) {
  int fds[2];
  if (pipe(fds) != 0) return check_file(file);  // no pipe: check in this process
  std::fflush(nullptr);
  const pid_t pid = fork();
  // Damaged heap metadata can send HDF5 round a loop: a backstop far above any real read.
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(file, ec);
  const unsigned limit = 30 + static_cast<unsigned>((ec ? 0 : bytes) >> 24);
  if (pid == 0) {
    alarm(limit);
    close(fds[0]);
    int code = 0;
    std::string message;
    try {
      message = check_file(file);
      if (!message.empty()) code = kDamagedIncomplete;
    } catch (const InputError& e) {
      message = e.what();
      code = 2;
    } catch (const std::exception& e) {
      message = e.what();
      code = 3;
    }
    if (!message.empty() && write(fds[1], message.data(), message.size()) < 0) code = 3;
    _exit(code);
  }
  close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    message.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return check_file(file);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kDamagedIncomplete) return message;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
    throw InputError(fmt::format(
        "{}: cannot read it (damaged?): reading it did not finish within {} s", file, limit));
  if (WIFSIGNALED(status))
    throw InputError(fmt::format(
        "{}: cannot read it (damaged?): the HDF5 library crashed reading it (signal {})", file,
        WTERMSIG(status)));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 2) throw InputError(message);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw InternalError(message.empty() ? "info: the check of the file failed" : message);
  return {};
}

}  // namespace

int cmd_info(const Args& args) {
  std::string file;
  if (!parse_one_file(args, "info", "output file (HDF5)", "usage: cogov info OUT.h5", file))
    return kExitOk;
  // Opening a FIFO would wait for a writer for ever; a device is no output file.
  if (std::error_code ec;
      std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec))
    throw InputError(fmt::format("{}: not a regular file: give an output file (.h5)", file));
  const std::string damage = verify_in_child(file);
  const io::FileSummary s = io::read_summary(file);
  const auto& a = s.attributes;
  fmt::print("{}: {} format {}, {}\n", file, get(a, "format"), get(a, "format_version"),
             get(a, "complete") == "1" ? "complete" : "INCOMPLETE (stopped or crashed)");
  if (!damage.empty())
    fmt::print(
        "  DAMAGED by the interrupted write: {}; its checkpoint (cogov resume <output>.ckpt) "
        "rewrites the file\n",
        damage);
  fmt::print("  cogov {} ({}), seed {}, {} threads, host {}, created {}\n", get(a, "cogov_version"),
             get(a, "git_hash"), get(a, "seed"), get(a, "threads"), get(a, "host"),
             get(a, "created"));
  fmt::print("  scenario {}: {} netizens, {} steps of {} h; {} steps written\n",
             get(a, "scenario_file"), get(a, "netizens"), get(a, "steps"), get(a, "step_hours"),
             get(a, "steps_written"));
  if (!get(a, "description").empty() && get(a, "description") != "?")
    fmt::print("  {}\n", get(a, "description"));
  const auto& g = s.graph_attributes;
  fmt::print(
      "  graph: {} vertices, {} edges, mean degree {}, max degree {}, {} components (largest {}), "
      "clustering {}\n",
      get(g, "vertices"), get(g, "edges"), get(g, "mean_degree"), get(g, "max_degree"),
      get(g, "components"), get(g, "largest_component"), get(g, "average_clustering"));
  fmt::print("  wall time {} s\n", get(s.provenance, "wall_seconds"));
  fmt::print("series ({}):\n", s.series.size());
  for (const auto& ser : s.series) {
    std::string shape;
    for (auto d : ser.shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
    std::string last;
    for (std::size_t i = 0; i < ser.last.size() && i < 4; ++i)
      last += (i ? ", " : "") + fmt::format("{:.4g}", ser.last[i]);
    if (ser.last.size() > 4) last += ", ...";
    fmt::print("  {:<26} {:>10}  {:<9} last [{}]  {}\n", ser.name, shape, ser.units, last,
               ser.description);
  }
  if (!s.snapshots.empty()) {
    std::string list;
    for (const auto& n : s.snapshots) list += (list.empty() ? "" : ", ") + n;
    fmt::print("snapshots: {}\n", list);
  }
  return kExitOk;
}

}  // namespace cogov::cli
