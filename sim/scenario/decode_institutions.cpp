// The `institutions:` section.
#include "decoder.hpp"

#include <algorithm>

namespace statecraft::detail {

void Decoder::decode_institutions(const Node& root) {
  const Node* is = root.get("institutions");
  if (!is || !expect_map(*is, "institutions", "a mapping of institution ids to institutions")) return;
  const std::vector<std::string> kinds = {"dialogue", "cbm", "code_of_conduct", "community", "alliance"};
  for (const auto& e : is->map) {
    const std::string path = "institutions." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "an institution: a mapping with kind, members and strength")) continue;
    Institution inst;
    inst.id = e.key;
    inst.name = e.key;
    inst.mark = e.key_mark;
    bool ok = true;
    const Node* kn = m.get("kind");
    std::vector<std::string> keys = {"kind", "name", "members", "strength", "start", "end"};
    if (!kn) {
      missing(m, path, "kind", "one of: " + join(kinds));
      ok = false;
    } else if (auto k = parse_string(*kn, path + ".kind")) {
      auto it = std::find(kinds.begin(), kinds.end(), *k);
      if (it == kinds.end()) {
        std::string near = closest_match(*k, kinds);
        err(*kn, path + ".kind", "unknown institution kind '" + *k + "'" +
                                     (near.empty() ? " (expected one of: " + join(kinds) + ")"
                                                   : " (did you mean '" + near + "'?)"));
        ok = false;
      } else {
        inst.kind = static_cast<InstitutionKind>(it - kinds.begin());
        if (inst.kind == InstitutionKind::CodeOfConduct) keys.insert(keys.end(), {"dispute", "binding"});
        if (inst.kind == InstitutionKind::Community) keys.push_back("decision_rule");
      }
    } else {
      ok = false;
    }
    if (ok) check_keys(m, path, keys);
    if (const Node* nm = m.get("name"))
      if (auto v = parse_string(*nm, path + ".name")) inst.name = *v;
    if (const Node* mem = m.get("members")) {
      if (auto list = actor_list(*mem, path + ".members")) {
        inst.members = *list;
        if (inst.members.size() < 2) {
          err(*mem, path + ".members", "has " + std::to_string(inst.members.size()) + " member(s) (expected at least 2)");
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      missing(m, path, "members", "a list of at least 2 actor ids");
      ok = false;
    }
    if (required_real(m, path, "strength", kUnit, inst.strength) != Got::Ok) ok = false;
    const Range years = Range::closed(-5000, 10000, "a calendar year");
    const Got start = real(m, path, "start", years, inst.start);
    const Got end = real(m, path, "end", years, inst.end);
    if (start == Got::Bad || end == Got::Bad) ok = false;
    const bool have_start = start == Got::Ok, have_end = end == Got::Ok;
    if (have_start && have_end && inst.start >= inst.end) {
      err(*m.get("end"), path + ".end", "year " + format_number(inst.end) + " is not after start " + format_number(inst.start) +
                                          " (expected end > start)");
      ok = false;
    }
    if (ok && inst.kind == InstitutionKind::CodeOfConduct) {
      if (const Node* d = m.get("dispute")) {
        auto id = parse_string(*d, path + ".dispute");
        int found = -1;
        for (std::size_t k = 0; id && k < sc_.disputes.size(); ++k)
          if (sc_.disputes[k].id == *id) found = static_cast<int>(k);
        if (id && found < 0) {
          std::vector<std::string> ids;
          for (const auto& x : sc_.disputes) ids.push_back(x.id);
          std::string near = closest_match(*id, ids);
          err(*d, path + ".dispute", "unknown dispute '" + *id + "'" +
                                         (near.empty() ? (ids.empty() ? std::string(" (the scenario defines no disputes)")
                                                                      : " (expected one of: " + join(ids) + ")")
                                                       : " (did you mean '" + near + "'?)"));
          ok = false;
        }
        inst.dispute = found;
      } else {
        missing(m, path, "dispute", "the id of the dispute the code covers");
        ok = false;
      }
      if (const Node* b = m.get("binding")) {
        if (auto v = parse_bool(*b, path + ".binding")) inst.binding = *v; else ok = false;
      }
    }
    if (ok && inst.kind == InstitutionKind::Community) {
      if (const Node* r = m.get("decision_rule")) {
        if (r->is_scalar() && (r->scalar == "consensus" || r->scalar == "majority")) {
          inst.consensus = r->scalar == "consensus";
        } else {
          err(*r, path + ".decision_rule", "got " + kind_str(*r) + " (expected consensus or majority)");
          ok = false;
        }
      }
    }
    if (ok) sc_.institutions.push_back(std::move(inst));
    else failed_institutions_.insert(e.key);
  }
}

}  // namespace statecraft::detail
