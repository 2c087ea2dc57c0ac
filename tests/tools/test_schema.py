#!/usr/bin/python3
"""`statecraft schema` against the scenario files: the JSON Schema it prints is a valid draft-07 schema, every
bundled scenario (scenarios/*.yaml, docs/examples/*.yaml) satisfies it, and it rejects the cases of the invalid
corpus (tests/scenarios/invalid/) whose problem a schema can express.

    test_schema.py --statecraft BINARY --source SRC

Debian's /usr/bin/python3 with python3-jsonschema and python3-yaml (tools/setup.sh installs them). Files are read
as YAML 1.2 reads them, as the loader and yaml-language-server do: `1e-7` is a number and `yes` a string (PyYAML
follows YAML 1.1 unless told otherwise).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import unittest

import jsonschema
import yaml

sys.dont_write_bytecode = True
ARGS = None

# The corpus cases whose problem is one of shape, type, unknown key, range, word, pattern or required key: the
# schema must reject each.
EXPRESSIBLE = """
actor_id_invalid actor_key_misspelt actor_missing_keys actor_out_of_range actor_wrong_shape actor_wrong_types
actors_empty actors_fewer_than_two actors_missing actors_wrong_shape directed_trust_wrong_shape dispute_key_misspelt
dispute_missing_parties dispute_parties_wrong_shape dispute_salience_out_of_range dispute_wrong_shape
disputes_wrong_shape document_is_scalar document_is_sequence dt_out_of_range empty_file event_arms_sale_bad
event_at_and_step event_at_not_a_number event_empty_item event_exercise_bad event_incident_bad event_key_misspelt
event_missing_keys event_type_missing event_type_misspelt event_type_unknown event_wrong_shape events_wrong_shape
extends_wrong_type institution_coc_dispute institution_key_for_other_kind institution_kind_misspelt
institution_kind_unknown institution_members_bad institution_members_missing institution_strength_range
non_finite_numbers only_comments only_document_marker pair_key_malformed pair_key_misspelt pair_value_out_of_range
parameter_bool_wrong parameter_group_misspelt parameter_group_wrong_shape parameter_key_misspelt
parameter_out_of_range parameters_wrong_shape policies_entry_wrong_shape policies_wrong_shape policy_base_and_mix
policy_change_custom policy_coefficient_misspelt policy_coefficient_out_of_range policy_mix_out_of_range
policy_unknown_custom_cascade policy_wrong_shape quoted_number relations_default_directed_map
relations_default_wrong_shape relations_key_misspelt relations_pair_wrong_shape relations_pairs_wrong_shape
relations_wrong_shape scenario_key_misspelt scenario_missing scenario_name_absolute scenario_name_missing
scenario_name_path scenario_wrong_shape seed_negative set_directed_without_observer set_institution_or_policy
set_relation_bad set_unknown_actor_field set_unknown_path set_value_wrong_type several_problems start_year_string
steps_huge steps_not_whole steps_zero tension_shock_bad top_level_key_misspelt top_level_key_unknown
transparency_wrong trust_building_misspelt trust_shock_bad value_null
variant_all_actors_wrong_shape variant_description_wrong variant_event_numbered_in_variant variant_unknown_key
variant_wrong_shape variants_wrong_shape uncertain_entries uncertain_in_variant outcomes_rank_by_neither_way
outcomes_better_without_rank_by event_actor_list_empty variant_targets_empty
institution_and_dispute_ids_invalid
""".split()

# The others, and why a schema cannot say what is wrong with them. (Some are rejected anyway, for another reason
# in the same file; they are not checked.)
NOT_EXPRESSIBLE = {
    # Bytes and YAML syntax: there is no document to check, or the parser hides the problem (PyYAML and editors
    # keep the last of two equal keys and apply the merge key `<<`, which the loader refuses), or the problem is
    # the loader's line:column report of it.
    "syntax": """binary_control_character binary_garbage binary_nul_byte not_utf8_latin1 not_utf8_overlong
        not_utf8_utf16 syntax_bad_escape syntax_bad_indentation syntax_colon_in_value syntax_complex_key syntax_dedent
        syntax_list_in_mapping syntax_tab_indentation syntax_unclosed_flow_map syntax_unclosed_flow_sequence
        syntax_unclosed_quote syntax_unknown_alias two_documents unquoted_colon_in_label duplicate_key
        duplicate_actor_id duplicate_actor_of_two yaml_merge_key syntax_recursive_alias""",
    # The loader's limits on size and nesting, which raise with flags.
    "limits": "alias_bomb deep_nesting_block deep_nesting_flow huge_number number_underflow too_many_problems",
    # An id that must name something the file defines: an actor, a policy, a dispute, an institution.
    "references": """dispute_unknown_actor dispute_side_unknown dispute_side_not_party directed_trust_non_member
        pair_unknown_actor policy_name_misspelt policy_name_unknown policy_custom_unknown_base policy_change_bad
        policies_redefine_preset event_institution_unknown set_unknown_actor""",
    # Checks between values: milex against max_share * gdp, dialogue against its cap, end after start, two
    # different actors, sides of a dispute, a pair or a metric given twice (or a relation both ways), thresholds of a conditional policy, a grievance
    # only where arms are in money.
    "cross-field": """milex_above_max_share baseline_share_above_max_share milex_zero
        depreciation_zero_needs_capability dialogue_above_cap dialogue_above_default_cap institution_dates_reversed
        pair_given_twice pair_self tension_shock_self_pair trust_shock_same_actor event_provocation_targets_self
        dispute_all_one_side dispute_one_side dispute_no_parties policy_conditional_bad set_out_of_range
        outcomes_metric_twice
        grievance_in_shares""",
    # The run's calendar: years on a step of dt, within the run; dt fine enough for the years; `steps: 20.0`,
    # which JSON Schema counts as an integer.
    "calendar": "event_between_steps event_outside_time_range dt_too_small_for_years steps_fraction_events_unchecked",
    # What holds only of the merged document: a file that extends another, or a variant laid over the base,
    # may give part of a mapping (a policy spec without base or mix, an actor without gdp).
    "merged": """extends_base_errors extends_base_syntax_error extends_cycle extends_directory extends_missing_file
        extends_self extends_text_file variant_base_error_once variant_cross_checks variant_overlay_errors policy_neither_base_nor_mix""",
}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema for booleans and floats, as the loader reads them."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, regexp) for tag, regexp in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def read(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Yaml12Loader)


class Schema(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        out = subprocess.run([ARGS.statecraft, "schema"], capture_output=True, text=True, check=True).stdout
        cls.schema = json.loads(out)
        cls.validator = jsonschema.Draft7Validator(cls.schema)

    def corpus(self):
        return sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ARGS.source, "tests/scenarios/invalid/*.yaml")))

    def test_is_a_valid_draft_07_schema(self):
        self.assertEqual(self.schema["$schema"], "http://json-schema.org/draft-07/schema#")
        jsonschema.Draft7Validator.check_schema(self.schema)

    def test_every_bundled_scenario_satisfies_it(self):
        files = sorted(glob.glob(os.path.join(ARGS.source, "scenarios/*.yaml")) +
                       glob.glob(os.path.join(ARGS.source, "docs/examples/*.yaml")))
        self.assertGreater(len(files), 5)
        for f in files:
            with self.subTest(file=os.path.relpath(f, ARGS.source)):
                errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in self.validator.iter_errors(read(f))]
                self.assertEqual(errors, [])

    def test_it_rejects_every_expressible_corpus_case(self):
        for name in EXPRESSIBLE:
            with self.subTest(case=name):
                path = os.path.join(ARGS.source, "tests/scenarios/invalid", name + ".yaml")
                self.assertFalse(self.validator.is_valid(read(path)), f"{name}.yaml satisfies the schema")

    def test_every_corpus_case_is_classified_once(self):
        others = [n for names in NOT_EXPRESSIBLE.values() for n in names.split()]
        listed = EXPRESSIBLE + others
        self.assertEqual(sorted(set(listed)), sorted(listed), "a case is listed twice")
        # A new corpus case must be put in EXPRESSIBLE, or under the reason a schema cannot express it.
        self.assertEqual(sorted(set(self.corpus()) - set(listed)), [])
        self.assertEqual(sorted(set(listed) - set(self.corpus())), [])

    def test_a_misspelt_key_is_reported_at_its_place(self):
        errors = list(self.validator.iter_errors(read(os.path.join(ARGS.source, "tests/scenarios/invalid/actor_out_of_range.yaml"))))
        self.assertTrue(any(list(e.absolute_path)[:2] == ["actors", "USA"] for e in errors), errors)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--statecraft", required=True)
    ap.add_argument("--source", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
