#pragma once
// manifest.json, built and written in one place: what produced an output directory, every effective value it
// depended on, and the files in it (an output directory is recognised as statecraft's by its "files":
// output_target.cpp). The parts every command shares are built here; each command adds its own members
// (run_manifest here; batch_manifest in sim/experiment; the calibration's in sim/experiment/calibrate).
// Members keep the order they were added in.
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

using Manifest = nlohmann::ordered_json;

/// The version of the output format: the names of files, columns, metrics and outcomes (docs/outputs.md). 2 since
/// metrics and `final.` outcomes are named in the grammar of docs/paths.md (relations.USA-CHN.tension, formerly
/// pair.USA-CHN.tension); outputs without it are format 1.
inline constexpr int kOutputFormatVersion = 2;

/// "program", "version", "model" and "format_version", then "command" unless `command` is empty (a single run's manifest names none).
Manifest manifest_head(const std::string& command);

/// `{"path", "name", "sha256"}` of the scenario file as given on the command line.
Manifest scenario_ref(const Scenario& sc, const std::string& scenario_path);

/// Adds "scenario" (scenario_ref), "sources" (the file and every file it extends, with their SHA-256) and
/// "variant" (null for the base scenario).
void add_provenance(Manifest& m, const Scenario& sc, const std::string& scenario_path);

/// Every coefficient of the model with its effective value, grouped as in the file's `parameters:` section.
Manifest parameters_of(const Parameters& p);

/// Every policy's coefficients, presets first.
Manifest policies_of(const Scenario& sc);

/// Every actor's initial values after defaults were filled in.
Manifest actors_of(const Scenario& sc);

/// The manifest of `statecraft run`: provenance, time, layout, `files`, parameters, policies and actors.
Manifest run_manifest(const Scenario& sc, const std::string& scenario_path, Format format,
                      const std::vector<std::string>& files);

/// Writes `m` as manifest.json: one top-level member a line, and one line per entry for a member whose
/// entries are all objects (parameters, policies, actors); everything else on its line. Numbers that are not
/// integers are written as in every CSV (fmt()); text that is not UTF-8 is written with U+FFFD in its place,
/// so that the file always parses.
void write_manifest(std::ostream& os, const Manifest& m);

}  // namespace statecraft
