// The machine-readable interfaces (validate --json, describe --json, params, schema) and the conventions of the
// command line (unknown commands, `statecraft: error:`, warnings on stderr): docs/cli.md. The lists of fields
// come from the loader's tables, so a field added there appears here without a change to these tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "../test_util.hpp"
#include "statecraft/scenario/fields.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/parameters.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace statecraft {
namespace {

TEST(CliCommand, AnUnknownCommandSuggestsTheNearest) {
  auto r = test::statecraft("rn scenarios/security_dilemma.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: unknown command 'rn' (did you mean 'run'?)\n");
  EXPECT_EQ(r.out, "");
  r = test::statecraft("--max-actors 5 valdate x.yaml");
  EXPECT_EQ(r.err, "statecraft: error: unknown command 'valdate' (did you mean 'validate'?)\n");
  r = test::statecraft("frobnicate");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: unknown command 'frobnicate' (expected one of: run, validate, describe, params, "
                   "schema, compare, sweep, explain, calibrate)\n");
  r = test::statecraft("");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: no command given (expected one of: run, validate, describe, params, schema, "
                   "compare, sweep, explain, calibrate; statecraft --help says what each does)\n");
  // An option no command was given for is named, not passed over.
  r = test::statecraft("--bogus=3");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --bogus: unknown option, and no command given (expected a command first, one "
                   "of: run, validate, describe, params, schema, compare, sweep, explain, calibrate; statecraft --help "
                   "says what each does)\n");
}

TEST(CliCommand, AFlagCLI11RefusesIsAnErrorLine) {
  auto r = test::statecraft("describe scenarios/security_dilemma.yaml --bogus");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --bogus: unknown option (expected one of those 'statecraft describe --help' "
                   "lists)\n");
}

TEST(CliCommand, CalibrateWarnsOnStderrAndReportsOnStdout) {
  const std::string out = test::scratch_path("calibrate_stderr");
  auto r = test::statecraft("calibrate scenarios/richardson_1909.yaml --observed data/richardson_1909_1913.csv "
                            "--fit actors.FRA.fatigue --max-evals 10 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("statecraft: warning: the optimizer used every model run it was allowed (--max-evals 10)", 0),
            0u)
      << r.err;
  EXPECT_EQ(r.out.find("warning:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote " + out + "/"), std::string::npos) << r.out;
  fs::remove_all(out);
}

TEST(ValidateJson, EveryDiagnosticIsAnObject) {
  auto r = test::statecraft("validate --json scenarios/security_dilemma.yaml tests/scenarios/invalid/trust_building_misspelt.yaml "
                            "tests/scenarios/invalid/dt_out_of_range.yaml nonexistent.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "");
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["ok"], false);
  ASSERT_EQ(doc["files"].size(), 4u);
  const json& ok = doc["files"][0];
  EXPECT_EQ(ok["file"], "scenarios/security_dilemma.yaml");
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["actors"], 2);
  EXPECT_EQ(ok["variants"], 4);
  EXPECT_TRUE(ok["diagnostics"].empty());
  const json& typo = doc["files"][1]["diagnostics"][0];
  EXPECT_EQ(typo["file"], "tests/scenarios/invalid/trust_building_misspelt.yaml");
  EXPECT_GT(typo["line"].get<int>(), 0);
  EXPECT_GT(typo["column"].get<int>(), 0);
  EXPECT_EQ(typo["path"], "actors.USA.trust_building");
  EXPECT_EQ(typo["message"], "got 'bottomup' (did you mean 'bottom_up'?)");
  EXPECT_EQ(typo["what"], "got 'bottomup'");
  EXPECT_EQ(typo["suggestion"], "bottom_up");
  EXPECT_TRUE(typo["expected"].is_null());
  const json& range = doc["files"][2]["diagnostics"][0];
  EXPECT_EQ(range["path"], "scenario.dt");
  EXPECT_EQ(range["what"], "0 is out of range");
  EXPECT_EQ(range["expected"], "a number in (0, 1], years per step");
  EXPECT_TRUE(range["suggestion"].is_null());
  // A file that cannot be read has no line: its place is null.
  const json& missing = doc["files"][3]["diagnostics"][0];
  EXPECT_EQ(missing["file"], "nonexistent.yaml");
  EXPECT_TRUE(missing["line"].is_null());
  EXPECT_TRUE(missing["column"].is_null());
  EXPECT_EQ(missing["expected"], "the path of a scenario file");
  // The text form is as validate prints it without --json.
  EXPECT_EQ(test::statecraft("validate tests/scenarios/invalid/dt_out_of_range.yaml").err,
            range["text"].get<std::string>() + "\n");
}

