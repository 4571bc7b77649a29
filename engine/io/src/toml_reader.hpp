#pragma once
// Schema visitor that reads a merged TOML table into a Scenario, checking types and ranges,
// tracing every key it reads so that the rest are reported as unknown ("did you mean").

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cogov/core/spec.hpp"
#include "cogov/io/experiment.hpp"
#include "named_entries.hpp"

namespace cogov::io::detail {

using core::Option;
using core::Range;
using core::Spec;

/// Scenario and experiment files are at most this size (a larger one is not hand-written).
inline constexpr std::uint64_t kMaxConfigBytes = 16ull << 20;

/// The text of a scenario or experiment file (`what`: "scenario", "experiment"). Only a
/// regular file (symlinks followed) of at most kMaxConfigBytes is read; a directory, FIFO or
/// device is refused with ConfigError before any byte is read (opened non-blocking, so a
/// FIFO without a writer cannot hang).
std::string read_config_text(const std::filesystem::path& path, std::string_view what);

/// `s` as a TOML basic string, quotes and escapes included.
std::string toml_quoted(std::string_view s);
/// "file:line" of a node, or "--set key=value" for command-line overrides.
std::string where(const toml::node& node);
/// `s` cut to about `max` characters, ending "… (N characters)": keys and values echoed in
/// messages (a 1 MiB key must not fill the terminal).
std::string clipped(std::string_view s, std::size_t max = 80);
/// A node's value as it would appear in TOML, shortened.
std::string shown(const toml::node& node);
/// "a finite number >= 0": what a number key allows (inf and nan never are).
std::string finite_text(const Range& range);
/// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
/// "; did you mean 'x'?" for the closest of `names` (a near spelling, or a name that starts
/// with what was written), or "".
template <class Names>
std::string did_you_mean(std::string_view got, const Names& names) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& n : names) {
    const std::string_view name(n);
    const std::size_t d = edit_distance(got, name);
    if (d < best_d) best_d = d, best = std::string(name);
  }
  if (!best.empty() && best_d <= std::max<std::size_t>(2, got.size() / 3))
    return fmt::format("; did you mean '{}'?", best);
  for (const auto& n : names) {
    const std::string_view name(n);
    if (!got.empty() && name.substr(0, got.size()) == got)
      return fmt::format("; did you mean '{}'?", name);
  }
  return "";
}

/// A visitor that only collects the key names of a schema part (for "that key belongs to
/// another kind").
struct KeyNames {
  std::vector<std::string> keys;
  void section(std::string_view name, std::string_view, const std::function<void()>&) {
    keys.emplace_back(name);
  }
  template <class T>
  void value(std::string_view name, T&, const Spec&) {
    keys.emplace_back(name);
  }
  void path(std::string_view name, std::string&, const Spec&) { keys.emplace_back(name); }
  template <class E, class Options>
  void choice(std::string_view name, E&, const Options&, std::string_view) {
    keys.emplace_back(name);
  }
  void check(bool, std::string_view, const std::string&) {}
  void warn(bool, std::string_view, const std::string&) {}
  void check_here(bool, std::string_view, const std::string&) {}
  void check_pair(bool, std::string_view, std::string_view, const std::string&) {}
};

class TomlReader {
 public:
  TomlReader(const toml::table& root, std::vector<std::string>& errors)
      : root_(root), table_(&root), errors_(errors) {}

