// The command line: run, validate, describe, --help and --version, and the promises about outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <sstream>
#include <fstream>

#include "../test_util.hpp"
#include "statecraft/util/printable.hpp"
#include "statecraft/util/sha256.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(CliRun, WritesEveryTrendFileAndAManifest) {
  const std::string out = test::scratch_path("cli_run");
  auto r = test::statecraft("run scenarios/security_dilemma.yaml --variant mixed --steps 5 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("security_dilemma [mixed], 5 steps to 2005"), std::string::npos) << r.out;
  // The spending is the last year's, a yearly rate (summed over the run it is the outcome milex_spent).
  EXPECT_NE(r.out.find(", military spending in 2005 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" bn a year; wrote " + out + "/\n"), std::string::npos) << r.out;
  for (const char* f : {"actors.csv", "pairs.csv", "region.csv", "events.csv", "drivers.csv", "manifest.json"})
    EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;
  // Tidy: one row per step and entity, plus the header.
  EXPECT_EQ(count_lines(test::read(out + "/actors.csv")), 1 + 6 * 2);
  EXPECT_EQ(count_lines(test::read(out + "/pairs.csv")), 1 + 6 * 1);
  EXPECT_EQ(count_lines(test::read(out + "/region.csv")), 1 + 6);
  const std::string manifest = test::read(out + "/manifest.json");
  const std::string sha = sha256_hex(test::read(test::root() + "/scenarios/security_dilemma.yaml"));
  EXPECT_NE(manifest.find("\"sha256\": \"" + sha + "\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"variant\": \"mixed\""), std::string::npos);
  EXPECT_NE(manifest.find("\"forgetting\": 0.2"), std::string::npos) << "effective parameters are listed";
  fs::remove_all(out);
}

TEST(CliRun, WideFormatHasOneRowPerStep) {
  const std::string out = test::scratch_path("cli_wide");
  auto r = test::statecraft("run scenarios/security_dilemma.yaml --steps 4 --format wide --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string actors = test::read(out + "/actors.csv");
  EXPECT_EQ(count_lines(actors), 1 + 5);
  EXPECT_EQ(actors.substr(0, actors.find('\n')).rfind("step,year,A.policy,A.gdp,", 0), 0u);
  EXPECT_EQ(count_lines(test::read(out + "/drivers.csv")), 1 + 4);
  fs::remove_all(out);
}

TEST(CliRun, SameSeedGivesIdenticalBytes) {
  const std::string a = test::scratch_path("cli_det_a"), b = test::scratch_path("cli_det_b");
  ASSERT_EQ(test::statecraft("run scenarios/security_dilemma.yaml --seed 11 --out " + a).code, 0);
  ASSERT_EQ(test::statecraft("run scenarios/security_dilemma.yaml --seed 11 --out " + b).code, 0);
  for (const char* f : {"actors.csv", "pairs.csv", "region.csv", "events.csv", "drivers.csv"})
    EXPECT_EQ(test::read(a + "/" + f), test::read(b + "/" + f)) << f;
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(CliHelp, EveryCommandHasHelpAndTheProgramAVersion) {
  for (const char* cmd : {"run", "validate", "describe", "params", "schema", "compare", "sweep", "explain", "calibrate"}) {
    auto r = test::statecraft(std::string(cmd) + " --help");
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Example: statecraft"), std::string::npos) << cmd << ": " << r.out;
  }
  auto v = test::statecraft("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out, std::string("statecraft ") + STATECRAFT_VERSION + "\n");
}

TEST(CliValidate, ReportsOkForAGoodFile) {
  auto r = test::statecraft("validate scenarios/security_dilemma.yaml");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "scenarios/security_dilemma.yaml: ok (2 actors, 0 disputes, 0 events, 4 variants)\n");
}

// Counts of one are in the singular: "1 dispute", "1 step to", "... and 1 more problem".
TEST(CliValidate, CountsOfOneAreSingular) {
  const std::string dir = test::scratch_path("singular");
  fs::create_directories(dir);
  std::ofstream(dir + "/one.yaml")
      << "scenario: {name: one, start_year: 2000, steps: 1}\n"
         "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n  B: {gdp: 1000, milex: 20, policy: hedging}\n"
         "disputes: {reef: {parties: {A: 0.5, B: 0.5}}}\n"
         "events:\n  - {at: 2000, type: trust_shock, from: A, to: B, delta: -0.1}\n"
         "variants:\n  calm: {actors: {A: {policy: security_community}}}\n";
  auto r = test::statecraft("validate " + dir + "/one.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, dir + "/one.yaml: ok (2 actors, 1 dispute, 1 event, 1 variant)\n");
  r = test::statecraft("run " + dir + "/one.yaml --out " + dir + "/out");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("statecraft: one, 1 step to 2001: ", 0), 0u) << r.out;
  // 51 problems: 50 listed, then the one left out.
  std::ofstream bad(dir + "/bad.yaml");
  bad << "scenario: {name: bad, start_year: 2000, steps: 1}\nactors:\n";
  for (int i = 0; i < 51; ++i) bad << "  A" << i << ": {gdp: -1, milex: 20, policy: hedging}\n";
  bad.close();
  r = test::statecraft("validate " + dir + "/bad.yaml");
  EXPECT_EQ(r.code, 2);
  const std::string tail = "\n... and 1 more problem\n";
  EXPECT_TRUE(r.err.size() > tail.size() && r.err.compare(r.err.size() - tail.size(), tail.size(), tail) == 0) << r.err;
  fs::remove_all(dir);
}

TEST(CliDescribe, PrintsTheTables) {
  auto r = test::statecraft("describe scenarios/richardson_two_power.yaml --variant unstable");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* s : {"richardson_two_power [variant unstable]", "Actors", "Policies in use", "Pairs",
                        "Disputes", "Events", "Variants", "x_reacts", "X-Y"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  EXPECT_NE(r.out.find("  x_reacts 0.6"), std::string::npos) << "the variant's policy is shown: " << r.out;
  // Every column of the policies has its heading: the header line has as many words as a policy's row.
  const std::size_t table = r.out.find("Policies in use\n");
  ASSERT_NE(table, std::string::npos);
  std::istringstream lines(r.out.substr(table));
  std::string title, header, rule, row;
  std::getline(lines, title);
  std::getline(lines, header);
  std::getline(lines, rule);
  std::getline(lines, row);
  auto words = [](const std::string& line) {
    std::istringstream in(line);
    return static_cast<int>(std::distance(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()));
  };
  EXPECT_EQ(words(header), words(row)) << header << "\n" << row;
  EXPECT_NE(header.find(" receptivity"), std::string::npos) << header;
}

// Names, labels and descriptions are the file's text, and YAML's escapes let it hold any control character:
// what describe, explain, params and validate print of them is escaped as the error lines are, so that a
// terminal is never sent a control sequence (a title change, a screen cleared) from a file.
TEST(CliDescribe, AFilesControlCharactersReachNoTerminal) {
  const std::string dir = test::scratch_path("control_characters");
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/esc\x1b[2J.yaml";
  std::ofstream(file) << R"(scenario: {name: t, steps: 3, start_year: 2000}
actors:
  A: {name: "\e]0;title\a\e[2J", gdp: 1000, milex: 20, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
disputes:
  d: {name: "x\ry\e[31m", parties: {A: 1, B: 1}}
institutions:
  talks: {kind: dialogue, members: [A, B], strength: 0.2, name: "\e[5mblink\x9b"}
events:
  - {at: 2000, type: tension_shock, pair: A-B, delta: 0.1, label: "\e[31mred\x00"}
variants:
  v1: {description: "\e[41mdescription"}
)";
  for (const std::string command : {"describe", "explain --pair A-B", "params", "validate"}) {
    const auto r = test::statecraft(command.substr(0, command.find(' ')) + " '" + file + "'" +
                                    (command.find(' ') == std::string::npos ? "" : command.substr(command.find(' '))));
    EXPECT_EQ(r.code, 0) << command << ": " << r.err;
    for (const char control : {'\x1b', '\x07', '\r', '\0'})
      EXPECT_EQ(r.out.find(control), std::string::npos) << command << " printed the control character "
                                                        << static_cast<int>(control) << ":\n" << r.out;
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << command << " printed the C1 control CSI";
  }
  EXPECT_NE(test::statecraft("describe '" + file + "'").out.find("\\x1b]0;title\\x07\\x1b[2J"), std::string::npos)
      << "written as the error lines write it";
  std::filesystem::remove_all(dir);
}

// describe's columns line up whatever the names: an escaped control character, a letter of two bytes, a Han
// character of two columns. Each row's gdp starts in the same column of the terminal.
TEST(CliDescribe, ColumnsLineUpWithNamesOfAnyScript) {
  const std::string dir = test::scratch_path("wide_names");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/names.yaml") << "scenario: {name: t, steps: 3, start_year: 2000}\nactors:\n"
                                        "  A: {name: \"Al\\e[2Jpha\", gdp: 1001, milex: 20, policy: hedging}\n"
                                        "  B: {name: \"\xc3\x87" "a va\", gdp: 1002, milex: 20, policy: hedging}\n"
                                        "  C: {name: \"\xe4\xb8\xad\xe5\x9b\xbd\", gdp: 1003, milex: 20, policy: hedging}\n"
                                        "  D: {name: Beta, gdp: 1004, milex: 20, policy: hedging}\n";
  const auto r = test::statecraft("describe " + dir + "/names.yaml");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::vector<std::size_t> columns;
  for (std::string line; std::getline(in, line);)
    if (const auto at = line.find(" 100"); at != std::string::npos && line.find("hedging") != std::string::npos)
      columns.push_back(display_width(line.substr(0, at)));
  ASSERT_EQ(columns.size(), 4u) << r.out;
  for (std::size_t k = 1; k < columns.size(); ++k) EXPECT_EQ(columns[k], columns[0]) << r.out;
  std::filesystem::remove_all(dir);
}

// A description of several lines (a block scalar) keeps describe's indentation on every line, a blank one blank.
TEST(CliDescribe, ADescriptionOfSeveralLinesIsIndentedAsOne) {
  const std::string dir = test::scratch_path("block_description");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/d.yaml") << "scenario:\n  name: d\n  steps: 2\n  description: |\n    first line\n\n"
                                    "    second line\nactors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n"
                                    "  B: {gdp: 800, milex: 15, policy: hedging}\n"
                                    "variants:\n  v:\n    description: |+\n      one\n      two\n\n\n";
  const auto r = test::statecraft("describe " + dir + "/d.yaml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("d\n  first line\n\n  second line\n  2 steps of 1 year", 0), 0u) << r.out;
  // In the variants' table, a description of several lines is one line.
  EXPECT_NE(r.out.find("\n  v       one two\n"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

TEST(CliLimits, EachRefusalNamesItsLimitAndTheFlagThatRaisesIt) {
  auto r = test::statecraft("validate scenarios/asia_pacific_2012.yaml --max-actors 5");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("actors: has 12 actors (expected at most 5; raise the limit with --max-actors)"), std::string::npos)
      << r.err;
  // The refusal alone: the variants' targets name actors that were never read, and must not be reported too.
  EXPECT_EQ(r.err.find("targets"), std::string::npos) << r.err;
  EXPECT_EQ(test::statecraft("validate scenarios/asia_pacific_2012.yaml --max-actors 12").code, 0);

  r = test::statecraft("run scenarios/security_dilemma.yaml --steps 200000 --out /tmp/never_written");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --steps: 200000 is above the limit of 100000 steps (expected at most that; raise it with --max-steps)\n");
  LoadOptions raised;
  raised.steps = 200000;
  raised.limits.steps = 200000;
  EXPECT_EQ(load_scenario(test::root() + "/scenarios/security_dilemma.yaml", raised).steps, 200000);
  // The limit holds for the run's steps: the file's 40, overridden by --steps, are not the run's.
  r = test::statecraft("validate scenarios/security_dilemma.yaml --max-steps 39");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "scenarios/security_dilemma.yaml:7:10: scenario.steps: 40 is out of range (expected a "
                   "whole number in [1, 39]; raise the limit with --max-steps)\n");
  LoadOptions lowered;
  lowered.steps = 6;
  lowered.limits.steps = 6;
  EXPECT_EQ(load_scenario(test::root() + "/scenarios/security_dilemma.yaml", lowered).steps, 6);

  r = test::statecraft("run scenarios/security_dilemma.yaml --runs 20 --max-runs 10 --out /tmp/never_written");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --runs: 20 is above the limit of 10 runs (expected at most that; raise it with --max-runs)\n");

  r = test::statecraft("sweep scenarios/security_dilemma.yaml --param parameters.trust.forgetting=0:1:100 "
                       "--param parameters.tension.trust=0:1:100 --max-points 5000 --out /tmp/never_written");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: the grid design has 10000 points, above the limit of 5000 (expected at most that; raise it with --max-points)\n");
  r = test::statecraft("sweep scenarios/security_dilemma.yaml --param parameters.trust.forgetting=0:1:1000 "
                       "--param parameters.tension.trust=0:1:1000 --param actors.A.growth=0:0.1:1000 --out /tmp/never_written");
  EXPECT_EQ(r.err, "statecraft: error: the grid design has 1000000000 points, above the limit of 1000000 (expected at "
                   "most that; raise it with --max-points)\n") << "written out, as Python writes it, not 1e+09";
  {  // a design file is named as such, not as the grid --design defaults to; a row that is no point counts
    const std::string csv = test::scratch_path("points_over_limit.csv");
    std::ofstream(csv) << "parameters.trust.forgetting\n0.1\nx\n0.3\n";
    r = test::statecraft("sweep scenarios/security_dilemma.yaml --design-file " + csv +
                         " --max-points 2 --out /tmp/never_written");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, csv + ":3:1: parameters.trust.forgetting: 'x' is not a number (expected a finite number)\n"
                     "statecraft: error: --design-file " + csv +
                         " has 3 points, above the limit of 2 (expected at most that; raise it with --max-points)\n")
        << "every problem at once: the row that is no point, and the size";
    std::filesystem::remove(csv);
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/never_written"));
}

// A variant that declares its targets gives an outcome target_tension.VARIANT, which can rank a comparison,
// from the command line or the scenario's outcomes.rank_by; a name without such a variant is refused.
TEST(CliRankBy, AVariantsTargetTensionCanRankAComparison) {
  const std::string dir = test::scratch_path("rank_by_target");
  std::filesystem::create_directories(dir);
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,us_china_dialogue --runs 2 "
                            "--rank-by target_tension.us_china_dialogue --out " + dir + "/a");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("target_tension.us_china_dialogue"), std::string::npos) << r.out;
  r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,us_china_dialogue --runs 2 "
                       "--rank-by target_tension.us_china_dialog --out " + dir + "/b");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --rank-by: unknown outcome 'target_tension.us_china_dialog' (did you mean "
                   "'target_tension.us_china_dialogue'?)\n");

  std::ofstream(dir + "/s.yaml") << "extends: " << test::root() << "/scenarios/asia_pacific_2012.yaml\n"
                                 << "outcomes: {rank_by: target_tension.status_quo}\n";
  r = test::statecraft("validate " + dir + "/s.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("s.yaml:2:21: outcomes.rank_by: unknown outcome 'target_tension.status_quo' (expected "
                       "target_tension. and a variant that declares targets: "),
            std::string::npos)
      << r.err;
  std::ofstream(dir + "/t.yaml") << "extends: " << test::root() << "/scenarios/asia_pacific_2012.yaml\n"
                                 << "outcomes: {rank_by: target_tension.patchwork}\n";
  EXPECT_EQ(test::statecraft("validate " + dir + "/t.yaml").code, 0);
  std::filesystem::remove_all(dir);
}

// The file's outcomes.better says which end of its outcomes.rank_by is better: needed for a metric better
// neither way, refused without a rank_by or with another word, every problem at once; a --rank-by of another
// outcome does not take it, and --better overrides it.
TEST(CliRankBy, TheFilesBetterGoesWithItsRankBy) {
  const std::string dir = test::scratch_path("rank_by_better");
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& outcomes) {
    std::ofstream(dir + "/" + name) << "extends: " << test::root() << "/scenarios/asia_pacific_2012.yaml\n"
                                    << "outcomes:\n" << outcomes;
    return dir + "/" + name;
  };
  const std::string unstated = write("u.yaml", "  metrics: [actors.CHN.power]\n  rank_by: final.actors.CHN.power\n");
  auto r = test::statecraft("validate " + unstated);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, unstated + ":4:12: outcomes.rank_by: final.actors.CHN.power is better neither lower nor higher of "
                   "itself (expected outcomes.better: lower or higher beside it)\n");
  const std::string alone = write("a.yaml", "  better: up\n");
  r = test::statecraft("validate " + alone);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, alone + ":3:11: outcomes.better: 'up' is not an end of an outcome (expected lower or higher)\n" +
                       alone + ":3:11: outcomes.better: says which end of outcomes.rank_by is better, but there is no "
                               "rank_by (expected outcomes.rank_by beside it)\n");
  const std::string stated =
      write("s.yaml", "  metrics: [actors.CHN.power]\n  rank_by: final.actors.CHN.power\n  better: higher\n");
  const std::string two = " --variants status_quo,patchwork --runs 2 --steps 4 --out ";
  r = test::statecraft("compare " + stated + two + dir + "/s");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Variants ranked by final.actors.CHN.power (higher is better)", 0), 0u) << r.out;
  r = test::statecraft("compare " + stated + two + dir + "/l --better lower");
  EXPECT_EQ(r.out.rfind("Variants ranked by final.actors.CHN.power (lower is better)", 0), 0u) << r.out;
  r = test::statecraft("compare " + stated + two + dir + "/t --rank-by sc_index_final");
  EXPECT_EQ(r.out.rfind("Variants ranked by sc_index_final (higher is better)", 0), 0u) << r.out;
  r = test::statecraft("compare " + stated + two + dir + "/m --rank-by milex_spent");
  EXPECT_EQ(r.out.rfind("Variants ranked by milex_spent (lower is better)", 0), 0u) << r.out;
  // A file that extends it: its own rank_by does not take the other's better (tension_final stays lower-is-better,
  // and the power ranking is refused without one of its own); a better alone is of the inherited rank_by.
  auto extend = [&](const std::string& name, const std::string& outcomes) {
    std::ofstream(dir + "/" + name) << "extends: s.yaml\noutcomes: " << outcomes << "\n";
    return dir + "/" + name;
  };
  r = test::statecraft("compare " + extend("e1.yaml", "{rank_by: tension_final}") + two + dir + "/e1");
  EXPECT_EQ(r.out.rfind("Variants ranked by tension_final (lower is better)", 0), 0u) << r.out << r.err;
  const std::string again = extend("e2.yaml", "{rank_by: final.actors.CHN.power}");
  r = test::statecraft("validate " + again);
  EXPECT_EQ(r.err, again + ":2:21: outcomes.rank_by: final.actors.CHN.power is better neither lower nor higher of "
                           "itself (expected outcomes.better: lower or higher beside it)\n");
  r = test::statecraft("compare " + extend("e3.yaml", "{better: lower}") + two + dir + "/e3");
  EXPECT_EQ(r.out.rfind("Variants ranked by final.actors.CHN.power (lower is better)", 0), 0u) << r.out << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// An outcome compare cannot rank by or threshold says what it expected: the outcomes there are, a near name,
// or the --metric that a final. outcome needs; a baseline outside the variants lists them with commas.
TEST(CliCompare, UnknownOutcomesAndBaselinesSayWhatWasExpected) {
  const std::string out = " --runs 2 --out " + test::scratch_path("never_written_outcomes");
  const std::string sd = "compare scenarios/security_dilemma.yaml";
  auto r = test::statecraft(sd + " --rank-by bogus" + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --rank-by: unknown outcome 'bogus' (expected one of: tension_final, tension_mean, "
                   "crises_per_year, disputes_per_year, cumulative_risk, milex_spent, sc_index_final, "
                   "incidents_per_year)\n");
  r = test::statecraft(sd + " --threshold tension_fnal=0.1" + out);
  EXPECT_EQ(r.err, "statecraft: error: --threshold: unknown outcome 'tension_fnal' (did you mean 'tension_final'?)\n");
  r = test::statecraft(sd + " --rank-by final.relations.A-B.trust_ab" + out);
  EXPECT_EQ(r.err, "statecraft: error: --rank-by: unknown outcome 'final.relations.A-B.trust_ab' (expected --metric "
                   "relations.A-B.trust_ab as well: a final. outcome is the last value of a metric the batch "
                   "summarises)\n");
  EXPECT_EQ(test::statecraft(sd + " --rank-by final.relations.A-B.trust_ab --metric relations.A-B.trust_ab" + out).code, 0);
  r = test::statecraft(sd + " --baseline nope" + out);
  EXPECT_EQ(r.err, "statecraft: error: --baseline: 'nope' is not among the variants compared (expected one of: both_sc, "
                   "both_hedging, mixed, both_bop)\n");
  std::filesystem::remove_all(test::scratch_path("never_written_outcomes"));
}

// compare --set holds a value in every variant, and says what that does in each, once: a set event only one
// variant writes (china_domestic_reform's reform of 2013) is said though the first variant compared lacks it, and
// an institution's start after the run is said though only the second variant has the institution.
TEST(CliCompare, TheWarningsOfEveryVariantAreSaidOnce) {
  const std::string out = test::scratch_path("set_warnings");
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,china_domestic_reform "
                            "--runs 2 --steps 3 --set actors.CHN.transparency.operational=0.2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "scenarios/asia_pacific_2012.yaml:710:9: warning: the set event of actors.CHN.transparency.operational "
                   "in 2013 is skipped: --set sets actors.CHN.transparency.operational for the whole run\n");
  std::filesystem::remove_all(out);
  r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,east_asia_community,patchwork "
                       "--runs 2 --steps 3 --set institutions.east_asia_community.start=2060 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "statecraft: warning: --set: institutions.east_asia_community.start=2060 is after the run's last "
                   "year 2015 (the institution never starts in the run)\n"
                   "statecraft: warning: --set: institutions.east_asia_community.start is set only in the variants "
                   "that have it (not in status_quo)\n");
  std::filesystem::remove_all(out);
  // The base file's events are every variant's: said once, not once a variant.
  r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,china_domestic_reform "
                       "--runs 2 --steps 5 --set actors.CHN.growth=0.05 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "scenarios/asia_pacific_2012.yaml:612:5: warning: the set event of actors.CHN.growth in 2016 is "
                   "skipped: --set sets actors.CHN.growth for the whole run\n");
  std::filesystem::remove_all(out);
}

// A --set path that only some of the compared variants have (a proposal's own institution) is set in those, as
// --uncertain draws a value where it exists: one warning names the variants without it, their cells of the value
// are empty, and the others run as each would alone with the value set. A path no compared variant has is refused.
TEST(CliCompare, ASetPathOnlySomeVariantsHaveIsSetInThose) {
  const std::string out = test::scratch_path("set_some"), alone = test::scratch_path("set_alone");
  const std::string set = " --runs 2 --steps 3 --set institutions.east_asia_community.strength=0.8 --out ";
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,east_asia_community" + set + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "statecraft: warning: --set: institutions.east_asia_community.strength is set only in the variants "
                   "that have it (not in status_quo)\n");
  r = test::statecraft("run scenarios/asia_pacific_2012.yaml --variant east_asia_community" + set + alone);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto compared = test::csv_records(test::read(out + "/experiments.csv"));
  const auto single = test::csv_records(test::read(alone + "/experiments.csv"));
  ASSERT_EQ(compared.size(), 4u);
  ASSERT_EQ(single.size(), 2u);
  for (const auto& row : compared) {
    const bool has = row.at("variant") == "east_asia_community";
    EXPECT_EQ(row.at("institutions.east_asia_community.strength"), has ? "0.8" : "") << row.at("variant");
    if (has) {
      EXPECT_EQ(row.at("tension_final"), single[std::stoul(row.at("run"))].at("tension_final"));
    }
  }
  // None of them has it: the flag's mistake, said of every such path.
  const std::string never = test::scratch_path("never_written_set");
  r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,china_reassures --runs 2 --set "
                       "institutions.east_asia_community.strength=0.8 --set institutions.arf.strength=0.5 --set "
                       "actors.CHM.growth=0.05 --out " + never);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: institutions.east_asia_community.strength: unknown institution "
                   "'east_asia_community' (expected one of: dct, dpct, mmca, six_party_talks, six_party_working_groups, "
                   "arf, doc_2002, us_japan_treaty, us_korea_treaty, anzus, us_philippines_treaty, china_dprk_treaty)\n"
                   "statecraft: error: --set: actors.CHM.growth: unknown actor 'CHM' (did you mean 'CHN'?)\n");
  EXPECT_FALSE(std::filesystem::exists(never));
  std::filesystem::remove_all(out);
  std::filesystem::remove_all(alone);
}

