// The `events:` section: when each applies, and the keys of each type.
#include "decoder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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
  for (std::size_t i = 0; i < es->seq.size(); ++i) decode_event(*es->seq[i], "events[" + std::to_string(i) + "]");
  std::stable_sort(sc_.events.begin(), sc_.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
  // A --steps shorter than the file's ends the run before its later events.
  std::erase_if(sc_.events, [&](const Event& e) { return e.step >= sc_.steps; });
}

void Decoder::decode_event(const Node& ev, const std::string& path) {
  if (!expect_map(ev, path, "an event: a mapping with type, at and the keys of its type")) return;
  std::vector<std::string> types;
  for (const auto& t : event_types()) types.emplace_back(t.name);
  const Node* tn = ev.get("type");
  if (!tn) {
    missing(ev, path, "type", "one of: " + join(types));
    return;
  }
  auto ts = parse_string(*tn, path + ".type");
  if (!ts) return;
  auto ti = std::find(types.begin(), types.end(), *ts);
  if (ti == types.end()) {
    std::string near = closest_match(*ts, types);
    err(*tn, path + ".type", "unknown event type '" + *ts + "'" +
                                 (near.empty() ? " (expected one of: " + join(types) + ")"
                                               : " (did you mean '" + near + "'?)"));
    return;
  }
  const EventTypeDesc& desc = event_types()[static_cast<std::size_t>(ti - types.begin())];
  Event e;
  e.type = desc.type;
  e.mark = ev.mark;
  std::vector<std::string> keys = {"at", "step", "type", "label"};
  for (const EventKey& k : desc.keys) keys.emplace_back(k.name);
  check_keys(ev, path, keys);
  EventRead r;
  const auto when = decode_when(ev, path);
  r.ok = when.has_value();
  if (when) e.step = *when;
  if (const Node* l = ev.get("label"))
    if (auto v = parse_string(*l, path + ".label")) e.label = *v;
  if (!has_required_event_keys(ev, path, desc)) r.ok = false;
  for (const EventKey& k : desc.keys)
    if (!stands_in(desc, k)) read_event_key(ev, path, desc, k, e, r);
  if (r.ok) sc_.events.push_back(e);
}

bool Decoder::stands_in(const EventTypeDesc& desc, const EventKey& k) {
  return std::any_of(desc.keys.begin(), desc.keys.end(),
                     [&](const EventKey& other) { return std::string(other.or_instead) == k.name; });
}

bool Decoder::has_required_event_keys(const Node& ev, const std::string& path, const EventTypeDesc& desc) {
  bool ok = true;
  for (const EventKey& k : desc.keys) {
    if (*k.or_instead) {
      // One of two keys: a suggestion for a misspelt one does not make up for both missing.
      if (!ev.get(k.name) && !ev.get(k.or_instead)) {
        err(ev, path, std::string("missing required key '") + k.name + "' (expected " + k.expected + ")");
        ok = false;
      }
    } else if (k.required && !ev.get(k.name)) {
      missing(ev, path, k.name, k.expected);
      ok = false;
    }
  }
  return ok;
}

const EventKey& Decoder::event_key(const EventTypeDesc& desc, const std::string& name) {
  for (const EventKey& k : desc.keys)
    if (name == k.name) return k;
  throw std::logic_error("event_key: no key '" + name + "' in the table");
}

void Decoder::read_event_key(const Node& ev, const std::string& path, const EventTypeDesc& desc, const EventKey& k,
                             Event& e, EventRead& r) {
  const Node* node = ev.get(k.name);
  const std::string kp = path + "." + k.name;
  if (*k.or_instead) {
    const Node* other = ev.get(k.or_instead);
    if (node && other) {
      err(*other, path + "." + k.or_instead,
          std::string("both ") + k.name + " and " + k.or_instead + " given (expected one of them)");
      r.ok = false;
      return;
    }
    if (other) {
      read_event_key(ev, path, desc, event_key(desc, k.or_instead), e, r);
      return;
    }
  }
  switch (k.type) {
    case EventKeyType::Actor: read_actor_key(node, kp, k, e, r); break;
    case EventKeyType::Actors: read_actors_key(node, kp, k, e, r); break;
    case EventKeyType::Pair:
      if (node) {
        auto s = parse_string(*node, kp);
        auto pr = s ? pair_ref(*node, kp, *s) : std::nullopt;
        if (pr) {
          e.actor = pr->first;
          e.partner = pr->second;
        } else {
          r.ok = false;
        }
      }
      break;
    case EventKeyType::Policy:
      if (node) {
        if (auto pi = decode_policy_spec(*node, kp)) e.policy = *pi;
        else r.ok = false;
      }
      break;
    case EventKeyType::Number:
      e.*k.number = k.fallback;
      if (node) {
        if (auto v = parse_double(*node, kp, k.range)) e.*k.number = *v;
        else r.ok = false;
      }
      break;
    case EventKeyType::Level:
      if (node) {
        if (auto v = parse_int(*node, kp, 0, 2)) e.level = static_cast<int>(*v);
        else r.ok = false;
      }
      break;
    case EventKeyType::Years:
      e.duration = k.fallback > 0 ? std::max(1, static_cast<int>(std::lround(k.fallback / sc_.dt))) : 0;
      if (node) {
        if (auto d = duration_steps(*node, kp)) e.duration = *d;
        else r.ok = false;
      }
      break;
    case EventKeyType::Dispute: read_dispute_key(node, kp, e, r); break;
    case EventKeyType::Institution: read_institution_key(node, kp, e, r); break;
    case EventKeyType::Path:
      if (node) {
        r.target = decode_set_path(*node, kp, r.range);
        if (r.target) e.target = *r.target;
        else r.ok = false;
      }
      break;
    case EventKeyType::Value: read_set_value(node, kp, e, r); break;
  }
}

