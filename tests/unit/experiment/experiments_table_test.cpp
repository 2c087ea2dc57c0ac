// The experiments table (experiments.csv) of run --runs, compare and sweep, and the inputs it records: --set
// values, drawn uncertain values, a sweep's points (from --param or --design-file). docs/experiments.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <sys/stat.h>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

const std::string kAsia = "scenarios/asia_pacific_2012.yaml";
const std::string kDilemma = "scenarios/security_dilemma.yaml";

using Rows = std::vector<std::vector<std::string>>;

Rows rows_of(const std::string& path) { return test::csv_rows(test::read(path)); }

/// The cells of `row` from column `from` on.
std::vector<std::string> tail(const std::vector<std::string>& row, std::size_t from) {
  return std::vector<std::string>(row.begin() + static_cast<long>(std::min(from, row.size())), row.end());
}

class ExperimentsTable : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("experiments_table");
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  }
  /// `statecraft ARGS` is refused as bad input (exit 2) with exactly `said` on stderr.
  static void expect_refused(const std::string& args, const std::string& said) {
    const auto r = test::statecraft(args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_EQ(r.err, said) << args;
  }
};

// Every batch command writes the same layout: variant, point, run, the inputs, then the outcomes that its older
// per-run table (outcomes.csv, compare_runs.csv) has, with the same values, row for row.
TEST_F(ExperimentsTable, EveryBatchCommandWritesTheSameLayoutWithTheOlderTablesValues) {
  auto r = test::statecraft("run " + kDilemma + " --runs 6 --jobs 2 --set parameters.trust.forgetting=0.2 --out " +
                            dir + "/run");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows ens = rows_of(dir + "/run/experiments.csv"), old = rows_of(dir + "/run/outcomes.csv");
  ASSERT_EQ(ens.size(), 7u);
  ASSERT_EQ(old.size(), 7u);
  EXPECT_EQ(tail(ens[0], 0).at(0) + "," + ens[0][1] + "," + ens[0][2] + "," + ens[0][3],
            "variant,point,run,parameters.trust.forgetting");
  EXPECT_EQ(tail(ens[0], 4), tail(old[0], 1)) << "the same outcomes, in the same order";
  for (std::size_t k = 1; k < ens.size(); ++k) {
    EXPECT_EQ(ens[k][0], "base");
    EXPECT_EQ(ens[k][1], "") << "no design point in an ensemble";
    EXPECT_EQ(ens[k][2], std::to_string(k - 1));
    EXPECT_EQ(ens[k][3], "0.2");
    EXPECT_EQ(tail(ens[k], 4), tail(old[k], 1)) << "run " << k - 1;
  }

  r = test::statecraft("compare " + kDilemma + " --variants both_sc,both_hedging --runs 3 --out " + dir + "/cmp");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows cmp = rows_of(dir + "/cmp/experiments.csv"), runs = rows_of(dir + "/cmp/compare_runs.csv");
  ASSERT_EQ(cmp.size(), 7u);
  EXPECT_EQ(tail(cmp[0], 3), tail(ens[0], 4)) << "no inputs: the outcomes follow variant,point,run";
  for (std::size_t k = 1; k < cmp.size(); ++k) {
    EXPECT_EQ(cmp[k][0], runs[k][0]);
    EXPECT_EQ(cmp[k][1], "");
    EXPECT_EQ(cmp[k][2], runs[k][1]);
    EXPECT_EQ(tail(cmp[k], 3), tail(runs[k], 2));
  }

  r = test::statecraft("sweep " + kDilemma + " --param parameters.trust.forgetting=0.1:0.3:2 --runs 3 --jobs 2 --out " +
                       dir + "/sweep");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows sw = rows_of(dir + "/sweep/experiments.csv"), points = rows_of(dir + "/sweep/sweep.csv");
  ASSERT_EQ(sw.size(), 7u);
  EXPECT_EQ(tail(sw[0], 0).at(3), "parameters.trust.forgetting");
  EXPECT_EQ(tail(sw[0], 4), tail(ens[0], 4));
  // Each point's mean in sweep.csv is the mean of its runs' rows.
  for (std::size_t p = 0; p < 2; ++p) {
    EXPECT_EQ(points[p + 1][1], sw[1 + 3 * p][3]);
    for (std::size_t k = 4; k < sw[0].size(); ++k) {
      double sum = 0;
      for (std::size_t run = 0; run < 3; ++run) {
        const auto& row = sw[1 + 3 * p + run];
        EXPECT_EQ(row[0], "base");
        EXPECT_EQ(row[1], std::to_string(p));
        EXPECT_EQ(row[2], std::to_string(run));
        sum += std::stod(row[k]);
      }
      const std::string mean_name = sw[0][k] + "_mean";
      std::size_t col = 0;
      while (col < points[0].size() && points[0][col] != mean_name) ++col;
      ASSERT_LT(col, points[0].size()) << mean_name;
      EXPECT_NEAR(sum / 3, std::stod(points[p + 1][col]), 1e-8 * (1 + std::abs(sum))) << mean_name;
    }
  }
  EXPECT_NE(test::read(dir + "/sweep/manifest.json").find("\"experiments.csv\""), std::string::npos);
}

