#pragma once
// [[policy]] and [[shock]] entries addressed by name, at the TOML level (before the schema
// reads them): default names, `extends` merging by name, `remove = [...]`, and
// `--set policy.<name>.<key>=value`. See docs/user-guide.md "Policies and shocks by name".
//
// Names: an entry's `name`, or its kind (policies) / "shock" (shocks), numbered _2, _3, ...
// when that is already taken. Explicit names are collected first, so an unnamed entry never
// takes a name that another entry writes.

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

namespace cogov::io::detail {

/// The two sections of named entries: "policy" and "shock".
inline constexpr std::string_view kNamedSections[] = {"policy", "shock"};

/// Moves the nodes of `over` into `base`, recursing into tables present in both. Moving
/// (not copying) keeps each node's source position for error messages.
void merge_tables(toml::table& base, toml::table&& over);

/// Writes a default `name` into every entry of root.policy and root.shock that has none
/// (a policy without a valid kind is left unnamed: the reader reports the kind).
void name_entries(toml::table& root);

/// The names of root[section]'s entries (after name_entries), in order.
std::vector<std::string> entry_names(const toml::table& root, std::string_view section);

/// `name` as a TOML key: bare if it can be, else quoted ("policy.\"a b\".start_day").
std::string key_text(std::string_view name);

/// Merges a child scenario into its (resolved, named) base: the child's `remove = [...]`
/// drops base entries ("policy.<name>", "shock.<name>", "policy.*"); a child entry whose
/// explicit name matches a base entry overrides that entry's keys; the others are appended.
/// Throws ConfigError for a removal that matches nothing.
void merge_named(toml::table& base, toml::table& child);

/// `--set` assignments that address an entry by name (`policy.<name>.<key> = v`, also
/// `shock.`) or remove entries (`remove = "policy.<name>"`): applies `parsed` to `root` and
/// returns true; false for any other assignment. Naming a policy that does not exist adds it
/// when the assignment gives its kind (`policy.<name>.kind = "..."`) or a whole inline table;
/// otherwise it is a ConfigError listing the names there are.
bool apply_named_set(toml::table& root, toml::table& parsed, const std::string& origin);

}  // namespace cogov::io::detail
