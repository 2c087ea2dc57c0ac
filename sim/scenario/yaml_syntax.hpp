#pragma once
// yaml-cpp's syntax errors ("end of map not found", "bad file") turned into diagnostics that say where and what
// was expected: an unclosed bracket at the bracket, a tab in the indentation, a colon in a plain value, nesting
// past the parser's own depth.
#include <yaml-cpp/exceptions.h>

#include <optional>
#include <string>

#include "statecraft/scenario/error.hpp"
#include "yaml_lines.hpp"

namespace statecraft::detail {

/// Where the tree builder was when yaml-cpp stopped: what a syntax error's message names.
class ParsePosition {
 public:
  virtual ~ParsePosition() = default;
  /// Key path of the innermost place the parser is in.
  virtual std::string current_path() const = 0;
  /// The same, cut after its first levels when it is long: a path of something deeply nested is thousands of
  /// characters, and its first levels say where it is.
  virtual std::string short_path() const = 0;
  /// Where the innermost mapping or sequence still open begins; `fallback` when none is.
  virtual Mark innermost_open(const Mark& fallback) const = 0;
  /// Key path of the open collection that starts at `m`, if any.
  virtual std::optional<std::string> path_of_open(const Mark& m) const = 0;
};

/// Turns a yaml-cpp syntax error into a diagnostic that says what was expected.
void report_syntax(const YAML::Exception& e, const std::string& file, const YamlLines& lines,
                   const ParsePosition& b, Diagnostics& diags);

}  // namespace statecraft::detail
