#pragma once
// Option parsing shared by the subcommands (Boost.Program_Options).

#include <boost/program_options.hpp>

#include <string>
#include <vector>

#include "cogov/io/scenario.hpp"
#include "commands.hpp"

namespace cogov::cli {

namespace po = boost::program_options;

/// Options every scenario-reading command takes: the file, --set and --seed.
struct ScenarioOptions {
  std::string file;
  std::vector<std::string> sets;
  std::string seed;  ///< --seed as written (empty: not given); digits only
  void add_to(po::options_description& desc);
  /// Loads the scenario and prints its warnings (Scenario::warnings) to stderr.
  io::Scenario load() const;
};

/// "cogov: warning: ..." on stderr, one line each.
void print_warnings(const std::vector<std::string>& warnings);

/// Parses `args` against `desc` with `positional` names; prints help and returns false when
/// --help was given. Throws UsageError on bad options, on a sign given to an unsigned option
/// and on nan or inf given to a number option.
bool parse(const Args& args, const po::options_description& desc,
           const po::positional_options_description& positional, po::variables_map& vm,
           const std::string& usage);

/// Parses a command whose one input is a file (positional); returns false after --help.
/// Throws UsageError when the file is missing.
bool parse_one_file(const Args& args, const char* command, const char* what,
                    const std::string& usage, std::string& file);

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cogov::cli
