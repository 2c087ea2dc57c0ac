// The grammar of metrics and the names of the built-in outcomes (statecraft/scenario/metric.hpp).
#include "statecraft/scenario/metric.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

namespace {
/// Value columns of the trend files that are not metrics: text (a policy, a bloc's id, a stance), or a number
/// only in some rows (incident_level is empty in a step without an incident). Every other value column is one.
bool is_metric_column(std::string_view name) {
  for (std::string_view text : {"policy", "bloc", "stance_ab", "stance_ba", "incident_level"})
    if (name == text) return false;
  return true;
}

std::vector<std::string> metric_names(std::span<const Column> columns) {
  std::vector<std::string> names;
  for (const Column& c : columns)
    if (is_metric_column(c.name)) names.emplace_back(c.name);
  return names;
}

std::vector<int> metric_column_indices(std::span<const Column> columns) {
  std::vector<int> index;
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (is_metric_column(columns[k].name)) index.push_back(static_cast<int>(k));
  return index;
}
}  // namespace

// The metrics are the numeric columns of the recorder's column table, so a new column is a metric at once.
const std::vector<std::string>& region_metric_fields() {
  static const std::vector<std::string> f = metric_names(kRegionColumns);
  return f;
}

const std::vector<std::string>& actor_metric_fields() {
  static const std::vector<std::string> f = metric_names(kActorColumns);
  return f;
}

const std::vector<std::string>& pair_metric_fields() {
  static const std::vector<std::string> f = metric_names(kPairColumns);
  return f;
}

int metric_column(MetricRef::Scope scope, int field) {
  static const std::vector<int> region = metric_column_indices(kRegionColumns),
                                actor = metric_column_indices(kActorColumns),
                                pair = metric_column_indices(kPairColumns);
  const auto& index = scope == MetricRef::Scope::Region ? region : scope == MetricRef::Scope::Actor ? actor : pair;
  return index[static_cast<std::size_t>(field)];
}

namespace {
std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int field_index(const std::vector<std::string>& fields, const std::string& name, std::string& error,
                const std::string& scope) {
  auto it = std::find(fields.begin(), fields.end(), name);
  if (it != fields.end()) return static_cast<int>(it - fields.begin());
  const std::span<const Column> columns = scope == "region"  ? std::span<const Column>(kRegionColumns)
                                          : scope == "actor" ? std::span<const Column>(kActorColumns)
                                                             : std::span<const Column>(kPairColumns);
  if (std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; })) {
    error = "'" + name + "' is a column of " +
            std::string(scope == "region" ? "region" : scope == "actor" ? "actors" : "pairs") +
            ".csv but not a metric (it is text, or empty in some rows: expected one of: " +
            join(fields) + ")";
    return -1;
  }
  std::string near = closest_match(name, fields);
  error = "unknown " + scope + " metric '" + name + "'" +
          (near.empty() ? " (expected one of: " + join(fields) + ")" : " (did you mean '" + near + "'?)");
  return -1;
}

int actor(const Scenario& sc, const std::string& id, std::string& error) {
  int i = sc.actor_index(id);
  if (i >= 0) return i;
  std::vector<std::string> ids;
  for (const auto& a : sc.actors) ids.push_back(a.id);
  std::string near = closest_match(id, ids);
  error = "unknown actor '" + id + "'" +
          (near.empty() ? " (expected one of: " + join(ids) + ")" : " (did you mean '" + near + "'?)");
  return -1;
}
}  // namespace

std::optional<std::string> new_metric_spelling(const std::string& text) {
  const bool final = text.rfind("final.", 0) == 0;
  const std::string head = final ? "final." : "";
  const std::string rest = text.substr(head.size());
  if (rest.rfind("actor.", 0) == 0) return head + "actors." + rest.substr(6);
  if (rest.rfind("pair.", 0) == 0) return head + "relations." + rest.substr(5);
  return std::nullopt;
}

namespace {
// The two fixed pieces of old_spelling_warning, by which is_old_spelling_warning knows its text.
constexpr std::string_view kIsTheOldSpellingOf = "' is the old spelling of '";
constexpr std::string_view kOldSpellingEnd = ", docs/outputs.md)";
}  // namespace

std::string old_spelling_warning(const std::string& old_text, const std::string& new_text) {
  return "'" + old_text + std::string(kIsTheOldSpellingOf) + new_text + "' (accepted until the next release; write " +
         new_text + std::string(kOldSpellingEnd);
}

bool is_old_spelling_warning(const std::string& warning) {
  return warning.find(kIsTheOldSpellingOf) != std::string::npos && warning.ends_with(kOldSpellingEnd);
}

