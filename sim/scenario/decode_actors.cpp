// The `actors:` section: ids, every actor key, derived defaults and cross-checks.
#include "decoder.hpp"

#include <algorithm>
#include <cctype>

namespace statecraft::detail {

void Decoder::decode_actors(const Node& root) {
  const Node* as = root.get("actors");
  if (!as) {
    missing(root, "", "actors", "a mapping of actor ids to actors");
    return;
  }
  if (!expect_map(*as, "actors", "a mapping of actor ids to actors")) return;
  if (as->map.size() > static_cast<std::size_t>(opts_.limits.actors)) {
    // Pair state grows with the square of the actors: refuse before allocating it.
    err(*as, "actors", "has " + std::to_string(as->map.size()) + " actors (expected at most " +
                           std::to_string(opts_.limits.actors) + "; raise the limit with " + opts_.limits.how_to_raise("actors") + ")");
    over_limit_ = true;
    return;
  }
  // First pass: ids, so later references (and other actors) can be checked.
  for (const auto& e : as->map) {
    bool ok = !e.key.empty() && std::isalpha(static_cast<unsigned char>(e.key[0]));
    for (char c : e.key) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
      err_key(e, "actors." + e.key,
              "'" + e.key + "' is not a valid actor id (expected ASCII letters, digits and _, starting with a letter)");
    }
    Actor a;
    a.id = e.key;
    a.mark = e.key_mark;
    sc_.actors.push_back(a);
  }
  // Two actors written with one id are one mistake, the duplicate key already reported.
  if (sc_.actors.size() < 2 && sc_.actors.size() + as->dropped_keys < 2) {
    err(*as, "actors", std::string(sc_.actors.empty() ? "has no actors" : "has only 1 actor") +
                           " (expected at least 2: the model is about how states interact)");
  }
  std::size_t idx = 0;
  for (const auto& e : as->map) decode_actor(*e.value, "actors." + e.key, sc_.actors[idx++]);
}

