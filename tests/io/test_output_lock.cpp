#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cogov/core/error.hpp"
#include "cogov/io/output_lock.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string this_host() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

TEST_CASE("output lock: a second writer is refused naming the holder's pid and host",
          "[io][lock]") {
  const auto dir = test::temp_dir("lock-busy");
  const fs::path target = dir / "out.h5";
  io::OutputLock first = io::OutputLock::acquire(target, "output file");
  REQUIRE(first.held());
  CHECK(first.stale().empty());
  const std::string body = read_text(dir / "out.h5.lock");
  CHECK(body.rfind("pid " + std::to_string(getpid()) + "\n", 0) == 0);
  CHECK(body.find("host " + this_host()) != std::string::npos);
  CHECK(body.find("started ") != std::string::npos);
  // flock locks belong to the open file: a second acquire conflicts even in this process.
  CHECK_THROWS_AS(io::OutputLock::acquire(target, "output file"), InputError);
  CHECK_THROWS_WITH(io::OutputLock::acquire(target, "output file"),
                    Catch::Contains("pid " + std::to_string(getpid())) &&
                        Catch::Contains("host " + this_host()) &&
                        Catch::Contains("another cogov is writing"));
  CHECK(read_text(dir / "out.h5.lock") == body);  // the refusal leaves the holder's file alone
  first.release();
  CHECK_FALSE(fs::exists(dir / "out.h5.lock"));  // removed when the writer ends
  io::OutputLock again = io::OutputLock::acquire(target, "output file");
  CHECK(again.held());
}

TEST_CASE("output lock: a stale lock (its holder died) is taken over and reported", "[io][lock]") {
  const auto dir = test::temp_dir("lock-stale");
  std::ofstream(dir / "out.h5.lock")
      << "pid 999999999\nhost " << this_host()
      << "\nstarted 2026-01-01T00:00:00Z\nwhat output file\ncommand cogov run x\n";
  io::OutputLock lock = io::OutputLock::acquire(dir / "out.h5", "output file");
  CHECK(lock.held());
  CHECK_THAT(lock.stale(), Catch::Contains("pid 999999999") && Catch::Contains("cogov run x"));
  CHECK(read_text(dir / "out.h5.lock").rfind("pid " + std::to_string(getpid()), 0) == 0);
}

TEST_CASE("output lock: a file that only has the lock file's name is never truncated",
          "[io][lock]") {
  const auto dir = test::temp_dir("lock-foreign");
  std::ofstream(dir / "notes.lock") << "my notes\n";
  CHECK_THROWS_AS(io::OutputLock::acquire(dir / "notes", "output file"), InputError);
  CHECK(read_text(dir / "notes.lock") == "my notes\n");
  fs::create_symlink(dir / "notes.lock", dir / "link.lock");
  CHECK_THROWS_WITH(io::OutputLock::acquire(dir / "link", "output file"),
                    Catch::Contains("symbolic link"));
  CHECK(read_text(dir / "notes.lock") == "my notes\n");
}

TEST_CASE("output lock: an unwritable directory is an I/O error naming the path", "[io][lock]") {
  CHECK_THROWS_AS(io::OutputLock::acquire("/proc/cogov-no-such/out.h5", "output file"), IoError);
  CHECK_THROWS_WITH(io::OutputLock::acquire("/proc/out.h5", "output file"),
                    Catch::Contains("/proc/out.h5.lock") && Catch::Contains("writable"));
}

TEST_CASE("output lock: moving a lock keeps one holder and one release", "[io][lock]") {
  const auto dir = test::temp_dir("lock-move");
  io::OutputLock a = io::OutputLock::acquire(dir / "x", "output file");
  io::OutputLock b = std::move(a);
  CHECK_FALSE(a.held());
  CHECK(b.held());
  CHECK(fs::exists(dir / "x.lock"));
  a.release();  // a moved-from lock releases nothing
  CHECK(fs::exists(dir / "x.lock"));
}

TEST_CASE("output lock: directories it made are removed when left empty", "[io][lock]") {
  const auto dir = test::temp_dir("lock-dirs");
  {
    io::OutputLock lock = io::OutputLock::acquire(dir / "new/sub/out.h5", "output file");
    CHECK(fs::is_directory(dir / "new/sub"));
  }
  CHECK_FALSE(fs::exists(dir / "new"));  // a refused writer leaves no empty directory
  {
    io::OutputLock lock = io::OutputLock::acquire(dir / "kept/out.h5", "output file");
    std::ofstream(dir / "kept/out.h5") << "written";
  }
  CHECK(fs::exists(dir / "kept/out.h5"));
}
