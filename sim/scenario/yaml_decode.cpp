// With yaml_syntax.cpp and yaml_emit.cpp the only files that include yaml-cpp: turns YAML text into the loader's
// tree (tree.hpp).
//
// It drives yaml-cpp's event parser rather than YAML::Load, so that it can
//  - stop at the nesting and size limits while parsing (before yaml-cpp's own recursion guard fires with
//    its unhelpful "bad file"), and count what aliases would expand to without expanding them;
//  - know the key path at every point, for duplicate keys and syntax errors;
//  - give every node a position, and report positions in characters (yaml-cpp counts bytes).
// Before parsing, the text is checked to be UTF-8 without NUL bytes or control characters; after a
// syntax error, yaml-cpp's terse message is turned into one that says what was expected (yaml_syntax.cpp).
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "tree.hpp"
#include "yaml_lines.hpp"
#include "yaml_syntax.hpp"

namespace statecraft::detail {
namespace {

/// Thrown by the builder to stop the parser once a limit is passed (already reported).
struct Abort {};

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

/// Reports the first byte that keeps the text from being UTF-8 text; returns whether there was none.
bool check_encoding(const std::string& text, const std::string& file, const YamlLines& lines,
                    Diagnostics& diags) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.size() >= 2 && ((u(0) == 0xFF && u(1) == 0xFE) || (u(0) == 0xFE && u(1) == 0xFF))) {
    diags.add(Mark{file, 1, 1}, "", "the file is UTF-16 text (expected UTF-8 text; convert it, e.g. with iconv -t utf-8)");
    return false;
  }
  // A NUL byte anywhere means a binary file, whatever comes before it.
  if (std::size_t nul = text.find('\0'); nul != std::string::npos) {
    diags.add(lines.mark_at(file, nul), "", "binary data: a NUL byte (expected UTF-8 text)");
    return false;
  }
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = u(i);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      diags.add(lines.mark_at(file, i), "",
                "binary data: control character " + hex_byte(c) + " (expected UTF-8 text)");
      return false;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Multi-byte sequence: lead byte, length, and the smallest code point it may encode.
    std::size_t len = 0;
    unsigned cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; min = 0x10000; }
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (u(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (u(i + k) & 0x3Fu);
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      diags.add(lines.mark_at(file, i), "",
                "byte " + hex_byte(c) +
                    " is not UTF-8 (expected UTF-8 text; if the file is Latin-1, convert it with iconv -f latin1 -t utf-8)");
      return false;
    }
    i += len;
  }
  return true;
}

/// Builds the tree from parser events, checking limits, duplicate keys and quoting as it goes.
class Builder : public YAML::EventHandler, public ParsePosition {
 public:
  Builder(const std::string& file, const YamlLines& lines, Diagnostics& diags, const ParseLimits& limits)
      : file_(file), lines_(lines), diags_(diags), limits_(limits) {}

  NodePtr root() const { return root_; }
  int documents() const { return documents_; }

  Mark innermost_open(const Mark& fallback) const override {
    return stack_.empty() ? fallback : stack_.back().node->mark;
  }

  std::string short_path() const override {
    std::string path = current_path();
    if (path.size() > 40) {
      std::size_t cut = path.find_last_of(".[", 40);
      path = path.substr(0, cut == std::string::npos || cut == 0 ? 40 : cut) + "...";
    }
    return path;
  }

  std::string current_path() const override {
    if (stack_.empty()) return {};
    const Frame& f = stack_.back();
    if (f.node->is_map() && !f.expecting_key && !f.key_bad) return child_path(f.path, f.key);
    return f.path;
  }

