// The `events:` section: when each applies, and the keys of each type.
#include "decoder.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft::detail {

std::optional<int> Decoder::decode_when(const Node& ev, const std::string& path) {
  const Node* at = ev.get("at");
  const Node* st = ev.get("step");
  const int steps = file_steps_;
  double last_year = sc_.year_of(steps - 1);
  if (at && st) {
    err(*st, path + ".step", "both at and step given (expected one of them)");
    return std::nullopt;
  }
  if (st) {
    auto v = parse_int(*st, path + ".step", 0, std::max(0, steps - 1));
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
  }
  const std::string years = "a year from " + format_number(sc_.start_year) + " to " + format_number(last_year);
  if (!at) {
    missing(ev, path, "at",
            "at: " + years + ", or step: a step from 0 to " + std::to_string(std::max(0, steps - 1)));
    return std::nullopt;
  }
  Range r;
  r.text = years;
  auto y = parse_double(*at, path + ".at", r);
  if (!y) return std::nullopt;
  double k = (*y - sc_.start_year) / sc_.dt;
  double kr = std::round(k);
  if (k < -1e-9 || kr > steps - 1 + 1e-9) {
    err(*at, path + ".at", "year " + format_number(*y) + " is outside the run (expected " + years + ")");
    return std::nullopt;
  }
  if (std::abs(k - kr) > 1e-6) {
    double before = sc_.year_of(static_cast<int>(std::floor(k)));
    double after = sc_.year_of(static_cast<int>(std::floor(k)) + 1);
    std::string choice = after > last_year + 1e-9 ? format_number(before) : format_number(before) + " or " + format_number(after);
    err(*at, path + ".at", "year " + format_number(*y) + " falls between steps (expected a year on a step of dt = " +
                               format_number(sc_.dt) + " from " + format_number(sc_.start_year) + ", such as " + choice + ")");
    return std::nullopt;
  }
  return static_cast<int>(kr);
}

