// The command line's own mistakes (sim/cli/usage_errors.hpp): an option given twice, a flag taken as the value of
// the option before it, a value given to a flag, an unknown option, an argument too many, a required one missing.
// CLI11 found most of them but said so in its own words ("At Most 1 required but received 2"), or took a flag as a
// value and blamed what followed. Each is one line in the house style, exit code 2, nothing on stdout or on disk.
// The options of every command are read from its --help, so that one added later is covered without a change here.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <regex>
#include <sstream>

#include "refusals.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kCommands = {"run", "validate", "describe", "params", "schema",
                                            "compare", "sweep", "explain", "calibrate"};

/// An option as a command's --help lists it: its long name, and whether it takes a value and may be repeated.
struct Listed {
  std::string name;
  bool takes_value = false, repeatable = false;
};

/// The options `statecraft ARGS --help` lists, but --help itself.
std::vector<Listed> options_of(const std::string& args) {
  const auto help = test::statecraft(args + " --help");
  EXPECT_EQ(help.code, 0) << args;
  // "  -j,--jobs INT   Threads", "  --metric METRIC ...   A trend", "  --force    Replace": a flag has no type name.
  static const std::regex line(R"(^  (?:-\w,)?(--[a-z][a-z-]*)(?: ([^ ]+)( \.\.\.)?)?( |$))");
  std::vector<Listed> listed;
  std::istringstream in(help.out);
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (!std::regex_search(text, m, line) || m[1] == "--help") continue;
    listed.push_back({m[1], m[2].matched, m[3].matched});
  }
  return listed;
}

class UsageErrors : public test::Refusals {
 protected:
  UsageErrors() : Refusals("usage_fixture") {}

  /// The command line of `command` on the fixture, with --out where the command writes (unless `with_out` is false).
  std::string on_file(const std::string& command, bool with_out = true) {
    if (command == "schema") return command;
    const bool writes = command == "run" || command == "compare" || command == "sweep" || command == "calibrate";
    return command + " " + file + (writes && with_out ? " --out " + out : "");
  }
};

TEST_F(UsageErrors, AnOptionThatTakesOneValueGivenTwiceIsRefused) {
  // The issue's report, then every single-valued option of every command, and the global limits.
  refused("run " + file + " --runs 3 --runs 4", "statecraft: error: --runs: given twice (expected it once)\n");
  refused("run " + file + " --runs 3 --runs=3 --runs 3", "statecraft: error: --runs: given 3 times (expected it once)\n");
  refused("--max-runs 5 run " + file + " --max-runs 6", "statecraft: error: --max-runs: given twice (expected it once)\n");
  std::size_t checked = 0;
  for (const auto& command : kCommands)
    for (const auto& o : options_of(command)) {
      if (!o.takes_value || o.repeatable || o.name == "--out") continue;
      refused(on_file(command) + " " + o.name + " 1 " + o.name + " 1",
              "statecraft: error: " + o.name + ": given twice (expected it once)\n");
      ++checked;
    }
  for (const auto& o : options_of("")) {
    if (o.name.rfind("--max-", 0) != 0) continue;
    refused("run " + file + " " + o.name + " 1 " + o.name + " 2",
            "statecraft: error: " + o.name + ": given twice (expected it once)\n");
    ++checked;
  }
  refused("run " + file + " --out " + out + " --out " + out, "statecraft: error: --out: given twice (expected it once)\n");
  EXPECT_GE(checked, 40u);  // run, compare, sweep, explain, calibrate, describe, params and the 9 limits
}