std::optional<MetricRef> parse_metric(const Scenario& sc, const std::string& written, std::string& error) {
  MetricRef m;
  const auto renamed = new_metric_spelling(written);
  const std::string text = renamed ? *renamed : written;
  if (renamed) m.old_spelling = written;
  m.name = text;
  const auto dot = text.find('.');
  const std::string scope = text.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (scope == "region") {
    m.scope = MetricRef::Scope::Region;
    m.field = field_index(region_metric_fields(), rest, error, "region");
    if (m.field < 0) return std::nullopt;
    return m;
  }
  const auto dot2 = rest.find('.');
  if ((scope == "actors" || scope == "relations") && (dot2 == std::string::npos || dot2 == 0)) {
    error = "'" + written + "' is incomplete (expected " + scope + (scope == "actors" ? ".ID.METRIC" : ".A-B.METRIC") +
            ", e.g. " + (scope == "actors" ? "actors.CHN.milex" : "relations.USA-CHN.tension") + ")";
    return std::nullopt;
  }
  if (scope == "actors") {
    m.scope = MetricRef::Scope::Actor;
    m.a = actor(sc, rest.substr(0, dot2), error);
    if (m.a < 0) return std::nullopt;
    m.field = field_index(actor_metric_fields(), rest.substr(dot2 + 1), error, "actor");
    if (m.field < 0) return std::nullopt;
    return m;
  }
  if (scope == "relations") {
    m.scope = MetricRef::Scope::Pair;
    const std::string pair = rest.substr(0, dot2);
    const auto dash = pair.find('-');
    if (dash == std::string::npos) {
      error = "'" + pair + "' is not a pair (expected two actor ids joined by '-', e.g. USA-CHN)";
      return std::nullopt;
    }
    m.a = actor(sc, pair.substr(0, dash), error);
    if (m.a < 0) return std::nullopt;
    m.b = actor(sc, pair.substr(dash + 1), error);
    if (m.b < 0) return std::nullopt;
    if (m.a == m.b) {
      error = "'" + pair + "' pairs an actor with itself (expected two different actors)";
      return std::nullopt;
    }
    m.field = field_index(pair_metric_fields(), rest.substr(dot2 + 1), error, "pair");
    if (m.field < 0) return std::nullopt;
    return m;
  }
  std::string near = closest_match(scope, {"region", "actors", "relations"});
  error = "'" + written + "' is not a metric" +
          (near.empty() ? " (expected region.NAME, actors.ID.NAME or relations.A-B.NAME)"
                        : " (did you mean '" + near + "." + rest + "'?)");
  return std::nullopt;
}

namespace {
/// Whether `text` matches the glob `pattern` (`*` any run of characters, `?` one character).
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

/// The entities of a scope, in the scenario's order: actor ids, or pairs `A-B` in the order of pairs.csv.
std::vector<std::string> entities(const Scenario& sc, const std::string& scope) {
  std::vector<std::string> out;
  for (std::size_t a = 0; a < sc.actors.size(); ++a) {
    if (scope == "actors") out.push_back(sc.actors[a].id);
    if (scope == "relations")
      for (std::size_t b = a + 1; b < sc.actors.size(); ++b) out.push_back(sc.actors[a].id + "-" + sc.actors[b].id);
  }
  return out;
}

/// Why a wildcard that matches no metric matches none: its entity or its field, with what was expected.
std::string why_no_match(const Scenario& sc, const std::string& written, const std::string& scope,
                         const std::string& rest) {
  const auto dot = rest.rfind('.');
  const std::string entity = scope == "region" || dot == std::string::npos ? "" : rest.substr(0, dot);
  const std::string field = scope == "region" || dot == std::string::npos ? rest : rest.substr(dot + 1);
  const auto& fields = scope == "region" ? region_metric_fields()
                       : scope == "actors" ? actor_metric_fields()
                                           : pair_metric_fields();
  const std::string kind = scope == "region" ? "region" : scope == "actors" ? "actor" : "pair";
  auto none = [&](const std::string& what, const std::string& pattern, const std::vector<std::string>& names) {
    const std::string near = closest_match(pattern, names);
    return "'" + written + "' matches no metric (no " + what + " matches '" + pattern + "'; " +
           (near.empty() ? "expected one of: " + join(names) : "did you mean '" + near + "'?") + ")";
  };
  std::string error;  // a field written out that is no metric: the message parse_metric gives for it
  if (field.find_first_of("*?") == std::string::npos && field_index(fields, field, error, kind) < 0) return error;
  if (scope != "region") {
    const auto ids = entities(sc, scope);
    if (std::none_of(ids.begin(), ids.end(), [&](const std::string& e) { return glob_match(entity, e); }))
      return none(scope == "actors" ? "actor" : "pair", entity, ids);
  }
  return none(kind + " metric", field, fields);
}
}  // namespace

