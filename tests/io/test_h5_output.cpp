#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

TEST_CASE("h5 output: series are appended row by row and read back exactly", "[io][hdf5]") {
  const auto dir = test::temp_dir("h5");
  const fs::path path = dir / "out.h5";
  {
    io::H5Output out(path, false);
    const std::vector<std::string> labels{"a", "b", "c"};
    out.define_dimension("abc", labels);
    const auto x = out.add_series({"x", "units", "a 1-D series", ""});
    const auto y = out.add_series({"y", "share", "a 2-D series", "abc"});
    for (int t = 0; t < 100; ++t) {
      out.append(x, t * 0.5);
      const double row[3] = {double(t), t + 0.25, t + 0.75};
      out.append(y, row);
      out.end_step(t, t * 1.0);
      if (t == 49) {
        out.flush();
        CHECK(fs::exists(dir / "out.h5.part"));  // written under a temporary name ...
        CHECK_FALSE(fs::exists(path));
      }
    }
    out.finish(true);
  }
  CHECK(fs::exists(path));  // ... renamed when finished
  CHECK_FALSE(fs::exists(dir / "out.h5.part"));
  const auto x = io::read_series(path, "x");
  REQUIRE(x.size() == 100);
  CHECK(x[99] == 49.5);
  const auto y = io::read_series(path, "y");
  REQUIRE(y.size() == 300);
  CHECK(y[3 * 99 + 2] == 99.75);
  const io::FileSummary s = io::read_summary(path);
  CHECK(s.attributes.at("complete") == "1");
  REQUIRE(s.series.size() == 2);
  CHECK(s.series[1].name == "y");
  CHECK(s.series[1].shape == std::vector<std::uint64_t>{100, 3});
  CHECK(s.series[1].units == "share");
}

TEST_CASE("h5 output: an existing file is kept unless overwriting is asked for", "[io][hdf5]") {
  const auto dir = test::temp_dir("h5-exists");
  const fs::path path = dir / "out.h5";
  { io::H5Output(path, false).finish(true); }
  CHECK_THROWS_WITH(io::H5Output(path, false),
                    Catch::Contains("output file exists") && Catch::Contains("--force"));
  CHECK_NOTHROW(io::H5Output(path, true).finish(false));
  CHECK(io::read_summary(path).attributes.at("complete") == "0");
}

TEST_CASE("h5 output: unwritable places and non-HDF5 files give clear errors", "[io][hdf5]") {
  CHECK_THROWS_AS(io::H5Output("/proc/cogov-cannot-write-here/out.h5", false), IoError);
  const auto dir = test::temp_dir("h5-bad");
  std::ofstream(dir / "not.h5") << "hello";
  CHECK_THROWS_WITH(io::read_summary(dir / "not.h5"), Catch::Contains("cannot open as HDF5"));
}

TEST_CASE("h5 output: a directory, FIFO or device is refused even when overwriting", "[io][hdf5]") {
  const auto dir = test::temp_dir("h5-special");
  fs::create_directories(dir / "folder");
  CHECK_THROWS_AS(io::check_output_path(dir / "folder", true), InputError);
  CHECK_THROWS_WITH(io::H5Output(dir / "folder", true), Catch::Contains("is a directory"));
  REQUIRE(mkfifo((dir / "fifo.h5").c_str(), 0644) == 0);
  CHECK_THROWS_WITH(io::H5Output(dir / "fifo.h5", true), Catch::Contains("not a regular file"));
  fs::create_symlink("/dev/null", dir / "null.h5");
  CHECK_THROWS_WITH(io::H5Output(dir / "null.h5", true), Catch::Contains("not a regular file"));
  CHECK(fs::is_symlink(dir / "null.h5"));
  fs::create_directories(dir / "x.h5.part");
  CHECK_THROWS_AS(io::H5Output(dir / "x.h5", true), InputError);
}

TEST_CASE("h5 output: a symlink left at <path>.part is replaced, not followed", "[io][hdf5]") {
  const auto dir = test::temp_dir("h5-part-link");
  std::ofstream(dir / "precious.txt") << "keep me";
  fs::create_symlink(dir / "precious.txt", dir / "out.h5.part");
  io::H5Output(dir / "out.h5", false).finish(true);
  std::ifstream in(dir / "precious.txt");
  std::string text;
  std::getline(in, text);
  CHECK(text == "keep me");
  CHECK(io::read_summary(dir / "out.h5").attributes.at("complete") == "1");
}

TEST_CASE("h5 output: series chunks carry checksums, so damage is an error when read",
          "[io][hdf5]") {
  const auto dir = test::temp_dir("h5-checksum");
  {
    io::H5Output out(dir / "out.h5", false);
    const auto x = out.add_series({"x", "units", "a series", ""});
    for (int t = 0; t < 10; ++t) {
      out.append(x, t * 1.0);
      out.end_step(t, t);
    }
    out.finish(true);
  }
  io::H5Handle f(H5Fopen((dir / "out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  io::H5Handle ds(H5Dopen2(f.get(), "/series/x", H5P_DEFAULT), H5Dclose);
  io::H5Handle plist(H5Dget_create_plist(ds.get()), H5Pclose);
  unsigned flags = 0;
  std::size_t n = 0;
  char name[32];
  CHECK(H5Pget_filter_by_id2(plist.get(), H5Z_FILTER_FLETCHER32, &flags, &n, nullptr, sizeof name,
                             name, nullptr) >= 0);
}
