// The `events:` section: when each applies, and the keys of each type.
#include "decoder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "statecraft/scenario/sections.hpp"

namespace statecraft::detail {

namespace {
/// The range of a key of the scenario header, for an event year checked without the run's calendar.
Range header_field_range(const std::string& name) {
  for (const auto& f : scenario_header_fields())
    if (f.name == name) return f.range;
  throw std::logic_error("scenario_header_fields: no key '" + name + "'");
}
}  // namespace

std::optional<int> Decoder::decode_when(const Node& ev, const std::string& path) {
  const Node* at = ev.get("at");
  const Node* st = ev.get("step");
  const int steps = file_steps_;
  double last_year = sc_.year_of(steps - 1);
  if (at && st) {
    err(*st, path + ".step", "both at and step given (expected one of them)");
    return std::nullopt;
  }
  if (!calendar_known_) {
    // The run's years are not known (its start_year, steps or dt was refused): check only what does not depend
    // on them, and leave the event out of a scenario that is invalid anyway.
    if (st) parse_int(*st, path + ".step", 0, std::max(0, opts_.limits.steps - 1), opts_.limits.how_to_raise("steps"));
    else if (at) parse_double(*at, path + ".at", header_field_range("start_year"));
    else missing(ev, path, "at", "at: a year on a step of the run, or step: a step index from 0");
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
  std::vector<std::string> errors;
  auto target = parse_value_path(*text, path_names_, PathUse::Event, errors);
  // A value of an institution refused above (institutions.ASEAN Regional Forum.strength) is no second mistake.
  const std::string prefix = "institutions.";
  if (!target && text->rfind(prefix, 0) == 0 && text->rfind('.') > prefix.size() &&
      failed_institutions_.count(text->substr(prefix.size(), text->rfind('.') - prefix.size())))
    return std::nullopt;
  for (const std::string& e : errors) err(n, path, e);
  if (target) range = value_range(*target);
  return target;
}

void Decoder::decode_events(const Node& root) {
  const Node* es = root.get("events");
  if (!es) return;
  if (!es->is_seq()) {
    err(*es, "events", "got " + kind_str(*es) + " (expected a sequence of events)");
    return;
  }
  path_names_ = path_names(sc_);
  // A variant's events come after the base's in the merged list, but are reported as the variant writes them:
  // variants.NAME.events[K], K counting in the variant's own list.
  std::map<std::string, std::size_t> counted;
  for (const NodePtr& ev : es->seq)
    decode_event(*ev, "events[" + std::to_string(counted[ev->variant]++) + "]");
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
  if (r.ok && e.others.empty()) {  // an event on no one does nothing, and events.csv would name no one
    err(*node, kp, "an empty list (expected at least one actor id)");
    r.ok = false;
  }
  for (int o : e.others)
    if (*k.not_the_actor && r.ok && o == e.actor) {
      err(*node, kp, k.not_the_actor);
      r.ok = false;
    }
}

void Decoder::read_dispute_key(const Node* node, const std::string& kp, Event& e, EventRead& r) {
  if (!node) return;
  // An exercise in a disputed area is conducted near every party on the other side.
  const std::optional<int> found = find_dispute(*node, kp);
  const Dispute* d = found ? &sc_.disputes[static_cast<std::size_t>(*found)] : nullptr;
  if (!d || e.actor < 0) {
    r.ok = false;
    return;
  }
  int side = -1;
  for (const auto& p : d->parties)
    if (p.actor == e.actor) side = p.side;
  if (side < 0) {
    err(*node, kp, "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id + "' is not a party to '" + d->id +
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