  std::optional<std::string> path_of_open(const Mark& m) const override {
    for (const auto& f : stack_)
      if (f.node->mark.line == m.line && f.node->mark.col == m.col) return f.path;
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark&) override { ++documents_; }
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Null;
    n->mark = lines_.mark_of(file_, m);
    place(n, anchor, /*is_null=*/true);
    count(n->mark, 1);
    complete(anchor, 1, 0);
  }

  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    Mark mark = lines_.mark_of(file_, m);
    if (it == anchors_.end() || !it->second.done) {
      diags_.add(mark, current_path(), "an alias to a node that contains it (expected an alias to a complete node)");
      throw Abort{};
    }
    const Anchored& a = it->second;
    count(mark, a.size, a.name.empty() ? "?" : a.name);
    if (depth() + a.height > limits_.max_depth) too_deep(mark);
    place(a.node, 0, false);
    complete(0, a.size, a.height);
  }

  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Scalar;
    n->scalar = value;
    n->quoted = tag == "!";
    n->mark = lines_.mark_of(file_, m);
    if (n->quoted) check_closed_quote(m, n->mark);
    count(n->mark, 1);
    place(n, anchor, false);
    complete(anchor, 1, 0);
  }

  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::Seq, m, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::Map, m, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    NodePtr node;
    std::string path;
    YAML::anchor_t anchor = 0;
    std::size_t size = 1;  ///< nodes in this subtree, aliases expanded
    int height = 0;
    // Maps only: the key read, waiting for its value.
    bool expecting_key = true;
    std::string key;
    Mark key_mark;
    bool key_bad = false;  ///< a duplicate or non-scalar key: its value is read and dropped
    int complex_key_depth = 0;
    std::unordered_map<std::string, int> first_line;
  };
  struct Anchored {
    NodePtr node;
    std::string name;
    std::size_t size = 1;
    int height = 0;
    bool done = false;
  };

  static std::string child_path(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }
  int depth() const { return static_cast<int>(stack_.size()); }

  void too_deep(const Mark& mark) {
    const std::string path = short_path();
    diags_.add(mark, path,
               "nesting deeper than " + std::to_string(limits_.max_depth) +
                   " levels (expected at most that; raise it with " + limits_.raise_depth + ")");
    throw Abort{};
  }

  /// Adds `n` nodes to the expanded size; `alias` names the alias that brings them, if one does.
  void count(const Mark& mark, std::size_t n, const std::string& alias = {}) {
    nodes_ += n;
    if (nodes_ <= limits_.max_nodes) return;
    const std::string limit = std::to_string(limits_.max_nodes);
    diags_.add(mark, current_path(),
               alias.empty()
                   ? "the document has more than " + limit + " nodes (expected at most that; raise it with " +
                         limits_.raise_nodes + ")"
                   : "alias '*" + alias + "' expands the document to more than " + limit +
                         " nodes, as an alias bomb does (expected at most that; raise it with " + limits_.raise_nodes +
                         ")");
    throw Abort{};
  }

  /// yaml-cpp 0.7 accepts a quoted scalar that runs to the end of the file: refuse it.
  void check_closed_quote(const YAML::Mark& ym, const Mark& mark) {
    const std::string& t = lines_.text();
    std::size_t i = lines_.offset(ym.line + 1, ym.column + 1);
    if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) return;  // a block scalar
    const char q = t[i];
    for (++i; i < t.size(); ++i) {
      if (q == '"' && t[i] == '\\') { ++i; continue; }
      if (t[i] == q) {
        if (q == '\'' && i + 1 < t.size() && t[i + 1] == '\'') { ++i; continue; }
        return;
      }
    }
    diags_.add(mark, current_path(),
               std::string("a quoted string that is never closed (expected a closing ") + q +
                   " before the end of the file)");
    throw Abort{};
  }

  /// yaml-cpp marks an empty sequence item (a lone '-') at the token after it: find the '-' before that.
  Mark empty_item_mark(const Mark& next, const Mark& seq) const {
    if (next.line == 0) return seq;
    const std::string& t = lines_.text();
    std::size_t i = std::min(t.size(), lines_.offset_of(next));
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n' || t[i - 1] == '\r')) --i;
    if (i > 0 && t[i - 1] == '-') return lines_.mark_at(file_, i - 1);
    return seq;
  }

  /// Whether `m` is at a null written out (~, null), not an empty value.
  bool written_null(const Mark& m) const {
    if (m.line == 0) return false;
    const std::string& t = lines_.text();
    std::size_t i = lines_.offset_of(m);
    for (const char* w : {"~", "null", "Null", "NULL"})
      if (t.compare(i, std::strlen(w), w) == 0) return true;
    return false;
  }

  /// Registers an anchor name for a node about to be built.
  void remember_anchor(const NodePtr& n, YAML::anchor_t anchor) {
    if (anchor == 0) return;
    anchors_[anchor] = Anchored{n, pending_anchor_name_, 1, 0, false};
  }

  /// Where `n` goes: the root, the next item of a sequence, a key or a value of a mapping.
  void place(const NodePtr& n, YAML::anchor_t anchor, bool is_null) {
    remember_anchor(n, anchor);
    if (stack_.empty()) {
      if (!root_) root_ = n;
      if (is_null && n->mark.line == 0) n->mark = Mark{file_, 1, 1};
      return;
    }
    Frame& f = stack_.back();
    if (f.complex_key_depth > 0) return;  // inside a key that is itself a collection
    if (f.node->is_seq()) {
      if (is_null) n->mark = empty_item_mark(n->mark, f.node->mark);
      f.node->seq.push_back(n);
      return;
    }
    if (f.expecting_key) {
      f.expecting_key = false;
      f.key_bad = false;
      f.key_mark = n->mark;
      if (!n->is_scalar() && !n->is_null()) {
        diags_.add(n->mark, f.path, "a mapping key must be a plain word (expected a scalar key)");
        f.key_bad = true;
        return;
      }
      f.key = n->scalar;
      auto [pos, fresh] = f.first_line.emplace(f.key, n->mark.line);
      if (!fresh) {
        diags_.add(n->mark, child_path(f.path, f.key),
                   "duplicate key '" + f.key + "', first given at line " + std::to_string(pos->second) +
                       " (expected each key once in a mapping)");
        f.key_bad = true;
        ++f.node->dropped_keys;
      }
      return;
    }
    f.expecting_key = true;
    // yaml-cpp marks an empty value at the next token: the key is clearer, unless null is written out.
    if (is_null && !written_null(n->mark)) n->mark = f.key_mark;
    if (!f.key_bad) f.node->map.push_back(Entry{f.key, f.key_mark, n});
  }

  /// Accounts for a finished node in its parent's totals and in its anchor.
  void complete(YAML::anchor_t anchor, std::size_t size, int height) {
    if (anchor != 0) {
      auto& a = anchors_[anchor];
      a.size = size;
      a.height = height;
      a.done = true;
    }
    if (!stack_.empty()) {
      Frame& f = stack_.back();
      f.size += size;
      f.height = std::max(f.height, height + 1);
    }
  }

  void open(Node::Kind kind, const YAML::Mark& m, YAML::anchor_t anchor) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->mark = lines_.mark_of(file_, m);
    count(n->mark, 1);
    if (depth() + 1 > limits_.max_depth) too_deep(n->mark);
    std::string path;
    if (!stack_.empty()) {
      const Frame& f = stack_.back();
      if (f.node->is_seq()) path = f.path + "[" + std::to_string(f.node->seq.size()) + "]";
      else if (!f.expecting_key) path = child_path(f.path, f.key);
      else path = f.path;
    }
    bool in_complex_key = !stack_.empty() && (stack_.back().complex_key_depth > 0 ||
                                              (stack_.back().node->is_map() && stack_.back().expecting_key));
    place(n, anchor, false);
    Frame f;
    f.node = n;
    f.path = std::move(path);
    f.anchor = anchor;
    if (in_complex_key) f.complex_key_depth = 1;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    complete(f.anchor, f.size, f.height);
  }

  const std::string& file_;
  const YamlLines& lines_;
  Diagnostics& diags_;
  const ParseLimits& limits_;
  std::vector<Frame> stack_;
  NodePtr root_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::string pending_anchor_name_;
  std::size_t nodes_ = 0;
  int documents_ = 0;
};

}  // namespace