std::optional<std::vector<MetricRef>> expand_metric(const Scenario& sc, const std::string& written,
                                                    std::string& error) {
  const auto renamed = new_metric_spelling(written);
  const std::string text = renamed ? *renamed : written;
  if (text.find_first_of("*?") == std::string::npos) {
    auto m = parse_metric(sc, written, error);
    if (!m) return std::nullopt;
    return std::vector<MetricRef>{*m};
  }
  const auto dot = text.find('.');
  const std::string scope = text.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (scope != "region" && scope != "actors" && scope != "relations") {
    error = "'" + written + "' is not a metric (expected a wildcard after region., actors. or relations., e.g. " +
            "relations.*.tension)";
    return std::nullopt;
  }
  // Every metric of the scope, entity by entity in the scenario's order, each field in the column table's order.
  std::vector<MetricRef> out;
  const auto& fields = scope == "region" ? region_metric_fields()
                       : scope == "actors" ? actor_metric_fields()
                                           : pair_metric_fields();
  const std::vector<std::string> ids = scope == "region" ? std::vector<std::string>{""} : entities(sc, scope);
  for (const auto& id : ids)
    for (const auto& f : fields) {
      std::string name = scope + "." + (id.empty() ? "" : id + ".") + f;
      if (!glob_match(text, name)) {
        // A pair matches written either way (relations.*-USA.tension: every pair with the US second), once,
        // named as the pattern wrote it.
        const auto dash = id.find('-');
        if (scope != "relations" || dash == std::string::npos) continue;
        name = scope + "." + id.substr(dash + 1) + "-" + id.substr(0, dash) + "." + f;
        if (!glob_match(text, name)) continue;
      }
      std::string unused;
      MetricRef m = *parse_metric(sc, name, unused);
      if (renamed) m.old_spelling = written;
      out.push_back(std::move(m));
    }
  if (out.empty()) {
    error = why_no_match(sc, written, scope, rest);
    return std::nullopt;
  }
  return out;
}

const std::vector<OutcomeInfo>& builtin_outcomes() {
  static const std::vector<OutcomeInfo> o = {
      {"tension_final", true, "mean regional tension at the horizon", "[0, 1]", true},
      {"tension_mean", true, "mean regional tension over the run (steps 1 to the horizon)", "[0, 1]", true},
      {"crises_per_year", true, "crises a year: incidents at least one side escalated (COW's militarized disputes include these)",
       "per year", true},
      {"disputes_per_year", true, "militarized disputes a year: incidents both sides escalated (reciprocated in COW's sense)",
       "per year", true},
      {"cumulative_risk", true, "probability of at least one war over the run (conflict risk)", "[0, 1]", true},
      {"milex_spent", true, "military spending of all actors summed over the run, billions", "bn", true},
      {"sc_index_final", false, "security-community index at the horizon", "[0, 1]", true},
      {"incidents_per_year", true, "incidents a year, whatever their level", "per year", true},
  };
  return o;
}

std::string outcome_as_listed(const Scenario& sc, const std::string& name, const std::vector<std::string>& outcomes) {
  const std::string prefix = "final.relations.";
  if (name.rfind(prefix, 0) != 0 || std::find(outcomes.begin(), outcomes.end(), name) != outcomes.end()) return name;
  std::string error;
  const auto wanted = parse_metric(sc, name.substr(6), error);
  if (!wanted) return name;
  for (const auto& o : outcomes) {
    if (o.rfind(prefix, 0) != 0) continue;
    const auto listed = parse_metric(sc, o.substr(6), error);
    if (listed && same_metric(*wanted, *listed)) return o;
  }
  return name;
}

Better metric_better(const MetricRef& m) {
  const std::span<const Column> columns = m.scope == MetricRef::Scope::Region  ? std::span<const Column>(kRegionColumns)
                                          : m.scope == MetricRef::Scope::Actor ? std::span<const Column>(kActorColumns)
                                                                               : std::span<const Column>(kPairColumns);
  return columns[static_cast<std::size_t>(metric_column(m.scope, m.field))].better;
}

