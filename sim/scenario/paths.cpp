// The path grammar (paths.hpp): one parser for set events, --param, --fit and overrides, and the reading and
// writing of a path's value in a decoded scenario.
#include "statecraft/scenario/paths.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "statecraft/scenario/range.hpp"
#include "statecraft/scenario/scenario.hpp"
#include "statecraft/scenario/sections.hpp"

namespace statecraft {
namespace {

std::vector<std::string> split_dots(const std::string& text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

std::string join(const std::vector<std::string>& v, std::size_t from = 0, const std::string& sep = ", ") {
  std::string s;
  for (std::size_t i = from; i < v.size(); ++i) s += (i > from ? sep : "") + v[i];
  return s;
}

/// " (did you mean 'NEAR'?)" for a close candidate, else " (OTHERWISE)".
std::string suggest(const std::string& word, const std::vector<std::string>& candidates, const std::string& otherwise) {
  const std::string near = closest_match(word, candidates);
  return near.empty() ? " (" + otherwise + ")" : " (did you mean '" + near + "'?)";
}

/// Whether `name` is a key of this kind in a file, settable or not.
bool is_file_key(PathKind kind, const std::string& name) {
  // A policy spec's keys besides the coefficients (base, mix, a conditional policy's) are the file's only.
  for (const FieldDesc& d : kind == PathKind::Policy ? policy_spec_fields() : describe_fields(kind))
    if (d.name == name || d.name.rfind(name + ".", 0) == 0) return true;
  return false;
}

int index_of(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

/// Reads one path. Every problem is appended to `errors`; each step returns false once the path cannot name a
/// value, so that one mistake is reported once.
class PathParser {
 public:
  PathParser(const std::string& text, const PathNames& names, PathUse use, std::vector<std::string>& errors)
      : text_(text), parts_(split_dots(text)), names_(names), use_(use), errors_(errors) {
    path_.path = text;
  }

  std::optional<ValuePath> parse() {
    if (parts_.size() < 3) return fail(subject() + "is not a settable path (expected " + forms() + ")");
    const std::string& root = parts_[0];
    bool ok = false;
    if (root == "parameters") ok = parameter();
    else if (root == "actors") ok = actor();
    else if (root == "relations") ok = relation();
    else if (root == "policies") ok = policy();
    else if (root == "institutions") ok = institution();
    else return unknown_root();
    if (!ok || !allowed_here()) return std::nullopt;
    return path_;
  }

 private:
  const std::string& text_;
  std::vector<std::string> parts_;
  const PathNames& names_;
  PathUse use_;
  std::vector<std::string>& errors_;
  ValuePath path_;

  /// The path where a message names it: a set event's message is reported at its `path:` key, so it quotes
  /// the path; the others are reported at the path, so they do not repeat it.
  std::string subject() const { return use_ == PathUse::Event ? "'" + text_ + "' " : ""; }
  std::string forms() const {
    return use_ == PathUse::Event ? "parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD or institutions.ID.FIELD"
                                  : "parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD, "
                                    "policies.NAME.COEFFICIENT or institutions.ID.FIELD";
  }
  std::vector<std::string> roots() const {
    if (use_ == PathUse::Event) return {"parameters", "actors", "relations", "institutions"};
    return {"parameters", "actors", "relations", "policies", "institutions"};
  }
  std::nullopt_t fail(std::string message) {
    errors_.push_back(std::move(message));
    return std::nullopt;
  }
  bool failed(std::string message) {
    fail(std::move(message));
    return false;
  }
  /// FIELD of ROOT.ID.FIELD, which may hold dots (transparency.strategic).
  std::string field() const { return join(parts_, 2, "."); }

  /// "unknown WHAT 'NAME'" with the names a path may give. A key the file has but no path sets (an actor's
  /// policy, an institution's kind) gets the list, not a guess at a settable name it happens to resemble.
  bool unknown_field(PathKind kind, const char* what, const std::string& name, const std::vector<std::string>& fields) {
    const std::string expected = "expected one of: " + join(fields);
    return failed("unknown " + std::string(what) + " '" + name + "'" +
                  (is_file_key(kind, name) ? " (" + expected + ")" : suggest(name, fields, expected)));
  }

  std::nullopt_t unknown_root() {
    std::string near = closest_match(parts_[0], roots());
    if (!near.empty()) near += text_.substr(parts_[0].size());
    return fail(subject() + "is not a settable path" +
                (near.empty() ? " (expected " + forms() + ")" : " (did you mean '" + near + "'?)"));
  }

  bool parameter() {
    const ParamDesc* d = parts_.size() == 3 ? find_parameter(parts_[1], parts_[2]) : nullptr;
    if (!d) {
      std::vector<std::string> all;
      for (const auto& p : parameter_table())
        all.push_back("parameters." + std::string(p.group) + "." + std::string(p.key));
      return failed("unknown parameter" + (use_ == PathUse::Event ? " '" + text_ + "'" : std::string()) +
                    suggest(text_, all, "expected parameters.GROUP.KEY as listed in docs/scenario-format.md"));
    }
    path_.kind = PathKind::Parameter;
    path_.param = static_cast<int>(d - parameter_table().data());
    return true;
  }

  /// The index of actor `id`, or -1 after reporting it.
  int actor_id(const std::string& id) {
    const int i = index_of(names_.actors, id);
    if (i < 0) fail("unknown actor '" + id + "'" + suggest(id, names_.actors, "expected one of: " + join(names_.actors)));
    return i;
  }

  bool actor() {
    path_.kind = PathKind::Actor;
    if (parts_[1] == "*" && use_ == PathUse::Fit) {
      path_.a = ValuePath::kEveryActor;
    } else if (parts_[1] == "*") {  // said plainly: "unknown actor '*'" reads as a bug in the parser
      return failed("'*' (every actor) is taken by calibrate --fit only (expected one actor's id, one path for "
                    "each: " + join(names_.actors) + ")");
    } else {
      path_.a = actor_id(parts_[1]);
      if (path_.a < 0) return false;
    }
    const std::vector<std::string> fields = settable_names(PathKind::Actor);
    const int f = index_of(fields, field());
    if (f < 0) return unknown_field(PathKind::Actor, "actor field", field(), fields);
    path_.actor_field = static_cast<ActorField>(f);
    return true;
  }

  bool relation() {
    const std::string& pair = parts_[1];
    const auto dash = pair.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 >= pair.size() || pair.find('-', dash + 1) != std::string::npos)
      return failed("'" + pair + "' is not a pair (expected two actor ids joined by '-', e.g. USA-CHN)");
    const std::string ida = pair.substr(0, dash), idb = pair.substr(dash + 1);
    path_.kind = PathKind::Pair;
    path_.a = actor_id(ida);
    path_.b = actor_id(idb);
    if (path_.a < 0 || path_.b < 0) return false;
    if (path_.a == path_.b) return failed("'" + pair + "' pairs an actor with itself (expected two different actors)");
    const std::vector<std::string> fields = settable_names(PathKind::Pair);
    const int f = index_of(fields, parts_[2]);
    if (f < 0) return unknown_field(PathKind::Pair, "relation field", parts_[2], fields);
    path_.pair_field = static_cast<PairField>(f);
    if (!describe(path_.pair_field).directed) {
      if (parts_.size() != 3)
        return failed(subject() + "is not a settable path (expected relations." + pair + "." + parts_[2] + ")");
      return true;
    }
    return observer(pair, ida, idb);
  }

  /// A directed field's observer, which becomes `a`.
  bool observer(const std::string& pair, const std::string& ida, const std::string& idb) {
    const std::string stem = "relations." + pair + "." + parts_[2] + ".";
    const std::string both = " (expected " + stem + ida + " or " + stem + idb + ": whose " + parts_[2] + " it is)";
    if (parts_.size() == 3) return failed(subject() + "needs the observer" + both);
    if (parts_.size() != 4 || (parts_[3] != ida && parts_[3] != idb))
      return failed("'" + text_.substr(stem.size()) + "' is not in the pair " + pair + both);
    if (parts_[3] == idb) std::swap(path_.a, path_.b);
    return true;
  }

  bool policy() {
    path_.kind = PathKind::Policy;
    path_.policy = index_of(names_.policies, parts_[1]);
    if (path_.policy < 0)
      return failed("unknown policy '" + parts_[1] + "'" +
                    suggest(parts_[1], names_.policies, "expected one of: " + join(names_.policies)));
    const std::vector<std::string> fields = settable_names(PathKind::Policy);
    path_.policy_field = index_of(fields, field());
    if (path_.policy_field < 0 && is_file_key(PathKind::Policy, field()))
      return failed("'" + field() + "' is set only where the policy is defined (expected a coefficient of a policy "
                    "that does not switch: one of " + join(fields) + ")");
    if (path_.policy_field < 0) return unknown_field(PathKind::Policy, "policy coefficient", field(), fields);
    return true;
  }

  bool institution() {
    path_.kind = PathKind::Institution;
    const std::vector<std::string>& ids = names_.institutions;
    path_.institution = index_of(ids, parts_[1]);
    if (path_.institution < 0)
      return failed("unknown institution '" + parts_[1] + "'" +
                    suggest(parts_[1], ids,
                            ids.empty() ? "the scenario defines no institutions" : "expected one of: " + join(ids)));
    const std::vector<std::string> fields = settable_names(PathKind::Institution);
    const int f = index_of(fields, field());
    if (f < 0) return unknown_field(PathKind::Institution, "institution field", field(), fields);
    path_.institution_field = static_cast<InstitutionField>(f);
    // Every use so far takes a number; a list of members is given in a scenario file or a variant.
    if (path_.institution_field == InstitutionField::Members)
      return failed(subject() + "is a list of actor ids, which only a scenario file or a variant gives "
                                "(expected a number: strength, start or end)");
    return true;
  }

  /// Whether this use takes what the path names.
  bool allowed_here() {
    if (use_ != PathUse::Event) return true;
    if (path_.kind == PathKind::Policy)
      return failed(subject() + "cannot be set by an event (expected " + forms() +
                    "; a policy_change event gives an actor another policy)");
    return true;
  }
};

Actor& actor_at(Scenario& sc, int i) { return sc.actors[static_cast<std::size_t>(i)]; }
const Actor& actor_at(const Scenario& sc, int i) { return sc.actors[static_cast<std::size_t>(i)]; }

}  // namespace

PathNames path_names(const Scenario& sc) {
  PathNames names;
  for (const auto& a : sc.actors) names.actors.push_back(a.id);
  for (int i = 0; i < sc.named_policies; ++i) names.policies.push_back(sc.policies[static_cast<std::size_t>(i)].name);
  for (const auto& inst : sc.institutions) names.institutions.push_back(inst.id);
  return names;
}

std::optional<ValuePath> parse_value_path(const std::string& text, const PathNames& names, PathUse use,
                                          std::vector<std::string>& errors) {
  return PathParser(text, names, use, errors).parse();
}

bool names_every_path(const std::vector<std::string>& paths, const PathNames& names) {
  std::vector<std::string> unused;
  return std::all_of(paths.begin(), paths.end(), [&](const std::string& path) {
    return parse_value_path(path, names, PathUse::Override, unused).has_value();
  });
}

std::string field_name(const ValuePath& p) {
  switch (p.kind) {
    case PathKind::Parameter: return std::string(parameter_table()[static_cast<std::size_t>(p.param)].key);
    case PathKind::Actor: return describe(p.actor_field).desc.name;
    case PathKind::Pair: return describe(p.pair_field).desc.name;
    case PathKind::Policy: return policy_fields()[static_cast<std::size_t>(p.policy_field)].key;
    case PathKind::Institution: return describe(p.institution_field).desc.name;
  }
  return {};
}

Range value_range(const ValuePath& p) {
  switch (p.kind) {
    case PathKind::Parameter: {
      const ParamDesc& d = parameter_table()[static_cast<std::size_t>(p.param)];
      return Range::closed(d.lo, d.hi);
    }
    case PathKind::Actor: return describe(p.actor_field).desc.range;
    case PathKind::Pair: return describe(p.pair_field).desc.range;
    case PathKind::Policy: return Range::unit_interval();
    case PathKind::Institution: return describe(p.institution_field).desc.range;
  }
  return {};
}

bool is_switch(const ValuePath& p) {
  return p.kind == PathKind::Parameter &&
         parameter_table()[static_cast<std::size_t>(p.param)].kind == ParamKind::Bool;
}

std::optional<double> switch_word(const std::string& text) {
  for (const char* word : {"true", "True", "TRUE"})
    if (text == word) return 1.0;
  for (const char* word : {"false", "False", "FALSE"})
    if (text == word) return 0.0;
  return std::nullopt;
}

bool is_calendar_year(const ValuePath& p) {
  return p.kind == PathKind::Institution &&
         (p.institution_field == InstitutionField::Start || p.institution_field == InstitutionField::End);
}

bool between_run_years(const Scenario& sc, double year) {
  const double first = sc.year_of(0), last = sc.year_of(sc.steps);
  if (!(year > first && year < last)) return false;
  const double steps = (year - first) / sc.dt;
  return std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, std::fabs(steps));
}

std::string run_years_text(const Scenario& sc) {
  return format_number(sc.year_of(0)) + ", " + format_number(sc.year_of(1)) + ", ..., " +
         format_number(sc.year_of(sc.steps));
}

std::vector<ValuePath> expand_every_actor(const ValuePath& p, const PathNames& names) {
  if (p.kind != PathKind::Actor || p.a != ValuePath::kEveryActor) return {p};
  std::vector<ValuePath> out;
  for (std::size_t i = 0; i < names.actors.size(); ++i) {
    ValuePath one = p;
    one.a = static_cast<int>(i);
    one.path = "actors." + names.actors[i] + "." + field_name(p);
    out.push_back(one);
  }
  return out;
}

std::string conditional_coefficient_problem(const Policy& pol, const std::string& coefficient) {
  return "a conditional policy takes its coefficients from its cooperate and defect policies (expected policies." +
         pol.cooperate_name + "." + coefficient + " or policies." + pol.defect_name + "." + coefficient +
         ", which change every policy built on them)";
}

std::string conditional_coefficient_problem(const Scenario& sc, const ValuePath& p) {
  if (p.kind != PathKind::Policy) return "";
  const Policy& pol = sc.policies[static_cast<std::size_t>(p.policy)];
  return pol.conditional ? conditional_coefficient_problem(pol, field_name(p)) : "";
}

bool set_value(Scenario& sc, const ValuePath& p, double value) {
  switch (p.kind) {
    case PathKind::Parameter: parameter_table()[static_cast<std::size_t>(p.param)].ref(sc.params) = value; return true;
    case PathKind::Actor: {
      const ActorFieldDesc& f = describe(p.actor_field);
      for (int i = 0; i < sc.n(); ++i) {
        if (p.a != ValuePath::kEveryActor && p.a != i) continue;
        f.ref(actor_at(sc, i)) = value;
        if (p.actor_field == ActorField::Grievance) actor_at(sc, i).has_grievance = true;  // fixed from now on
      }
      return true;
    }
    case PathKind::Pair: {
      Matrix& m = sc.*describe(p.pair_field).matrix;
      m(p.a, p.b) = value;
      if (!describe(p.pair_field).directed) m(p.b, p.a) = value;
      return true;
    }
    case PathKind::Policy: {
      Policy& pol = sc.policies[static_cast<std::size_t>(p.policy)];
      if (pol.conditional) return false;  // its coefficients are its cooperate and defect policies'
      pol.params.*policy_fields()[static_cast<std::size_t>(p.policy_field)].member = value;
      return true;
    }
    case PathKind::Institution: {
      const InstitutionFieldDesc& f = describe(p.institution_field);
      if (!f.ref) return false;
      f.ref(sc.institutions[static_cast<std::size_t>(p.institution)]) = value;
      return true;
    }
  }
  return false;
}

std::optional<double> value_of(const Scenario& sc, const ValuePath& p) {
  // The tables reach values through non-const references: each case reads a copy of what holds the value.
  switch (p.kind) {
    case PathKind::Parameter: {
      Parameters params = sc.params;
      return parameter_table()[static_cast<std::size_t>(p.param)].ref(params);
    }
    case PathKind::Actor: {
      if (p.a == ValuePath::kEveryActor) return std::nullopt;  // no one number
      Actor a = actor_at(sc, p.a);
      if (p.actor_field == ActorField::Grievance && !a.has_grievance) return a.fatigue * a.baseline_share * a.gdp;
      return describe(p.actor_field).ref(a);
    }
    case PathKind::Pair: return (sc.*describe(p.pair_field).matrix)(p.a, p.b);
    case PathKind::Policy: {
      const Policy& pol = sc.policies[static_cast<std::size_t>(p.policy)];
      if (pol.conditional) return std::nullopt;
      return pol.params.*policy_fields()[static_cast<std::size_t>(p.policy_field)].member;
    }
    case PathKind::Institution: {
      const InstitutionFieldDesc& f = describe(p.institution_field);
      if (!f.ref) return std::nullopt;
      Institution inst = sc.institutions[static_cast<std::size_t>(p.institution)];
      return f.ref(inst);
    }
  }
  return std::nullopt;
}

std::pair<double, double> feasible_range(const Scenario& sc, const ValuePath& p) {
  const Range r = value_range(p);
  double lo = r.lo_open ? r.lo + 1e-9 : r.lo, hi = r.hi;
  const double tiny = 1e-9;
  if (p.kind == PathKind::Actor && p.a >= 0) {
    // The loader's cross-checks of an actor's spending (sim/scenario/decode_actors.cpp).
    const Actor& a = actor_at(sc, p.a);
    switch (p.actor_field) {
      case ActorField::Gdp: lo = std::max(tiny, a.max_share > 0 ? a.milex / a.max_share : tiny); break;
      case ActorField::Milex: hi = std::min(hi, a.max_share * a.gdp); break;
      case ActorField::BaselineShare: hi = a.max_share; break;
      case ActorField::MaxShare: lo = std::max({tiny, a.baseline_share, a.gdp > 0 ? a.milex / a.gdp : 0.0}); break;
      default: break;
    }
  }
  if (p.kind == PathKind::Institution) {
    // An institution ends after it starts.
    const Institution& inst = sc.institutions[static_cast<std::size_t>(p.institution)];
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (p.institution_field == InstitutionField::Start) hi = std::min(hi, std::nextafter(inst.end, -inf));
    if (p.institution_field == InstitutionField::End) lo = std::max(lo, std::nextafter(inst.start, inf));
  }
  return {lo, hi};
}

std::string canonical_value_path(const std::string& path) {
  if (path.rfind("relations.", 0) != 0) return path;
  const std::size_t start = 10, end = path.find('.', start);
  const std::string pair = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const std::size_t dash = pair.find('-');
  if (dash == std::string::npos) return path;
  const std::string a = pair.substr(0, dash), b = pair.substr(dash + 1);
  if (a <= b) return path;
  return "relations." + b + "-" + a + (end == std::string::npos ? "" : path.substr(end));
}

std::string repeated_value_path(const std::vector<std::string>& paths) {
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      if (paths[j] == paths[i]) return paths[i] + " is given twice (expected each path once)";
      if (canonical_value_path(paths[j]) == canonical_value_path(paths[i]))
        return paths[i] + " is the same value as " + paths[j] + " (expected each value once)";
    }
  return {};
}

}  // namespace statecraft
