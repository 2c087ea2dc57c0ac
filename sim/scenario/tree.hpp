#pragma once
// The loader's own document tree: YAML parsed into plain nodes that remember where they came from, so
// that `extends` and variant overlays can be merged and every later error still points at its line.
#include <memory>
#include <string>
#include <vector>

#include "statecraft/scenario/error.hpp"

namespace statecraft::detail {

struct Node;

struct Entry {
  std::string key;
  Mark key_mark;
  std::shared_ptr<Node> value;
};

struct Node {
  enum class Kind { Null, Scalar, Map, Seq } kind = Kind::Null;
  std::string scalar;
  bool quoted = false;            ///< a quoted scalar is always a string
  std::vector<Entry> map;         ///< in file order; duplicates are reported at parse time
  std::vector<std::shared_ptr<Node>> seq;
  Mark mark;
  std::string variant;            ///< non-empty when the node came from this variant's overlay
  bool from_all_actors = false;   ///< came from a variant's all_actors, merged into every actor
  std::size_t dropped_keys = 0;   ///< keys left out of `map` as duplicates (already reported)

  const Node* get(const std::string& key) const;
  const Entry* entry(const std::string& key) const;
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_null() const { return kind == Kind::Null; }
};

using NodePtr = std::shared_ptr<Node>;

/// Limits on what the parser accepts, checked before memory is spent.
struct ParseLimits {
  std::size_t max_bytes = 16u << 20;  ///< file size
  int max_depth = 64;                 ///< nesting of maps and sequences
  std::size_t max_nodes = 1u << 20;   ///< nodes after alias expansion
  /// How each is raised, for the refusal's advice (Limits::how_to_raise).
  std::string raise_bytes = "--max-file-size", raise_depth = "--max-nesting", raise_nodes = "--max-nodes";
};

/// Parses YAML text into a tree. Syntax errors, duplicate keys and limits go to `diags`; returns null when
/// the text cannot be parsed at all.
NodePtr parse_yaml(const std::string& text, const std::string& file, Diagnostics& diags,
                   const ParseLimits& limits = {});

/// Deep copy of a tree, tagging every node as coming from `variant` (when non-empty), and as coming from
/// all_actors when `all_actors` is set.
NodePtr clone(const Node& n, const std::string& variant = {}, bool all_actors = false);

/// Merges `overlay` into `base` (both maps): maps merge key by key, everything else is replaced, except
/// sequences under keys listed in `append_keys`, which are appended.
void merge_into(Node& base, const Node& overlay, const std::vector<std::string>& append_keys);

/// Human name of a node's kind: "a mapping", "a sequence", "a scalar", "nothing".
const char* kind_name(const Node& n);

}  // namespace statecraft::detail