namespace {

/// The key a field is written under: transparency for transparency.strategic.
std::string file_key(const FieldDesc& d) { return d.name.substr(0, d.name.find('.')); }

/// Every key an actor may have, in file order.
std::vector<std::string> actor_file_keys() {
  std::vector<std::string> keys;
  for (const auto& f : actor_fields())
    if (const std::string k = file_key(f.desc); std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

}  // namespace

void Decoder::decode_actor(const Node& m, const std::string& path, Actor& a) {
  if (!expect_map(m, path, "an actor: a mapping with gdp, milex, policy and other actor keys")) return;
  check_keys(m, path, actor_file_keys());
  a.name = a.id;
  ActorGot got{};
  for (const ActorFieldDesc& f : actor_fields()) {
    switch (f.desc.type) {
      case ValueType::Text:
        if (const Node* n = m.get(f.desc.name))
          if (auto v = parse_string(*n, path + ".name")) a.name = *v;
        break;
      case ValueType::Choice: decode_trust_building(m, path, a); break;
      case ValueType::PolicySpec:
        if (const Node* p = m.get(f.desc.name)) {
          if (auto pi = decode_policy_spec(*p, path + ".policy")) a.policy = *pi;
        } else {
          missing(m, path, f.desc.name, "a policy name such as balance_of_power, security_community or hedging");
        }
        break;
      case ValueType::Number:
        if (file_key(f.desc) != f.desc.name) {
          // The parts of one key (transparency) are read together, at the first of them.
          if (&f == &describe(ActorField::TransparencyStrategic)) decode_transparency(m, path, a);
          break;
        }
        got[static_cast<std::size_t>(*f.field)] =
            is_required(f.desc) ? required_real(m, path, f.desc.name, f.desc.range, f.ref(a))
                                : real(m, path, f.desc.name, f.desc.range, f.ref(a));
        break;
      default: break;  // no actor key is of another type
    }
  }
  a.has_grievance = got[static_cast<std::size_t>(ActorField::Grievance)] != Got::Absent;
  // A grievance is Richardson's constant term in billions: in burden shares it has no meaning, and a scenario
  // that gave one would silently lose it.
  if (a.has_grievance && sc_.params.arms.in_money <= 0)
    err(*m.get("grievance"), path + ".grievance",
        "applies to the money form of arms only (expected parameters.arms.in_money: true, or no grievance: in "
        "burden shares the baseline_share plays its part)");
  derive_actor_defaults(m, path, a, got);
}

void Decoder::decode_transparency(const Node& m, const std::string& path, Actor& a) {
  const Node* t = m.get("transparency");
  if (!t) return;
  const FieldDesc& strategic = describe(ActorField::TransparencyStrategic).desc;
  const FieldDesc& operational = describe(ActorField::TransparencyOperational).desc;
  if (t->is_scalar()) {
    if (auto v = parse_double(*t, path + ".transparency", strategic.range))
      a.transparency_strategic = a.transparency_operational = *v;
  } else if (expect_map(*t, path + ".transparency", "a number in [0, 1], or a mapping with strategic and operational")) {
    check_keys(*t, path + ".transparency", {"strategic", "operational"});
    real(*t, path + ".transparency", "strategic", strategic.range, a.transparency_strategic);
    real(*t, path + ".transparency", "operational", operational.range, a.transparency_operational);
  }
}

void Decoder::decode_trust_building(const Node& m, const std::string& path, Actor& a) {
  const Node* t = m.get("trust_building");
  if (!t) return;
  std::vector<std::string> styles;  // top_down, bottom_up: the table's words, in TrustStyle order
  for (const auto& f : actor_fields())
    if (f.desc.name == "trust_building") styles = f.desc.choices;
  if (t->is_scalar() && styles.size() == 2 && t->scalar == styles[0]) a.trust_building = TrustStyle::TopDown;
  else if (t->is_scalar() && styles.size() == 2 && t->scalar == styles[1]) a.trust_building = TrustStyle::BottomUp;
  else {
    std::string near = t->is_scalar() ? closest_match(t->scalar, styles) : "";
    err(*t, path + ".trust_building",
        "got " + kind_str(*t) + (near.empty() ? " (expected " + join(styles, " or ") + ")" : " (did you mean '" + near + "'?)"));
  }
}

namespace {

/// Where a cross-check is reported: the first of `keys` a variant wrote, so that the message names the variant,
/// else the first written at all.
std::pair<const Node*, std::string> first_written(const Node& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (const Node* n = m.get(k); n && !n->variant.empty()) return {n, k};
  for (const char* k : keys)
    if (const Node* n = m.get(k)) return {n, k};
  return {&m, ""};
}

/// Written once under a variant's all_actors, a path does not say which actor: the message does.
std::string whose(const Node& n, const Actor& a) { return n.from_all_actors ? a.id + "'s " : ""; }

}  // namespace

void Decoder::derive_actor_defaults(const Node& m, const std::string& path, Actor& a, const ActorGot& read) {
  // Derived defaults and cross-checks, only when their inputs were valid (else they are reported).
  auto got = [&](ActorField f) { return read[static_cast<std::size_t>(f)]; };
  a.baseline_given = got(ActorField::BaselineShare) == Got::Ok;
  if (got(ActorField::Gdp) == Got::Ok && got(ActorField::Milex) == Got::Ok && got(ActorField::MaxShare) != Got::Bad) {
    const double share = a.milex / a.gdp;
    if (share > a.max_share) report_share_above_max(m, path, a, share);
    if (got(ActorField::BaselineShare) == Got::Absent) {
      a.baseline_share = share;
      if (share <= 0)
        err(*m.get("milex"), path + ".milex",
            "0 leaves the no-threat baseline share at 0 (expected milex > 0, or a baseline_share given)");
    }
  }
  if (got(ActorField::BaselineShare) == Got::Ok && got(ActorField::MaxShare) != Got::Bad &&
      a.baseline_share > a.max_share) {
    auto [n, k] = first_written(m, {"baseline_share", "max_share"});
    const std::string who = whose(*n, a);
    err(*n, path + "." + k,
        k == "baseline_share"
            ? format_number(a.baseline_share) + " is above " + who + "max_share " + format_number(a.max_share) +
                  " (expected baseline_share <= max_share)"
            : format_number(a.max_share) + " is below " + who + "baseline_share " + format_number(a.baseline_share) +
                  " (expected max_share >= baseline_share)");
  }
  if (got(ActorField::Capability) == Got::Absent && got(ActorField::Milex) == Got::Ok) {
    if (sc_.params.arms.depreciation > 0) {
      a.capability = std::max(a.milex / sc_.params.arms.depreciation, 1e-9);
    } else {
      missing(m, path, "capability",
              describe(ActorField::Capability).desc.range.expect() +
                  ": with parameters.arms.depreciation 0, the default milex / depreciation is infinite");
    }
  }
}

void Decoder::report_share_above_max(const Node& m, const std::string& path, const Actor& a, double share) {
  auto [n, k] = first_written(m, {"milex", "max_share", "gdp"});
  const std::string who = whose(*n, a);
  std::string what =
      k == "max_share"
          ? format_number(a.max_share) + " is below " + who + "milex / gdp = " + format_number(share, 4) +
                " (expected max_share >= milex / gdp)"
      : k == "gdp"
          ? format_number(a.gdp) + " makes " + who + "milex " + format_number(a.milex) + " a share of " +
                format_number(share, 4) + ", above max_share " + format_number(a.max_share) +
                " (expected gdp >= milex / max_share = " + format_number(a.milex / a.max_share) + ")"
          : format_number(a.milex) + " is " + format_number(share, 4) + " of " + who + "gdp " + format_number(a.gdp) +
                ", above max_share " + format_number(a.max_share) +
                " (expected milex <= max_share * gdp = " + format_number(a.max_share * a.gdp) + ")";
  err(*n, path + "." + k, what);
}

}  // namespace statecraft::detail