TEST(DescribeJson, EveryValueByTheNamesOfTheFile) {
  auto r = test::statecraft("describe --json scenarios/asia_pacific_2012.yaml --variant east_asia_community");
  ASSERT_EQ(r.code, 0) << r.err;
  const json doc = json::parse(r.out);
  const Scenario sc = load_scenario("scenarios/asia_pacific_2012.yaml", LoadOptions("east_asia_community"));
  EXPECT_EQ(doc["name"], sc.name);
  EXPECT_EQ(doc["variant"], "east_asia_community");
  EXPECT_EQ(doc["steps"], sc.steps);
  ASSERT_EQ(doc["actors"].size(), sc.actors.size());
  for (const ActorFieldDesc& f : actor_fields()) EXPECT_TRUE(doc["actors"][0].contains(f.desc.name)) << f.desc.name;
  EXPECT_EQ(doc["actors"][1]["id"], sc.actors[1].id);
  EXPECT_EQ(doc["actors"][1]["gdp"].get<double>(), sc.actors[1].gdp);
  const std::size_t n = sc.actors.size();
  ASSERT_EQ(doc["pairs"].size(), n * (n - 1) / 2);
  for (const PairFieldDesc& f : pair_fields()) EXPECT_TRUE(doc["pairs"][0].contains(f.desc.name)) << f.desc.name;
  const std::string a = sc.actors[0].id, b = sc.actors[1].id;
  EXPECT_EQ(doc["pairs"][0]["pair"], a + "-" + b);
  EXPECT_EQ(doc["pairs"][0]["trust"][a].get<double>(), sc.trust(0, 1));
  EXPECT_EQ(doc["pairs"][0]["trust"][b].get<double>(), sc.trust(1, 0));
  EXPECT_EQ(doc["events"].size(), sc.events.size());
  EXPECT_EQ(doc["institutions"].size(), sc.institutions.size());
  EXPECT_EQ(doc["institutions"].back()["id"], sc.institutions.back().id);
  EXPECT_EQ(doc["variants"].size(), sc.variants.size());
}

/// The paths `statecraft params [FILE] --json` lists.
std::set<std::string> listed_paths(const std::string& args) {
  auto r = test::statecraft("params --json " + args);
  EXPECT_EQ(r.code, 0) << r.err;
  const json doc = json::parse(r.out);  // kept: a range-for over a temporary's member would dangle
  std::set<std::string> paths;
  for (const json& p : doc["paths"]) paths.insert(p["path"].get<std::string>());
  return paths;
}

TEST(Params, TheGrammarListsEveryFieldOfTheTables) {
  const std::set<std::string> paths = listed_paths("");
  for (const ParamDesc& d : parameter_table())
    EXPECT_TRUE(paths.count("parameters." + std::string(d.group) + "." + std::string(d.key))) << d.key;
  for (const std::string& f : settable_names(PathKind::Actor)) EXPECT_TRUE(paths.count("actors.ID." + f)) << f;
  for (const PairFieldDesc& f : pair_fields())
    EXPECT_TRUE(paths.count("relations.A-B." + f.desc.name + (f.directed ? ".OBSERVER" : ""))) << f.desc.name;
  for (const PolicyField& f : policy_fields()) EXPECT_TRUE(paths.count("policies.NAME." + std::string(f.key))) << f.key;
  for (const char* f : {"strength", "start", "end"}) EXPECT_TRUE(paths.count("institutions.ID." + std::string(f))) << f;
  // members is a list, which only a file gives: no path sets it.
  EXPECT_FALSE(paths.count("institutions.ID.members"));
}