// run --runs --uncertain draws what compare --uncertain draws: run r of the ensemble of a variant is run r of that
// variant in the comparison, inputs and outcomes alike.
TEST_F(ExperimentsTable, AnUncertainEnsembleIsTheComparisonsVariantRunForRun) {
  const std::string common = kAsia + " --steps 6 --runs 4 --uncertain --jobs 2 --out ";
  auto r = test::statecraft("run " + common + dir + "/ens --variant us_china_dialogue");
  ASSERT_EQ(r.code, 0) << r.err;
  r = test::statecraft("compare " + common + dir + "/cmp --variants status_quo,us_china_dialogue");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows ens = rows_of(dir + "/ens/experiments.csv"), cmp = rows_of(dir + "/cmp/experiments.csv");
  ASSERT_EQ(ens.size(), 5u);
  // The ensemble's inputs are those of its variant; the comparison's columns are the union.
  std::map<std::string, std::size_t> at;
  for (std::size_t c = 0; c < cmp[0].size(); ++c) at[cmp[0][c]] = c;
  std::size_t matched = 0;
  for (std::size_t k = 1; k < cmp.size(); ++k) {
    if (cmp[k][0] != "us_china_dialogue") continue;
    const auto& e = ens[1 + std::stoul(cmp[k][2])];
    for (std::size_t c = 2; c < ens[0].size(); ++c) {
      ASSERT_TRUE(at.count(ens[0][c])) << ens[0][c];
      EXPECT_EQ(e[c], cmp[k][at[ens[0][c]]]) << ens[0][c] << " of run " << cmp[k][2];
    }
    ++matched;
  }
  EXPECT_EQ(matched, 4u);
  EXPECT_NE(std::find(ens[0].begin(), ens[0].end(), "institutions.us_china_security_dialogue.strength"), ens[0].end())
      << "the variant's own uncertain input is an input column";
  EXPECT_NE(test::read(dir + "/ens/manifest.json").find("\"uncertain\""), std::string::npos);
  // A value is either set or drawn: every such value at once, in the order given, before any warning of the events
  // a --set value skips, and with the other values' problems (one that is no PATH=VALUE, one out of range whose
  // load fails before the variants' uncertain values are known).
  const auto drawn = [](const std::string& path) {
    return "statecraft: error: --set: " + path + " is drawn by --uncertain (" + path +
           " is declared uncertain; expected a value that is either set or drawn)\n";
  };
  const std::vector<std::pair<std::string, std::string>> refused = {
      {" --set institutions.arf.strength=0.3", drawn("institutions.arf.strength")},
      {" --set actors.CHN.growth=0.05 --set institutions.dct.strength=0.2 --set institutions.arf.strength=0.3",
       drawn("institutions.dct.strength") + drawn("institutions.arf.strength")},
      {" --set institutions.arf.strength=0.3 --set x=abc",
       "statecraft: error: --set: 'x=abc' is not PATH=VALUE (expected a path and a finite number, or true or false "
       "for a switch, e.g. actors.CHN.growth=0.05)\n" + drawn("institutions.arf.strength")},
      {" --set parameters.trust.forgetting=70 --set institutions.arf.strength=0.3",
       "statecraft: error: --set: parameters.trust.forgetting: 70 is out of range (expected a number in [0, 10])\n" +
           drawn("institutions.arf.strength")}};
  for (const std::string& cmd : {"run " + common + dir + "/both", "compare " + common + dir +
                                 "/both --variants status_quo,us_china_dialogue"})
    for (const auto& [values, said] : refused) {
      r = test::statecraft(cmd + values);
      EXPECT_EQ(r.code, 2) << cmd << values;
      EXPECT_EQ(r.err, said) << cmd << values;
    }
  // A value only some of the variants compared declare uncertain: they are named, with another value's problem.
  r = test::statecraft("compare " + common + dir + "/both --variants status_quo,us_china_dialogue "
                       "--set institutions.us_china_security_dialogue.strength=0.3 --set actors.CHN.growth=-3");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: actors.CHN.growth: -3 is out of range (expected a number in "
                   "[-0.5, 0.5], per year)\n"
                   "statecraft: error: --set: institutions.us_china_security_dialogue.strength is drawn by --uncertain "
                   "(institutions.us_china_security_dialogue.strength is declared uncertain in variant "
                   "'us_china_dialogue'; expected a value that is either set or drawn)\n");
  // A value only some of the variants compared declare uncertain: they are named.
  r = test::statecraft("compare " + common + dir + "/both --variants status_quo,us_china_dialogue "
                       "--set institutions.us_china_security_dialogue.strength=0.3");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: institutions.us_china_security_dialogue.strength is drawn by --uncertain "
                   "(institutions.us_china_security_dialogue.strength is declared uncertain in variant "
                   "'us_china_dialogue'; expected a value that is either set or drawn)\n");
  EXPECT_FALSE(fs::exists(dir + "/both"));
}

