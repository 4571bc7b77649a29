#include "options.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <typeinfo>

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
  if (!seed.empty()) {
    // Seeds are unsigned: "-5" is refused, not read as "no seed given".
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
    if (ec != std::errc{} || end != seed.data() + seed.size() || seed.front() == '-') {
      throw UsageError(fmt::format("--seed {}: a seed is an integer from 0 to {}", seed,
                                   std::numeric_limits<std::int64_t>::max()));
    }
    all.push_back(fmt::format("seed={}", seed));
  }
  io::Scenario s = io::load_scenario(file, all);
  print_warnings(s.warnings);
  return s;
}

namespace {

/// Program_options reads "-1" into an unsigned option as 4294967295 and "nan" or "inf" into a
/// double: every unsigned option refuses a sign and every number option a non-finite value,
/// here for all commands at once.
void check_numbers(const po::parsed_options& parsed, const po::variables_map& vm) {
  for (const po::option& o : parsed.options) {
    const auto it = vm.find(o.string_key);
    if (o.value.empty() || it == vm.end() || it->second.empty()) continue;
    const std::type_info& type = it->second.value().type();
    const std::string& text = o.value.back();
    const bool is_unsigned = type == typeid(unsigned) || type == typeid(unsigned long) ||
                             type == typeid(unsigned long long);
    if (is_unsigned && text.find('-') != std::string::npos)
      throw UsageError(fmt::format("--{} {}: must be a non-negative integer", o.string_key, text));
    if (type == typeid(double) && !std::isfinite(it->second.as<double>()))
      throw UsageError(fmt::format("--{} {}: must be a finite number", o.string_key, text));
  }
}

}  // namespace

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) fmt::print(stderr, "cogov: warning: {}\n", w);
}

bool parse(const Args& args, const po::options_description& desc,
           const po::positional_options_description& positional, po::variables_map& vm,
           const std::string& usage) {
  try {
    const po::parsed_options parsed =
        po::command_line_parser(args).options(desc).positional(positional).run();
    po::store(parsed, vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << desc << "\n";
      return false;
    }
    check_numbers(parsed, vm);
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