  void section(std::string_view name, std::string_view text, const std::function<void()>& body);
  void value(std::string_view name, bool& field, const Spec& spec);
  void value(std::string_view name, std::uint32_t& field, const Spec& spec);
  void value(std::string_view name, std::uint64_t& field, const Spec& spec);
  void value(std::string_view name, int& field, const Spec& spec);
  void value(std::string_view name, double& field, const Spec& spec);
  void value(std::string_view name, std::string& field, const Spec& spec);
  void value(std::string_view name, std::vector<double>& field, const Spec& spec);
  void value(std::string_view name, std::vector<std::string>& field, const Spec& spec);
  void value(std::string_view name, std::vector<std::int64_t>& field, const Spec& spec);
  void value(std::string_view name, std::vector<std::vector<double>>& field, const Spec& spec);
  template <std::size_t N>
  void value(std::string_view name, std::array<double, N>& field, const Spec& spec) {
    std::vector<double> v(field.begin(), field.end());
    if (const toml::node* node = lookup(name)) {
      if (read_numbers(*node, name, v, spec) && v.size() != N) {
        fail(*node, name, fmt::format("expected an array of {} numbers, got {}", N, v.size()));
        return;
      }
      std::copy(v.begin(), v.end(), field.begin());
    }
  }
  /// An array of numbers, strings or booleans, each kept as the TOML text a --set gives it
  /// (sweep values).
  void literals(std::string_view name, std::vector<SweepValue>& field);
  /// A file path: relative paths are taken relative to the file that set them.
  void path(std::string_view name, std::string& field, const Spec& spec);
  template <class E, class Options>
  void choice(std::string_view name, E& field, const Options& options, std::string_view) {
    const toml::node* node = lookup(name);
    if (!node) return;
    const auto* s = node->as_string();
    std::string allowed;
    std::vector<std::string_view> names;
    for (const auto& o : options) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(o.name);
      names.push_back(o.name);
    }
    if (s) {
      for (const auto& o : options) {
        if (o.name == s->get()) {
          field = o.value;
          return;
        }
      }
    }
    fail(*node, name,
         fmt::format("must be one of: {}{}", allowed,
                     s ? did_you_mean(s->get(), names) : std::string()));
  }
  void check(bool ok, std::string_view key, const std::string& message);
  /// check() of a rule that joins two keys (the message names both): reported at `key` when
  /// it is written, else at `other` (the one the user wrote is the one to look at).
  void check_pair(bool ok, std::string_view key, std::string_view other,
                  const std::string& message);
  /// Like check, for what a user may mean (a policy that starts after a shortened run
  /// ends): noted in `warnings`, not an error.
  void warn(bool ok, std::string_view key, const std::string& message);
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// check() for the key `name` of the table being read (e.g. a [[policy]] entry's section).
  void check_here(bool ok, std::string_view name, const std::string& message) {
    if (!ok) check(false, prefix_ + std::string(name), message);
  }
  bool clean() const { return errors_.empty(); }

  /// The tag of a [[policy]] entry: sets `spec` to the named kind's defaults, or reports a
  /// missing or unknown kind (and then does not report the entry's other keys).
  template <class Kinds>
  void kind(std::string_view name, typename Kinds::Spec& spec, Kinds, std::string_view) {
    const toml::node* node = lookup(name);
    kind_set_ = false;
    std::string allowed;
    for (auto k : Kinds::names) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    if (!node) {
      errors_.push_back(fmt::format("{}: {}{}: missing: each entry names its kind, one of: {}",
                                    table_ ? where(*table_) : std::string("<input>"), prefix_, name,
                                    allowed));
      return;
    }
    const auto* s = node->as_string();
    if (s && Kinds::emplace(spec, s->get())) {
      kind_set_ = true;
      return;
    }
    fail(*node, name,
         fmt::format("must be one of: {}{}", allowed,
                     s ? did_you_mean(s->get(), Kinds::names) : std::string()));
  }
  /// The keys of the kind `spec` holds; the other kinds' keys are remembered so that one
  /// written here is reported as belonging to them.
  template <class Kinds, class Body>
  void kind_keys(typename Kinds::Spec& spec, Kinds, Body&& body) {
    if (!kind_set_) {
      skip_unknown_ = true;  // the kind's own error says what is wrong
      return;
    }
    const std::string_view active = Kinds::name_of(spec);
    Kinds::for_each([&]<class Kind>() {
      if (Kind::name == active) return;
      KeyNames names;
      typename Kind::Config defaults{};
      Kind::visit(names, defaults);
      for (auto& key : names.keys) foreign_[key].emplace_back(Kind::name);
    });
    kind_name_ = std::string(active);
    Kinds::visit(spec, body);
  }

  /// An array of tables ([[name]] entries), each read with `body` into a default item.
  template <class T, class Body>
  void table_array(std::string_view name, std::string_view, std::vector<T>& items, Body&& body) {
    const toml::node* node = lookup(name);
    if (!node) return;
    const auto* arr = node->as_array();
    if (!arr || !(arr->empty() || arr->is_array_of_tables())) {
      fail(*node, name, fmt::format("must be a list of tables, written [[{}]]", name));
      return;
    }
    items.clear();
    for (std::size_t k = 0; k < arr->size(); ++k) {
      T item{};
      const toml::table* saved_table = std::exchange(table_, arr->get(k)->as_table());
      const std::string saved_prefix = prefix_;
      auto saved_known = std::exchange(known_, {});
      // Named entries are addressed by name (policy.<name>.key, as --set writes them).
      const toml::node* own = table_ ? table_->get("name") : nullptr;
      prefix_ += own && own->is_string()
                     ? fmt::format("{}.{}.", name, key_text(own->as_string()->get()))
                     : fmt::format("{}[{}].", name, k);
      body(item);
      report_unknown();
      table_ = saved_table;
      prefix_ = saved_prefix;
      known_ = std::move(saved_known);
      foreign_.clear();
      kind_name_.clear();
      skip_unknown_ = false;
      items.push_back(std::move(item));
    }
  }

  /// Reports keys of the current table that the schema did not read.
  void report_unknown();

 private:
  const toml::node* lookup(std::string_view name);
  /// "policy[2].end_day" as "policy.<its name>.end_day" (how --set addresses it).
  std::string by_name(std::string_view key) const;
  /// The reverse: "policy.<name>.key" as "policy[2].key" (to find its node).
  std::string by_position(std::string_view key) const;
  void fail(const toml::node& node, std::string_view name, const std::string& what);
  bool read_numbers(const toml::node& node, std::string_view name, std::vector<double>& out,
                    const Spec& spec);
  template <class Int>
  void read_integer(std::string_view name, Int& field, const Spec& spec);

  const toml::table& root_;
  const toml::table* table_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
  std::vector<std::string>& errors_;
  std::vector<std::string> warnings_;
  /// "file:line: key = value: message" for a check on `key` (a dotted path from the root).
  std::string located(std::string_view key, const std::string& message) const;
  // The [[policy]] entry being read: its kind, the other kinds' keys, whether its kind is set.
  bool kind_set_ = false, skip_unknown_ = false;
  std::string kind_name_;
  std::map<std::string, std::vector<std::string_view>, std::less<>> foreign_;
};

}  // namespace cogov::io::detail
