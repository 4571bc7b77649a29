// Visitors that write the schema out: the resolved scenario (TOML with comments), the
// Markdown key reference and the JSON Schema. All three read the same table in schema.hpp.

#include <fmt/format.h>

#include <functional>
#include <vector>

#include "cogov/io/scenario.hpp"
#include "schema.hpp"
#include "toml_reader.hpp"

namespace cogov::io {

namespace {

using core::Option;
using core::Spec;
using detail::toml_quoted;

std::string repr(bool x) {
  return x ? "true" : "false";
}
// -0.0 prints as "-0", which TOML reads as the integer 0: write it as 0 so that the resolved
// text reads back to itself (found by fuzzing).
std::string repr(double x) {
  return fmt::format("{}", x == 0.0 ? 0.0 : x);
}
template <class Int>
requires std::is_integral_v<Int> std::string repr(Int x) {
  return fmt::format("{}", x);
}
std::string repr(const std::string& s) {
  return toml_quoted(s);
}
template <class T, std::size_t N>
std::string repr(const std::array<T, N>& xs);
template <class T>
std::string repr(const std::vector<T>& xs);
template <class Seq>
std::string repr_seq(const Seq& xs) {
  std::string out = "[";
  for (const auto& x : xs) out += (out.size() > 1 ? ", " : "") + repr(x);
  return out + "]";
}
template <class T, std::size_t N>
std::string repr(const std::array<T, N>& xs) {
  return repr_seq(xs);
}
template <class T>
std::string repr(const std::vector<T>& xs) {
  return repr_seq(xs);
}

std::string comment(const Spec& spec) {
  std::string c(spec.text);
  if (!spec.unit.empty()) c += fmt::format(" [{}]", spec.unit);
  if (spec.range.bounded_below() || spec.range.bounded_above()) c += "; " + spec.range.text();
  return c;
}

template <class Options>
std::string option_list(const Options& options, std::string_view sep, bool quote) {
  std::string out;
  for (const auto& o : options) {
    out +=
        (out.empty() ? "" : std::string(sep)) + (quote ? toml_quoted(o.name) : std::string(o.name));
  }
  return out;
}

template <class Names>
std::string names_of(const Names& names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <class E, class Options>
std::string_view option_name(const Options& options, E value) {
  for (const auto& o : options) {
    if (o.value == value) return o.name;
  }
  return "?";
}

class TomlWriter {
 public:
  std::string out;

  void section(std::string_view name, std::string_view text, const std::function<void()>& body) {
    const std::string saved = prefix_;
    prefix_ += std::string(name);
    out += fmt::format("\n[{}]  # {}\n", prefix_, text);
    prefix_ += ".";
    body();
    prefix_ = saved;
  }
  template <class T>
  void value(std::string_view name, const T& field, const Spec& spec) {
    line(name, repr(field), comment(spec));
  }
  void path(std::string_view name, const std::string& field, const Spec& spec) {
    value(name, field, spec);
  }
  template <class E, class Options>
  void choice(std::string_view name, E field, const Options& options, std::string_view text) {
    line(name, toml_quoted(option_name(options, field)),
         fmt::format("{}; one of: {}", text, option_list(options, ", ", false)));
  }
  void check(bool, std::string_view, const std::string&) {}
  void warn(bool, std::string_view, const std::string&) {}
  void check_here(bool, std::string_view, const std::string&) {}
  void check_pair(bool, std::string_view, std::string_view, const std::string&) {}
  bool clean() const { return true; }
  template <class Kinds>
  void kind(std::string_view name, const typename Kinds::Spec& spec, Kinds, std::string_view text) {
    line(name, toml_quoted(Kinds::name_of(spec)),
         fmt::format("{}; one of: {}", text, names_of(Kinds::names)));
  }
  template <class Kinds, class Body>
  void kind_keys(typename Kinds::Spec& spec, Kinds, Body&& body) {
    Kinds::visit(spec, body);
  }
  template <class T, class Body>
  void table_array(std::string_view name, std::string_view text, std::vector<T>& items,
                   Body&& body) {
    for (auto& item : items) entry(name, text, item, body);
    if (!items.empty()) return;
    // None: a commented template of each kind (what a student adds first), with defaults.
    const std::size_t start = out.size();
    out += fmt::format(
        "\n# No [[{}]] entries. To add one, copy a template below and "
        "uncomment it (values are the defaults).\n",
        name);
    if constexpr (std::is_same_v<T, model::PolicyConfig>) {
      model::PolicyKinds::for_each([&]<class Kind>() {
        T item = model::make_policy<Kind>();
        item.name = std::string(Kind::name);
        entry(name, Kind::summary, item, body);
      });
    } else {
      T item{};
      entry(name, text, item, body);
    }
    commented(start);
  }

 private:
  template <class T, class Body>
  void entry(std::string_view name, std::string_view text, T& item, Body&& body) {
    const std::string saved = prefix_;
    out += fmt::format("\n[[{}{}]]  # {}\n", prefix_, name, text);
    prefix_ += std::string(name) + ".";
    body(item);
    prefix_ = saved;
  }
  /// Comments out every line written since `start` (but the first, already a comment).
  void commented(std::size_t start) {
    std::string tail = out.substr(start), done;
    std::size_t pos = 0;
    while (pos < tail.size()) {
      const std::size_t nl = tail.find('\n', pos);
      const std::string l = tail.substr(pos, nl == std::string::npos ? nl : nl - pos);
      done += (l.empty() || l.starts_with("#")) ? l : "# " + l;
      if (nl == std::string::npos) break;
      done += "\n";
      pos = nl + 1;
    }
    out.resize(start);
    out += done;
  }
  void line(std::string_view name, const std::string& value, const std::string& note) {
    out += fmt::format("{:<40} # {}\n", fmt::format("{} = {}", name, value), note);
  }
  std::string prefix_;
};

class MarkdownWriter {
 public:
  std::string out = "## Top level\n";

  void section(std::string_view name, std::string_view text, const std::function<void()>& body) {
    const std::string saved = prefix_;
    prefix_ += std::string(name);
    out += fmt::format("\n## [{}]\n\n{}.\n", prefix_, text);
    header_pending_ = true;
    prefix_ += ".";
    body();
    prefix_ = saved;
  }
  template <class T>
  void value(std::string_view name, const T& field, const Spec& spec) {
    row(name, type_name(field), repr(field), spec.unit,
        spec.range.bounded_below() || spec.range.bounded_above() ? spec.range.text() : "",
        spec.text);
  }
  void path(std::string_view name, const std::string& field, const Spec& spec) {
    value(name, field, spec);
  }
  template <class E, class Options>
  void choice(std::string_view name, E field, const Options& options, std::string_view text) {
    row(name, "string", toml_quoted(option_name(options, field)), "",
        option_list(options, ", ", false), text);
  }
  void check(bool, std::string_view, const std::string&) {}
  void warn(bool, std::string_view, const std::string&) {}
  void check_here(bool, std::string_view, const std::string&) {}
  void check_pair(bool, std::string_view, std::string_view, const std::string&) {}
  bool clean() const { return true; }
  template <class Kinds>
  void kind(std::string_view name, const typename Kinds::Spec&, Kinds, std::string_view text) {
    row(name, "string", "(required)", "", names_of(Kinds::names), text);
  }
  /// Every kind's keys, a table each.
  template <class Kinds, class Body>
  void kind_keys(typename Kinds::Spec&, Kinds, Body&& body) {
    const std::string entry = prefix_.substr(0, prefix_.size() - 1);
    Kinds::for_each([&]<class Kind>() {
      out += fmt::format("\n### [[{}]] kind = \"{}\"\n\n{}. Keys of this kind only:\n", entry,
                         Kind::name, Kind::summary);
      header_pending_ = true;
      typename Kind::Config defaults{};
      body.template operator()<Kind>(defaults);
    });
  }
  template <class T, class Body>
  void table_array(std::string_view name, std::string_view text, std::vector<T>&, Body&& body) {
    const std::string saved = prefix_;
    prefix_ += std::string(name);
    out += fmt::format(
        "\n## [[{}]]\n\n{}. A scenario may hold any number of entries (none by default);\n"
        "each key below is per entry.\n",
        prefix_, text);
    header_pending_ = true;
    prefix_ += ".";
    T item{};
    body(item);
    prefix_ = saved;
  }

 private:
  static constexpr const char* kHeader =
      "| key | type | default | unit | allowed | meaning |\n|---|---|---|---|---|---|\n";
  bool header_pending_ = true;
  static std::string type_name(bool) { return "bool"; }
  static std::string type_name(double) { return "number"; }
  static std::string type_name(const std::string&) { return "string"; }
  template <class Int>
  requires std::is_integral_v<Int>
  static std::string type_name(Int) { return "integer"; }
  template <std::size_t N>
  static std::string type_name(const std::array<double, N>&) {
    return fmt::format("{} numbers", N);
  }
  static std::string type_name(const std::vector<double>&) { return "array of numbers"; }
  static std::string type_name(const std::vector<std::int64_t>&) { return "array of integers"; }
  static std::string type_name(const std::vector<std::vector<double>>&) { return "matrix"; }
  void row(std::string_view name, const std::string& type, const std::string& def,
           std::string_view unit, const std::string& allowed, std::string_view text) {
    if (header_pending_) {  // a section's table starts at its first key
      out += std::string("\n") + kHeader;
      header_pending_ = false;
    }
    out += fmt::format("| `{}{}` | {} | `{}` | {} | {} | {} |\n", prefix_, name, type, def, unit,
                       allowed, text);
  }
  std::string prefix_;
};

class JsonSchemaWriter {
 public:
  JsonSchemaWriter() { stack_.emplace_back(); }

  std::string finish(std::string_view title) {
    return fmt::format(
        "{{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": {},\n"
        "  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {{\n"
        "    \"extends\": {{\"type\": \"string\", \"description\": \"scenario file this one "
        "overrides\"}},\n{}\n  }}\n}}\n",
        toml_quoted(title), join(stack_.back(), ",\n"));
  }

  void section(std::string_view name, std::string_view text, const std::function<void()>& body) {
    stack_.emplace_back();
    body();
    std::vector<std::string> props = std::move(stack_.back());
    stack_.pop_back();
    add(name,
        fmt::format("{{\"type\": \"object\", \"description\": {}, \"additionalProperties\": false, "
                    "\"properties\": {{\n{}\n}}}}",
                    toml_quoted(text), join(props, ",\n")));
  }
  template <class T>
  void value(std::string_view name, const T& field, const Spec& spec) {
    add(name, fmt::format("{{{}, \"default\": {}, \"description\": {}}}", type_of(field, spec),
                          json(field), toml_quoted(describe(spec))));
  }
  void path(std::string_view name, const std::string& field, const Spec& spec) {
    value(name, field, spec);
  }
  template <class E, class Options>
  void choice(std::string_view name, E field, const Options& options, std::string_view text) {
    add(name, fmt::format("{{\"enum\": [{}], \"default\": {}, \"description\": {}}}",
                          option_list(options, ", ", true),
                          toml_quoted(option_name(options, field)), toml_quoted(text)));
  }
  void check(bool, std::string_view, const std::string&) {}
  void warn(bool, std::string_view, const std::string&) {}
  void check_here(bool, std::string_view, const std::string&) {}
  void check_pair(bool, std::string_view, std::string_view, const std::string&) {}
  bool clean() const { return true; }
  template <class Kinds>
  void kind(std::string_view name, const typename Kinds::Spec&, Kinds, std::string_view text) {
    add(name, fmt::format("{{\"enum\": [{}], \"description\": {}}}", quoted_names(Kinds::names),
                          toml_quoted(text)));
    required_ = std::string(name);
  }
  /// One branch per kind: its tag and its own keys (the entry's common keys stay outside).
  template <class Kinds, class Body>
  void kind_keys(typename Kinds::Spec&, Kinds, Body&& body) {
    Kinds::for_each([&]<class Kind>() {
      stack_.emplace_back();
      typename Kind::Config defaults{};
      body.template operator()<Kind>(defaults);
      std::vector<std::string> props = std::move(stack_.back());
      stack_.pop_back();
      props.insert(props.begin(), fmt::format("{}: {{\"const\": {}}}", toml_quoted(required_),
                                              toml_quoted(Kind::name)));
      one_of_.push_back(fmt::format("{{\"properties\": {{\n{}\n}}}}", join(props, ",\n")));
    });
  }
  template <class T, class Body>
  void table_array(std::string_view name, std::string_view text, std::vector<T>&, Body&& body) {
    stack_.emplace_back();
    T item{};
    body(item);
    std::vector<std::string> props = std::move(stack_.back());
    stack_.pop_back();
    if (one_of_.empty()) {
      add(name,
          fmt::format("{{\"type\": \"array\", \"description\": {}, \"items\": {{\"type\": "
                      "\"object\", \"additionalProperties\": false, \"properties\": {{\n{}\n}}}}}}",
                      toml_quoted(text), join(props, ",\n")));
      return;
    }
    // A tagged entry: the common keys, exactly one kind's branch, nothing else.
    add(name, fmt::format("{{\"type\": \"array\", \"description\": {}, \"items\": {{\"type\": "
                          "\"object\", \"required\": [{}], \"properties\": {{\n{}\n}}, "
                          "\"oneOf\": [\n{}\n], \"unevaluatedProperties\": false}}}}",
                          toml_quoted(text), toml_quoted(required_), join(props, ",\n"),
                          join(one_of_, ",\n")));
    one_of_.clear();
  }

 private:
  static std::string join(const std::vector<std::string>& xs, std::string_view sep) {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : std::string(sep)) + x;
    return out;
  }
  static std::string describe(const Spec& spec) {
    return spec.unit.empty() ? std::string(spec.text)
                             : fmt::format("{} [{}]", spec.text, spec.unit);
  }
  static std::string bounds(const Spec& spec) {
    std::string b;
    const auto& r = spec.range;
    if (r.bounded_below())
      b += fmt::format(", \"{}\": {}", r.lo_open ? "exclusiveMinimum" : "minimum", r.lo);
    if (r.bounded_above())
      b += fmt::format(", \"{}\": {}", r.hi_open ? "exclusiveMaximum" : "maximum", r.hi);
    return b;
  }
  static std::string type_of(bool, const Spec&) { return "\"type\": \"boolean\""; }
  static std::string type_of(const std::string&, const Spec&) { return "\"type\": \"string\""; }
  static std::string type_of(double, const Spec& s) { return "\"type\": \"number\"" + bounds(s); }
  template <class Int>
  requires std::is_integral_v<Int>
  static std::string type_of(Int, const Spec& s) { return "\"type\": \"integer\"" + bounds(s); }
  template <std::size_t N>
  static std::string type_of(const std::array<double, N>&, const Spec& s) {
    return fmt::format(
        "\"type\": \"array\", \"minItems\": {0}, \"maxItems\": {0}, \"items\": {{\"type\": "
        "\"number\"{1}}}",
        N, bounds(s));
  }
  static std::string type_of(const std::vector<double>&, const Spec& s) {
    return fmt::format("\"type\": \"array\", \"items\": {{\"type\": \"number\"{}}}", bounds(s));
  }
  static std::string type_of(const std::vector<std::int64_t>&, const Spec& s) {
    return fmt::format("\"type\": \"array\", \"items\": {{\"type\": \"integer\"{}}}", bounds(s));
  }
  static std::string type_of(const std::vector<std::vector<double>>&, const Spec& s) {
    return fmt::format(
        "\"type\": \"array\", \"items\": {{\"type\": \"array\", \"items\": {{\"type\": "
        "\"number\"{}}}}}",
        bounds(s));
  }
  template <class T>
  static std::string json(const T& x) {
    if constexpr (std::is_same_v<T, std::string>) {
      return toml_quoted(x);
    } else if constexpr (std::is_same_v<T, std::vector<std::vector<double>>>) {
      std::string out = "[";
      for (const auto& row : x) out += (out.size() > 1 ? ", " : "") + repr(row);
      return out + "]";
    } else {
      return repr(x);
    }
  }
  void add(std::string_view name, const std::string& body) {
    stack_.back().push_back(fmt::format("{}: {}", toml_quoted(name), body));
  }
  template <class Names>
  static std::string quoted_names(const Names& names) {
    std::string out;
    for (auto n : names) out += (out.empty() ? "" : ", ") + toml_quoted(n);
    return out;
  }
  std::vector<std::vector<std::string>> stack_;
  std::vector<std::string> one_of_;  ///< branches of the tagged entry being written
  std::string required_;             ///< its tag
};

}  // namespace

std::string resolved_toml(const Scenario& scenario) {
  Scenario copy = scenario;
  TomlWriter w;
  w.out = "# cogov scenario, fully resolved (every key, with defaults filled in)\n";
  detail::visit_scenario(w, copy);
  return w.out;
}

std::string scenario_reference_markdown() {
  Scenario defaults;
  MarkdownWriter w;
  detail::visit_scenario(w, defaults);
  return "# Scenario reference\n\n"
         "Generated by `cogov reference --markdown` from the schema in the engine; do not edit by\n"
         "hand (a test checks that this file matches the engine). Every key is optional: a key\n"
         "left out takes the default shown. A scenario may start with `extends = \"other.toml\"`\n"
         "(relative to the file) and override keys; `--set key=value` overrides on the command\n"
         "line. Rates (`*_rate`) are per day and become per-step probabilities\n"
         "p = 1 - exp(-rate * step_hours / 24); probabilities (`*_prob`) are per step.\n\n" +
         fmt::format(
             "Rules every scenario meets (checked by `validate`, `plan` and `run` alike):\n\n"
             "- a scenario (and each `extends` base) is a regular file of at most {} MiB;\n"
             "  a directory, FIFO or device is refused before it is read;\n"
             "- every number is finite: `inf`, `-inf` and `nan` are refused for every key;\n"
             "- `enterprise.per_100k` and `ngo.per_100k` times `population.netizens` / 100 000\n"
             "  give at most {:.0f} enterprises and {:.0f} NGOs;\n"
             "- the chosen generator fits the population: `barabasi_albert.m` and\n"
             "  `watts_strogatz.k` below `population.netizens`, a mean degree (erdos_renyi,\n"
             "  gnm, configuration) or the power-law `min_degree` at most netizens - 1;\n"
             "- with `graph.model = \"file\"` the edge list is read in full by `validate`\n"
             "  and `plan` too, and must be a regular file.\n\n",
             detail::kMaxConfigBytes >> 20, detail::kMaxOrganisations, detail::kMaxOrganisations) +
         w.out;
}

std::string scenario_json_schema() {
  Scenario defaults;
  JsonSchemaWriter w;
  detail::visit_scenario(w, defaults);
  return w.finish("cogov scenario");
}

}  // namespace cogov::io
