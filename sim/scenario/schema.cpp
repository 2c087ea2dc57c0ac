// The JSON Schema of the scenario format (schema.hpp), generated from the tables the loader reads.
#include "statecraft/scenario/schema.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "statecraft/scenario/events.hpp"
#include "statecraft/scenario/fields.hpp"
#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/parameters.hpp"
#include "statecraft/scenario/sections.hpp"
#include "statecraft/scenario/settable.hpp"

namespace statecraft {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kActorId = "^[A-Za-z][A-Za-z0-9_]*$";
constexpr const char* kPair = "^[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*$";
constexpr const char* kId = "^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$";  // an institution's or a dispute's (id_problem)
constexpr const char* kPlainName = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$";

json ref(const std::string& name) { return json{{"$ref", "#/definitions/" + name}}; }

std::string describe_field(const FieldDesc& d) {
  std::string s = d.doc;
  if (!d.unit.empty()) s += " (" + d.unit + ")";
  if (!d.default_value.empty()) s += "; default: " + d.default_value;
  return s;
}

json number(const Range& r, const std::string& type = "number") {
  json j{{"type", type}};
  if (r.lo > -std::numeric_limits<double>::max()) j[r.lo_open ? "exclusiveMinimum" : "minimum"] = r.lo;
  if (r.hi < std::numeric_limits<double>::max()) {
    // A whole number's bound as a whole number: the seed's 2^64 - 1 does not fit a double exactly.
    if (type == "integer" && r.hi >= 1.8e19) j["maximum"] = std::numeric_limits<std::uint64_t>::max();
    else if (type == "integer") j["maximum"] = static_cast<long long>(r.hi);
    else j["maximum"] = r.hi;
  }
  return j;
}

json actor_ids(std::size_t min_items) {
  json j{{"type", "array"}, {"items", {{"type", "string"}, {"pattern", kActorId}}}, {"uniqueItems", true}};
  if (min_items > 0) j["minItems"] = min_items;
  return j;
}

/// The schema of one key, from its description.
json value_schema(const FieldDesc& d) {
  json j;
  switch (d.type) {
    case ValueType::Number: j = number(d.range); break;
    case ValueType::Whole: j = number(d.range, "integer"); break;
    case ValueType::Switch: j = {{"type", "boolean"}}; break;
    case ValueType::Text: j = {{"type", "string"}}; break;
    case ValueType::Choice: j = {{"enum", d.choices}}; break;
    case ValueType::ActorId: j = {{"type", "string"}, {"pattern", kActorId}}; break;
    case ValueType::ActorIds: j = actor_ids(2); break;
    case ValueType::PolicySpec: j = ref("policy"); break;
    case ValueType::DisputeId: j = {{"type", "string"}}; break;
    case ValueType::Parties: j = ref("parties"); break;
  }
  j["description"] = describe_field(d);
  return j;
}

/// A mapping of exactly these keys.
json object_of(const std::vector<FieldDesc>& fields) {
  json props = json::object();
  for (const auto& f : fields) props[f.name] = value_schema(f);
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

std::vector<std::string> required_of(const std::vector<FieldDesc>& fields) {
  std::vector<std::string> r;
  for (const auto& f : fields)
    if (is_required(f)) r.push_back(f.name);
  return r;
}

json parameters() {
  json groups = json::object();
  for (const ParamDesc& d : parameter_table()) {
    const std::string g(d.group);
    if (!groups.contains(g))
      groups[g] = {{"type", "object"}, {"properties", json::object()}, {"additionalProperties", false}};
  }
  for (const FieldDesc& f : describe_fields(PathKind::Parameter)) {
    const std::size_t dot = f.name.find('.');
    groups[f.name.substr(0, dot)]["properties"][f.name.substr(dot + 1)] = value_schema(f);
  }
  return {{"type", "object"}, {"properties", groups}, {"additionalProperties", false}};
}

json actor() {
  json props = json::object();
  for (const ActorFieldDesc& f : actor_fields()) {
    const std::size_t dot = f.desc.name.find('.');
    if (dot == std::string::npos) {
      props[f.desc.name] = value_schema(f.desc);
      continue;
    }
    // The parts of one key (transparency): a number for every part, or a mapping of the parts.
    const std::string key = f.desc.name.substr(0, dot);
    if (!props.contains(key))
      props[key] = {{"anyOf", {number(f.desc.range), {{"type", "object"}, {"properties", json::object()},
                                                     {"additionalProperties", false}}}},
                    {"description", "a number for every part, or a mapping of the parts"}};
    props[key]["anyOf"][1]["properties"][f.desc.name.substr(dot + 1)] = value_schema(f.desc);
  }
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

/// A pair's values; `defaults`: those of relations.default, where a directed key is one number for every side.
json pair_values(bool defaults) {
  json props = json::object();
  for (const PairFieldDesc& f : pair_fields()) {
    json v = value_schema(f.desc);
    if (f.directed && !defaults) {
      json sides = {{"type", "object"},
                    {"propertyNames", {{"pattern", kActorId}}},
                    {"additionalProperties", number(f.desc.range)},
                    {"maxProperties", 2}};
      v = {{"anyOf", {number(f.desc.range), sides}},
           {"description", describe_field(f.desc) + ": one number for both sides, or {A: x, B: y} for each one's"}};
    }
    props[f.desc.name] = v;
  }
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json relations() {
  json props = json::object();
  for (const SectionKey& k : relations_keys()) {
    if (k.name == "default") props[k.name] = ref("pair_defaults");
    else props[k.name] = {{"type", "object"}, {"propertyNames", {{"pattern", kPair}}},
                          {"additionalProperties", ref("pair_values")}};
    props[k.name]["description"] = k.doc;
  }
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json parties() {
  json party = object_of(dispute_party_fields());
  party["required"] = required_of(dispute_party_fields());
  return {{"type", "object"},
          {"propertyNames", {{"pattern", kActorId}}},
          {"additionalProperties", {{"anyOf", {number(Range::unit_interval()), party}}}}};
}

json institution() {
  std::vector<FieldDesc> descs;
  for (const auto& f : institution_fields()) descs.push_back(f.desc);
  json j = object_of(descs);
  // A key only one kind takes is refused with another kind.
  json rules = json::array();
  for (const auto& f : institution_fields()) {
    if (!f.only_for) continue;
    rules.push_back({{"if", {{"required", {"kind"}}, {"properties", {{"kind", {{"not", {{"const", institution_kind_name(*f.only_for)}}}}}}}}},
                     {"then", {{"not", {{"required", {f.desc.name}}}}}}});
  }
  if (!rules.empty()) j["allOf"] = rules;
  return j;
}

json policy() {
  return {{"anyOf", {{{"type", "string"}, {"description", "a preset or a policy named under policies:"}},
                     ref("policy_spec")}}};
}

/// A regular expression for the paths a set event accepts, from the grammar's rows.
std::string event_path_pattern() {
  std::set<std::string> alternatives;
  for (const SettablePath& row : settable_paths()) {
    if (!row.event) continue;
    std::string re;
    std::size_t start = 0;
    int segment = 0;
    while (start <= row.path.size()) {
      std::size_t dot = row.path.find('.', start);
      if (dot == std::string::npos) dot = row.path.size();
      const std::string part = row.path.substr(start, dot - start);
      std::string piece;
      if (segment == 1 && row.kind == PathKind::Actor) piece = "[A-Za-z][A-Za-z0-9_]*";
      else if (segment == 1 && row.kind == PathKind::Pair) piece = "[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*";
      else if (segment == 1 && (row.kind == PathKind::Institution || row.kind == PathKind::Policy)) piece = "[^.]+";
      else if (part == "OBSERVER") piece = "[A-Za-z][A-Za-z0-9_]*";
      else piece = part;
      re += (segment ? "\\." : "") + piece;
      ++segment;
      start = dot + 1;
    }
    alternatives.insert(re);
  }
  std::string all;
  for (const auto& a : alternatives) all += (all.empty() ? "" : "|") + a;
  return "^(" + all + ")$";
}

json event_key_schema(const EventKey& k) {
  json j;
  switch (k.type) {
    case EventKeyType::Actor: j = {{"type", "string"}, {"pattern", kActorId}}; break;
    case EventKeyType::Actors: j = {{"anyOf", {{{"type", "string"}, {"pattern", kActorId}}, actor_ids(1)}}}; break;
    case EventKeyType::Pair: j = {{"type", "string"}, {"pattern", kPair}}; break;
    case EventKeyType::Policy: j = ref("policy"); break;
    case EventKeyType::Number: j = number(k.range); break;
    case EventKeyType::Level: j = {{"enum", {0, 1, 2}}}; break;
    case EventKeyType::Years: j = number(Range::positive(1000, "years")); break;
    case EventKeyType::Dispute: j = {{"type", "string"}}; break;
    case EventKeyType::Institution: j = {{"type", "string"}}; break;
    case EventKeyType::Path: j = {{"type", "string"}, {"pattern", event_path_pattern()}}; break;
    case EventKeyType::Value: j = {{"type", {"number", "boolean"}}}; break;
  }
  j["description"] = std::string(k.doc) + (*k.default_text ? std::string("; default: ") + k.default_text : "");
  return j;
}

json event() {
  std::vector<std::string> names;
  for (const auto& t : event_types()) names.emplace_back(t.name);
  json common = {{"type", {{"enum", names}, {"description", "what happens"}}},
                 {"at", {{"type", "number"}, {"description", "the year it applies, on a step of the run"}}},
                 {"step", {{"type", "integer"}, {"minimum", 0}, {"description", "the step it applies at"}}},
                 {"label", {{"type", "string"}, {"description", "free text for the event log"}}}};
  json by_type = json::array();
  for (const EventTypeDesc& t : event_types()) {
    json props = common;
    std::vector<std::string> required;
    json one_of = json::array();
    for (const EventKey& k : t.keys) {
      props[k.name] = event_key_schema(k);
      if (*k.or_instead) one_of.push_back({{"required", {k.name}}}), one_of.push_back({{"required", {k.or_instead}}});
      else if (k.required) required.emplace_back(k.name);
    }
    json then = {{"properties", props}, {"additionalProperties", false}, {"required", required}};
    if (!one_of.empty()) then["oneOf"] = one_of;
    by_type.push_back({{"if", {{"required", {"type"}}, {"properties", {{"type", {{"const", t.name}}}}}}},
                       {"then", then},
                       {"description", std::string(t.name) + ": " + t.doc}});
  }
  return {{"type", "object"},
          {"required", {"type"}},
          {"properties", common},
          {"oneOf", {{{"required", {"at"}}}, {{"required", {"step"}}}}},
          {"allOf", by_type}};
}

/// The final value of a metric better neither lower nor higher (a state's power share, an alliance, the bloc
/// metrics), in the current and the old spelling (final.actor., final.pair.).
std::string neither_way_outcome() {
  const auto alternatives = [](const std::vector<std::string>& fields) {
    std::string text;
    for (const auto& f : fields) text += (text.empty() ? "" : "|") + f;
    return "(" + text + ")";
  };
  std::vector<std::string> scopes;
  if (auto f = metric_fields_better(MetricRef::Scope::Region, Better::Neither); !f.empty())
    scopes.push_back("region\\." + alternatives(f));
  if (auto f = metric_fields_better(MetricRef::Scope::Actor, Better::Neither); !f.empty())
    scopes.push_back("actors?\\.[^.]+\\." + alternatives(f));
  if (auto f = metric_fields_better(MetricRef::Scope::Pair, Better::Neither); !f.empty())
    scopes.push_back("(relations|pair)\\.[^.]+\\." + alternatives(f));
  std::string any;
  for (const auto& s : scopes) any += (any.empty() ? "" : "|") + s;
  return "^final\\.(" + any + ")$";
}

json outcomes() {
  std::vector<std::string> names;
  for (const auto& o : builtin_outcomes()) names.emplace_back(o.name);
  json props = json::object();
  for (const SectionKey& k : outcomes_keys()) {
    if (k.name == "metrics") props[k.name] = {{"type", "array"}, {"items", {{"type", "string"}}}, {"uniqueItems", true}};
    else if (k.name == "rank_by")
      props[k.name] = {{"anyOf", {{{"enum", names}}, {{"type", "string"}, {"pattern", "^(final|target_tension)\\."}}}}};
    else if (k.name == "better")
      props[k.name] = {{"enum", {"lower", "higher"}}};
    else if (k.name == "thresholds")
      props[k.name] = {{"type", "object"}, {"additionalProperties", {{"type", "number"}, {"minimum", 0}}}};
    else props[k.name] = {{"type", "string"}};
    props[k.name]["description"] = k.doc;
  }
  // A rank_by of a metric better neither way needs better beside it in the same file (it is not taken from a
  // file this one extends: that better was said of another outcome).
  json needs_better = {{"if", {{"required", {"rank_by"}},
                               {"properties", {{"rank_by", {{"type", "string"}, {"pattern", neither_way_outcome()}}}}}}},
                       {"then", {{"required", {"better"}}}}};
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}, {"allOf", {needs_better}}};
}

/// An entry of `uncertain:`: one distribution and its source.
json uncertain_value() {
  const json number = {{"type", "number"}};
  json props = {
      {"uniform", {{"type", "array"}, {"items", number}, {"minItems", 2}, {"maxItems", 2},
                   {"description", "[lo, hi]: every value between equally likely"}}},
      {"triangular", {{"type", "array"}, {"items", number}, {"minItems", 3}, {"maxItems", 3},
                      {"description", "[lo, mode, hi]"}}},
      {"normal", {{"type", "object"},
                  {"properties", {{"mean", number}, {"sd", {{"type", "number"}, {"exclusiveMinimum", 0}}}}},
                  {"required", {"mean", "sd"}},
                  {"additionalProperties", false},
                  {"description", "{mean, sd}, truncated to the path's range"}}},
      {"choice", {{"type", "array"}, {"items", number}, {"minItems", 1}, {"description", "values, each equally likely"}}},
      {"source", {{"type", "string"}, {"description", "where the judgement comes from (required)"}}}};
  json one_of = json::array();
  for (const char* d : {"uniform", "triangular", "normal", "choice"}) one_of.push_back({{"required", {d}}});
  return {{"type", "object"},
          {"properties", props},
          {"required", {"source"}},
          {"oneOf", one_of},
          {"additionalProperties", false}};
}

/// The schema of a section's value, as a file or a variant's overlay writes it (neither need be complete).
json section(const std::string& name) {
  if (name == "extends") return {{"type", "string"}};
  if (name == "scenario") return ref("scenario");
  if (name == "parameters") return ref("parameters");
  if (name == "policies") return {{"type", "object"}, {"additionalProperties", ref("policy_spec")}};
  if (name == "actors")
    return {{"type", "object"}, {"propertyNames", {{"pattern", kActorId}}}, {"additionalProperties", ref("actor")}};
  if (name == "all_actors") return ref("actor");
  if (name == "relations") return ref("relations");
  if (name == "disputes")
    return {{"type", "object"}, {"propertyNames", {{"pattern", kId}}}, {"additionalProperties", ref("dispute")}};
  if (name == "institutions")
    return {{"type", "object"}, {"propertyNames", {{"pattern", kId}}}, {"additionalProperties", ref("institution")}};
  if (name == "events") return {{"type", "array"}, {"items", ref("event")}};
  if (name == "outcomes") return ref("outcomes");
  if (name == "uncertain") return {{"type", "object"}, {"additionalProperties", ref("uncertain_value")}};
  if (name == "variants")
    return {{"type", "object"}, {"propertyNames", {{"pattern", kPlainName}}}, {"additionalProperties", ref("variant")}};
  if (name == "description") return {{"type", "string"}};
  if (name == "targets") return {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", kPair}}}, {"minItems", 1}};
  throw std::logic_error("schema: no schema for the section '" + name + "'");
}

json variant() {
  json props = json::object();
  for (const SectionKey& k : variant_keys()) {
    props[k.name] = section(k.name);
    props[k.name]["description"] = k.doc;
  }
  return {{"anyOf", {{{"type", "null"}, {"description", "the base scenario itself"}},
                     {{"type", "object"}, {"properties", props}, {"additionalProperties", false}}}}};
}

/// What a file that extends no other must give: the required keys of every section that has some, and
/// outcomes.rank_by beside outcomes.better.
json complete() {
  std::vector<std::string> top;
  for (const SectionKey& k : top_level_keys())
    if (k.required) top.push_back(k.name);
  std::vector<FieldDesc> actor_descs, institution_descs;
  for (const auto& f : actor_fields()) actor_descs.push_back(f.desc);
  json coc = json::array();
  for (const auto& f : institution_fields()) {
    institution_descs.push_back(f.desc);
    if (f.only_for && f.desc.default_value.rfind("required", 0) == 0)
      coc.push_back({{"if", {{"required", {"kind"}}, {"properties", {{"kind", {{"const", institution_kind_name(*f.only_for)}}}}}}},
                     {"then", {{"required", {f.desc.name}}}}});
  }
  json inst = {{"required", required_of(institution_descs)}};
  if (!coc.empty()) inst["allOf"] = coc;
  return {{"required", top},
          {"properties",
           {{"scenario", {{"required", required_of(scenario_header_fields())}}},
            {"actors", {{"minProperties", 2}, {"additionalProperties", {{"required", required_of(actor_descs)}}}}},
            {"policies", {{"additionalProperties", {{"anyOf", {{{"required", {"base"}}}, {{"required", {"mix"}}}}}}}}},
            {"disputes", {{"additionalProperties", {{"required", required_of(dispute_fields())}}}}},
            {"institutions", {{"additionalProperties", inst}}},
            // better says which end of rank_by is better; in a file that extends another, rank_by may be there.
            {"outcomes", {{"dependencies", {{"better", {"rank_by"}}}}}}}}};
}

}  // namespace

nlohmann::ordered_json scenario_schema() {
  json props = json::object();
  for (const SectionKey& k : top_level_keys()) {
    props[k.name] = section(k.name);
    props[k.name]["description"] = k.doc;
  }
  json scenario = object_of(scenario_header_fields());
  scenario["properties"]["name"]["pattern"] = kPlainName;
  json spec = object_of(policy_spec_fields());
  spec["not"] = {{"required", {"base", "mix"}}};  // one of them, not both
  return {{"$schema", "http://json-schema.org/draft-07/schema#"},
          {"title", "Statecraft scenario"},
          {"description",
           std::string("A scenario file of Statecraft ") + STATECRAFT_VERSION +
               " (docs/scenario-format.md), generated by `statecraft schema` from the loader's tables. The loader "
               "checks more than a schema can say: run `statecraft validate`."},
          {"type", "object"},
          {"properties", props},
          {"additionalProperties", false},
          {"if", {{"not", {{"required", {"extends"}}}}}},
          {"then", complete()},
          {"definitions",
           {{"scenario", scenario},
            {"parameters", parameters()},
            {"policy", policy()},
            {"policy_spec", spec},
            {"actor", actor()},
            {"pair_defaults", pair_values(true)},
            {"pair_values", pair_values(false)},
            {"relations", relations()},
            {"dispute", object_of(dispute_fields())},
            {"parties", parties()},
            {"institution", institution()},
            {"event", event()},
            {"outcomes", outcomes()},
            {"uncertain_value", uncertain_value()},
            {"variant", variant()}}}};
}

}  // namespace statecraft