// A held scenario: A's growth is reset by two set events.
const char* kHeld = R"(scenario: {name: held, start_year: 2000, steps: 6, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.02, policy: hedging}
  B: {gdp: 800, milex: 15, growth: 0.02, policy: balance_of_power}
relations: {default: {proximity: 0.5}}
events:
  - {at: 2002, type: set, path: actors.A.growth, value: 0.09}
  - {at: 2004, type: set, path: actors.A.growth, value: 0.0}
)";
const char* kHeldWritten = R"(scenario: {name: held, start_year: 2000, steps: 6, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.05, policy: hedging}
  B: {gdp: 800, milex: 15, growth: 0.02, policy: balance_of_power}
relations: {default: {proximity: 0.5}}
)";

// --set writes the value where the file would and holds it: the run is that of the file written so, without the
// events that would reset it, each of which is named.
TEST_F(ExperimentsTable, ASetValueHoldsForTheWholeRun) {
  const std::string held = write("held.yaml", kHeld), written = write("written.yaml", kHeldWritten);
  auto r = test::statecraft("run " + held + " --set actors.A.growth=0.05 --out " + dir + "/set");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1),
            held + ":7:5: warning: the set event of actors.A.growth in 2002 is skipped: --set sets actors.A.growth for "
                   "the whole run\n");
  EXPECT_NE(r.err.find(held + ":8:5: warning: the set event of actors.A.growth in 2004"), std::string::npos) << r.err;
  ASSERT_EQ(test::statecraft("run " + written + " --out " + dir + "/written").code, 0);
  for (const char* f : {"actors.csv", "pairs.csv", "region.csv"})
    EXPECT_TRUE(test::read(dir + "/set/" + f) == test::read(dir + "/written/" + f)) << f;
  EXPECT_NE(test::read(dir + "/set/manifest.json").find("\"actors.A.growth\": 0.05"), std::string::npos);
  // In a batch, the value is an input of every row.
  r = test::statecraft("run " + held + " --runs 3 --set actors.A.growth=0.05 --out " + dir + "/ens");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows rows = rows_of(dir + "/ens/experiments.csv");
  EXPECT_EQ(rows[0][3], "actors.A.growth");
  for (std::size_t k = 1; k < rows.size(); ++k) EXPECT_EQ(rows[k][3], "0.05");
}

