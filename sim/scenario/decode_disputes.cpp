// The `disputes:` section: parties, salience and sides.
#include "decoder.hpp"

#include <algorithm>

namespace statecraft::detail {

void Decoder::decode_disputes(const Node& root) {
  const Node* ds = root.get("disputes");
  if (!ds || !expect_map(*ds, "disputes", "a mapping of dispute ids to disputes")) return;
  for (const auto& e : ds->map) {
    std::string path = "disputes." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "a dispute: a mapping with parties and optionally name")) continue;
    check_keys(m, path, {"name", "parties"});
    Dispute d;
    d.id = e.key;
    d.name = e.key;
    if (const Node* nm = m.get("name"))
      if (auto v = parse_string(*nm, path + ".name")) d.name = *v;
    const Node* ps = m.get("parties");
    if (!ps) {
      missing(m, path, "parties", "a mapping of actor ids to salience");
      continue;
    }
    if (!expect_map(*ps, path + ".parties", "a mapping of actor ids to salience")) continue;
    std::vector<std::pair<const Entry*, std::string>> sides;  // party entry, side id as written
    for (const auto& pe : ps->map) {
      std::string pp = path + ".parties." + pe.key;
      int ai = actor_ref(pe.key_mark, *pe.value, pp, pe.key);
      DisputeParty party;
      party.actor = ai;
      party.side = ai;
      std::string side_id = pe.key;
      if (pe.value->is_map()) {
        check_keys(*pe.value, pp, {"salience", "side"});
        required_real(*pe.value, pp, "salience", kUnit, party.salience);
        if (const Node* s = pe.value->get("side"))
          if (auto v = parse_string(*s, pp + ".side")) side_id = *v;
      } else if (auto v = parse_double(*pe.value, pp, kUnit)) {
        party.salience = *v;
      }
      if (ai < 0) continue;
      sides.emplace_back(&pe, side_id);
      d.parties.push_back(party);
    }
    // Sides must name parties of the same dispute.
    std::set<int> distinct;
    for (std::size_t i = 0; i < d.parties.size(); ++i) {
      const auto& [pe, side_id] = sides[i];
      if (side_id == pe->key) {
        distinct.insert(d.parties[i].actor);
        continue;
      }
      const Node* sn = pe->value->get("side");
      std::vector<std::string> party_ids;
      for (const auto& x : ps->map) party_ids.push_back(x.key);
      if (std::find(party_ids.begin(), party_ids.end(), side_id) == party_ids.end()) {
        std::string near = closest_match(side_id, party_ids);
        err(*sn, path + ".parties." + pe->key + ".side",
            "'" + side_id + "' is not a party to this dispute" +
                (near.empty() ? " (expected one of: " + join(party_ids) + ")"
                              : " (did you mean '" + near + "'?)"));
        continue;
      }
      d.parties[i].side = sc_.actor_index(side_id);
      distinct.insert(d.parties[i].side);
    }
    if (d.parties.size() == sides.size() && ps->map.size() == d.parties.size() && distinct.size() < 2) {
      err(*ps, path + ".parties",
          std::string(d.parties.empty()       ? "has no parties"
                      : d.parties.size() == 1 ? "has a single party"
                                              : "has every party on one side") +
              " (expected parties on at least 2 sides: a dispute is between sides)");
    }
    sc_.disputes.push_back(std::move(d));
  }
}

}  // namespace statecraft::detail
