#pragma once
// The shape of a scenario file beyond the tables of fields.hpp: the top-level sections, the `scenario:` header,
// a variant's overlay, and the keys of relations, disputes, policy specs and outcomes. The decoder checks a
// file's keys against these lists, and `statecraft schema` (schema.hpp) builds the JSON Schema from them and
// from the tables of fields, parameters and event types, so that the two cannot tell different stories.
#include <string>
#include <vector>

#include "statecraft/scenario/fields.hpp"

namespace statecraft {

/// A key of a section whose value is itself a section (a mapping or a sequence), or a plain value.
struct SectionKey {
  std::string name;
  bool required = false;  ///< a complete scenario must give it (a file that extends another need not)
  std::string doc;        ///< one line
};

/// The names of `keys`, in order: what the decoder accepts.
std::vector<std::string> key_names(const std::vector<SectionKey>& keys);
std::vector<std::string> key_names(const std::vector<FieldDesc>& keys);

/// The keys of the document: extends, scenario, parameters, ..., variants.
const std::vector<SectionKey>& top_level_keys();

/// The keys of `scenario:`: name, description, start_year, steps, dt, seed. Ranges as the loader has them
/// with its default limits (--max-steps raises the steps).
const std::vector<FieldDesc>& scenario_header_fields();

/// The keys of a variant's overlay: description, all_actors and the sections it merges into the base.
const std::vector<SectionKey>& variant_keys();

/// The keys of `relations:`: default and pairs.
const std::vector<SectionKey>& relations_keys();

/// The keys of a dispute, and of a party given as a mapping.
const std::vector<FieldDesc>& dispute_fields();
const std::vector<FieldDesc>& dispute_party_fields();

/// The keys of a policy spec given as a mapping: base, mix, the coefficients of policy_fields() and the keys of
/// a conditional policy (cooperate, defect, defect_below, engage_above).
std::vector<FieldDesc> policy_spec_fields();

/// The keys of `outcomes:`: metrics, rank_by, baseline.
const std::vector<SectionKey>& outcomes_keys();

}  // namespace statecraft
