#include "yaml_syntax.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace statecraft::detail {
namespace {

/// The first line at or before `line` whose indentation holds a tab, or 0.
Mark tab_in_indentation(const YamlLines& lines, const std::string& file, int up_to_line) {
  const std::string& t = lines.text();
  int last = std::min<int>(up_to_line, static_cast<int>(lines.count()));
  for (int l = 1; l <= last; ++l) {
    for (std::size_t i = lines.start(static_cast<std::size_t>(l)); i < t.size(); ++i) {
      if (t[i] == '\t') return lines.mark_at(file, i);
      if (t[i] != ' ') break;
    }
  }
  return Mark{};
}

/// Offsets of the '[' and '{' still open at `end` (a byte offset), skipping comments and quoted text.
std::vector<std::size_t> open_flows(const std::string& t, std::size_t end) {
  std::vector<std::size_t> stack;
  auto starts_token = [&](std::size_t i) {
    if (i == 0) return true;
    char p = t[i - 1];
    return p == ' ' || p == '\t' || p == '\n' || p == '[' || p == '{' || p == ',' || p == ':';
  };
  for (std::size_t i = 0; i < end && i < t.size(); ++i) {
    char c = t[i];
    if (c == '#' && starts_token(i)) {
      while (i < t.size() && t[i] != '\n') ++i;
    } else if ((c == '"' || c == '\'') && starts_token(i)) {
      for (++i; i < t.size(); ++i) {
        if (c == '"' && t[i] == '\\') { ++i; continue; }
        if (t[i] == c) break;
      }
    } else if (c == '[' || c == '{') {
      stack.push_back(i);
    } else if ((c == ']' || c == '}') && !stack.empty()) {
      stack.pop_back();
    }
  }
  return stack;
}

/// The innermost '[' or '{' (as `open` says) still open at `end`.
std::optional<std::size_t> unclosed_flow(const std::string& t, std::size_t end, char open) {
  auto stack = open_flows(t, end);
  for (auto it = stack.rbegin(); it != stack.rend(); ++it)
    if (t[*it] == open) return *it;
  return std::nullopt;
}

/// A plain value with ': ' in it inside { } or [ ] (`label: Crisis: the first`): YAML reads the value up to the
/// ': ' and then finds neither ',' nor the closing bracket. Reports that instead of an unclosed bracket, at the
/// value, with the quoted form to write; false when the error at `at` is not that.
bool unquoted_colon(const YamlLines& lines, const std::string& file, const YAML::Mark& at, const std::string& path,
                    Diagnostics& diags) {
  const std::string& t = lines.text();
  const std::size_t colon = lines.offset(at.line + 1, at.column + 1);
  if (colon >= t.size() || t[colon] != ':' || (colon + 1 < t.size() && t[colon + 1] != ' ' && t[colon + 1] != '\n'))
    return false;
  // The entry runs from the separator before it to the one after; its key ends at its first ': '.
  const std::size_t sep = t.find_last_of(",{[\n", colon);
  const std::size_t begin = sep == std::string::npos ? 0 : sep + 1;
  std::size_t end = t.find_first_of(",}]\n", colon);
  if (end == std::string::npos) end = t.size();
  auto trim = [&](std::size_t a, std::size_t z) {
    while (a < z && t[a] == ' ') ++a;
    while (z > a && t[z - 1] == ' ') --z;
    return std::make_pair(a, z);
  };
  const std::size_t key_end = t.find(": ", begin);
  if (key_end == std::string::npos || key_end >= colon) return false;
  const auto [ka, kz] = trim(begin, key_end);
  const auto [va, vz] = trim(key_end + 2, end);
  if (ka == kz || va >= colon || t[va] == '"' || t[va] == '\'') return false;
  const std::string key = t.substr(ka, kz - ka);
  std::string value = t.substr(va, vz - va);
  std::string quoted;
  for (char c : value) quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  diags.add(lines.mark_at(file, va), path.empty() ? key : path + "." + key,
            "the value '" + value + "' holds ': ', which ends a plain value inside { } or [ ] (expected it in " +
                "quotes: " + key + ": \"" + quoted + "\")");
  return true;
}

}  // namespace