NodePtr parse_yaml(const std::string& text_in, const std::string& file, Diagnostics& diags,
                   const ParseLimits& limits) {
  if (text_in.size() > limits.max_bytes) {
    diags.add(Mark{file, 1, 1}, "",
              "the file is larger than " + std::to_string(limits.max_bytes) +
                  " bytes (expected at most that; raise it with " + limits.raise_bytes + ")");
    return nullptr;
  }
  // A UTF-8 byte order mark is allowed and dropped, so that positions count from the first character.
  const std::string text =
      text_in.rfind("\xEF\xBB\xBF", 0) == 0 ? text_in.substr(3) : text_in;
  YamlLines lines(text);
  if (!check_encoding(text, file, lines, diags)) return nullptr;

  std::istringstream in(text);
  Builder b(file, lines, diags, limits);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(b) || !b.root()) {  // no document at all: only comments, or nothing
      auto empty = std::make_shared<Node>();
      empty->mark = Mark{file, 1, 1};
      return empty;
    }
    NodePtr root = b.root();
    struct Ignore : YAML::EventHandler {
      void OnDocumentStart(const YAML::Mark& m) override { mark = m; }
      void OnDocumentEnd() override {}
      void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
      void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
      void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
      void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnSequenceEnd() override {}
      void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnMapEnd() override {}
      YAML::Mark mark;
    } rest;
    if (parser.HandleNextDocument(rest)) {
      diags.add(lines.mark_of(file, rest.mark), "",
                "a second YAML document (expected one scenario per file; remove the '---' line)");
      return nullptr;
    }
    return root;
  } catch (const Abort&) {
    return nullptr;
  } catch (const YAML::Exception& e) {
    report_syntax(e, file, lines, b, diags);
    return nullptr;
  }
}

}  // namespace statecraft::detail
