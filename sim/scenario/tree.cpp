#include "tree.hpp"

#include <algorithm>

namespace statecraft::detail {

const Entry* Node::entry(const std::string& key) const {
  for (const auto& e : map)
    if (e.key == key) return &e;
  return nullptr;
}

const Node* Node::get(const std::string& key) const {
  const Entry* e = entry(key);
  return e ? e->value.get() : nullptr;
}

NodePtr clone(const Node& n, const std::string& variant, bool all_actors) {
  auto c = std::make_shared<Node>();
  c->kind = n.kind;
  c->scalar = n.scalar;
  c->quoted = n.quoted;
  c->mark = n.mark;
  c->variant = variant.empty() ? n.variant : variant;
  c->from_all_actors = n.from_all_actors || all_actors;
  c->dropped_keys = n.dropped_keys;
  for (const auto& e : n.map)
    c->map.push_back(Entry{e.key, e.key_mark, clone(*e.value, variant, all_actors)});
  for (const auto& s : n.seq) c->seq.push_back(clone(*s, variant, all_actors));
  return c;
}

void merge_into(Node& base, const Node& overlay, const std::vector<std::string>& append_keys) {
  for (const auto& oe : overlay.map) {
    auto it = std::find_if(base.map.begin(), base.map.end(),
                           [&](const Entry& e) { return e.key == oe.key; });
    if (it == base.map.end()) {
      base.map.push_back(Entry{oe.key, oe.key_mark, clone(*oe.value)});
      continue;
    }
    Node& bv = *it->value;
    const Node& ov = *oe.value;
    if (bv.is_map() && ov.is_map()) {
      merge_into(bv, ov, {});
    } else if (bv.is_seq() && ov.is_seq() &&
               std::find(append_keys.begin(), append_keys.end(), oe.key) != append_keys.end()) {
      for (const auto& s : ov.seq) bv.seq.push_back(clone(*s));
    } else {
      it->value = clone(ov);
      it->key_mark = oe.key_mark;
    }
  }
}

const char* kind_name(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Map: return "a mapping";
    case Node::Kind::Seq: return "a sequence";
    case Node::Kind::Scalar: return "a scalar";
    case Node::Kind::Null: return "nothing";
  }
  return "nothing";
}

}  // namespace statecraft::detail
