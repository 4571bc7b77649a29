#include "toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "cogov/core/error.hpp"
#include "cogov/core/system.hpp"

namespace cogov::io::detail {

std::string read_config_text(const std::filesystem::path& path, std::string_view what) {
  using P = core::FileText::Problem;
  const std::string name = path.string();
  const std::string a_what = fmt::format("{} {}", what.starts_with('e') ? "an" : "a", what);
  core::FileText f = core::read_regular_file(path, kMaxConfigBytes);
  switch (f.problem) {
    case P::none:
      return std::move(f.text);
    case P::cannot_open:
      throw ConfigError({fmt::format("{}: cannot open {} file: {}", name, what, f.detail)});
    case P::not_regular:
      throw ConfigError(
          {fmt::format("{}: is {}: {} file must be a regular file", name, f.detail, a_what)});
    case P::too_large:
      throw ConfigError(
          {fmt::format("{}: is {:.1f} MiB: {} file may be at most {} MiB", name,
                       static_cast<double>(f.bytes) / (1 << 20), a_what, kMaxConfigBytes >> 20)});
    case P::cannot_read:
      break;
  }
  throw ConfigError({fmt::format("{}: cannot read {} file: {}", name, what, f.detail)});
}

std::string toml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string where(const toml::node& node) {
  const auto& src = node.source();
  std::string path = src.path ? *src.path : std::string("<input>");
  if (path.rfind("--set", 0) == 0) return clipped(path);
  return fmt::format("{}:{}", path, src.begin.line);
}

std::string clipped(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max - 1;
  // Do not split a UTF-8 sequence: back up to the start of the character.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("{}\u2026 ({} characters)", s.substr(0, cut), s.size());
}

std::string shown(const toml::node& node) {
  std::ostringstream os;
  node.visit([&](const auto& n) { os << n; });
  std::string s = os.str();
  std::replace(s.begin(), s.end(), '\n', ' ');
  return clipped(s);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

const toml::node* TomlReader::lookup(std::string_view name) {
  known_.emplace(name);
  return table_ ? table_->get(name) : nullptr;
}

void TomlReader::fail(const toml::node& node, std::string_view name, const std::string& what) {
  errors_.push_back(fmt::format("{}: {} = {}: {}", where(node),
                                clipped(prefix_ + std::string(name)), shown(node), what));
}

void TomlReader::section(std::string_view name, std::string_view,
                         const std::function<void()>& body) {
  const toml::node* node = lookup(name);
  const toml::table* table = nullptr;
  if (node) {
    table = node->as_table();
    if (!table) {
      fail(*node, name, fmt::format("must be a table ([{}{}])", prefix_, name));
      return;
    }
  }
  const toml::table* saved_table = std::exchange(table_, table);
  const std::string saved_prefix = prefix_;
  auto saved_known = std::exchange(known_, {});
  // A section of a [[policy]] entry (its trigger) has keys of its own, not of the kinds.
  auto saved_foreign = std::exchange(foreign_, {});
  prefix_ += std::string(name) + ".";
  body();
  report_unknown();
  table_ = saved_table;
  prefix_ = saved_prefix;
  known_ = std::move(saved_known);
  foreign_ = std::move(saved_foreign);
}

void TomlReader::report_unknown() {
  if (!table_ || skip_unknown_) return;
  for (const auto& [key, node] : *table_) {
    if (known_.count(key.str())) continue;
    std::string known_list;
    for (const auto& k : known_) known_list += (known_list.empty() ? "" : ", ") + k;
    const std::string scope =
        prefix_.empty() ? "the top level" : "[" + prefix_.substr(0, prefix_.size() - 1) + "]";
    if (const auto other = foreign_.find(key.str()); other != foreign_.end()) {
      std::string kinds;
      for (auto k : other->second) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
      errors_.push_back(fmt::format(
          "{}: {}: not a key of kind \"{}\" (it is a key of {}); keys allowed for {}: {}",
          where(node), clipped(prefix_ + std::string(key.str())), kind_name_, kinds, kind_name_,
          known_list));
      continue;
    }
    // A long key is no near spelling of a schema key (and comparing it would be slow).
    const std::string hint = key.str().size() <= 80 ? did_you_mean(key.str(), known_) : "";
    errors_.push_back(fmt::format("{}: {}: unknown key{} (keys allowed in {}: {})", where(node),
                                  clipped(prefix_ + std::string(key.str())), hint, scope,
                                  known_list));
  }
}

std::string TomlReader::by_name(std::string_view key) const {
  for (const std::string_view section : kNamedSections) {
    if (!key.starts_with(section) || key.size() <= section.size() || key[section.size()] != '[')
      continue;
    const auto close = key.find(']');
    const std::string index(key.substr(section.size() + 1, close - section.size() - 1));
    const toml::node* name = root_.at_path(fmt::format("{}[{}].name", section, index)).node();
    if (close == std::string_view::npos || !name || !name->is_string()) break;
    return fmt::format("{}.{}{}", section, key_text(name->as_string()->get()),
                       key.substr(close + 1));
  }
  return std::string(key);
}

std::string TomlReader::by_position(std::string_view key) const {
  for (const std::string_view section : kNamedSections) {
    if (!key.starts_with(section) || key.size() <= section.size() || key[section.size()] != '.')
      continue;
    const std::string_view rest = key.substr(section.size() + 1);
    const bool quoted = rest.starts_with('"');
    const std::size_t end = quoted ? rest.find('"', 1) + 1 : rest.find('.');
    const std::string_view name =
        quoted ? rest.substr(1, end - 2) : rest.substr(0, std::min(end, rest.size()));
    const toml::node* list = root_.get(section);
    const toml::array* arr = list ? list->as_array() : nullptr;
    for (std::size_t k = 0; arr && k < arr->size(); ++k) {
      const toml::table* entry = arr->get(k)->as_table();
      const toml::node* own = entry ? entry->get("name") : nullptr;
      if (own && own->is_string() && own->as_string()->get() == name) {
        return fmt::format("{}[{}]{}", section, k,
                           end >= rest.size() ? std::string_view() : rest.substr(end));
      }
    }
    break;
  }
  return std::string(key);
}

std::string TomlReader::located(std::string_view key, const std::string& message) const {
  // The key's own node, or else the nearest enclosing one that is written (a default value
  // has no line: point at its table).
  const std::string positional = by_position(key);
  std::string path = positional;
  const toml::node* node = nullptr;
  for (;;) {
    node = root_.at_path(path).node();
    if (node) break;
    const auto cut = path.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    path.resize(cut);
  }
  const std::string shown_key = clipped(by_name(key));
  if (node && path == positional)
    return fmt::format("{}: {} = {}: {}", where(*node), shown_key, shown(*node), message);
  if (node) return fmt::format("{}: {}: {}", where(*node), shown_key, message);
  return fmt::format("{}: {}", shown_key, message);
}

std::string finite_text(const Range& range) {
  const std::string bounds = range.text();
  return range.bounded_below() || range.bounded_above() ? "a finite number " + bounds
                                                        : std::string("a finite number");
}

void TomlReader::check(bool ok, std::string_view key, const std::string& message) {
  if (!ok) errors_.push_back(located(key, message));
}

void TomlReader::check_pair(bool ok, std::string_view key, std::string_view other,
                            const std::string& message) {
  if (ok) return;
  const bool written = root_.at_path(by_position(key)).node() != nullptr;
  check(false, written || root_.at_path(other).node() == nullptr ? key : other, message);
}

void TomlReader::warn(bool ok, std::string_view key, const std::string& message) {
  if (!ok) warnings_.push_back(located(key, message));
}

void TomlReader::value(std::string_view name, bool& field, const Spec&) {
  const toml::node* node = lookup(name);
  if (!node) return;
  if (const auto* b = node->as_boolean()) {
    field = b->get();
  } else {
    fail(*node, name, "expected true or false");
  }
}

template <class Int>
void TomlReader::read_integer(std::string_view name, Int& field, const Spec& spec) {
  const toml::node* node = lookup(name);
  if (!node) return;
  const auto* i = node->as_integer();
  if (!i) {
    fail(*node, name, fmt::format("expected an integer ({})", spec.range.text()));
    return;
  }
  const std::int64_t x = i->get();
  const bool fits = x >= static_cast<std::int64_t>(std::numeric_limits<Int>::min()) &&
                    static_cast<std::uint64_t>(std::max<std::int64_t>(x, 0)) <=
                        static_cast<std::uint64_t>(std::numeric_limits<Int>::max());
  if (!fits || !spec.range.contains(static_cast<double>(x))) {
    fail(*node, name, fmt::format("must be an integer {}", spec.range.text()));
    return;
  }
  field = static_cast<Int>(x);
}

void TomlReader::value(std::string_view name, std::uint32_t& field, const Spec& spec) {
  read_integer(name, field, spec);
}
void TomlReader::value(std::string_view name, std::uint64_t& field, const Spec& spec) {
  read_integer(name, field, spec);
}
void TomlReader::value(std::string_view name, int& field, const Spec& spec) {
  read_integer(name, field, spec);
}

void TomlReader::value(std::string_view name, double& field, const Spec& spec) {
  const toml::node* node = lookup(name);
  if (!node) return;
  const auto x = node->value<double>();
  if (!x || !(node->is_integer() || node->is_floating_point())) {
    fail(*node, name, fmt::format("expected a number ({})", spec.range.text()));
    return;
  }
  // One rule for every number: inf and nan are refused (a TOML file may write them, and
  // no key means anything by them: `per_100k = inf` would make one firm).
  if (!std::isfinite(*x) || !spec.range.contains(*x)) {
    fail(
        *node, name,
        fmt::format("must be {}", std::isfinite(*x) ? spec.range.text() : finite_text(spec.range)));
    return;
  }
  field = *x;
}

void TomlReader::value(std::string_view name, std::string& field, const Spec&) {
  const toml::node* node = lookup(name);
  if (!node) return;
  if (const auto* s = node->as_string()) {
    field = s->get();
  } else {
    fail(*node, name, "expected a string in quotes");
  }
}

void TomlReader::path(std::string_view name, std::string& field, const Spec& spec) {
  std::string raw;
  const toml::node* node = table_ ? table_->get(name) : nullptr;
  value(name, raw, spec);
  if (!node || !node->is_string() || raw.empty()) return;
  std::filesystem::path p(raw);
  const auto& src = node->source().path;
  if (p.is_relative() && src && src->rfind("--set", 0) != 0 && src->rfind('<', 0) != 0) {
    p = std::filesystem::path(*src).parent_path() / p;
  }
  field = p.lexically_normal().string();
}

bool TomlReader::read_numbers(const toml::node& node, std::string_view name,
                              std::vector<double>& out, const Spec& spec) {
  const auto* arr = node.as_array();
  if (!arr) {
    fail(node, name, "expected an array of numbers [a, b, ...]");
    return false;
  }
  std::vector<double> values;
  for (const auto& el : *arr) {
    const auto x = el.value<double>();
    if (!x || !(el.is_integer() || el.is_floating_point())) {
      fail(node, name, "expected an array of numbers [a, b, ...]");
      return false;
    }
    if (!std::isfinite(*x) || !spec.range.contains(*x)) {
      fail(node, name,
           fmt::format("element {} is out of range: each must be {}", *x,
                       std::isfinite(*x) ? spec.range.text() : finite_text(spec.range)));
      return false;
    }
    values.push_back(*x);
  }
  out = std::move(values);
  return true;
}

void TomlReader::value(std::string_view name, std::vector<double>& field, const Spec& spec) {
  if (const toml::node* node = lookup(name)) read_numbers(*node, name, field, spec);
}

void TomlReader::value(std::string_view name, std::vector<std::string>& field, const Spec&) {
  const toml::node* node = lookup(name);
  if (!node) return;
  const auto* arr = node->as_array();
  std::vector<std::string> out;
  if (arr) {
    for (const auto& el : *arr) {
      if (!el.is_string()) {
        arr = nullptr;
        break;
      }
      out.push_back(*el.value<std::string>());
    }
  }
  if (!arr) {
    fail(*node, name, "expected an array of strings [\"a\", \"b\"]");
    return;
  }
  field = std::move(out);
}

void TomlReader::literals(std::string_view name, std::vector<SweepValue>& field) {
  const toml::node* node = lookup(name);
  if (!node) return;
  const auto* arr = node->as_array();
  std::vector<SweepValue> out;
  for (std::size_t k = 0; arr && k < arr->size(); ++k) {
    const toml::node& el = *arr->get(k);
    if (const auto x = el.value<double>(); x && (el.is_integer() || el.is_floating_point())) {
      out.push_back({fmt::format("{}", *x), fmt::format("{}", *x)});
    } else if (const auto* str = el.as_string()) {
      out.push_back({toml_quoted(str->get()), str->get()});
    } else if (const auto* b = el.as_boolean()) {
      out.push_back({b->get() ? "true" : "false", b->get() ? "true" : "false"});
    } else {
      arr = nullptr;
    }
  }
  if (!arr) {
    fail(
        *node, name,
        "expected an array of numbers, strings or booleans, e.g. [30, 60] or [\"all\", \"urban\"]");
    return;
  }
  field = std::move(out);
}

void TomlReader::value(std::string_view name, std::vector<std::int64_t>& field, const Spec& spec) {
  const toml::node* node = lookup(name);
  if (!node) return;
  std::vector<double> values;
  if (!read_numbers(*node, name, values, spec)) return;
  std::vector<std::int64_t> ints;
  for (const auto& el : *node->as_array()) {
    if (!el.is_integer()) {
      fail(*node, name, "expected an array of integers");
      return;
    }
    ints.push_back(*el.value<std::int64_t>());
  }
  field = std::move(ints);
}

void TomlReader::value(std::string_view name, std::vector<std::vector<double>>& field,
                       const Spec& spec) {
  const toml::node* node = lookup(name);
  if (!node) return;
  const auto* arr = node->as_array();
  if (!arr) {
    fail(*node, name, "expected an array of arrays of numbers [[a, b], [c, d]]");
    return;
  }
  std::vector<std::vector<double>> rows;
  for (const auto& el : *arr) {
    std::vector<double> row;
    if (!read_numbers(el, name, row, spec)) return;
    rows.push_back(std::move(row));
  }
  field = std::move(rows);
}

}  // namespace cogov::io::detail