void report_syntax(const YAML::Exception& e, const std::string& file, const YamlLines& lines,
                   const ParsePosition& b, Diagnostics& diags) {
  Mark at = lines.mark_of(file, e.mark);
  if (at.line == 0) at = Mark{file, static_cast<int>(lines.count()), 1};
  const std::string& msg = e.msg;
  if (Mark tab = tab_in_indentation(lines, file, at.line); tab.line > 0) {
    diags.add(tab, "", "a tab in the indentation (expected spaces: YAML does not allow tabs there)");
    return;
  }
  auto flow = [&](char open, char close, const char* what) {
    std::size_t end = lines.offset(e.mark.line + 1, e.mark.column + 1);
    if (auto o = unclosed_flow(lines.text(), end, open)) {
      Mark om = lines.mark_at(file, *o);
      diags.add(om, b.path_of_open(om).value_or(""),
                std::string("this '") + open + "' is never closed (expected '" + close +
                    "' to end the " + what + " before line " + std::to_string(at.line) + ", column " +
                    std::to_string(at.col) + ")");
    } else {
      diags.add(at, b.current_path(), std::string("the ") + what + " is not closed here (expected ',' or '" + close + "')");
    }
  };
  // yaml-cpp stops at a depth of its own (500 levels of its recursion), whatever --max-nesting allows; it says
  // only "bad file".
  if (dynamic_cast<const YAML::DeepRecursion*>(&e)) {
    // yaml-cpp's mark is where its scanner stopped, the end of a line of brackets: the innermost open node is
    // where the nesting went too deep.
    diags.add(b.innermost_open(at), b.short_path(),
              "nesting deeper than the YAML parser reads (expected fewer than about 500 levels, whatever "
              "--max-nesting allows)");
    return;
  }
  std::string path = b.current_path();
  if ((msg == YAML::ErrorMsg::END_OF_MAP_FLOW || msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) &&
      unquoted_colon(lines, file, e.mark, path, diags))
    return;
  if (msg == YAML::ErrorMsg::END_OF_MAP_FLOW) return flow('{', '}', "{ } mapping");
  if (msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) return flow('[', ']', "[ ] sequence");
  std::string text;
  if (msg == YAML::ErrorMsg::END_OF_MAP)
    text = "this line does not fit the mapping above it (expected keys of one mapping at the same "
           "indentation, and no '- ' items among them)";
  else if (msg == YAML::ErrorMsg::END_OF_SEQ)
    text = "this line does not fit the sequence above it (expected every item to start with '- ' at the "
           "same indentation)";
  else if (msg == YAML::ErrorMsg::MAP_VALUE)
    text = "unexpected ':' (expected one 'key: value' per line, the keys of a mapping indented alike; quote a "
           "value that contains ': ')";
  else if (msg == YAML::ErrorMsg::BLOCK_ENTRY)
    text = "unexpected '- ' item (expected sequence items on their own lines, indented under their key)";
  else if (msg == YAML::ErrorMsg::FLOW_END) {
    std::size_t end = lines.offset(e.mark.line + 1, e.mark.column + 1);
    const std::string& t = lines.text();
    char c = end < t.size() ? t[end] : ']';
    auto stack = open_flows(t, end);
    if (!stack.empty() && (c == ']' || c == '}')) {
      char open = t[stack.back()];
      Mark om = lines.mark_at(file, stack.back());
      text = std::string("this '") + c + "' does not match the '" + open + "' at line " + std::to_string(om.line) +
             ", column " + std::to_string(om.col) + " (expected '" + (open == '[' ? ']' : '}') + "' first)";
    } else {
      text = std::string("this '") + c + "' closes nothing (expected brackets in pairs; quote a value that contains ] or })";
    }
  }
  else if (msg == YAML::ErrorMsg::UNKNOWN_ANCHOR)
    text = "an alias to an anchor that is not defined (expected &NAME on an earlier node for each *NAME)";
  else if (msg.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0)
    text = msg + " (expected an escape such as \\n, \\t, \\\\ or \\\", or single quotes for text with backslashes)";
  else
    text = msg + " (expected valid YAML)";
  diags.add(at, path, text);
}

}  // namespace statecraft::detail
