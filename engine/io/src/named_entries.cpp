#include "named_entries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cogov/core/error.hpp"
#include "toml_reader.hpp"

namespace cogov::io::detail {

namespace {

std::string_view name_of(const toml::node& entry) {
  const toml::table* t = entry.as_table();
  const toml::node* n = t ? t->get("name") : nullptr;
  return n && n->is_string() ? std::string_view(n->as_string()->get()) : std::string_view();
}

toml::array* entries(toml::table& root, std::string_view section) {
  toml::node* node = root.get(section);
  toml::array* arr = node ? node->as_array() : nullptr;
  return arr && (arr->empty() || arr->is_array_of_tables()) ? arr : nullptr;
}

std::string_view plural(std::string_view section) {
  return section == "policy" ? "policies" : "shocks";
}

std::string listed(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

/// Removes the entries `address` names ("policy.<name>", "shock.<name>", "policy.*") from
/// root; `where` and `what` place the removal in messages.
void remove_entries(toml::table& root, const toml::node& address, const std::string& where,
                    std::string_view what) {
  const auto* s = address.as_string();
  const std::string text = s ? s->get() : std::string();
  const auto dot = text.find('.');
  const std::string section = dot == std::string::npos ? text : text.substr(0, dot);
  std::string name = dot == std::string::npos ? std::string() : text.substr(dot + 1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
    name = name.substr(1, name.size() - 2);
  if (std::find(std::begin(kNamedSections), std::end(kNamedSections), section) ==
          std::end(kNamedSections) ||
      name.empty()) {
    throw ConfigError(
        {fmt::format("{}: remove = {}: expected \"policy.<name>\", "
                     "\"shock.<name>\", \"policy.*\" or \"shock.*\"",
                     where, shown(address))});
  }
  toml::array* arr = entries(root, section);
  const std::size_t before = arr ? arr->size() : 0;
  if (arr) {
    for (std::size_t k = arr->size(); k-- > 0;) {
      if (name == "*" || name_of(*arr->get(k)) == name) arr->erase(arr->begin() + k);
    }
  }
  if (name != "*" && (arr ? arr->size() : 0) == before) {
    const auto names = entry_names(root, section);
    throw ConfigError({fmt::format("{}: remove = \"{}\": {} has no {} named '{}'{} (its {}: {})",
                                   where, text, what, section, name, did_you_mean(name, names),
                                   plural(section), listed(names))});
  }
}

void remove_all(toml::table& root, const toml::node& remove, const std::string& where,
                std::string_view what) {
  if (const auto* list = remove.as_array()) {
    for (const auto& a : *list) remove_entries(root, a, where, what);
  } else {
    remove_entries(root, remove, where, what);
  }
}

}  // namespace

void merge_tables(toml::table& base, toml::table&& over) {
  for (auto&& [key, node] : over) {
    toml::node* old = base.get(key);
    if (old && old->is_table() && node.is_table()) {
      merge_tables(*old->as_table(), std::move(*node.as_table()));
    } else {
      base.insert_or_assign(key, std::move(node));
    }
  }
}

void name_entries(toml::table& root) {
  for (const std::string_view section : kNamedSections) {
    toml::array* arr = entries(root, section);
    if (!arr) continue;
    std::set<std::string, std::less<>> taken;
    for (const auto& e : *arr) taken.emplace(name_of(e));
    for (auto& e : *arr) {
      toml::table& entry = *e.as_table();
      if (entry.contains("name")) continue;
      std::string stem = "shock";
      if (section == "policy") {
        const toml::node* kind = entry.get("kind");
        if (!kind || !kind->is_string()) continue;
        stem = kind->as_string()->get();
      }
      std::string name = stem;
      for (int n = 2; taken.count(name); ++n) name = fmt::format("{}_{}", stem, n);
      taken.insert(name);
      entry.insert("name", name);
    }
  }
}

std::vector<std::string> entry_names(const toml::table& root, std::string_view section) {
  std::vector<std::string> names;
  const toml::node* node = root.get(section);
  if (const toml::array* arr = node ? node->as_array() : nullptr) {
    for (const auto& e : *arr) {
      if (const auto n = name_of(e); !n.empty()) names.emplace_back(n);
    }
  }
  return names;
}

std::string key_text(std::string_view name) {
  const bool bare = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(name) : toml_quoted(name);
}

void merge_named(toml::table& base, toml::table& child) {
  if (const toml::node* remove = child.get("remove")) {
    remove_all(base, *remove, where(*remove), "the base scenario");
    child.erase("remove");
  }
  for (const std::string_view section : kNamedSections) {
    toml::array* over = entries(child, section);
    if (!over) continue;
    toml::array* into = entries(base, section);
    if (!into) {
      base.insert_or_assign(section, toml::array{});
      into = base.get(section)->as_array();
    }
    for (auto& e : *over) {
      const std::string_view name = name_of(e);
      auto same = std::find_if(into->begin(), into->end(), [&](const toml::node& b) {
        return !name.empty() && name_of(b) == name;
      });
      if (same != into->end()) {
        merge_tables(*same->as_table(), std::move(*e.as_table()));
      } else {
        into->push_back(std::move(*e.as_table()));
      }
    }
    child.erase(section);
  }
}

bool apply_named_set(toml::table& root, toml::table& parsed, const std::string& origin) {
  if (const toml::node* remove = parsed.get("remove")) {
    remove_all(root, *remove, origin, "the scenario");
    return true;
  }
  for (const std::string_view section : kNamedSections) {
    toml::node* node = parsed.get(section);
    if (!node || !node->is_table()) continue;
    if (root.contains(section) && !entries(root, section)) return false;  // reader reports it
    if (!root.contains(section)) root.insert(section, toml::array{});
    toml::array& arr = *root.get(section)->as_array();
    for (auto&& [key, value] : *node->as_table()) {
      const std::string_view name = key.str();
      toml::table* sub = value.as_table();
      if (!sub) {
        throw ConfigError(
            {fmt::format("{}: {}.{} is a whole {}: set one of its keys ({}.{}.<key>=...) "
                         "or give a table ({}.{}={{...}})",
                         origin, section, key_text(name), section, section, key_text(name), section,
                         key_text(name))});
      }
      auto same = std::find_if(arr.begin(), arr.end(),
                               [&](const toml::node& b) { return name_of(b) == name; });
      if (same != arr.end()) {
        merge_tables(*same->as_table(), std::move(*sub));
        continue;
      }
      const bool adds = sub->is_inline() || (section == "policy" && sub->contains("kind"));
      if (!adds) {
        const auto names = entry_names(root, section);
        throw ConfigError({fmt::format(
            "{}: the scenario has no {} named '{}'{} (its {}: {}); to add one, {}", origin, section,
            name, did_you_mean(name, names), plural(section), listed(names),
            section == "policy" ? fmt::format("give its kind first: --set {}.{}.kind=campaign",
                                              section, key_text(name))
                                : fmt::format("give it as a table: --set '{}.{}={{start_day=10}}'",
                                              section, key_text(name)))});
      }
      toml::table entry = std::move(*sub);
      entry.is_inline(false);
      entry.insert_or_assign("name", std::string(name));
      arr.push_back(std::move(entry));
    }
    return true;
  }
  return false;
}

}  // namespace cogov::io::detail
