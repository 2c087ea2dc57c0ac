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
                           std::to_string(opts_.limits.actors) + "; raise the limit with --max-actors)");
    over_limit_ = true;
    return;
  }
  // First pass: ids, so later references (and other actors) can be checked.
  for (const auto& e : as->map) {
    bool ok = !e.key.empty() && std::isalpha(static_cast<unsigned char>(e.key[0]));
    for (char c : e.key) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
      err_key(e, "actors." + e.key,
              "'" + e.key + "' is not a valid actor id (expected letters, digits and _, starting with a letter)");
    }
    Actor a;
    a.id = e.key;
    a.mark = e.key_mark;
    sc_.actors.push_back(a);
  }
  if (sc_.actors.size() < 2) {
    err(*as, "actors", std::string(sc_.actors.empty() ? "has no actors" : "has only 1 actor") +
                           " (expected at least 2: the model is about how states interact)");
  }
  const std::vector<std::string> keys = {
      "name",     "gdp",      "growth",   "milex",    "capability",   "fatigue",
      "baseline_share", "max_share", "grievance", "transparency", "values_transparency",
      "trust_building", "satisfaction", "hawkishness", "policy"};
  std::size_t idx = 0;
  for (const auto& e : as->map) {
    Actor& a = sc_.actors[idx++];
    std::string path = "actors." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "an actor: a mapping with gdp, milex, policy and other actor keys")) continue;
    check_keys(m, path, keys);
    a.name = a.id;
    if (const Node* n = m.get("name"))
      if (auto v = parse_string(*n, path + ".name")) a.name = *v;
    Got gdp = required_real(m, path, "gdp", actor_range("gdp"), a.gdp);
    real(m, path, "growth", actor_range("growth"), a.growth);
    Got milex = required_real(m, path, "milex", actor_range("milex"), a.milex);
    Got cap = real(m, path, "capability", actor_range("capability"), a.capability);
    real(m, path, "fatigue", actor_range("fatigue"), a.fatigue);
    Got base = real(m, path, "baseline_share", actor_range("baseline_share"), a.baseline_share);
    Got max_share = real(m, path, "max_share", actor_range("max_share"), a.max_share);
    a.has_grievance = real(m, path, "grievance", actor_range("grievance"), a.grievance) != Got::Absent;
    if (const Node* t = m.get("transparency")) {
      if (t->is_scalar()) {
        if (auto v = parse_double(*t, path + ".transparency", kUnit))
          a.transparency_strategic = a.transparency_operational = *v;
      } else if (expect_map(*t, path + ".transparency", "a number in [0, 1], or a mapping with strategic and operational")) {
        check_keys(*t, path + ".transparency", {"strategic", "operational"});
        real(*t, path + ".transparency", "strategic", kUnit, a.transparency_strategic);
        real(*t, path + ".transparency", "operational", kUnit, a.transparency_operational);
      }
    }
    real(m, path, "values_transparency", kUnit, a.values_transparency);
    if (const Node* t = m.get("trust_building")) {
      if (t->is_scalar() && t->scalar == "top_down") a.trust_building = TrustStyle::TopDown;
      else if (t->is_scalar() && t->scalar == "bottom_up") a.trust_building = TrustStyle::BottomUp;
      else {
        std::string near = t->is_scalar() ? closest_match(t->scalar, {"top_down", "bottom_up"}) : "";
        err(*t, path + ".trust_building",
            "got " + kind_str(*t) +
                (near.empty() ? " (expected top_down or bottom_up)" : " (did you mean '" + near + "'?)"));
      }
    }
    real(m, path, "satisfaction", actor_range("satisfaction"), a.satisfaction);
    real(m, path, "hawkishness", kUnit, a.hawkishness);
    if (const Node* p = m.get("policy")) {
      if (auto pi = decode_policy_spec(*p, path + ".policy")) a.policy = *pi;
    } else {
      missing(m, path, "policy",
              "a policy name such as balance_of_power, security_community or hedging");
    }
    // Derived defaults and cross-checks, only when their inputs were valid (else they are reported).
    // A cross-check is reported at the value a variant changed, if one did, so that it names the variant.
    // The first of `keys` written by a variant, else the first written at all.
    auto pick = [&](std::initializer_list<const char*> keys) -> std::pair<const Node*, std::string> {
      for (const char* k : keys)
        if (const Node* n = m.get(k); n && !n->variant.empty()) return {n, k};
      for (const char* k : keys)
        if (const Node* n = m.get(k)) return {n, k};
      return {&m, ""};
    };
    if (gdp == Got::Ok && milex == Got::Ok && max_share != Got::Bad) {
      double share = a.milex / a.gdp;
      if (share > a.max_share) {
        auto [n, k] = pick({"milex", "max_share", "gdp"});
        // Written once under a variant's all_actors, the path does not say which actor: the message does.
        const std::string who = n->from_all_actors ? a.id + "'s " : "";
        std::string what =
            k == "max_share"
                ? format_number(a.max_share) + " is below " + who + "milex / gdp = " + format_number(share, 4) +
                      " (expected max_share >= milex / gdp)"
            : k == "gdp"
                ? format_number(a.gdp) + " makes " + who + "milex " + format_number(a.milex) + " a share of " + format_number(share, 4) +
                      ", above max_share " + format_number(a.max_share) +
                      " (expected gdp >= milex / max_share = " + format_number(a.milex / a.max_share) + ")"
                : format_number(a.milex) + " is " + format_number(share, 4) + " of " + who + "gdp " + format_number(a.gdp) +
                      ", above max_share " + format_number(a.max_share) +
                      " (expected milex <= max_share * gdp = " + format_number(a.max_share * a.gdp) + ")";
        err(*n, path + "." + k, what);
      }
      if (base == Got::Absent) {
        a.baseline_share = share;
        if (share <= 0)
          err(*m.get("milex"), path + ".milex",
              "0 leaves the no-threat baseline share at 0 (expected milex > 0, or a baseline_share given)");
      }
    }
    if (base == Got::Ok && max_share != Got::Bad && a.baseline_share > a.max_share) {
      auto [n, k] = pick({"baseline_share", "max_share"});
      const std::string who = n->from_all_actors ? a.id + "'s " : "";
      err(*n, path + "." + k,
          k == "baseline_share"
              ? format_number(a.baseline_share) + " is above " + who + "max_share " + format_number(a.max_share) +
                    " (expected baseline_share <= max_share)"
              : format_number(a.max_share) + " is below " + who + "baseline_share " + format_number(a.baseline_share) +
                    " (expected max_share >= baseline_share)");
    }
    if (cap == Got::Absent && milex == Got::Ok) {
      if (sc_.params.arms.depreciation > 0) {
        a.capability = std::max(a.milex / sc_.params.arms.depreciation, 1e-9);
      } else {
        missing(m, path, "capability",
                actor_range("capability").expect() +
                    ": with parameters.arms.depreciation 0, the default milex / depreciation is infinite");
      }
    }
  }
}

}  // namespace statecraft::detail
