// Values set from the command line (--param, --fit) and LoadOptions::overrides: parsed with the path grammar
// and written into the document before it is decoded, where a scenario file would give them.
#include <algorithm>
#include <charconv>

#include "compose.hpp"
#include "decoder.hpp"

namespace statecraft::detail {
namespace {

/// Where an override comes from when the caller names no place: the sweep's flag.
const Mark kParamFlag{"--param", 0, 0};

/// The ids a path may name in a document not yet decoded: its keys.
PathNames document_names(const Node& doc) {
  PathNames names;
  auto keys = [&](const char* section, std::vector<std::string>& out) {
    if (const Node* n = doc.get(section); n && n->is_map())
      for (const auto& e : n->map) out.push_back(e.key);
  };
  keys("actors", names.actors);
  for (const auto& p : policy_presets()) names.policies.push_back(p.name);
  keys("policies", names.policies);
  keys("institutions", names.institutions);
  return names;
}

NodePtr scalar_node(std::string text, const Mark& at) {
  auto n = std::make_shared<Node>();
  n->kind = Node::Kind::Scalar;
  n->scalar = std::move(text);
  n->mark = at;  // a value out of range is reported where it was given
  return n;
}

NodePtr number_node(double v, const Mark& at) {
  char buf[40];
  auto res = std::to_chars(buf, buf + sizeof buf, v);  // the shortest text that reads back as exactly v
  return scalar_node(std::string(buf, res.ptr), at);
}

/// The mapping under `key`, made if there is none. A number where a mapping of `parts` is needed stands for each
/// part (transparency: 0.5 is both its strategic and operational parts; a directed relation's number is both
/// sides'), so it becomes that mapping. Null where something else is written, which the decoder reports.
Node* child_map(Node& parent, const std::string& key, const Mark& at, const std::vector<std::string>& parts = {}) {
  for (auto& e : parent.map) {
    if (e.key != key) continue;
    if (e.value->is_scalar() && !parts.empty()) {
      auto m = std::make_shared<Node>();
      m->kind = Node::Kind::Map;
      m->mark = e.value->mark;
      m->variant = e.value->variant;
      m->from_all_actors = e.value->from_all_actors;
      for (const auto& part : parts) m->map.push_back(Entry{part, e.value->mark, clone(*e.value)});
      e.value = m;
    }
    return e.value->is_map() ? e.value.get() : nullptr;
  }
  auto n = std::make_shared<Node>();
  n->kind = Node::Kind::Map;
  n->mark = at;
  parent.map.push_back(Entry{key, at, n});
  return n.get();
}

void set_node(Node& parent, const std::string& key, NodePtr value, const Mark& at) {
  for (auto& e : parent.map)
    if (e.key == key) {
      e.value = std::move(value);
      return;
    }
  parent.map.push_back(Entry{key, at, std::move(value)});
}

void set_number(Node& parent, const std::string& key, double v, const Mark& at) {
  set_node(parent, key, number_node(v, at), at);
}

/// The parts of an actor key written as KEY.PART (transparency: strategic, operational).
std::vector<std::string> actor_key_parts(const std::string& key) {
  std::vector<std::string> parts;
  for (const auto& f : actor_fields())
    if (f.desc.name.rfind(key + ".", 0) == 0) parts.push_back(f.desc.name.substr(key.size() + 1));
  return parts;
}

void write_actor_value(Node& doc, const ValuePath& p, const PathNames& names, double v, const Mark& at) {
  Node* actors = child_map(doc, "actors", at);
  Node* actor = actors ? child_map(*actors, names.actors[static_cast<std::size_t>(p.a)], at) : nullptr;
  if (!actor) return;
  const std::string name = field_name(p);
  const auto dot = name.find('.');
  if (dot == std::string::npos) return set_number(*actor, name, v, at);
  const std::string key = name.substr(0, dot);
  if (Node* parts = child_map(*actor, key, at, actor_key_parts(key))) set_number(*parts, name.substr(dot + 1), v, at);
}

void write_pair_value(Node& doc, const ValuePath& p, const PathNames& names, double v, const Mark& at) {
  Node* relations = child_map(doc, "relations", at);
  Node* pairs = relations ? child_map(*relations, "pairs", at) : nullptr;
  if (!pairs) return;
  // Under the key the file uses, A-B or B-A (a pair given both ways is an error of its own); else as written.
  const std::string written = p.path.substr(10, p.path.find('.', 10) - 10);  // relations.A-B.FIELD
  const std::string first = written.substr(0, written.find('-')), second = written.substr(written.find('-') + 1);
  std::string key = written;
  for (const auto& e : pairs->map)
    if (e.key == second + "-" + first) key = e.key;
  Node* pair = child_map(*pairs, key, at);
  if (!pair) return;
  const std::string name = field_name(p);
  if (!describe(p.pair_field).directed) return set_number(*pair, name, v, at);
  if (Node* sides = child_map(*pair, name, at, {first, second}))
    set_number(*sides, names.actors[static_cast<std::size_t>(p.a)], v, at);  // a is the observer
}

/// Writes `v` where a file gives the value at `p`, making the mappings on the way.
void write_value(Node& doc, const ValuePath& p, const PathNames& names, double v, const Mark& at) {
  auto under = [&](const char* section, const std::string& id) -> Node* {
    Node* s = child_map(doc, section, at);
    return s ? child_map(*s, id, at) : nullptr;
  };
  switch (p.kind) {
    case PathKind::Parameter: {
      const ParamDesc& d = parameter_table()[static_cast<std::size_t>(p.param)];
      Node* group = under("parameters", std::string(d.group));
      if (!group) return;
      // A switch is written as the file writes it; apply_overrides has checked that v is 0 or 1.
      if (is_switch(p)) set_node(*group, std::string(d.key), scalar_node(v != 0 ? "true" : "false", at), at);
      else set_number(*group, std::string(d.key), v, at);
      return;
    }
    case PathKind::Actor: return write_actor_value(doc, p, names, v, at);
    case PathKind::Pair: return write_pair_value(doc, p, names, v, at);
    case PathKind::Policy:
      if (Node* pol = under("policies", names.policies[static_cast<std::size_t>(p.policy)]))
        set_number(*pol, field_name(p), v, at);
      return;
    case PathKind::Institution:
      if (Node* inst = under("institutions", names.institutions[static_cast<std::size_t>(p.institution)]))
        set_number(*inst, field_name(p), v, at);
      return;
  }
}

}  // namespace

std::vector<PresetOverride> apply_overrides(Node& doc, const std::vector<std::pair<std::string, double>>& overrides,
                                            const std::vector<Mark>& marks, Diagnostics& diags) {
  std::vector<PresetOverride> presets;
  if (!doc.is_map()) return presets;
  const PathNames names = document_names(doc);
  const int preset_count = static_cast<int>(policy_presets().size());
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const auto& [text, value] = overrides[i];
    const Mark& at = i < marks.size() ? marks[i] : kParamFlag;
    std::vector<std::string> errors;
    const auto path = parse_value_path(text, names, PathUse::Override, errors);
    for (const std::string& e : errors) diags.add(at, text, e);
    if (!path) continue;
    if (is_switch(*path) && value != 0 && value != 1) {
      diags.add(at, text, number_node(value, at)->scalar + " is not a switch's value (expected true or false, or 1 or 0)");
      continue;
    }
    if (path->kind == PathKind::Policy && path->policy < preset_count) presets.push_back({*path, value, at});
    else write_value(doc, *path, names, value, at);
  }
  return presets;
}

std::vector<std::size_t> overrides_found_in(const Node& doc,
                                            const std::vector<std::pair<std::string, double>>& overrides) {
  std::vector<std::size_t> found;
  if (!doc.is_map()) return found;
  const PathNames names = document_names(doc);
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    std::vector<std::string> errors;
    if (parse_value_path(overrides[i].first, names, PathUse::Override, errors)) found.push_back(i);
  }
  return found;
}

}  // namespace statecraft::detail
