#pragma once
// A JSON Schema (draft-07) of the scenario format, built from the loader's own tables: the sections and their
// keys (sections.hpp), the keys of actors, pairs, institutions and policies (fields.hpp), the parameters
// (parameters.hpp), the event types and their keys (events.hpp), and the paths set events accept (settable.hpp).
// What `statecraft schema` prints, for editors (yaml-language-server) and checkers. It says what a schema can:
// keys, types, ranges, words, required keys; the loader's cross-checks (milex <= max_share * gdp, ids that must
// exist, years on a step) are the loader's alone.
#include <nlohmann/json.hpp>

namespace statecraft {

nlohmann::ordered_json scenario_schema();

}  // namespace statecraft
