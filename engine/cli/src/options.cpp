#include "options.hpp"

#include <fmt/format.h>

#include <iostream>

namespace cogov::cli {

void ScenarioOptions::add_to(po::options_description& desc) {
  desc.add_options()("scenario", po::value(&file), "scenario file (TOML)")(
      "set", po::value(&sets)->composing(),
      "override a key: --set population.netizens=5000 (repeatable)")(
      "seed", po::value(&seed), "random seed (same as --set seed=S)");
}

io::Scenario ScenarioOptions::load() const {
  if (file.empty()) throw UsageError("missing scenario file");
  std::vector<std::string> all = sets;
  if (seed >= 0) all.push_back(fmt::format("seed={}", seed));
  io::Scenario s = io::load_scenario(file, all);
  print_warnings(s.warnings);
  return s;
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) fmt::print(stderr, "cogov: warning: {}\n", w);
}

bool parse(const Args& args, const po::options_description& desc,
           const po::positional_options_description& positional, po::variables_map& vm,
           const std::string& usage) {
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

}  // namespace cogov::cli

namespace cogov::cli {

bool parse_one_file(const Args& args, const char* command, const char* what,
                    const std::string& usage, std::string& file) {
  po::options_description desc(fmt::format("cogov {} options", command));
  desc.add_options()("help,h", "show this help")("file", po::value(&file), what);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, desc, pos, vm, usage)) return false;
  if (file.empty()) throw UsageError(fmt::format("missing {}", what));
  return true;
}

}  // namespace cogov::cli
