#pragma once
// Every path a value can be set by (docs/paths.md), listed from the tables the loader reads and checked with the
// parser the loader uses: what `statecraft params` prints. Without a scenario, the grammar (actors.ID.growth);
// with one, every value of it (actors.CHN.growth), with its value there.
#include <optional>
#include <string>
#include <vector>

#include "statecraft/scenario/fields.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft {

struct Scenario;

/// One settable path.
struct SettablePath {
  std::string path;  ///< actors.CHN.growth; in the grammar, with placeholders: actors.ID.growth
  PathKind kind = PathKind::Parameter;
  FieldDesc desc;    ///< type, unit, range, default and meaning, from the field's table
  bool event = false;  ///< a `set` event accepts it
  bool param = false;  ///< `sweep --param` and LoadOptions::overrides accept it
  bool fit = false;    ///< `calibrate --fit` accepts it
  std::optional<double> value;  ///< with a scenario: its value there (a switch as 1 or 0)
};

/// The grammar: one row per field, with ID, A-B, OBSERVER, NAME standing for the ids of a scenario.
std::vector<SettablePath> settable_paths();

/// Every settable value of `sc`: each actor's, each pair's (each side's of a directed field), each policy's
/// coefficients (presets and named policies), each institution's, and the parameters.
std::vector<SettablePath> settable_paths(const Scenario& sc);

/// A range as an interval: "[0, 1]", "(0, 1000000]"; "true or false" for a switch.
std::string range_text(const FieldDesc& d);

}  // namespace statecraft