void Decoder::read_actor_key(const Node* node, const std::string& kp, const EventKey& k, Event& e, EventRead& r) {
  if (!node) return;
  e.*k.actor = actor_ref_node(*node, kp);
  r.ok = r.ok && e.*k.actor >= 0;
  if (*k.not_the_actor && k.actor == &Event::partner && r.ok && e.actor == e.partner) {
    std::string message = k.not_the_actor;
    if (const auto at = message.find("{id}"); at != std::string::npos)
      message.replace(at, 4, sc_.actors[static_cast<std::size_t>(e.actor)].id);
    err(*node, kp, message);
    r.ok = false;
  }
}

void Decoder::read_actors_key(const Node* node, const std::string& kp, const EventKey& k, Event& e, EventRead& r) {
  if (!node) {
    if (k.others_by_default)
      for (int i = 0; i < sc_.n(); ++i)
        if (i != e.actor) e.others.push_back(i);
    return;
  }
  if (auto list = actor_list(*node, kp)) e.others = *list;
  else r.ok = false;
  for (int o : e.others)
    if (*k.not_the_actor && r.ok && o == e.actor) {
      err(*node, kp, k.not_the_actor);
      r.ok = false;
    }
}

void Decoder::read_dispute_key(const Node* node, const std::string& kp, Event& e, EventRead& r) {
  if (!node) return;
  // An exercise in a disputed area is conducted near every party on the other side.
  auto id = parse_string(*node, kp);
  const Dispute* d = nullptr;
  std::vector<std::string> ids;
  for (const auto& x : sc_.disputes) {
    ids.push_back(x.id);
    if (id && x.id == *id) d = &x;
  }
  if (id && !d) {
    std::string near = closest_match(*id, ids);
    err(*node, kp, "unknown dispute '" + *id + "'" +
                       (near.empty() ? " (expected one of: " + join(ids) + ")" : " (did you mean '" + near + "'?)"));
    r.ok = false;
    return;
  }
  if (!d || e.actor < 0) {
    r.ok = false;
    return;
  }
  int side = -1;
  for (const auto& p : d->parties)
    if (p.actor == e.actor) side = p.side;
  if (side < 0) {
    err(*node, kp, "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id + "' is not a party to '" + *id +
                       "' (expected a dispute it is party to)");
    r.ok = false;
    return;
  }
  for (const auto& p : d->parties)
    if (p.side != side) e.others.push_back(p.actor);
}

void Decoder::read_institution_key(const Node* node, const std::string& kp, Event& e, EventRead& r) {
  if (!node) return;
  auto id = parse_string(*node, kp);
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
    ids.push_back(sc_.institutions[k].id);
    if (id && sc_.institutions[k].id == *id) e.institution = static_cast<int>(k);
  }
  if (id && e.institution < 0 && !failed_institutions_.count(*id)) {
    std::string near = closest_match(*id, ids);
    err(*node, kp, "unknown institution '" + *id + "'" +
                       (near.empty() ? (ids.empty() ? std::string(" (the scenario defines no institutions)")
                                                    : " (expected one of: " + join(ids) + ")")
                                     : " (did you mean '" + near + "'?)"));
  }
  r.ok = r.ok && e.institution >= 0;
}

void Decoder::read_set_value(const Node* node, const std::string& kp, Event& e, EventRead& r) {
  if (!node || !r.target) return;
  const bool flag = r.target->kind == SetTarget::Kind::Parameter &&
                    parameter_table()[static_cast<std::size_t>(r.target->param)].kind == ParamKind::Bool;
  if (flag) {  // a switch such as trust.learning: true or false (1 or 0)
    const bool one = node->is_scalar() && !node->quoted && node->scalar == "1";
    const bool zero = node->is_scalar() && !node->quoted && node->scalar == "0";
    if (one || zero) e.value = one ? 1.0 : 0.0;
    else if (auto b = parse_bool(*node, kp)) e.value = *b ? 1.0 : 0.0;
    else r.ok = false;
  } else if (auto x = parse_double(*node, kp, r.range)) {
    e.value = *x;
  } else {
    r.ok = false;
  }
}

}  // namespace statecraft::detail
