#include <catch2/catch.hpp>

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
