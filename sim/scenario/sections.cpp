// The shape of a scenario file beyond the tables of fields (sections.hpp).
#include "statecraft/scenario/sections.hpp"

namespace statecraft {

std::vector<std::string> key_names(const std::vector<SectionKey>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  return names;
}

std::vector<std::string> key_names(const std::vector<FieldDesc>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  return names;
}

namespace {

FieldDesc field(std::string name, ValueType type, Range range, std::string default_value, std::string doc,
                std::string unit = {}) {
  FieldDesc d;
  d.name = std::move(name);
  d.type = type;
  d.unit = std::move(unit);
  d.range = std::move(range);
  d.default_value = std::move(default_value);
  d.doc = std::move(doc);
  return d;
}

}  // namespace

const std::vector<SectionKey>& top_level_keys() {
  static const std::vector<SectionKey> keys = {
      {"extends", false, "another scenario file this one builds on, relative to this file"},
      {"scenario", true, "name, time span, seed"},
      {"parameters", false, "the model's coefficients, by group"},
      {"policies", false, "named custom policies"},
      {"actors", true, "the states, by id"},
      {"relations", false, "initial pair relations: default and pairs"},
      {"disputes", false, "issues and who is on which side, by id"},
      {"institutions", false, "dialogues, confidence-building measures, codes of conduct, communities, treaties"},
      {"events", false, "scheduled changes"},
      {"outcomes", false, "metrics to summarise, the outcome that ranks variants, the baseline variant"},
      {"uncertain", false, "judgement values drawn anew in every run of compare --uncertain, by path"},
      {"variants", false, "named overlays of the whole file"},
  };
  return keys;
}

const std::vector<FieldDesc>& scenario_header_fields() {
  static const std::vector<FieldDesc> keys = {
      field("name", ValueType::Text, {}, "required",
            "short plain name (letters, digits, _, -, .): names the default output directories"),
      field("description", ValueType::Text, {}, "empty", "one line for describe and the manifest"),
      field("start_year", ValueType::Number, Range::closed(-5000, 10000, "a calendar year"), "2012", "year of step 0",
            "calendar year"),
      field("steps", ValueType::Whole, Range::closed(1, 100000), "40", "number of steps to run", "steps"),
      field("dt", ValueType::Number, Range::positive(1, "years per step"), "1", "step length", "years per step"),
      field("seed", ValueType::Whole, Range::closed(0, 18446744073709551615.0), "1", "seed of every random stream"),
  };
  return keys;
}

const std::vector<SectionKey>& variant_keys() {
  static const std::vector<SectionKey> keys = {
      {"description", false, "shown by describe and in the manifest"},
      {"targets", false, "the pairs the variant means to change, A-B each: gives the outcome target_tension.VARIANT"},
      {"scenario", false, "merged into the base's scenario header"},
      {"parameters", false, "merged into the base's parameters"},
      {"policies", false, "merged into the base's policies"},
      {"actors", false, "merged into the base's actors"},
      {"all_actors", false, "a mapping merged into every actor of the base"},
      {"relations", false, "merged into the base's relations"},
      {"disputes", false, "merged into the base's disputes"},
      {"institutions", false, "merged into the base's institutions, by id"},
      {"events", false, "appended to the base's events"},
      {"uncertain", false, "merged into the base's uncertain values, by path: an entry replaces the base's"},
  };
  return keys;
}

const std::vector<SectionKey>& relations_keys() {
  static const std::vector<SectionKey> keys = {
      {"default", false, "values for every ordered pair not listed under pairs"},
      {"pairs", false, "values of pairs, keyed A-B"},
  };
  return keys;
}

const std::vector<FieldDesc>& dispute_fields() {
  static const std::vector<FieldDesc> keys = {
      field("name", ValueType::Text, {}, "the id", "display name"),
      field("parties", ValueType::Parties, {}, "required",
            "each party's salience (a unit interval), or {salience: x, side: ID}"),
  };
  return keys;
}

const std::vector<FieldDesc>& dispute_party_fields() {
  static const std::vector<FieldDesc> keys = {
      field("salience", ValueType::Number, Range::unit_interval(), "required", "how much the dispute matters to it"),
      field("side", ValueType::ActorId, {}, "the party itself", "the party whose side it is on"),
  };
  return keys;
}

std::vector<FieldDesc> policy_spec_fields() {
  std::vector<FieldDesc> keys = {
      field("base", ValueType::Text, {}, "one of base and mix required",
            "a preset or a policy named earlier under policies:, whose coefficients it starts from"),
      field("mix", ValueType::Number, Range::unit_interval(), "one of base and mix required",
            "m * security_community + (1 - m) * balance_of_power"),
  };
  for (const auto& f : policy_fields())
    keys.push_back(field(f.key, ValueType::Number, Range::unit_interval(), "from its base or mix", f.meaning));
  keys.push_back(field("cooperate", ValueType::Text, {}, "security_community",
                       "conditional only: how it acts toward a partner it trusts (a policy name)"));
  keys.push_back(field("defect", ValueType::Text, {}, "balance_of_power",
                       "conditional only: how it acts toward a partner it no longer trusts (a policy name)"));
  keys.push_back(field("defect_below", ValueType::Number, Range::unit_interval(), "0.4",
                       "conditional only: it defects once its trust falls below this"));
  keys.push_back(field("engage_above", ValueType::Number, Range::unit_interval(), "0.55",
                       "conditional only: it cooperates again once its trust rises above this"));
  return keys;
}

const std::vector<SectionKey>& outcomes_keys() {
  static const std::vector<SectionKey> keys = {
      {"metrics", false, "metrics whose final values every batch summarises, such as pair.USA-CHN.tension"},
      {"rank_by", false, "the outcome compare ranks variants by"},
      {"better", false, "which end of rank_by is better, lower or higher (default: the outcome's own)"},
      {"baseline", false, "the variant compare takes differences to"},
      {"thresholds", false, "per outcome, the practical threshold below which a difference does not count"},
  };
  return keys;
}

}  // namespace statecraft