// A switch (parameters.trust.learning) takes true or false from --set, and 1 or 0 from --set and --param, as a
// file's true and false: the runs equal those of the file with the switch written in; anything else is refused.
TEST_F(ExperimentsTable, ASwitchIsSetAndSweptByTrueFalseOrOneZero) {
  const std::string held = write("held.yaml", kHeld);
  std::string frozen_text = kHeld;
  frozen_text.insert(frozen_text.find("actors:"), "parameters: {trust: {learning: false}}\n");
  const std::string frozen = write("frozen.yaml", frozen_text);
  ASSERT_EQ(test::statecraft("run " + frozen + " --out " + dir + "/file").code, 0);
  for (const std::string value : {"false", "0"}) {
    const auto r = test::statecraft("run " + held + " --set parameters.trust.learning=" + value + " --out " + dir + "/" + value);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(test::read(dir + "/" + value + "/pairs.csv"), test::read(dir + "/file/pairs.csv")) << value;
  }
  ASSERT_EQ(test::statecraft("run " + held + " --set parameters.trust.learning=true --out " + dir + "/true").code, 0);
  EXPECT_NE(test::read(dir + "/true/pairs.csv"), test::read(dir + "/0/pairs.csv"));  // the switch does something
  auto r = test::statecraft("sweep " + held + " --param parameters.trust.learning=0:1:2 --runs 1 --out " + dir + "/sw");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_refused("run " + held + " --set parameters.trust.learning=0.5 --set actors.A.growth=true --out " + dir + "/o",
                 "statecraft: error: --set: 'actors.A.growth=true' is not PATH=VALUE (expected a path and a finite "
                 "number, or true or false for a switch, e.g. actors.CHN.growth=0.05)\n"
                 "statecraft: error: --set: parameters.trust.learning: 0.5 is not a switch's value (expected true "
                 "or false, or 1 or 0)\n");
  expect_refused("run " + held + " --set parameters.trust.learning=0.5 --out " + dir + "/o",
                 "statecraft: error: --set: parameters.trust.learning: 0.5 is not a switch's value (expected true "
                 "or false, or 1 or 0)\n");
  // As a design file's switch column, --set takes the words pandas (False) and R (FALSE) write; another word is
  // refused as a switch's value, not as a malformed PATH=VALUE.
  for (const std::string value : {"False", "FALSE"}) {
    r = test::statecraft("run " + held + " --set parameters.trust.learning=" + value + " --out " + dir + "/" + value);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(test::read(dir + "/" + value + "/pairs.csv"), test::read(dir + "/file/pairs.csv")) << value;
  }
  r = test::statecraft("run " + held + " --set parameters.trust.learning=yes --set parameters.trust.learning=TRUE "
                       "--out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: parameters.trust.learning: 'yes' is not a switch's value (expected true "
                   "or false, or 1 or 0)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
  // A grid of a switch is 0:1:2; an lhs or sobol design, which draws between 0 and 1, cannot sweep one.
  r = test::statecraft("sweep " + held + " --param parameters.trust.learning=0:1:3 --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: parameters.trust.learning=0:1:3: a switch takes 0 and 1 only (expected "
                   "parameters.trust.learning=0:1:2)\n");
  // PATH=LO:HI on a grid takes 5 points by default: the message says so rather than show a :5 never typed.
  r = test::statecraft("sweep " + held + " --param parameters.trust.learning=0:1 --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: parameters.trust.learning=0:1 (a grid of 5 points by default): a switch "
                   "takes 0 and 1 only (expected parameters.trust.learning=0:1:2)\n");
  for (const std::string design : {"lhs", "sobol"}) {
    const std::string article = design == "lhs" ? "an " : "a ";
    r = test::statecraft("sweep " + held + " --param parameters.trust.learning=0:1 --param parameters.trust.forgetting=0:0.1 "
                         "--param parameters.arms.in_money=0:1 --design " + design + " --samples 4 --runs 1 --out " +
                         dir + "/o");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: --param: parameters.trust.learning=0:1: a switch takes 0 and 1 only, and " +
                         article + design + " design draws between them (expected parameters.trust.learning=0:1:2 with --design "
                         "grid, or the switch held with --set)\n"
                         "statecraft: error: --param: parameters.arms.in_money=0:1: a switch takes 0 and 1 only, and " +
                         article + design + " design draws between them (expected parameters.arms.in_money=0:1:2 with --design "
                         "grid, or the switch held with --set)\n");
  }
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

// --set and --param read a number as the scenario file reads it: a leading + is the same value.
TEST_F(ExperimentsTable, APlusSignIsTheSameValueInSetAndParam) {
  const std::string held = write("held.yaml", kHeld);
  ASSERT_EQ(test::statecraft("run " + held + " --set actors.A.growth=0.03 --out " + dir + "/bare").code, 0);
  auto r = test::statecraft("run " + held + " --set actors.A.growth=+0.03 --out " + dir + "/plus");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(test::read(dir + "/plus/actors.csv"), test::read(dir + "/bare/actors.csv"));
  r = test::statecraft("sweep " + held + " --param actors.A.growth=+0.01:+0.03:2 --runs 1 --out " + dir + "/sw");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(test::csv_records(test::read(dir + "/sw/sweep.csv")).at(1).at("actors.A.growth"), "0.03");
}

const char* kTreaty = R"(scenario: {name: treaty, start_year: 2000, steps: 6, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.05, policy: hedging}
  B: {gdp: 800, milex: 15, growth: 0.02, policy: balance_of_power}
relations: {default: {proximity: 0.5}}
institutions:
  talks: {kind: dialogue, members: [A, B], strength: 0.5, start: 2002}
)";

