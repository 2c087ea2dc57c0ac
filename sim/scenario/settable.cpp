// Every settable path (settable.hpp), from the tables of fields and parameters, each accepted or not by the
// path parser for each use.
#include "statecraft/scenario/settable.hpp"

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {
namespace {

/// The uses of a path, as the loader's own parser decides them.
void mark_uses(SettablePath& row, const std::string& concrete, const PathNames& names) {
  std::vector<std::string> errors;
  row.event = parse_value_path(concrete, names, PathUse::Event, errors).has_value();
  row.param = parse_value_path(concrete, names, PathUse::Override, errors).has_value();
  // calibrate refuses a switch after parsing it (sim/experiment/calibrate): it has no number to fit.
  std::optional<ValuePath> fit = parse_value_path(concrete, names, PathUse::Fit, errors);
  row.fit = fit.has_value() && !is_switch(*fit);
}

const FieldDesc* find_desc(const std::vector<FieldDesc>& descs, const std::string& name) {
  for (const auto& d : descs)
    if (d.name == name) return &d;
  return nullptr;
}

/// Adds a row for each path that some use accepts, with its value in the scenario when there is one.
struct Emitter {
  const PathNames& names;
  const Scenario* sc;
  std::vector<SettablePath>& out;

  void add(const std::string& shown, const std::string& concrete, PathKind kind, const FieldDesc& desc) {
    SettablePath row;
    row.path = shown;
    row.kind = kind;
    row.desc = desc;
    mark_uses(row, concrete, names);
    if (!row.event && !row.param && !row.fit) return;  // a value only a file gives (members)
    if (sc) {
      std::vector<std::string> errors;
      if (auto p = parse_value_path(concrete, names, PathUse::Override, errors)) row.value = value_of(*sc, *p);
    }
    out.push_back(std::move(row));
  }
};

/// The rows of every kind, in the order of docs/paths.md: parameters, actors, relations, policies, institutions.
/// `pairs` index `actors`; `observer` stands for the observer of a directed field (the first of the pair is
/// checked), or is empty to list both sides; `actor_rows` are the actors whose own fields are listed.
void emit(Emitter& em, const std::vector<std::string>& actors, const std::vector<std::pair<int, int>>& pairs,
          const std::vector<std::string>& policies, const std::vector<std::string>& institutions,
          const std::string& observer, const std::vector<std::string>& actor_rows) {
  for (const FieldDesc& d : describe_fields(PathKind::Parameter))
    em.add("parameters." + d.name, "parameters." + d.name, PathKind::Parameter, d);
  const std::vector<FieldDesc> actor_descs = describe_fields(PathKind::Actor);
  for (const std::string& id : actor_rows)
    for (const std::string& f : settable_names(PathKind::Actor))
      if (const FieldDesc* d = find_desc(actor_descs, f)) em.add("actors." + id + "." + f, "actors." + id + "." + f, PathKind::Actor, *d);
  for (const auto& [a, b] : pairs) {
    const std::string pair = actors[static_cast<std::size_t>(a)] + "-" + actors[static_cast<std::size_t>(b)];
    for (const PairFieldDesc& f : pair_fields()) {
      const std::string base = "relations." + pair + "." + f.desc.name;
      if (!f.directed) {
        em.add(base, base, PathKind::Pair, f.desc);
      } else if (!observer.empty()) {
        em.add(base + "." + observer, base + "." + actors[static_cast<std::size_t>(a)], PathKind::Pair,
               f.desc);
      } else {
        for (int side : {a, b})
          em.add(base + "." + actors[static_cast<std::size_t>(side)], base + "." + actors[static_cast<std::size_t>(side)],
                 PathKind::Pair, f.desc);
      }
    }
  }
  const std::vector<FieldDesc> policy_descs = describe_fields(PathKind::Policy);
  for (const std::string& name : policies)
    for (const FieldDesc& d : policy_descs) em.add("policies." + name + "." + d.name, "policies." + name + "." + d.name,
                                                   PathKind::Policy, d);
  const std::vector<FieldDesc> institution_descs = describe_fields(PathKind::Institution);
  for (const std::string& id : institutions)
    for (const std::string& f : settable_names(PathKind::Institution))
      if (const FieldDesc* d = find_desc(institution_descs, f))
        em.add("institutions." + id + "." + f, "institutions." + id + "." + f, PathKind::Institution, *d);
}

}  // namespace

std::vector<SettablePath> settable_paths() {
  // Placeholders stand for the ids, and the parser checks them as it would a scenario's: one actor ID, the pair
  // A-B (whose directed fields show OBSERVER, checked as A), one policy NAME, one institution ID.
  PathNames names;
  names.actors = {"A", "B", "ID"};
  names.policies = {"NAME"};
  names.institutions = {"ID"};
  std::vector<SettablePath> out;
  Emitter em{names, nullptr, out};
  emit(em, {"A", "B", "ID"}, {{0, 1}}, {"NAME"}, {"ID"}, "OBSERVER", {"ID"});
  return out;
}

std::vector<SettablePath> settable_paths(const Scenario& sc) {
  const PathNames names = path_names(sc);
  std::vector<SettablePath> out;
  Emitter em{names, &sc, out};
  std::vector<std::pair<int, int>> pairs;
  for (int a = 0; a < sc.n(); ++a)
    for (int b = a + 1; b < sc.n(); ++b) pairs.emplace_back(a, b);
  // A conditional policy's coefficients are its cooperate and defect policies': nothing of its own to set.
  std::vector<std::string> policies;
  for (std::size_t i = 0; i < names.policies.size(); ++i)
    if (!sc.policies[i].conditional) policies.push_back(names.policies[i]);
  emit(em, names.actors, pairs, policies, names.institutions, "", names.actors);
  return out;
}

std::string range_text(const FieldDesc& d) {
  if (d.type == ValueType::Switch) return "true or false";
  if (d.type != ValueType::Number && d.type != ValueType::Whole) return "";
  const Range& r = d.range;
  return std::string(r.lo_open ? "(" : "[") + format_number(r.lo) + ", " + format_number(r.hi) + "]";
}

}  // namespace statecraft