std::optional<SetTarget> Decoder::decode_set_path(const Node& n, const std::string& path, Range& range) {
  auto text = parse_string(n, path);
  if (!text) return std::nullopt;
  SetTarget t;
  t.path = *text;
  std::vector<std::string> parts;
  {
    std::string cur;
    for (char c : *text) {
      if (c == '.') { parts.push_back(cur); cur.clear(); } else { cur += c; }
    }
    parts.push_back(cur);
  }
  const std::string expect =
      "parameters.GROUP.KEY, actors.ID.FIELD or relations.A-B.FIELD";
  if (parts.size() < 3) {
    err(n, path, "'" + *text + "' is not a settable path (expected " + expect + ")");
    return std::nullopt;
  }
  if (parts[0] == "parameters") {
    const ParamDesc* d = parts.size() == 3 ? find_parameter(parts[1], parts[2]) : nullptr;
    if (!d) {
      std::vector<std::string> all;
      for (const auto& p : parameter_table()) all.push_back("parameters." + std::string(p.group) + "." + std::string(p.key));
      std::string near = closest_match(*text, all);
      err(n, path, "unknown parameter '" + *text + "'" +
                       (near.empty() ? " (expected parameters.GROUP.KEY as listed in docs/scenario-format.md)"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    t.kind = SetTarget::Kind::Parameter;
    t.param = static_cast<int>(d - parameter_table().data());
    range = Range::closed(d->lo, d->hi);
    return t;
  }
  if (parts[0] == "actors") {
    int a = actor_ref(n, path, parts[1]);
    if (a < 0) return std::nullopt;
    std::string field = parts[2];
    for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
    const std::vector<std::string> fields = settable_names(PathKind::Actor);
    auto it = std::find(fields.begin(), fields.end(), field);
    if (it == fields.end()) {
      std::string near = closest_match(field, fields);
      err(n, path, "unknown actor field '" + field + "'" +
                       (near.empty() ? " (expected one of: " + join(fields) + ")"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    t.kind = SetTarget::Kind::Actor;
    t.a = a;
    t.actor_field = static_cast<ActorField>(it - fields.begin());
    range = describe(t.actor_field).desc.range;
    return t;
  }
  if (parts[0] == "relations") {
    auto pr = pair_ref(n, path, parts[1]);
    if (!pr) return std::nullopt;
    const std::vector<std::string> fields = settable_names(PathKind::Pair);
    auto it = std::find(fields.begin(), fields.end(), parts[2]);
    if (it == fields.end()) {
      std::string near = closest_match(parts[2], fields);
      err(n, path, "unknown relation field '" + parts[2] + "'" +
                       (near.empty() ? " (expected one of: " + join(fields) + ")"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    t.kind = SetTarget::Kind::Pair;
    t.pair_field = static_cast<PairField>(it - fields.begin());
    const bool directed = describe(t.pair_field).directed;
    t.a = pr->first;
    t.b = pr->second;
    if (directed) {
      const std::string& ida = sc_.actors[static_cast<std::size_t>(pr->first)].id;
      const std::string& idb = sc_.actors[static_cast<std::size_t>(pr->second)].id;
      const std::string stem = "relations." + parts[1] + "." + parts[2] + ".";
      const std::string both = " (expected " + stem + ida + " or " + stem + idb + ": whose " + parts[2] + " it is)";
      if (parts.size() == 3) {
        err(n, path, "'" + *text + "' needs the observer" + both);
        return std::nullopt;
      }
      if (parts.size() != 4 || (parts[3] != ida && parts[3] != idb)) {
        std::string obs = text->substr(stem.size());
        err(n, path, "'" + obs + "' is not in the pair " + parts[1] + both);
        return std::nullopt;
      }
      if (parts[3] == idb) std::swap(t.a, t.b);
    } else if (parts.size() != 3) {
      err(n, path, "'" + *text + "' is not a settable path (expected relations." + parts[1] + "." + parts[2] + ")");
      return std::nullopt;
    }
    range = describe(t.pair_field).desc.range;
    return t;
  }
  std::string near = closest_match(parts[0], {"parameters", "actors", "relations"});
  if (!near.empty()) near += text->substr(parts[0].size());
  err(n, path, "'" + *text + "' is not a settable path" +
                   (near.empty() ? " (expected " + expect + ")" : " (did you mean '" + near + "'?)"));
  return std::nullopt;
}

void Decoder::decode_events(const Node& root) {
  const Node* es = root.get("events");
  if (!es) return;
  if (!es->is_seq()) {
    err(*es, "events", "got " + kind_str(*es) + " (expected a sequence of events)");
    return;
  }
  // In EventType order.
  const std::vector<std::string> types = {"set", "policy_change", "trust_shock", "tension_shock", "arms_sale",
                                          "provocation", "unannounced_test", "exercise", "incident",
                                          "suspend_dialogue", "resume_dialogue", "institution_start",
                                          "institution_end"};
  for (std::size_t i = 0; i < es->seq.size(); ++i) {
    const Node& ev = *es->seq[i];
    std::string path = "events[" + std::to_string(i) + "]";
    if (!expect_map(ev, path, "an event: a mapping with type, at and the keys of its type")) continue;
    const Node* tn = ev.get("type");
    if (!tn) {
      missing(ev, path, "type", "one of: " + join(types));
      continue;
    }
    auto ts = parse_string(*tn, path + ".type");
    if (!ts) continue;
    auto ti = std::find(types.begin(), types.end(), *ts);
    if (ti == types.end()) {
      std::string near = closest_match(*ts, types);
      err(*tn, path + ".type", "unknown event type '" + *ts + "'" +
                                   (near.empty() ? " (expected one of: " + join(types) + ")"
                                                 : " (did you mean '" + near + "'?)"));
      continue;
    }
    Event e;
    e.type = static_cast<EventType>(ti - types.begin());
    e.mark = ev.mark;
    std::vector<std::string> keys = {"at", "step", "type", "label"};
    switch (e.type) {
      case EventType::Set: keys.insert(keys.end(), {"path", "value"}); break;
      case EventType::PolicyChange: keys.insert(keys.end(), {"actor", "policy"}); break;
      case EventType::TrustShock: keys.insert(keys.end(), {"from", "to", "delta"}); break;
      case EventType::TensionShock: keys.insert(keys.end(), {"pair", "delta"}); break;
      case EventType::ArmsSale:
        keys.insert(keys.end(), {"seller", "buyer", "objectors", "size", "value", "suspend_dialogue"});
        break;
      case EventType::Provocation: keys.insert(keys.end(), {"actor", "targets", "size"}); break;
      case EventType::UnannouncedTest: keys.insert(keys.end(), {"actor", "observers", "size"}); break;
      case EventType::Exercise: keys.insert(keys.end(), {"actor", "near", "dispute", "size", "duration"}); break;
      case EventType::Incident: keys.insert(keys.end(), {"initiator", "target", "severity", "level"}); break;
      case EventType::SuspendDialogue: keys.insert(keys.end(), {"pair", "duration"}); break;
      case EventType::ResumeDialogue: keys.push_back("pair"); break;
      case EventType::InstitutionStart:
      case EventType::InstitutionEnd: keys.push_back("institution"); break;
    }
    check_keys(ev, path, keys);
    auto when = decode_when(ev, path);
    bool ok = when.has_value();
    if (when) e.step = *when;
    if (const Node* l = ev.get("label"))
      if (auto v = parse_string(*l, path + ".label")) e.label = *v;
    auto need = [&](const char* key, const std::string& expected) -> const Node* {
      const Node* x = ev.get(key);
      if (!x) {
        missing(ev, path, key, expected);
        ok = false;
      }
      return x;
    };
    switch (e.type) {
      case EventType::Set: {
        const Node* p = need("path", "a path such as actors.CHN.growth");
        const Node* v = need("value", "a number");
        Range r;
        std::optional<SetTarget> t;
        if (p) t = decode_set_path(*p, path + ".path", r);
        if (p && !t) ok = false;
        if (t) e.target = *t;
        bool flag = t && t->kind == SetTarget::Kind::Parameter &&
                    parameter_table()[static_cast<std::size_t>(t->param)].kind == ParamKind::Bool;
        if (v && flag) {  // a switch such as trust.learning: true or false (1 or 0)
          bool one = v->is_scalar() && !v->quoted && v->scalar == "1";
          bool zero = v->is_scalar() && !v->quoted && v->scalar == "0";
          if (one || zero) e.value = one ? 1.0 : 0.0;
          else if (auto b = parse_bool(*v, path + ".value")) e.value = *b ? 1.0 : 0.0;
          else ok = false;
        } else if (v && t) {
          auto x = parse_double(*v, path + ".value", r);
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::PolicyChange: {
        const Node* a = need("actor", "an actor id");
        const Node* p = need("policy", "a policy name or mapping");
        if (a) { e.actor = actor_ref_node(*a, path + ".actor"); ok = ok && e.actor >= 0; }
        if (p) {
          auto pi = decode_policy_spec(*p, path + ".policy");
          if (pi) e.policy = *pi; else ok = false;
        }
        break;
      }
      case EventType::TrustShock: {
        const Node* f = need("from", "the actor whose trust changes");
        const Node* t = need("to", "the actor it trusts more or less");
        const Node* d = need("delta", "a change of log-odds in [-16, 16]");
        if (f) { e.actor = actor_ref_node(*f, path + ".from"); ok = ok && e.actor >= 0; }
        if (t) { e.partner = actor_ref_node(*t, path + ".to"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*t, path + ".to", "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id +
                                    "' is also the actor in from (expected two different actors)");
          ok = false;
        }
        if (d) {
          auto x = parse_double(*d, path + ".delta", Range::closed(-16, 16, "log-odds"));
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::TensionShock: {
        const Node* p = need("pair", "a pair such as USA-CHN");
        const Node* d = need("delta", "a change of tension in [-1, 1]");
        if (p) {
          auto s = parse_string(*p, path + ".pair");
          auto pr = s ? pair_ref(*p, path + ".pair", *s) : std::nullopt;
          if (pr) { e.actor = pr->first; e.partner = pr->second; } else ok = false;
        }
        if (d) {
          auto x = parse_double(*d, path + ".delta", Range::closed(-1, 1));
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::ArmsSale: {
        const Node* seller = need("seller", "the selling actor's id");
        const Node* buyer = need("buyer", "the buying actor's id");
        const Node* obj = need("objectors", "the id (or list of ids) of the states that object");
        if (seller) { e.actor = actor_ref_node(*seller, path + ".seller"); ok = ok && e.actor >= 0; }
        if (buyer) { e.partner = actor_ref_node(*buyer, path + ".buyer"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*buyer, path + ".buyer", "is the seller too (expected two different actors)");
          ok = false;
        }
        if (obj) {
          if (auto list = actor_list(*obj, path + ".objectors")) {
            e.others = *list;
            for (int o : e.others)
              if (ok && o == e.actor) {
                err(*obj, path + ".objectors", "includes the seller (expected states that object to the sale)");
                ok = false;
              }
          } else {
            ok = false;
          }
        }
        e.value = 0.5;
        if (const Node* x = ev.get("size")) { if (auto v = parse_double(*x, path + ".size", kUnit)) e.value = *v; else ok = false; }
        if (const Node* x = ev.get("value")) { if (auto v = parse_double(*x, path + ".value", Range::closed(0, 1e5, "billions of constant US$"))) e.amount = *v; else ok = false; }
        if (const Node* x = ev.get("suspend_dialogue")) { if (auto d = duration_steps(*x, path + ".suspend_dialogue")) e.duration = *d; else ok = false; }
        break;
      }
      case EventType::Provocation:
      case EventType::UnannouncedTest:
      case EventType::Exercise: {
        const Node* a = need("actor", "the acting state's id");
        if (a) { e.actor = actor_ref_node(*a, path + ".actor"); ok = ok && e.actor >= 0; }
        const char* list_key = e.type == EventType::Provocation ? "targets"
                               : e.type == EventType::UnannouncedTest ? "observers" : "near";
        const Node* list = ev.get(list_key);
        const Node* dispute = e.type == EventType::Exercise ? ev.get("dispute") : nullptr;
        if (list && dispute) {
          err(*dispute, path + ".dispute", "both near and dispute given (expected one of them)");
          ok = false;
        } else if (list) {
          if (auto l = actor_list(*list, path + "." + list_key)) e.others = *l; else ok = false;
        } else if (dispute) {
          // An exercise in a disputed area is conducted near every party on the other side.
          auto id = parse_string(*dispute, path + ".dispute");
          const Dispute* d = nullptr;
          std::vector<std::string> ids;
          for (const auto& x : sc_.disputes) {
            ids.push_back(x.id);
            if (id && x.id == *id) d = &x;
          }
          if (id && !d) {
            std::string near = closest_match(*id, ids);
            err(*dispute, path + ".dispute", "unknown dispute '" + *id + "'" +
                                                 (near.empty() ? " (expected one of: " + join(ids) + ")"
                                                               : " (did you mean '" + near + "'?)"));
            ok = false;
          } else if (d && e.actor >= 0) {
            int side = -1;
            for (const auto& p : d->parties) if (p.actor == e.actor) side = p.side;
            if (side < 0) {
              err(*dispute, path + ".dispute", "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id +
                                                   "' is not a party to '" + *id + "' (expected a dispute it is party to)");
              ok = false;
            }
            for (const auto& p : d->parties) if (side >= 0 && p.side != side) e.others.push_back(p.actor);
          } else {
            ok = false;
          }
        } else if (e.type == EventType::UnannouncedTest) {
          for (int k = 0; k < sc_.n(); ++k) if (k != e.actor) e.others.push_back(k);  // everyone sees a test
        } else {
          if (e.type == EventType::Exercise)
            err(ev, path, "missing required key 'near' (expected near: the ids of the states it is held near, "
                          "or dispute: the id of a dispute it is party to)");
          else
            missing(ev, path, list_key, "the id (or list of ids) of the states provoked");
          ok = false;
        }
        for (int o : e.others)
          if (ok && o == e.actor) {
            err(list ? *list : ev, path + "." + list_key, "includes the actor itself (expected other states)");
            ok = false;
          }
        e.value = e.type == EventType::Exercise ? 0.3 : 0.5;
        if (const Node* x = ev.get("size")) { if (auto v = parse_double(*x, path + ".size", kUnit)) e.value = *v; else ok = false; }
        if (e.type == EventType::Exercise) {
          e.duration = std::max(1, static_cast<int>(std::lround(1.0 / sc_.dt)));
          if (const Node* x = ev.get("duration")) { if (auto d = duration_steps(*x, path + ".duration")) e.duration = *d; else ok = false; }
        }
        break;
      }
      case EventType::Incident: {
        const Node* a = need("initiator", "the id of the state whose operations caused it");
        const Node* b = need("target", "the id of the other state");
        if (a) { e.actor = actor_ref_node(*a, path + ".initiator"); ok = ok && e.actor >= 0; }
        if (b) { e.partner = actor_ref_node(*b, path + ".target"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*b, path + ".target", "is the initiator too (expected two different actors)");
          ok = false;
        }
        e.value = 0.3;
        if (const Node* x = ev.get("severity")) { if (auto v = parse_double(*x, path + ".severity", kUnit)) e.value = *v; else ok = false; }
        if (const Node* x = ev.get("level")) { if (auto v = parse_int(*x, path + ".level", 0, 2)) e.level = static_cast<int>(*v); else ok = false; }
        break;
      }
      case EventType::SuspendDialogue:
      case EventType::ResumeDialogue: {
        const Node* p = need("pair", "a pair such as USA-CHN");
        if (p) {
          auto sp = parse_string(*p, path + ".pair");
          auto pr = sp ? pair_ref(*p, path + ".pair", *sp) : std::nullopt;
          if (pr) { e.actor = pr->first; e.partner = pr->second; } else ok = false;
        }
        if (const Node* x = ev.get("duration")) { if (auto d = duration_steps(*x, path + ".duration")) e.duration = *d; else ok = false; }
        break;
      }
      case EventType::InstitutionStart:
      case EventType::InstitutionEnd: {
        const Node* x = need("institution", "an institution id");
        if (!x) break;
        auto id = parse_string(*x, path + ".institution");
        std::vector<std::string> ids;
        for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
          ids.push_back(sc_.institutions[k].id);
          if (id && sc_.institutions[k].id == *id) e.institution = static_cast<int>(k);
        }
        if (id && e.institution < 0 && !failed_institutions_.count(*id)) {
          std::string near = closest_match(*id, ids);
          err(*x, path + ".institution", "unknown institution '" + *id + "'" +
                                             (near.empty() ? (ids.empty() ? std::string(" (the scenario defines no institutions)")
                                                                          : " (expected one of: " + join(ids) + ")")
                                                           : " (did you mean '" + near + "'?)"));
        }
        ok = ok && e.institution >= 0;
        break;
      }
    }
    if (ok) sc_.events.push_back(e);
  }
  std::stable_sort(sc_.events.begin(), sc_.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
  // A --steps shorter than the file's ends the run before its later events.
  std::erase_if(sc_.events, [&](const Event& e) { return e.step >= sc_.steps; });
}

}  // namespace statecraft::detail
