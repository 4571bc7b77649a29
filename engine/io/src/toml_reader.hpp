#pragma once
// Schema visitor that reads a merged TOML table into a Scenario, checking types and ranges,
// tracing every key it reads so that the rest are reported as unknown ("did you mean").

#include <toml++/toml.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "spec.hpp"

namespace cogov::io::detail {

/// "file:line" of a node, or "--set key=value" for command-line overrides.
std::string where(const toml::node& node);
/// A node's value as it would appear in TOML, shortened.
std::string shown(const toml::node& node);
/// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

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
  /// A file path: relative paths are taken relative to the file that set them.
  void path(std::string_view name, std::string& field, const Spec& spec);
  template <class E, std::size_t N>
  void choice(std::string_view name, E& field, const Option<E> (&options)[N], std::string_view) {
    const toml::node* node = lookup(name);
    if (!node) return;
    const auto* s = node->as_string();
    std::string allowed;
    for (const auto& o : options) allowed += (allowed.empty() ? "" : ", ") + std::string(o.name);
    if (s) {
      for (const auto& o : options) {
        if (o.name == s->get()) {
          field = o.value;
          return;
        }
      }
    }
    fail(*node, name, fmt::format("must be one of: {}", allowed));
  }
  void check(bool ok, std::string_view key, const std::string& message);

  /// An array of tables ([[name]] entries), each read with `body` into a default item.
  template <class T, class Body>
  void table_array(std::string_view name, std::string_view, std::vector<T>& items, Body&& body) {
    const toml::node* node = lookup(name);
    if (!node) return;
    const auto* arr = node->as_array();
    if (!arr || !arr->is_array_of_tables()) {
      fail(*node, name, fmt::format("must be a list of tables, written [[{}]]", name));
      return;
    }
    items.clear();
    for (std::size_t k = 0; k < arr->size(); ++k) {
      T item{};
      const toml::table* saved_table = std::exchange(table_, arr->get(k)->as_table());
      const std::string saved_prefix = prefix_;
      auto saved_known = std::exchange(known_, {});
      prefix_ += fmt::format("{}[{}].", name, k);
      body(item);
      report_unknown();
      table_ = saved_table;
      prefix_ = saved_prefix;
      known_ = std::move(saved_known);
      items.push_back(std::move(item));
    }
  }

  /// Reports keys of the current table that the schema did not read.
  void report_unknown();

 private:
  const toml::node* lookup(std::string_view name);
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
};

}  // namespace cogov::io::detail