std::vector<std::string> metric_fields_better(MetricRef::Scope scope, Better end) {
  const auto& fields = scope == MetricRef::Scope::Region  ? region_metric_fields()
                       : scope == MetricRef::Scope::Actor ? actor_metric_fields()
                                                          : pair_metric_fields();
  std::vector<std::string> found;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    MetricRef m;
    m.scope = scope;
    m.field = static_cast<int>(f);
    if (metric_better(m) == end) found.push_back(fields[f]);
  }
  return found;
}

Better outcome_better(const Scenario& sc, const std::string& outcome) {
  for (const auto& o : builtin_outcomes())
    if (outcome == o.name) return o.lower_is_better ? Better::Lower : Better::Higher;
  if (outcome.rfind("target_tension.", 0) == 0) return Better::Lower;
  const std::string prefix = "final.";
  if (outcome.rfind(prefix, 0) != 0) return Better::Neither;
  std::string error;
  const auto metric = parse_metric(sc, outcome.substr(prefix.size()), error);
  return metric ? metric_better(*metric) : Better::Neither;
}

Better ranking_end(const Scenario& sc, const std::string& outcome, Better asked) {
  return asked != Better::Neither ? asked : outcome_better(sc, outcome);
}

std::string_view better_word(Better b) {
  return b == Better::Lower ? "lower" : b == Better::Higher ? "higher" : "neither";
}

std::optional<Better> parse_better(std::string_view word) {
  if (word == "lower") return Better::Lower;
  if (word == "higher") return Better::Higher;
  return std::nullopt;
}

std::string better_against_own(const Scenario& sc, const std::string& outcome, Better taken,
                               const std::string& said) {
  const Better own = outcome_better(sc, outcome);
  if (own == Better::Neither || taken == Better::Neither || taken == own) return "";
  return said + " ranks " + outcome + " " +
         (taken == Better::Lower ? "lowest" : "highest") + " first, though its own better end is " +
         std::string(better_word(own));
}

std::string better_unstated(const std::string& outcome, const std::string& how) {
  return outcome + " is better neither lower nor higher of itself (expected " + how + ")";
}

bool same_metric(const MetricRef& x, const MetricRef& y) {
  if (x.scope != y.scope) return false;
  if (x.scope != MetricRef::Scope::Pair || (x.a == y.a && x.b == y.b)) return x.field == y.field && x.a == y.a;
  if (x.a != y.b || x.b != y.a) return false;
  // Written the other way round: a directed field (NAME_ab, NAME_ba) is its mirror, any other field itself.
  const auto& fields = pair_metric_fields();
  const std::string fx = fields[static_cast<std::size_t>(x.field)], fy = fields[static_cast<std::size_t>(y.field)];
  auto mirror = [](const std::string& f) {
    const std::string stem = f.size() > 3 ? f.substr(0, f.size() - 3) : "";
    return f.ends_with("_ab") ? stem + "_ba" : f.ends_with("_ba") ? stem + "_ab" : f;
  };
  return mirror(fx) == fy;
}

std::vector<std::string> MetricList::add(const std::string& text, const std::vector<MetricRef>& ms) {
  std::vector<std::string> errors;
  const bool wildcard = text.find_first_of("*?") != std::string::npos;
  for (const auto& m : ms) {
    if (!wildcard) {
      // Said against the first naming only: a metric written three times is two mistakes, not three.
      const auto first = std::find_if(named.begin(), named.end(), [&](const auto& n) { return same_metric(m, n.first); });
      if (first == named.end())
        named.emplace_back(m, text);
      else
        errors.push_back(first->second == text ? text + " is given twice (expected each metric once)"
                                               : text + " is the same metric as " + first->second +
                                                     " (expected each metric once)");
    }
    if (std::none_of(held.begin(), held.end(), [&](const MetricRef& h) { return same_metric(h, m); })) {
      held.push_back(m);
      names.push_back(m.name);
    }
  }
  return errors;
}

std::vector<std::string> metrics_named(const Scenario& sc, std::vector<std::string> metrics,
                                       const std::vector<std::string>& texts, std::vector<std::string>& errors) {
  MetricList list;
  list.names = std::move(metrics);
  for (const auto& name : list.names) {  // the scenario's own: held, not named by a text
    std::string unused;
    if (auto m = parse_metric(sc, name, unused)) list.held.push_back(*m);
  }
  for (const auto& text : texts) {
    std::string error;
    const auto ms = expand_metric(sc, text, error);
    if (!ms) {
      errors.push_back(error);
      continue;
    }
    for (auto& e : list.add(text, *ms)) errors.push_back(std::move(e));
  }
  return list.names;
}

}  // namespace statecraft