TEST_F(UsageErrors, RepeatableOptionsStillTakeAValueEachTime) {
  std::vector<std::string> repeatable;
  for (const auto& command : {"run", "compare", "sweep", "calibrate"})
    for (const auto& o : options_of(command))
      if (o.repeatable) repeatable.push_back(std::string(command) + " " + o.name);
  EXPECT_EQ(repeatable, (std::vector<std::string>{"run --set", "run --metric", "compare --variants", "compare --threshold",
                                                  "compare --set", "compare --metric", "sweep --param", "sweep --set",
                                                  "sweep --metric", "calibrate --fit"}));
  auto r = test::statecraft("run " + file + " --runs 2 --set actors.IND.growth=0.02 --set actors.PAK.growth=0.03 "
                            "--metric relations.IND-PAK.tension --metric actors.IND.milex --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST_F(UsageErrors, AFlagIsNeverTakenAsTheValueOfTheOptionBeforeIt) {
  // The issue's reports: "--runs" became the correction, and "10" was blamed.
  refused("compare " + file + " --adjust --runs 10",
          "statecraft: error: --adjust: needs a value (expected none, bonferroni or holm; got the flag --runs)\n");
  refused("compare " + file + " --baseline --runs 10",
          "statecraft: error: --baseline: needs a value (expected a variant name; got the flag --runs)\n");
  refused("run " + file + " --seed --runs 3",
          "statecraft: error: --seed: needs a value (expected an integer; got the flag --runs)\n");
  refused("calibrate " + file + " --fit --observed x.csv",
          "statecraft: error: --fit: needs a value (expected PATH[=LO:HI], e.g. actors.CHN.fatigue; got the flag "
          "--observed)\n");
  refused("run " + file + " --out -j 2", "statecraft: error: --out: needs a value (expected an output directory; got the "
                                         "flag -j)\n");
  refused("run " + file + " --max-runs --runs 3",
          "statecraft: error: --max-runs: needs a value (expected an integer; got the flag --runs)\n");
  // Every value-taking option of every command: --help is a flag of each.
  std::size_t checked = 0;
  for (const auto& command : kCommands)
    for (const auto& o : options_of(command)) {
      if (!o.takes_value) continue;
      SCOPED_TRACE(command + " " + o.name);
      auto r = test::statecraft(on_file(command, false) + " " + o.name + " --help </dev/null");
      EXPECT_EQ(r.code, 2);
      const std::string head = "statecraft: error: " + o.name + ": needs a value (expected ";
      EXPECT_EQ(r.err.rfind(head, 0), 0u) << r.err;
      const std::string tail = "; got the flag --help)\n";
      EXPECT_TRUE(r.err.size() > tail.size() && r.err.compare(r.err.size() - tail.size(), tail.size(), tail) == 0)
          << r.err;
      ++checked;
    }
  EXPECT_GE(checked, 45u);  // 49 when written: the listing was read
}

TEST_F(UsageErrors, ANegativeNumberIsAValue) {
  refused("run " + file + " --seed -1",
          "statecraft: error: --seed: -1 is out of range (expected an integer from 0 to 18446744073709551615)\n");
  refused("explain " + file + " --pair IND-PAK --from -5",
          "statecraft: error: --from -5 is outside the run (expected a year from 2000 to 2004)\n");
  refused("explain " + file + " --pair IND-PAK --to -0.5",
          "statecraft: error: --to -0.5 is outside the run (expected a year from 2000 to 2004)\n");
}

TEST_F(UsageErrors, AValueMissingAtTheEndIsNamed) {
  refused("run " + file + " --out",
          "statecraft: error: --out: needs a value (expected an output directory; got nothing after it)\n");
  refused("run " + file + " -j", "statecraft: error: --jobs: needs a value (expected an integer; got nothing after it)\n");
  refused("explain " + file + " --pair",
          "statecraft: error: --pair: needs a value (expected a pair of actor ids, as A-B; got nothing after it)\n");
  refused("run " + file + " --max-runs",
          "statecraft: error: --max-runs: needs a value (expected an integer; got nothing after it)\n");
}

// An empty --variant (an unset shell variable) is a mistake, not the base scenario, in every command that takes it.
TEST_F(UsageErrors, AnEmptyVariantIsRefused) {
  int commands = 0;
  for (const auto& command : kCommands) {
    const auto listed = options_of(command);
    if (std::none_of(listed.begin(), listed.end(), [](const Listed& l) { return l.name == "--variant"; })) continue;
    ++commands;
    const std::string extra = command == "explain" ? " --pair A-B" : command == "sweep" ? " --param actors.A.growth=0:0.1"
                              : command == "calibrate" ? " --observed obs.csv --fit actors.A.growth" : "";
    refused(on_file(command) + extra + " --variant ''",
            "statecraft: error: --variant: is empty (expected a variant's name; leave --variant out for the base "
            "scenario)\n");
  }
  EXPECT_EQ(commands, 6) << "run, describe, params, sweep, explain and calibrate take --variant";
  refused("run " + file + " --variant",
          "statecraft: error: --variant: needs a value (expected a variant name; got nothing after it)\n");
  refused("run " + file + " --variant=",
          "statecraft: error: --variant: is empty (expected a variant's name; leave --variant out for the base "
          "scenario)\n");
}

// A comma list with an empty name: CLI11 dropped it (a,,b was a,b), and a list of commas alone took the next
// argument as its value ("--metric: needs a value (...; got the flag --out)").
TEST_F(UsageErrors, AnEmptyNameInACommaListIsRefused) {
  refused(on_file("run") + " --runs 2 --metric ,",
          "statecraft: error: --metric: ',' has an empty name in it (expected names separated by single commas, e.g. "
          "--metric a,b)\n");
  refused(on_file("compare") + " --runs 2 --variants hawkish,,dovish",
          "statecraft: error: --variants: 'hawkish,,dovish' has an empty name in it (expected names separated by "
          "single commas, e.g. --variants a,b)\n");
  refused(on_file("compare") + " --runs 2 --variants=hawkish,",
          "statecraft: error: --variants: 'hawkish,' has an empty name in it (expected names separated by single "
          "commas, e.g. --variants a,b)\n");
}

// The other options whose empty value would have meant their default without a word.
TEST_F(UsageErrors, AnEmptyNameOrFileIsRefused) {
  refused(on_file("compare") + " --baseline ''",
          "statecraft: error: --baseline: is empty (expected a variant's name; leave --baseline out for "
          "outcomes.baseline, else status_quo, else the first)\n");
  refused(on_file("compare") + " --rank-by=",
          "statecraft: error: --rank-by: is empty (expected an outcome; leave --rank-by out for outcomes.rank_by, else "
          "tension_final)\n");
  refused(on_file("sweep") + " --param actors.IND.growth=0:0.1 --design-file ''",
          "statecraft: error: --design-file: is empty (expected a CSV file of design points; leave --design-file out "
          "to sweep --param ranges)\n");
  refused(on_file("calibrate") + " --fit actors.IND.growth --observed ''",
          "statecraft: error: --observed: is empty (expected a CSV file of observations, e.g. "
          "data/backtest_1990.csv)\n");
}

// "--NAME=" with nothing after '=': CLI11 read it as "--NAME" and took the next argument as the value (--runs= --out
// x gave --runs "--out"), or a flag as given. Every option of every command now gets the empty value it was
// written with, which its own check refuses without a word about the next argument; a flag takes no value.
TEST_F(UsageErrors, AnOptionWrittenWithAnEmptyValueAfterTheEqualsSignGetsThatEmptyValue) {
  refused("run " + file + " --runs= --out " + out,
          "statecraft: error: --runs: '' is not an integer (expected an integer from 1 to 18446744073709551615)\n");
  refused("run " + file + " --force= --out " + out,
          "statecraft: error: --force: takes no value (expected --force alone; got --force=)\n");
  std::size_t checked = 0;
  for (const auto& command : kCommands)
    for (const auto& o : options_of(command)) {
      // Before the scenario file, which CLI11 took as the value; with what the command needs besides, so that the
      // option's own check is the first to speak.
      std::string args = on_file(command);
      args.insert(command.size(), " " + o.name + "=");
      const std::map<std::string, std::vector<std::string>> needs = {
          {"run", {"--runs 2"}}, {"explain", {"--pair IND-PAK"}}, {"sweep", {"--param actors.IND.growth=0:0.1"}},
          {"calibrate", {"--observed obs.csv", "--fit actors.IND.growth"}}};
      if (needs.count(command))
        for (const std::string& need : needs.at(command))
          if (need.rfind(o.name + " ", 0) != 0) args += " " + need;
      const auto r = test::statecraft(args + " </dev/null");
      SCOPED_TRACE(command + " " + o.name + "=");
      EXPECT_EQ(r.code, 2);
      EXPECT_EQ(r.out, "");
      const std::string head = "statecraft: error: " + o.name + ": ";
      EXPECT_EQ(r.err.rfind(head, 0), 0u) << r.err;
      EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
      EXPECT_EQ(r.err.find(file), std::string::npos) << "the next argument is not its value: " << r.err;
      if (!o.takes_value) {
        EXPECT_EQ(r.err, head + "takes no value (expected " + o.name + " alone; got " + o.name + "=)\n");
      }
      EXPECT_FALSE(fs::exists(out));
      ++checked;
    }
  EXPECT_GE(checked, 60u);
}

// Every --set problem at once: one that is no PATH=VALUE and those the loader finds in the others.
TEST_F(UsageErrors, EverySetProblemIsSaidAtOnce) {
  const std::string expected =
      "statecraft: error: --set: 'actors.PAK.growth=x' is not PATH=VALUE (expected a path and a finite number, or "
      "true or false for a switch, e.g. actors.CHN.growth=0.05)\n"
      "statecraft: error: --set: actors.CHN.growth: unknown actor 'CHN' (expected one of: IND, PAK)\n"
      "statecraft: error: --set: actors.IND.growth: 9 is out of range (expected a number in [-0.5, 0.5], per year)\n";
  const std::string sets = " --set actors.CHN.growth=0.1 --set actors.IND.growth=9 --set actors.PAK.growth=x";
  refused(on_file("run") + sets, expected);
  refused(on_file("sweep") + " --param parameters.trust.forgetting=0.1:0.2" + sets, expected);
  // A value set that breaks a check of the file's own values is said at that value, and --set is named as the cause.
  const std::string caused = file + ":4:26: actors.PAK.milex: 10 is 0.2 of gdp 50, above max_share 0.1 (expected milex "
                             "<= max_share * gdp = 5)\n"
                             "statecraft: error: --set: the values set make the scenario invalid, as above (expected "
                             "values that pass the file's checks)\n";
  refused(on_file("run") + " --set actors.PAK.gdp=50", caused);
  refused(on_file("compare") + " --runs 2 --set actors.PAK.gdp=50", caused);
  // compare sets them on every variant: a problem every variant has is said once, without naming a variant.
  refused(on_file("compare") + " --runs 2" + sets, expected);
  // One that only some variants have names them: PAK's spending of 100 is above its ceiling where its economy is
  // the file's 300, not in the variant that makes it 3000.
  const std::string rich = dir + "/rich.yaml";
  std::ofstream(rich) << "extends: my.yaml\nvariants:\n  rich: {actors: {PAK: {gdp: 3000}}}\n";
  refused("compare " + rich + " --variants hawkish,rich --runs 2 --set actors.IND.growth=9 --set actors.PAK.milex=100",
          "statecraft: error: --set: actors.IND.growth: 9 is out of range (expected a number in [-0.5, 0.5], per "
          "year)\n"
          "statecraft: error: --set: actors.PAK.milex: with variant 'hawkish': 100 is 0.3333 of gdp 300, above "
          "max_share 0.1 (expected milex <= max_share * gdp = 30)\n");
}

// '--' ends the options: an option of the command after it is misplaced, not unknown ("--out: not an option of
// run (did you mean '--out'?") contradicted itself), and a '--' nothing needs is said as such.
TEST_F(UsageErrors, AnOptionAfterTheSeparatorIsSaidToBeThere) {
  refused(on_file("run", false) + " -- --out " + out,
          "statecraft: error: --out: comes after '--', which ends the options (expected it before '--')\n");
}

// '--' lets a file whose name starts with '-' be named; a '--' nothing needs is harmless, as in other tools.
TEST_F(UsageErrors, TheSeparatorLetsAFileStartWithADash) {
  const std::string dashed = dir + "/-my.yaml";
  fs::copy_file(file, dashed);
  for (const std::string command : {"validate", "describe", "params"}) {
    const auto r = test::statecraft(dir, "", command + " -- -my.yaml");
    EXPECT_EQ(r.code, 0) << command << ": " << r.err;
    EXPECT_EQ(test::statecraft(command + " -- " + file).code, 0) << command;
  }
  auto r = test::statecraft(dir, "", "run --out " + out + " -- -my.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out + "/manifest.json"));
  fs::remove_all(out);
  // After a file too: validate takes every file after it (CLI11 handed them to no command, as options).
  r = test::statecraft(dir, "", "validate my.yaml -- -my.yaml -my.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "my.yaml: ok (2 actors, 0 disputes, 0 events, 2 variants)\n"
                   "-my.yaml: ok (2 actors, 0 disputes, 0 events, 2 variants)\n"
                   "-my.yaml: ok (2 actors, 0 disputes, 0 events, 2 variants)\n");
  // A command of one file given already has no room for another, whatever its name looks like.
  refused("describe " + file + " -- -my.yaml",
          "statecraft: error: -my.yaml: unexpected argument (expected one scenario file, given already: " + file +
              "; see 'statecraft describe --help')\n");
  // Without it, such a file is read as options: said, with how to name it.
  r = test::statecraft(dir, "", "validate -my.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: -m: unknown option (-my.yaml is a file: name it after '--', as statecraft "
                   "validate -- -my.yaml)\n"
                   "statecraft: error: files: missing (expected one or more scenario files; see 'statecraft validate "
                   "--help')\n");
  refused("-- validate " + file, "statecraft: error: --: comes before the command (expected the command first, e.g. "
                                 "statecraft validate -- -draft.yaml)\n");
  refused("describe " + file + " -- --",
          "statecraft: error: --: unexpected argument (expected one scenario file, given already: " + file +
              "; see 'statecraft describe --help')\n");
  // After it, even '--' and '--out' are file names.
  refused("validate -- --out", "statecraft: error: --out: no such file (expected the path of a scenario file)\n");
  refused("validate -- --", "statecraft: error: --: no such file (expected the path of a scenario file)\n");
}

TEST_F(UsageErrors, AFlagTakesNoValue) {
  // CLI11 read --force=3 as --force and --json=0 as no --json, without a word.
  refused("run " + file + " --force=3 --out " + out,
          "statecraft: error: --force: takes no value (expected --force alone; got --force=3)\n");
  refused("describe " + file + " --json=0", "statecraft: error: --json: takes no value (expected --json alone; got --json=0)\n");
  std::size_t checked = 0;
  for (const auto& command : kCommands)
    for (const auto& o : options_of(command)) {
      if (o.takes_value) continue;
      refused(on_file(command) + " " + o.name + "=yes",
              "statecraft: error: " + o.name + ": takes no value (expected " + o.name + " alone; got " + o.name + "=yes)\n");
      ++checked;
    }
  EXPECT_GE(checked, 15u);
}

TEST_F(UsageErrors, AnUnknownOptionIsNamedWithTheNearestOrTheCommandsThatTakeIt) {
  refused("run " + file + " --bogus",
          "statecraft: error: --bogus: unknown option (expected one of those 'statecraft run --help' lists)\n");
  refused("run " + file + " --bogus=3",
          "statecraft: error: --bogus: unknown option (expected one of those 'statecraft run --help' lists)\n");
  refused("--bogus run " + file,
          "statecraft: error: --bogus: unknown option (expected one of those 'statecraft run --help' lists)\n");
  refused("run " + file + " -x", "statecraft: error: -x: unknown option (expected one of those 'statecraft run --help' lists)\n");
  refused("run " + file + " --outt " + out, "statecraft: error: --outt: unknown option (did you mean '--out'?)\n");
  // Its value is not a second mistake.
  refused("describe " + file + " --runs 3",
          "statecraft: error: --runs: not an option of describe (run, compare and sweep take it; see 'statecraft "
          "describe --help')\n");
  refused("explain " + file + " --pair IND-PAK --observed x.csv",
          "statecraft: error: --observed: not an option of explain (calibrate takes it; see 'statecraft explain "
          "--help')\n");
  // Another command's flag one letter from this command's: both said.
  refused("compare " + file + " --variant hawkish --runs 2 --out " + out,
          "statecraft: error: --variant: not an option of compare (did you mean '--variants'? run, describe, params, "
          "sweep, explain and calibrate take it; see 'statecraft compare --help')\n");
  // Every mistake at once.
  refused("describe " + file + " --bogus --variant hawkish --vairant dovish extra",
          "statecraft: error: --bogus: unknown option (expected one of those 'statecraft describe --help' lists)\n"
          "statecraft: error: --vairant: unknown option (did you mean '--variant'?)\n"
          "statecraft: error: extra: unexpected argument (expected one scenario file, given already: " + file +
              "; see 'statecraft describe --help')\n");
}

TEST_F(UsageErrors, AnArgumentTooManyIsNamed) {
  refused("run a b", "statecraft: error: b: unexpected argument (expected one scenario file, given already: a; see "
                     "'statecraft run --help')\n");
  refused("run " + file + " --runs 3 10 --out " + out,
          "statecraft: error: 10: unexpected argument (expected one scenario file, given already: " + file +
              "; see 'statecraft run --help')\n");
  refused("schema x", "statecraft: error: x: unexpected argument (expected no arguments; see 'statecraft schema --help')\n");
}

TEST_F(UsageErrors, AMissingArgumentOrRequiredOptionIsNamed) {
  refused("describe", "statecraft: error: file: missing (expected a scenario file; see 'statecraft describe --help')\n");
  refused("validate",
          "statecraft: error: files: missing (expected one or more scenario files; see 'statecraft validate --help')\n");
  refused("explain " + file,
          "statecraft: error: --pair: missing (expected a pair of actor ids, as A-B; see 'statecraft explain --help')\n");
  refused("calibrate " + file + " --fit actors.IND.fatigue",
          "statecraft: error: --observed: missing (expected a CSV file; see 'statecraft calibrate --help')\n");
}

TEST_F(UsageErrors, NumbersAndChoicesAreRefusedInOurWords) {
  refused("explain " + file + " --pair IND-PAK --from abc",
          "statecraft: error: --from: 'abc' is not a number (expected a year, e.g. 2012)\n");
  refused("calibrate " + file + " --observed x.csv --to 2010x",
          "statecraft: error: --to: '2010x' is not a number (expected a year, e.g. 2010)\n");
  refused("run " + file + " --format csv", "statecraft: error: --format: unknown format 'csv' (expected one of: tidy, wide)\n");
  refused("sweep " + file + " --param actors.IND.growth=0:0.1 --design random",
          "statecraft: error: --design: unknown design 'random' (expected one of: grid, lhs, sobol)\n");
}

TEST_F(UsageErrors, ASetValueThatIsAlsoSweptIsTheSetFlags) {
  refused("sweep " + file + " --param actors.IND.growth=0:0.1:2 --set actors.IND.growth=0.05",
          "statecraft: error: --set: actors.IND.growth is also swept by --param (expected a path in one of them, not "
          "both)\n");
  refused("sweep " + file + " --param relations.IND-PAK.proximity=0:1 --set relations.PAK-IND.proximity=0.5",
          "statecraft: error: --set: relations.PAK-IND.proximity is also swept by --param, as relations.IND-PAK.proximity "
          "(expected a path in one of them, not both)\n");
  std::ofstream(dir + "/points.csv") << "actors.IND.growth\n0.01\n0.02\n";
  refused("sweep " + file + " --design-file " + dir + "/points.csv --set actors.IND.growth=0.05",
          "statecraft: error: --set: actors.IND.growth is also swept by --design-file " + dir +
              "/points.csv (expected a path in one of them, not both)\n");
  // Every one at once, in the order the --set values were given.
  refused("sweep " + file + " --param actors.IND.growth=0:0.1 --param actors.PAK.growth=0:0.1 "
          "--set actors.PAK.growth=0.01 --set actors.IND.growth=0.02",
          "statecraft: error: --set: actors.PAK.growth is also swept by --param (expected a path in one of them, not "
          "both)\n"
          "statecraft: error: --set: actors.IND.growth is also swept by --param (expected a path in one of them, not "
          "both)\n");
  // With the other --set values' own problems.
  refused("sweep " + file + " --param actors.IND.growth=0:0.1 --set actors.IND.growth=0.05 --set actors.PAK.growth=9",
          "statecraft: error: --set: actors.PAK.growth: 9 is out of range (expected a number in [-0.5, 0.5], per "
          "year)\n"
          "statecraft: error: --set: actors.IND.growth is also swept by --param (expected a path in one of them, not "
          "both)\n");
}

// A metric of the file's outcomes: section written the old way is warned about once per command, whatever the
// command loads (the base, its variants, a sweep's design).
TEST_F(UsageErrors, AnOldSpellingInTheFileIsWarnedOnce) {
  const std::string old = dir + "/old.yaml";
  std::ofstream(old) << "extends: my.yaml\noutcomes:\n  metrics: [pair.IND-PAK.tension]\n";
  const std::string warning = old + ":3:13: warning: outcomes.metrics[0]: 'pair.IND-PAK.tension' is the old spelling of "
                                    "'relations.IND-PAK.tension' (accepted until the next release; write "
                                    "relations.IND-PAK.tension, docs/outputs.md)\n";
  for (const std::string& args : {"run " + old + " --runs 3", "run " + old + " --runs 3 --variant hawkish",
                                 "compare " + old + " --runs 2", "sweep " + old + " --param actors.IND.growth=0:0.1:2 --runs 2"}) {
    SCOPED_TRACE(args);
    auto r = test::statecraft(args + " --out " + out);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.err, warning);
    fs::remove_all(out);
  }
}

}  // namespace
}  // namespace statecraft