// An institution's start or end set from outside must be a year the run steps on: between two steps it acts as
// the next step's year, and a sweep's row would be labelled with a year it did not run. A start after the run is
// allowed, with a warning: the institution never starts.
TEST_F(ExperimentsTable, AYearSetFromOutsideIsOneTheRunStepsOn) {
  const std::string treaty = write("treaty.yaml", kTreaty);
  auto r = test::statecraft("sweep " + treaty + " --param institutions.talks.start=2001:2004:3 --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: institutions.talks.start=2001:2004:3: the grid's point 2002.5 falls "
                   "between the years the run steps on (expected points on them: 2000, 2001, ..., 2006; e.g. "
                   "institutions.talks.start=2001:2004:4)\n");
  r = test::statecraft("sweep " + treaty + " --param institutions.talks.end=2003:2005:5 --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: institutions.talks.end=2003:2005:5: the grid's points 2003.5 and "
                   "2004.5 fall between the years the run steps on (expected points on them: 2000, 2001, ..., 2006; "
                   "e.g. institutions.talks.end=2003:2005:3)\n");
  r = test::statecraft("sweep " + treaty + " --param institutions.talks.end=2003:2005:7 --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: institutions.talks.end=2003:2005:7: the grid's points 2003.333333, ... "
                   "and 2004.666667 fall between the years the run steps on (expected points on them: 2000, 2001, ..., "
                   "2006; e.g. institutions.talks.end=2003:2005:3)\n");
  r = test::statecraft("sweep " + treaty + " --param institutions.talks.start=2001:2004 --design lhs --runs 1 --out " +
                       dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: institutions.talks.start=2001:2004: an lhs design draws years between "
                   "those the run steps on (expected a grid, institutions.talks.start=LO:HI:N, whose points are years "
                   "of the run: 2000, 2001, ..., 2006)\n");
  r = test::statecraft("run " + treaty + " --set institutions.talks.start=2003.5 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --set: institutions.talks.start: 2003.5 falls between the years the run steps "
                   "on (expected one of them: 2000, 2001, ..., 2006)\n");
  const std::string design = write("points.csv", "institutions.talks.start\n2003\n2003.25\n2004\n2004.75\n");
  r = test::statecraft("sweep " + treaty + " --design-file " + design + " --runs 1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, design + ":3:1: institutions.talks.start: 2003.25 falls between the years the run steps on "
                   "(expected one of them: 2000, 2001, ..., 2006)\n" +
                   design + ":5:1: institutions.talks.start: 2004.75 falls between the years the run steps on "
                   "(expected one of them: 2000, 2001, ..., 2006)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
  // Years before or after the run, and every year of it, are taken; a start after the run is said.
  r = test::statecraft("sweep " + treaty + " --param institutions.talks.start=1990:2010:5 --runs 1 --out " + dir + "/s");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "statecraft: warning: --param: institutions.talks.start reaches 2010, after the run's last year 2006 "
                   "(the institution never starts at the points after it)\n");
  r = test::statecraft("run " + treaty + " --set institutions.talks.start=2007 --out " + dir + "/r");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "statecraft: warning: --set: institutions.talks.start=2007 is after the run's last year 2006 (the "
                   "institution never starts in the run)\n");
  r = test::statecraft("run " + treaty + " --set institutions.talks.start=2006 --out " + dir + "/r6");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // A year the file declares uncertain is drawn as the file's distribution says: the check is of written values.
  const std::string drawn = write("drawn.yaml", std::string(kTreaty) +
                                                    "uncertain:\n  institutions.talks.start: {uniform: [2001, 2005], "
                                                    "source: \"test\"}\n");
  r = test::statecraft("run " + drawn + " --runs 3 --uncertain --out " + dir + "/u");
  ASSERT_EQ(r.code, 0) << r.err;
}

