// The `relations:` section: defaults and pairs, symmetric and directed keys.
#include "decoder.hpp"

#include <algorithm>

#include "statecraft/scenario/sections.hpp"

namespace statecraft::detail {

void Decoder::decode_pair_values(const Node& m, const std::string& path, int a, int b, bool is_default) {
  std::vector<std::string> keys;
  for (const auto& f : pair_fields()) keys.push_back(f.desc.name);
  check_keys(m, path, keys);
  for (const PairFieldDesc& f : pair_fields()) {
    const Node* node = m.get(f.desc.name);
    if (!node) continue;
    if (f.directed) {
      decode_directed_value(*node, sub(path, f.desc.name), f, a, b, is_default);
    } else if (auto v = parse_double(*node, sub(path, f.desc.name), f.desc.range)) {
      fill_pair_value(f, *v, a, b, is_default);
      if (!is_default) fill_pair_value(f, *v, b, a, false);
    }
  }
}

void Decoder::fill_pair_value(const PairFieldDesc& f, double v, int from, int to, bool every_pair) {
  Matrix& M = sc_.*f.matrix;
  if (!every_pair) {
    M(from, to) = v;
    return;
  }
  const int n = sc_.n();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (i != j) M(i, j) = v;
}

void Decoder::decode_directed_value(const Node& node, const std::string& kp, const PairFieldDesc& f, int a, int b,
                                    bool is_default) {
  const std::string& k = f.desc.name;
  if (node.is_map()) {
    if (is_default) {
      err(node, kp, "got a mapping (expected " + f.desc.range.expect() + ": defaults apply to every direction)");
      return;
    }
    const std::string& ida = sc_.actors[static_cast<std::size_t>(a)].id;
    const std::string& idb = sc_.actors[static_cast<std::size_t>(b)].id;
    for (const auto& oe : node.map) {
      if (oe.key == ida || oe.key == idb) continue;
      bool actor = sc_.actor_index(oe.key) >= 0;
      std::string near = actor ? std::string() : closest_match(oe.key, {ida, idb});
      err_key(oe, kp + "." + oe.key,
              (actor ? "'" + oe.key + "' is not in the pair " + ida + "-" + idb
                     : "unknown key '" + oe.key + "'") +
                  (near.empty() ? " (expected " + ida + " or " + idb + ": whose " + k + " it is)"
                                : " (did you mean '" + near + "'?)"));
    }
    if (const Node* x = node.get(ida))
      if (auto v = parse_double(*x, kp + "." + ida, f.desc.range)) fill_pair_value(f, *v, a, b, false);
    if (const Node* x = node.get(idb))
      if (auto v = parse_double(*x, kp + "." + idb, f.desc.range)) fill_pair_value(f, *v, b, a, false);
  } else if (!node.is_scalar() && !is_default) {
    const std::string& ida = sc_.actors[static_cast<std::size_t>(a)].id;
    const std::string& idb = sc_.actors[static_cast<std::size_t>(b)].id;
    err(node, kp, "got " + kind_str(node) + " (expected " + f.desc.range.expect() + " for both directions, or a mapping {" +
                      ida + ": ..., " + idb + ": ...} for each one's " + k + ")");
  } else if (auto v = parse_double(node, kp, f.desc.range)) {
    fill_pair_value(f, *v, a, b, is_default);
    if (!is_default) fill_pair_value(f, *v, b, a, false);
  }
}

void Decoder::decode_relations(const Node& root) {
  const int n = sc_.n();
  for (const PairFieldDesc& f : pair_fields()) {
    Matrix& M = sc_.*f.matrix;
    M.setConstant(n, n, f.builtin_default);
    M.diagonal().setZero();
  }
  const Node* r = root.get("relations");
  if (!r || !expect_map(*r, "relations", "a mapping with default and pairs")) return;
  check_keys(*r, "relations", key_names(relations_keys()));
  if (const Node* d = r->get("default")) {
    if (expect_map(*d, "relations.default", "a mapping of relation keys such as tension: 0.1")) {
      decode_pair_values(*d, "relations.default", -1, -1, true);
      if (n >= 2) check_dialogue_cap(*d, "relations.default", sc_.dialogue(0, 1), sc_.dialogue_cap(0, 1));
    }
  }
  const Node* ps = r->get("pairs");
  if (!ps || !expect_map(*ps, "relations.pairs", "a mapping of pairs such as USA-CHN to relations"))
    return;
  std::map<std::pair<int, int>, const Entry*> seen;
  for (const auto& e : ps->map) {
    std::string path = "relations.pairs." + e.key;
    auto pr = pair_ref(e.key_mark, *e.value, path, e.key);
    if (!pr) continue;
    auto key = std::minmax(pr->first, pr->second);
    auto [it, fresh] = seen.emplace(key, &e);
    if (!fresh) {
      err_key(e, path,
              "the pair is given twice, first as '" + it->second->key + "' at line " +
                  std::to_string(it->second->key_mark.line) + " (expected each pair once, in either order)");
      continue;
    }
    if (expect_map(*e.value, path, "a mapping of relation keys such as tension: 0.3")) {
      decode_pair_values(*e.value, path, pr->first, pr->second, false);
      check_dialogue_cap(*e.value, path, sc_.dialogue(pr->first, pr->second),
                         sc_.dialogue_cap(pr->first, pr->second));
    }
  }
}

void Decoder::check_dialogue_cap(const Node& m, const std::string& path, double d, double cap) {
  // Initial dialogue may not exceed the cap. Reported where one of the two is written (a variant's first).
  const Node* dn = m.get("dialogue");
  const Node* cn = m.get("dialogue_cap");
  if ((!dn && !cn) || d <= cap + 1e-12) return;
  bool at_cap = cn && (!dn || (!cn->variant.empty() && dn->variant.empty()));
  if (at_cap)
    err(*cn, path + ".dialogue_cap",
        format_number(cap) + " is below dialogue " + format_number(d) + " (expected dialogue_cap >= dialogue)");
  else
    err(*dn, path + ".dialogue",
        format_number(d) + " is above dialogue_cap " + format_number(cap) + " (expected dialogue <= dialogue_cap)");
}

}  // namespace statecraft::detail
