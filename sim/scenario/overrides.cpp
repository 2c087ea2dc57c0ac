// Values set from the command line (--param, --fit): written into the document before it is decoded.
#include <algorithm>
#include <charconv>

#include "compose.hpp"
#include "decoder.hpp"

namespace statecraft::detail {

void apply_overrides(Node& doc, const LoadOptions& opts, Diagnostics& diags) {
  const Mark at{"--param", 0, 0};
  auto number = [&](double v) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Scalar;
    char buf[40];
    auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
    n->scalar.assign(buf, res.ptr);
    n->mark = at;
    return n;
  };
  auto child_map = [&](Node& parent, const std::string& key) -> Node* {
    for (auto& e : parent.map)
      if (e.key == key) {
        if (!e.value->is_map()) return nullptr;
        return e.value.get();
      }
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Map;
    n->mark = at;
    parent.map.push_back(Entry{key, at, n});
    return n.get();
  };
  auto set = [&](Node& parent, const std::string& key, double v) {
    for (auto& e : parent.map)
      if (e.key == key) {
        e.value = number(v);
        return;
      }
    parent.map.push_back(Entry{key, at, number(v)});
  };
  if (!doc.is_map()) return;
  for (const auto& [path, value] : opts.overrides) {
    std::vector<std::string> parts;
    {
      std::string cur;
      for (char c : path) {
        if (c == '.') { parts.push_back(cur); cur.clear(); } else { cur += c; }
      }
      parts.push_back(cur);
    }
    const std::string expect = "parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD or policies.NAME.COEFFICIENT";
    if (parts.size() < 3) {
      diags.add(at, path, "is not a path to a value (expected " + expect + ")");
      continue;
    }
    if (parts[0] == "parameters") {
      if (parts.size() != 3 || !find_parameter(parts[1], parts[2])) {
        std::vector<std::string> all;
        for (const auto& p : parameter_table()) all.push_back("parameters." + std::string(p.group) + "." + std::string(p.key));
        std::string near = closest_match(path, all);
        diags.add(at, path, "unknown parameter" + (near.empty() ? std::string(" (expected parameters.GROUP.KEY as listed in docs/scenario-format.md)")
                                                                : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* g = child_map(doc, "parameters");
      if (g) g = child_map(*g, parts[1]);
      if (g) set(*g, parts[2], value);
    } else if (parts[0] == "actors") {
      const Node* actors = doc.get("actors");
      std::vector<std::string> ids;
      if (actors && actors->is_map())
        for (const auto& e : actors->map) ids.push_back(e.key);
      if (std::find(ids.begin(), ids.end(), parts[1]) == ids.end()) {
        std::string near = closest_match(parts[1], ids);
        diags.add(at, path, "unknown actor '" + parts[1] + "'" + (near.empty() ? " (expected one of: " + join(ids) + ")"
                                                                                : " (did you mean '" + near + "'?)"));
        continue;
      }
      std::string field = parts[2];
      for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
      const std::vector<std::string> fields = settable_names(PathKind::Actor);
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
        std::string near = closest_match(field, fields);
        diags.add(at, path, "unknown actor field '" + field + "'" + (near.empty() ? " (expected one of: " + join(fields) + ")"
                                                                                   : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* a = child_map(*child_map(doc, "actors"), parts[1]);
      if (a && parts.size() == 4) a = child_map(*a, parts[2]);
      if (a) set(*a, parts.back(), value);
    } else if (parts[0] == "relations") {
      const auto dash = parts[1].find('-');
      const Node* actors = doc.get("actors");
      auto known = [&](const std::string& id) { return actors && actors->is_map() && actors->get(id); };
      if (dash == std::string::npos || !known(parts[1].substr(0, dash)) || !known(parts[1].substr(dash + 1)) ||
          parts[1].substr(0, dash) == parts[1].substr(dash + 1)) {
        diags.add(at, path, "'" + parts[1] + "' is not a pair of this scenario (expected two different actor ids joined by '-')");
        continue;
      }
      const std::vector<std::string> fields = settable_names(PathKind::Pair);
      const bool directed = parts[2] == "trust" || parts[2] == "operations";
      if (std::find(fields.begin(), fields.end(), parts[2]) == fields.end() || (directed && parts.size() != 4) ||
          (!directed && parts.size() != 3)) {
        diags.add(at, path, "is not a relation value (expected relations.A-B.FIELD with FIELD one of: " + join(fields) +
                                "; trust and operations take the observer: relations.A-B.trust.A)");
        continue;
      }
      Node* pairs = child_map(*child_map(doc, "relations"), "pairs");
      if (!pairs) continue;
      const std::string a = parts[1].substr(0, dash), b = parts[1].substr(dash + 1);
      std::string key = parts[1];
      for (const auto& e : pairs->map)
        if (e.key == b + "-" + a) key = e.key;
      Node* p = child_map(*pairs, key);
      if (p && directed) p = child_map(*p, parts[2]);
      if (p) set(*p, parts.back(), value);
    } else if (parts[0] == "policies") {
      const bool preset = std::any_of(policy_presets().begin(), policy_presets().end(),
                                      [&](const Policy& p) { return p.name == parts[1]; });
      const auto& fields = policy_fields();
      if (parts.size() != 3 || std::none_of(fields.begin(), fields.end(), [&](const PolicyField& f) { return parts[2] == f.key; })) {
        std::vector<std::string> keys;
        for (const auto& f : fields) keys.emplace_back(f.key);
        diags.add(at, path, "is not a policy coefficient (expected policies.NAME.KEY with KEY one of: " + join(keys) + ")");
        continue;
      }
      if (preset) continue;  // the decoder applies it to the preset
      const Node* ps = doc.get("policies");
      if (!ps || !ps->is_map() || !ps->get(parts[1])) {
        std::vector<std::string> names;
        for (const auto& p : policy_presets()) names.push_back(p.name);
        if (ps && ps->is_map())
          for (const auto& e : ps->map) names.push_back(e.key);
        std::string near = closest_match(parts[1], names);
        diags.add(at, path, "unknown policy '" + parts[1] + "'" + (near.empty() ? " (expected one of: " + join(names) + ")"
                                                                                 : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* p = child_map(*child_map(doc, "policies"), parts[1]);
      if (p) set(*p, parts[2], value);
    } else {
      std::string near = closest_match(parts[0], {"parameters", "actors", "relations", "policies"});
      diags.add(at, path, "is not a path to a value" + (near.empty() ? " (expected " + expect + ")"
                                                                      : " (did you mean '" + near + "'?)"));
    }
  }
}

}  // namespace statecraft::detail