TEST_F(ExperimentsTable, BadSetValuesAreRefusedAllAtOnceAndNothingIsWritten) {
  const std::string held = write("held.yaml", kHeld);
  auto r = test::statecraft("run " + held + " --set growth --set actors.A.growth=x --set actors.A.growth=0.1 "
                            "--set actors.A.growth=0.2 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --set: 'growth' is not PATH=VALUE (expected a path and a finite number, or true or "
            "false for a switch, e.g. actors.CHN.growth=0.05)\n"
            "statecraft: error: --set: 'actors.A.growth=x' is not PATH=VALUE (expected a path and a finite number, "
            "or true or false for a switch, e.g. actors.CHN.growth=0.05)\n"
            "statecraft: error: --set: actors.A.growth is given twice (expected each path once)\n");
  // A number that no double holds is said as the file says it.
  expect_refused("run " + held + " --set actors.A.growth=1e999 --set actors.B.growth=-1e-999 --out " + dir + "/o",
                 "statecraft: error: --set: actors.A.growth: '1e999' is too large to represent (expected a finite "
                 "number)\n"
                 "statecraft: error: --set: actors.B.growth: '-1e-999' is too close to 0 to represent (expected a "
                 "finite number)\n");
  r = test::statecraft("run " + held + " --set actors.A.growth=9 --set actors.Z.growth=0.1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--set: actors.A.growth: 9 is out of range (expected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set: actors.Z.growth: "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/o"));
  const std::string swept = "statecraft: error: --set: actors.A.growth is also swept by --param (expected a path in "
                            "one of them, not both)\n";
  expect_refused("sweep " + held + " --set actors.A.growth=0.1 --param actors.A.growth=0:0.1 --out " + dir + "/o",
                 swept);
  // With a value that is no PATH=VALUE: both.
  expect_refused("sweep " + held + " --set actors.A.growth=0.1 --set bad --param actors.A.growth=0:0.1 --out " + dir +
                     "/o",
                 "statecraft: error: --set: 'bad' is not PATH=VALUE (expected a path and a finite number, or true or "
                 "false for a switch, e.g. actors.CHN.growth=0.05)\n" + swept);
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

// A design file's points run exactly as the same points given by --param: the same experiments.csv and sweep.csv.
TEST_F(ExperimentsTable, ADesignFileRunsItsPointsAsParamWould) {
  const std::string points = write("points.csv",
                                   "parameters.trust.forgetting,actors.A.growth\n0.1,0.01\n0.1,0.03\n0.3,0.01\n"
                                   "0.3,0.03\n");
  const std::string tail_args = " --runs 2 --steps 5 --jobs 2 --out ";
  auto r = test::statecraft("sweep " + kDilemma + " --design-file " + points + tail_args + dir + "/file");
  ASSERT_EQ(r.code, 0) << r.err;
  r = test::statecraft("sweep " + kDilemma + " --param parameters.trust.forgetting=0.1:0.3:2 --param "
                       "actors.A.growth=0.01:0.03:2" + tail_args + dir + "/grid");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"experiments.csv", "sweep.csv"})
    EXPECT_TRUE(test::read(dir + "/file/" + f) == test::read(dir + "/grid/" + f)) << f;
  EXPECT_NE(test::read(dir + "/file/manifest.json").find("design=file:" + points), std::string::npos);
}

