#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "cogov/core/error.hpp"
#include "cogov/graph/edge_list.hpp"

using namespace cogov;
using namespace cogov::graph;

namespace {

EdgeList parse(std::string_view text, std::uint32_t n = 10, int base = 0) {
  return parse_edge_list(text, "edges.txt", n, base);
}

std::string error_of(std::string_view text, std::uint32_t n = 10, int base = 0) {
  try {
    parse(text, n, base);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("edge list: accepts whitespace, commas, comments, CRLF and a missing final newline",
          "[graph][edge_list]") {
  LoadReport report;
  const EdgeList e =
      parse_edge_list("# header\n0 1\n1,2\n2 ,3 # note\n\n3\t4\r\n4 4\n5 6", "x", 10, 0, &report);
  REQUIRE(e.size() == 5);
  CHECK(e[0] == Edge{0, 1});
  CHECK(e[2] == Edge{2, 3});
  CHECK(e[4] == Edge{5, 6});
  CHECK(report.self_loops == 1);
  CHECK(report.lines == 8);
}

TEST_CASE("edge list: 1-based files are shifted to 0-based ids", "[graph][edge_list]") {
  const EdgeList e = parse("1 2\n10 3\n", 10, 1);
  CHECK(e[0] == Edge{0, 1});
  CHECK(e[1] == Edge{9, 2});
}

TEST_CASE("edge list: bad lines are refused with file:line and what is allowed",
          "[graph][edge_list]") {
  CHECK_THAT(error_of("0 1\n-1 2\n"),
             Catch::Contains("edges.txt:2:") && Catch::Contains("non-negative"));
  CHECK_THAT(error_of("0 1.5\n"), Catch::Contains("edges.txt:1:") && Catch::Contains("integers"));
  CHECK_THAT(error_of("0 1 2\n"), Catch::Contains("exactly two ids"));
  CHECK_THAT(error_of("0\n"), Catch::Contains("expected two ids"));
  CHECK_THAT(error_of("0 10\n"),
             Catch::Contains("edges.txt:1:") && Catch::Contains("outside the population"));
  CHECK_THAT(error_of("0 1\n", 10, 1), Catch::Contains("id 0 in a 1-based file"));
  CHECK_THAT(error_of("a b\n"), Catch::Contains("integers"));
  CHECK_THAT(error_of("99999999999999999999999 1\n"), Catch::Contains("too large"));
  CHECK_THAT(error_of(std::string("0 1\n\x01\xff\x7f junk\n", 12)),
             Catch::Contains("edges.txt:2:") && Catch::Contains("\\x01"));
  CHECK_THAT(error_of(""), Catch::Contains("no edges found"));
  CHECK_THAT(error_of("# only a comment\n\n"), Catch::Contains("no edges found"));
  CHECK_THAT(error_of("3 3\n"), Catch::Contains("no edges found"));
}

TEST_CASE("edge list: files round-trip through write and load", "[graph][edge_list]") {
  const auto dir = std::filesystem::temp_directory_path();
  const auto path = dir / "cogov-test-edges.txt";
  const Layer l = Layer::from_undirected(6, {{0, 1}, {1, 2}, {4, 5}});
  write_edge_list(l, path);
  const Layer back = Layer::from_undirected(6, load_edge_list(path, 6, 0));
  CHECK(back.undirected_edges() == 3);
  CHECK(back.has_edge(5, 4));
  std::filesystem::remove(path);
  CHECK_THROWS_AS(load_edge_list(dir / "cogov-no-such-file.txt", 6, 0), InputError);
}

TEST_CASE("edge list: only regular files are read (no device, FIFO or directory)",
          "[graph][edge_list]") {
  // /dev/zero was read until memory ran out, a FIFO blocked forever, a directory read as
  // empty: each is refused before a byte is read.
  const auto dir = std::filesystem::temp_directory_path() / "cogov-test-edge-special";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto fifo = dir / "pipe.txt";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(load_edge_list("/dev/zero", 6, 0),
                    Catch::Contains("is a character device: an edge list must be a regular file"));
  CHECK_THROWS_WITH(load_edge_list(fifo, 6, 0), Catch::Contains("is a FIFO"));
  CHECK_THROWS_WITH(load_edge_list(dir, 6, 0), Catch::Contains("is a directory"));
  std::filesystem::create_symlink(fifo, dir / "link.txt");
  CHECK_THROWS_WITH(load_edge_list(dir / "link.txt", 6, 0), Catch::Contains("regular file"));
  std::filesystem::remove_all(dir);
}