TEST(Params, WhatEachUseTakesIsWhatTheParserTakes) {
  auto r = test::statecraft("params --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json doc = json::parse(r.out);
  for (const json& p : doc["paths"]) {
    const std::string path = p["path"];
    if (path == "parameters.trust.learning") {
      EXPECT_EQ(p["type"], "switch");
      EXPECT_TRUE(p["event"]);
      EXPECT_FALSE(p["fit"]);  // calibrate fits numbers
      EXPECT_TRUE(p["range"].is_null());
    }
    if (path.rfind("policies.", 0) == 0) {
      EXPECT_FALSE(p["event"]) << path;  // policy_change does that
      EXPECT_TRUE(p["param"]) << path;
    }
    if (path == "actors.ID.gdp") {
      EXPECT_EQ(p["unit"], "bn constant US$");
      EXPECT_EQ(p["range"]["min"], 0);
      EXPECT_EQ(p["range"]["min_open"], true);
      EXPECT_EQ(p["default"], "required");
      EXPECT_EQ(p["meaning"], describe(ActorField::Gdp).desc.doc);
    }
  }
}

/// The policies a scenario names whose coefficients can be set: not a conditional one, which takes them from its
/// cooperate and defect policies.
std::size_t named_unconditional_policies(const Scenario& sc) {
  std::size_t n = 0;
  for (int i = 0; i < sc.named_policies; ++i) n += sc.policies[static_cast<std::size_t>(i)].conditional ? 0 : 1;
  return n;
}

TEST(Params, AScenarioListsItsOwnValues) {
  const Scenario sc = load_scenario("scenarios/security_dilemma.yaml");
  auto r = test::statecraft("params --json scenarios/security_dilemma.yaml");
  ASSERT_EQ(r.code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["scenario"], sc.name);
  std::size_t directed = 0;
  for (const PairFieldDesc& f : pair_fields()) directed += f.directed ? 1 : 0;
  const std::size_t n = sc.actors.size(), pairs = n * (n - 1) / 2;
  const std::size_t expected = parameter_table().size() + n * settable_names(PathKind::Actor).size() +
                               pairs * (pair_fields().size() + directed) +
                               named_unconditional_policies(sc) * policy_fields().size() +
                               sc.institutions.size() * 3;
  EXPECT_EQ(doc["paths"].size(), expected);
  for (const json& p : doc["paths"])
    if (p["path"] == "actors.A.gdp") {
      EXPECT_EQ(p["value"].get<double>(), sc.actors[0].gdp);
    }
  // The table has a header, a rule, and a row per path.
  auto t = test::statecraft("params scenarios/security_dilemma.yaml");
  EXPECT_EQ(static_cast<std::size_t>(std::count(t.out.begin(), t.out.end(), '\n')), expected + 2);
  EXPECT_EQ(t.out.rfind("path ", 0), 0u);
  // An institution's open start and end (held as -1e18 and 1e18) are shown as their defaults say, null in JSON.
  auto open = test::statecraft("params scenarios/asia_pacific_2012.yaml");
  EXPECT_EQ(open.out.find("e+18"), std::string::npos) << open.out;
  EXPECT_NE(open.out.find("always active   event"), std::string::npos) << open.out;
  const json asia = json::parse(test::statecraft("params --json scenarios/asia_pacific_2012.yaml").out);
  for (const json& p : asia["paths"])
    if (p["path"] == "institutions.dpct.start" || p["path"] == "institutions.dpct.end") {
      EXPECT_TRUE(p["value"].is_null()) << p.dump();
    }
  auto bad = test::statecraft("params --variant both_bop");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "statecraft: error: --variant: needs a scenario FILE (expected statecraft params FILE --variant NAME)\n");
}

TEST(Schema, IsDraft07AndNamesEveryKeyOfTheTables) {
  auto r = test::statecraft("schema");
  ASSERT_EQ(r.code, 0) << r.err;
  const json s = json::parse(r.out);
  EXPECT_EQ(s["$schema"], "http://json-schema.org/draft-07/schema#");
  const json& actor = s["definitions"]["actor"]["properties"];
  for (const ActorFieldDesc& f : actor_fields())
    EXPECT_TRUE(actor.contains(f.desc.name.substr(0, f.desc.name.find('.')))) << f.desc.name;
  for (const PairFieldDesc& f : pair_fields())
    EXPECT_TRUE(s["definitions"]["pair_values"]["properties"].contains(f.desc.name)) << f.desc.name;
  for (const ParamDesc& d : parameter_table())
    EXPECT_TRUE(s["definitions"]["parameters"]["properties"][std::string(d.group)]["properties"].contains(std::string(d.key)))
        << d.key;
  EXPECT_EQ(s["definitions"]["event"]["allOf"].size(), static_cast<std::size_t>(kEventTypes));
}

}  // namespace
}  // namespace statecraft