// A --set path no compared variant has is checked against the names of every variant: a misspelt proposal's
// institution gets its suggestion, and an unknown one the list of every institution a variant defines.
TEST(CliCompare, ASetPathNoVariantHasIsCheckedAgainstEveryVariantsNames) {
  const std::string never = test::scratch_path("never_written_set_all");
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --runs 2 --set "
                            "institutions.east_asia_comunity.strength=0.5 --set institutions.nope.strength=1 --out " +
                            never);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: institutions.east_asia_comunity.strength: unknown institution "
                   "'east_asia_comunity' (did you mean 'east_asia_community'?)\n"
                   "statecraft: error: --set: institutions.nope.strength: unknown institution 'nope' (expected one of: "
                   "dct, dpct, mmca, six_party_talks, six_party_working_groups, arf, doc_2002, us_japan_treaty, "
                   "us_korea_treaty, anzus, us_philippines_treaty, china_dprk_treaty, us_china_security_dialogue, "
                   "china_japan_sed, east_asia_community, trilateral_defence_conference, coc_south_china_sea, "
                   "anti_piracy, incidents_at_sea, search_and_rescue)\n");
  EXPECT_FALSE(std::filesystem::exists(never));
  // Names each of which some variant has, but no one variant all: two actors added by two variants.
  const std::string file = test::scratch_path("added_actors.yaml");
  std::ofstream(file) << "scenario: {name: added, steps: 3}\n"
                         "actors:\n"
                         "  A: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "  B: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "variants:\n"
                         "  with_c: {actors: {C: {gdp: 500, milex: 10, policy: hedging}}}\n"
                         "  with_d: {actors: {D: {gdp: 500, milex: 10, policy: hedging}}}\n";
  r = test::statecraft("compare " + file + " --variants with_c,with_d --runs 2 --set relations.C-D.tension=0.5 --out " +
                       never);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: relations.C-D.tension: no compared variant has all of its names "
                   "(expected a path that one variant has)\n");
  EXPECT_FALSE(std::filesystem::exists(never));
  std::filesystem::remove(file);
}

// A value only some variants have, set without --variant, names those variants: run --set and sweep --param alike
// (the base alone would call a proposal's institution unknown), and nothing is written.
TEST(CliRun, AValueOnlyVariantsHaveNamesThemWithoutVariant) {
  const std::string never = test::scratch_path("never_written_variant_only");
  const std::string said = "institutions.east_asia_community.strength: only the variants east_asia_community, "
                           "east_asia_community_consensus, patchwork have it (expected --variant east_asia_community, "
                           "or another of them, to set it there)\n";
  auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --set institutions.east_asia_community.strength=0.5 "
                            "--out " + never);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: " + said);
  r = test::statecraft("sweep scenarios/asia_pacific_2012.yaml --param institutions.east_asia_community.strength=0:1 "
                       "--out " + never);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: " + said);
  EXPECT_FALSE(std::filesystem::exists(never));
}

}  // namespace
}  // namespace statecraft