// A switch's column takes true and false as pandas, R and a scenario file write them, as 1 and 0; other words are
// refused as a switch's.
TEST_F(ExperimentsTable, ADesignFilesSwitchColumnTakesTrueAndFalse) {
  const std::string words = write("words.csv", "parameters.trust.learning\nFalse\nTRUE\n");
  const std::string digits = write("digits.csv", "parameters.trust.learning\n0\n1\n");
  for (const std::string& f : {words, digits}) {
    const auto r = test::statecraft("sweep " + kDilemma + " --design-file " + f + " --runs 1 --steps 5 --out " + f + ".out");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  EXPECT_TRUE(test::read(words + ".out/experiments.csv") == test::read(digits + ".out/experiments.csv"));
  const std::string bad = write("bad.csv", "parameters.trust.learning,parameters.trust.forgetting\nyes,0.1\n1,true\n");
  const auto r = test::statecraft("sweep " + kDilemma + " --design-file " + bad + " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, bad + ":2:1: parameters.trust.learning: 'yes' is not a switch's value (expected true or false, or 1 "
                         "or 0)\n" +
                       bad + ":3:3: parameters.trust.forgetting: 'true' is not a number (expected a finite number)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

TEST_F(ExperimentsTable, ADesignFilesProblemsAreNamedAtTheirLineAndColumn) {
  const std::string points = write("points.csv",
                                   "parameters.trust.forgetting, actors.ZZZ.growth\n0.1,0.01\n0.1\n0.2,abc\n");
  auto r = test::statecraft("sweep " + kDilemma + " --design-file " + points + " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(points + ":1:30: actors.ZZZ.growth: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(points + ":3:1: the row has 1 value (expected 2, one per path of the header)"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find(points + ":4:5: actors.ZZZ.growth: 'abc' is not a number (expected a finite number)"),
            std::string::npos) << r.err;
  // Values the scenario refuses: every bad point, at its row and column.
  const std::string ranged = write("ranged.csv", "parameters.trust.forgetting\n0.1\n17\n0.2\n-3\n");
  r = test::statecraft("sweep " + kDilemma + " --design-file " + ranged + " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(ranged + ":3:1: parameters.trust.forgetting: 17 is out of range (expected"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(ranged + ":5:1: parameters.trust.forgetting: -3 is out of range (expected"), std::string::npos)
      << r.err;
  // Rows that cannot be read and values the scenario refuses, in one file: every problem at once, in line order.
  const std::string mixed = write("mixed.csv", "parameters.trust.forgetting,actors.A.growth\n17,0.01\n0.1,x\n0.2\n"
                                               "0.1,0.9\n0.2,0.02\n");
  r = test::statecraft("sweep " + kDilemma + " --design-file " + mixed + " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, mixed + ":2:1: parameters.trust.forgetting: 17 is out of range (expected a number in [0, 10])\n" +
                       mixed + ":3:5: actors.A.growth: 'x' is not a number (expected a finite number)\n" + mixed +
                       ":4:1: the row has 1 value (expected 2, one per path of the header)\n" + mixed +
                       ":5:5: actors.A.growth: 0.9 is out of range (expected a number in [-0.5, 0.5], per year)\n");
  // With no row that can be read, there are no values to check: the rows' problems alone.
  r = test::statecraft("sweep " + kDilemma + " --design-file " + write("none.csv", "actors.A.growth\nx\n\"\"\n") +
                       " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, dir + "/none.csv:2:1: actors.A.growth: 'x' is not a number (expected a finite number)\n" + dir +
                       "/none.csv:3:1: actors.A.growth: an empty value (expected a finite number)\n");
  r = test::statecraft("sweep " + kDilemma + " --design-file " + write("empty.csv", "actors.A.growth\n") +
                       " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("empty.csv: has no design points"), std::string::npos) << r.err;
  r = test::statecraft("sweep " + kDilemma + " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: no parameters to sweep (expected --param PATH=LO:HI[:N], repeatable, or "
                   "--design-file FILE)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

// A design file is the design: --design or --samples beside it is refused even at its default value (`--design
// grid`, `--samples 64`), each flag on its line, and nothing is written.
TEST_F(ExperimentsTable, DesignAndSamplesAreRefusedBesideADesignFile) {
  const std::string points = write("points.csv", "actors.A.growth\n0.01\n");
  const std::string run = "sweep " + kDilemma + " --design-file " + points + " --steps 2 --runs 1 --out " + dir + "/o";
  const std::string design = "statecraft: error: --design: cannot be given with --design-file (expected one or the other: the file is the design)\n";
  const std::string samples =
      "statecraft: error: --samples: cannot be given with --design-file (expected one or the other: the file is the design)\n";
  for (const auto& [flags, expected] : std::vector<std::pair<std::string, std::string>>{
           {" --design grid", design},
           {" --design sobol", design},
           {" --samples 64", samples},
           {" --samples 8 --design lhs", design + samples}}) {
    const auto r = test::statecraft(run + flags);
    EXPECT_EQ(r.code, 2) << flags;
    EXPECT_EQ(r.err, expected) << flags;
    EXPECT_FALSE(fs::exists(dir + "/o")) << flags;
  }
  ASSERT_EQ(test::statecraft(run).code, 0);  // the same command without them runs
}

// A grid's points are each --param's N: --samples beside a grid, named or by default, would be lost, so it is
// refused; with lhs it runs.
TEST_F(ExperimentsTable, SamplesAreRefusedBesideAGrid) {
  const std::string run = "sweep " + kDilemma + " --param actors.A.growth=0:0.02:2 --steps 2 --runs 1 --out " + dir + "/o";
  for (const std::string flags : {" --samples 8", " --samples 8 --design grid"}) {
    const auto r = test::statecraft(run + flags);
    EXPECT_EQ(r.code, 2) << flags;
    EXPECT_EQ(r.err, "statecraft: error: --samples: a grid takes no samples (expected --design lhs or sobol with it, "
                     "or N in each --param PATH=LO:HI:N)\n")
        << flags;
    EXPECT_FALSE(fs::exists(dir + "/o")) << flags;
  }
  const std::string lhs = "sweep " + kDilemma + " --param actors.A.growth=0:0.02 --steps 2 --runs 1 --out " + dir + "/o";
  EXPECT_EQ(test::statecraft(lhs + " --samples 3 --design lhs").code, 0);
}

// Only a grid has points per parameter: N with lhs or sobol is refused, not dropped; --format goes with a single
// run (a batch's kept runs have one layout), not with --runs.
// An unknown swept path is its own message, with no line about the range; a missing design file says so as a
// missing scenario does.
TEST_F(ExperimentsTable, SweepInputsThatAreNotThereSayJustThat) {
  auto r = test::statecraft("sweep " + kDilemma + " --param actors.C.growth=0:0.1 --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: actors.C.growth: unknown actor 'C' (expected one of: A, B)\n");
  r = test::statecraft("sweep " + kDilemma + " --param actors.A.growth=0:9 --out " + dir + "/o");
  EXPECT_NE(r.err.find("the scenario is invalid at the high end of the ranges (actors.A.growth=9)"), std::string::npos)
      << r.err;
  r = test::statecraft("sweep " + kDilemma + " --design-file " + dir + "/none.csv --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + dir + "/none.csv: no such file (expected the path of a CSV file of design "
                   "points)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

// A design file is read as a scenario file is: a FIFO would block the reader for ever and /dev/zero fill the
// memory, so only a regular file within --max-file-size is read (each refused at once, exit 2, nothing written).
TEST_F(ExperimentsTable, ADesignFileIsARegularFileWithinTheSizeLimit) {
  const std::string fifo = dir + "/points.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {fifo, "is a FIFO, not a regular file"},
      {"/dev/zero", "is a character device, not a regular file"},
      {dir, "is a directory"}};
  for (const auto& [path, what] : refused) {
    const auto r = test::statecraft("sweep " + kDilemma + " --design-file " + path + " --out " + dir + "/o");
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_EQ(r.err, "statecraft: error: " + path + ": " + what + " (expected a CSV file of design points)\n");
  }
  // A limit the scenario file is within and the design file is not.
  const std::string limit = std::to_string(fs::file_size(test::root() + "/" + kDilemma));
  const std::string large = dir + "/large.csv";
  {
    std::ofstream out(large);
    out << "actors.A.growth\n";
    for (std::size_t bytes = 16; bytes <= fs::file_size(test::root() + "/" + kDilemma); bytes += 5) out << "0.01\n";
  }
  const auto r = test::statecraft("sweep " + kDilemma + " --design-file " + large + " --max-file-size " + limit +
                                  " --out " + dir + "/o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, large + ":1:1: the file is larger than " + limit + " bytes (expected at most that; raise it with "
                           "--max-file-size)\n");
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

TEST_F(ExperimentsTable, FlagsThatWouldBeIgnoredAreRefused) {
  for (const std::string design : {"lhs", "sobol"}) {
    const auto r = test::statecraft("sweep " + kDilemma + " --param actors.A.growth=0:0.02:3 --design " + design +
                                    " --samples 4 --steps 2 --runs 1 --out " + dir + "/o");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: --param: actors.A.growth=0:0.02:3: N goes with a grid (expected PATH=LO:HI "
                     "with --design " + design + ")\n");
  }
  for (const std::string format : {"wide", "tidy"}) {
    const auto r = test::statecraft("run " + kDilemma + " --runs 2 --keep-runs --format " + format + " --out " + dir + "/o");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: --format: goes with a single run (expected no --format with --runs: a batch's "
                     "kept runs are tidy, one row per run, step and entity)\n");
  }
  EXPECT_FALSE(fs::exists(dir + "/o"));
}

// A sweep keeps every run's trends with --keep-runs, as run --runs and compare do, keyed by point and run; its files
// are the same bytes at any number of threads, and after a kill and --resume.
TEST_F(ExperimentsTable, ASweepKeepsRunsAndResumesToTheSameBytes) {
  const std::string cmd = "sweep " + kDilemma + " --param parameters.trust.forgetting=0.1:0.3:3 --runs 4 --steps 8 "
                          "--keep-runs --out ";
  ASSERT_EQ(test::statecraft(cmd + dir + "/one --jobs 1").code, 0);
  ASSERT_EQ(test::statecraft(cmd + dir + "/two --jobs 2").code, 0);
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=5 ", cmd + dir + "/cut --jobs 2").code, 137);
  auto r = test::statecraft(cmd + dir + "/cut --jobs 2 --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"experiments.csv", "sweep.csv", "manifest.json", "runs/actors.csv", "runs/pairs.csv",
                        "runs/region.csv", "runs/events.csv"}) {
    const std::string one = test::read(dir + "/one/" + f);
    EXPECT_FALSE(one.empty()) << f;
    EXPECT_TRUE(one == test::read(dir + "/two/" + f)) << f << ": one thread against two";
    EXPECT_TRUE(one == test::read(dir + "/cut/" + f)) << f << ": whole against resumed";
  }
  const Rows region = rows_of(dir + "/one/runs/region.csv");
  EXPECT_EQ(region[0][0] + "," + region[0][1], "point,run");
  EXPECT_EQ(region.back()[0] + "," + region.back()[1], "2,3");
  EXPECT_EQ(region.size(), 1u + 3 * 4 * 9) << "a row per point, run and step";
}

}  // namespace
}  // namespace statecraft
