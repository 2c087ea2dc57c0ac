// The only file that includes yaml-cpp: turns YAML text into the loader's tree (tree.hpp).
#include <yaml-cpp/yaml.h>

#include <unordered_map>

#include "tree.hpp"

namespace statecraft::detail {
namespace {

Mark mark_of(const YAML::Mark& m, const std::string& file) {
  if (m.is_null()) return Mark{file, 0, 0};
  return Mark{file, m.line + 1, m.column + 1};
}

struct Converter {
  const std::string& file;
  Diagnostics& diags;
  const ParseLimits& limits;
  std::size_t nodes = 0;
  bool aborted = false;

  NodePtr convert(const YAML::Node& y, int depth, const Mark& fallback) {
    if (aborted) return nullptr;
    if (++nodes > limits.max_nodes) {
      diags.add(mark_of(y.Mark(), file), "",
                "document expands to more than " + std::to_string(limits.max_nodes) +
                    " nodes, as an alias bomb does (expected a scenario of ordinary size)");
      aborted = true;
      return nullptr;
    }
    if (depth > limits.max_depth) {
      diags.add(mark_of(y.Mark(), file), "",
                "nesting deeper than " + std::to_string(limits.max_depth) +
                    " levels (expected a scenario of ordinary depth)");
      aborted = true;
      return nullptr;
    }
    auto n = std::make_shared<Node>();
    n->mark = mark_of(y.Mark(), file);
    if (n->mark.line == 0) n->mark = fallback;
    switch (y.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        n->kind = Node::Kind::Null;
        n->mark = fallback;  // yaml-cpp marks an empty value at the next token; the key is clearer
        break;
      case YAML::NodeType::Scalar:
        n->kind = Node::Kind::Scalar;
        n->scalar = y.Scalar();
        n->quoted = y.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        n->kind = Node::Kind::Seq;
        for (const auto& item : y) {
          auto c = convert(item, depth + 1, n->mark);
          if (!c) return nullptr;
          n->seq.push_back(std::move(c));
        }
        break;
      case YAML::NodeType::Map: {
        n->kind = Node::Kind::Map;
        std::unordered_map<std::string, int> first_line;
        for (auto it = y.begin(); it != y.end(); ++it) {
          Mark km = mark_of(it->first.Mark(), file);
          if (!it->first.IsScalar()) {
            diags.add(km, "", "a mapping key must be a plain word (expected a scalar key)");
            continue;
          }
          std::string key = it->first.Scalar();
          auto [pos, fresh] = first_line.emplace(key, km.line);
          if (!fresh) {
            diags.add(km, "", "duplicate key '" + key + "' (first defined at line " +
                                  std::to_string(pos->second) + ")");
            continue;
          }
          auto v = convert(it->second, depth + 1, km);
          if (!v) return nullptr;
          n->map.push_back(Entry{key, km, std::move(v)});
        }
        break;
      }
    }
    return n;
  }
};

}  // namespace

NodePtr parse_yaml(const std::string& text, const std::string& file, Diagnostics& diags,
                   const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    diags.add(Mark{file, 0, 0}, "",
              "file is " + std::to_string(text.size()) + " bytes (expected at most " +
                  std::to_string(limits.max_bytes) + "; raise it with --max-file-size)");
    return nullptr;
  }
  // yaml-cpp recurses once per nesting level while parsing: refuse pathological nesting before it does.
  {
    int depth = 0, worst = 0;
    for (char c : text) {
      if (c == '[' || c == '{') worst = std::max(worst, ++depth);
      else if ((c == ']' || c == '}') && depth > 0) --depth;
    }
    if (worst > limits.max_depth) {
      diags.add(Mark{file, 0, 0}, "",
                "flow nesting deeper than " + std::to_string(limits.max_depth) +
                    " levels (expected a scenario of ordinary depth)");
      return nullptr;
    }
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\0') {
      int line = 1, col = 1;
      for (std::size_t j = 0; j < i; ++j) {
        if (text[j] == '\n') { ++line; col = 1; } else { ++col; }
      }
      diags.add(Mark{file, line, col}, "", "binary data: a NUL byte (expected UTF-8 text)");
      return nullptr;
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags.add(mark_of(e.mark, file), "", e.msg + " (expected valid YAML)");
    return nullptr;
  }
  Converter conv{file, diags, limits};
  try {
    return conv.convert(root, 0, Mark{file, 1, 1});
  } catch (const YAML::Exception& e) {
    diags.add(mark_of(e.mark, file), "", e.msg + " (expected valid YAML)");
    return nullptr;
  }
}

}  // namespace statecraft::detail
