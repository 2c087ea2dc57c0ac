// The grammar of metrics and the names of the built-in outcomes (statecraft/scenario/metric.hpp).
#include "statecraft/scenario/metric.hpp"

#include <algorithm>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

const std::vector<std::string>& region_metric_fields() {
  static const std::vector<std::string> f = {"mean_tension", "max_tension", "total_milex", "arms_growth",
                                             "sc_index", "mean_trust", "cumulative_risk", "incidents",
                                             "crises", "militarized_disputes"};
  return f;
}

const std::vector<std::string>& actor_metric_fields() {
  static const std::vector<std::string> f = {"gdp", "milex", "share", "capability", "power", "milex_growth",
                                             "hawkishness"};
  return f;
}

const std::vector<std::string>& pair_metric_fields() {
  static const std::vector<std::string> f = {"tension", "trust_ab", "trust_ba", "threat_ab", "threat_ba",
                                             "operations_ab", "operations_ba", "dialogue", "alliance", "risk",
                                             "incidents"};
  return f;
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

std::string old_spelling_warning(const std::string& old_text, const std::string& new_text) {
  return "'" + old_text + "' is the old spelling of '" + new_text +
         "' (accepted until the next release; write " + new_text + ", docs/outputs.md)";
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

const std::vector<OutcomeInfo>& builtin_outcomes() {
  static const std::vector<OutcomeInfo> o = {
      {"tension_final", true, "mean regional tension at the horizon", "[0, 1]"},
      {"tension_mean", true, "mean regional tension over the run (steps 1 to the horizon)", "[0, 1]"},
      {"crises_per_year", true, "crises a year: incidents at least one side escalated (COW's militarized disputes include these)",
       "per year"},
      {"disputes_per_year", true, "militarized disputes a year: incidents both sides escalated (reciprocated in COW's sense)",
       "per year"},
      {"cumulative_risk", true, "probability of at least one war over the run (conflict risk)", "[0, 1]"},
      {"milex_spent", true, "military spending of all actors summed over the run, billions", "bn"},
      {"sc_index_final", false, "security-community index at the horizon", "[0, 1]"},
      {"incidents_per_year", true, "incidents a year, whatever their level", "per year"},
  };
  return o;
}

}  // namespace statecraft
