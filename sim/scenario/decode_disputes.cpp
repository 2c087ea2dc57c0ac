// The `disputes:` section: parties, salience and sides.
#include "decoder.hpp"

#include <algorithm>

#include "statecraft/scenario/sections.hpp"

namespace statecraft::detail {

void Decoder::decode_disputes(const Node& root) {
  const Node* ds = root.get("disputes");
  if (!ds || !expect_map(*ds, "disputes", "a mapping of dispute ids to disputes")) return;
  for (const auto& e : ds->map) {
    const std::string path = "disputes." + e.key;
    if (const std::string why = id_problem(e.key, "dispute", "events and codes of conduct"); !why.empty()) {
      err_key(e, path, why);
      failed_disputes_.insert(e.key);
      continue;
    }
    Dispute d;
    d.id = e.key;
    d.name = e.key;
    if (expect_map(*e.value, path, "a dispute: a mapping with parties and optionally name") &&
        decode_dispute(*e.value, path, d))
      sc_.disputes.push_back(std::move(d));
    else
      failed_disputes_.insert(e.key);
  }
}

std::optional<int> Decoder::find_dispute(const Node& node, const std::string& path) {
  const auto id = parse_string(node, path);
  if (!id) return std::nullopt;
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < sc_.disputes.size(); ++k) {
    if (sc_.disputes[k].id == *id) return static_cast<int>(k);
    ids.push_back(sc_.disputes[k].id);
  }
  if (failed_disputes_.count(*id)) return std::nullopt;  // its own problem is reported where it is defined
  const std::string near = closest_match(*id, ids);
  const std::string none = failed_disputes_.empty() ? " (the scenario defines no disputes)"
                                                    : " (the scenario defines no disputes but those refused above)";
  err(node, path, "unknown dispute '" + *id + "'" +
                      (!near.empty()   ? " (did you mean '" + near + "'?)"
                       : ids.empty() ? none
                                     : " (expected one of: " + join(ids) + ")"));
  return std::nullopt;
}

bool Decoder::decode_dispute(const Node& m, const std::string& path, Dispute& d) {
  check_keys(m, path, key_names(dispute_fields()));
  if (const Node* nm = m.get("name"))
    if (auto v = parse_string(*nm, path + ".name")) d.name = *v;
  const Node* ps = m.get("parties");
  if (!ps) {
    missing(m, path, "parties", "a mapping of actor ids to salience");
    return false;
  }
  if (!expect_map(*ps, path + ".parties", "a mapping of actor ids to salience")) return false;
  const std::vector<PartySide> sides = decode_dispute_parties(*ps, path, d);
  const std::set<int> distinct = place_dispute_sides(*ps, path, d, sides);
  if (ps->map.size() == d.parties.size() && distinct.size() < 2) {
    err(*ps, path + ".parties",
        std::string(d.parties.empty()       ? "has no parties"
                    : d.parties.size() == 1 ? "has a single party"
                                            : "has every party on one side") +
            " (expected parties on at least 2 sides: a dispute is between sides)");
  }
  return true;
}

std::vector<Decoder::PartySide> Decoder::decode_dispute_parties(const Node& ps, const std::string& path, Dispute& d) {
  std::vector<PartySide> sides;
  for (const auto& pe : ps.map) {
    std::string pp = path + ".parties." + pe.key;
    int ai = actor_ref(pe.key_mark, *pe.value, pp, pe.key);
    DisputeParty party;
    party.actor = ai;
    party.side = ai;
    std::string side_id = pe.key;
    if (pe.value->is_map()) {
      check_keys(*pe.value, pp, key_names(dispute_party_fields()));
      required_real(*pe.value, pp, "salience", kUnit, party.salience);
      if (const Node* s = pe.value->get("side"))
        if (auto v = parse_string(*s, pp + ".side")) side_id = *v;
    } else if (auto v = parse_double(*pe.value, pp, kUnit)) {
      party.salience = *v;
    }
    if (ai < 0) continue;
    sides.push_back(PartySide{&pe, side_id});
    d.parties.push_back(party);
  }
  return sides;
}

std::set<int> Decoder::place_dispute_sides(const Node& ps, const std::string& path, Dispute& d,
                                           const std::vector<PartySide>& sides) {
  // Sides must name parties of the same dispute.
  std::set<int> distinct;
  std::vector<std::string> party_ids;
  for (const auto& x : ps.map) party_ids.push_back(x.key);
  for (std::size_t i = 0; i < d.parties.size(); ++i) {
    const auto& [pe, side_id] = sides[i];
    if (side_id == pe->key) {
      distinct.insert(d.parties[i].actor);
      continue;
    }
    if (std::find(party_ids.begin(), party_ids.end(), side_id) == party_ids.end()) {
      std::string near = closest_match(side_id, party_ids);
      err(*pe->value->get("side"), path + ".parties." + pe->key + ".side",
          "'" + side_id + "' is not a party to this dispute" +
              (near.empty() ? " (expected one of: " + join(party_ids) + ")" : " (did you mean '" + near + "'?)"));
      continue;
    }
    d.parties[i].side = sc_.actor_index(side_id);
    distinct.insert(d.parties[i].side);
  }
  return distinct;
}

}  // namespace statecraft::detail
