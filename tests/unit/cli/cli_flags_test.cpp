// Flags that used to be misread without a word: integers that wrapped around or took a float, options that
// swallowed the scenario file after them, values given twice, explain years outside the run. Each refusal is
// one line on stderr, exit code 2, and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "refusals.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

// Actor ids as in the report: the bundled scenario has IND but no PAK.
class CliFlags : public test::Refusals {
 protected:
  CliFlags() : Refusals("flags_fixture") {}
};

const std::string kU64 = "18446744073709551615";

TEST_F(CliFlags, ASeedOutsideItsRangeOrNotAnIntegerIsRefused) {
  const std::string range = " (expected an integer from 0 to " + kU64 + ")\n";
  refused("run " + file + " --seed -1 --out " + out, "statecraft: error: --seed: -1 is out of range" + range);
  refused("run " + file + " --seed 18446744073709551616 --out " + out,
          "statecraft: error: --seed: 18446744073709551616 is out of range" + range);
  refused("run " + file + " --seed 1e23 --out " + out, "statecraft: error: --seed: '1e23' is not an integer" + range);
  refused("run " + file + " --seed 3.0 --out " + out, "statecraft: error: --seed: '3.0' is not an integer" + range);
  refused("explain " + file + " --pair IND-PAK --seed 0x10", "statecraft: error: --seed: '0x10' is not an integer" + range);
}

TEST_F(CliFlags, TheLargestSeedIsAccepted) {
  auto r = test::statecraft("run " + file + " --seed " + kU64 + " --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(test::read(out + "/manifest.json").find("\"seed\": " + kU64 + ","), std::string::npos);
}

TEST_F(CliFlags, EveryIntegerFlagRefusesWrapAroundAndFloats) {
  refused("run " + file + " --runs 0 --out " + out,
          "statecraft: error: --runs: 0 is out of range (expected an integer from 1 to " + kU64 + ")\n");
  refused("compare " + file + " --runs 1 --out " + out,
          "statecraft: error: --runs: 1 is out of range (expected an integer from 2 to " + kU64 + ")\n");
  refused("run " + file + " --runs " + std::string(300, '9') + " --out " + out,
          "statecraft: error: --runs: 999999999999999999999999... (300 characters) is out of range (expected an integer "
          "from 1 to " + kU64 + ")\n");
  refused("run " + file + " --steps 2.5 --out " + out,
          "statecraft: error: --steps: '2.5' is not an integer (expected an integer from 1 to 2147483647)\n");
  refused("compare " + file + " --steps 4294967297 --out " + out,
          "statecraft: error: --steps: 4294967297 is out of range (expected an integer from 1 to 2147483647)\n");
  refused("run " + file + " --runs 4 --jobs 0 --out " + out,
          "statecraft: error: --jobs: 0 is out of range (expected an integer from 1 to 1024)\n");
  refused("sweep " + file + " --param actors.IND.growth=0:0.1 --design lhs --samples -1 --out " + out,
          "statecraft: error: --samples: -1 is out of range (expected an integer from 2 to 1000000)\n");
  refused("sweep " + file + " --param actors.IND.growth=0:0.1 --bootstrap 1e3 --out " + out,
          "statecraft: error: --bootstrap: '1e3' is not an integer (expected an integer from 10 to 100000)\n");
  refused("calibrate " + file + " --observed x.csv --fit actors.IND.fatigue --max-evals 5 --out " + out,
          "statecraft: error: --max-evals: 5 is out of range (expected an integer from 10 to 100000000)\n");
  refused("validate " + file + " --max-actors abc",
          "statecraft: error: --max-actors: 'abc' is not an integer (expected an integer from 1 to 2147483647)\n");
  refused("run " + file + " --max-runs -5 --runs 2 --out " + out,
          "statecraft: error: --max-runs: -5 is out of range (expected an integer from 1 to " + kU64 + ")\n");
  refused("validate --max-file-size 16M " + file,
          "statecraft: error: --max-file-size: '16M' is not an integer (expected an integer from 1 to " + kU64 + ")\n");
}

TEST_F(CliFlags, AnOptionTakesOneValueSoTheScenarioAfterItIsTheScenario) {
  // The report: my.yaml was read as a second metric and the bundled scenario ran instead.
  auto r = test::statecraft("run --metric relations.IND-PAK.tension " + file + " --runs 3 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("statecraft: flags_fixture, 3 runs: ", 0), 0u) << r.out;
  EXPECT_NE(test::read(out + "/outcomes.csv").find("final.relations.IND-PAK.tension"), std::string::npos);
  fs::remove_all(out);

  r = test::statecraft("compare --variants hawkish " + file + " --variants dovish --runs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("paired with hawkish"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dovish"), std::string::npos) << r.out;
  fs::remove_all(out);

  r = test::statecraft("sweep --param actors.IND.growth=0:0.1:2 " + file + " --runs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "statecraft: sweep of flags_fixture: 2 points x 2 runs (grid); wrote " + out + "/\n");
  fs::remove_all(out);

  // One point (a design file's single row) of one run is counted in the singular.
  std::ofstream(out + ".csv") << "actors.IND.growth\n0.05\n";
  r = test::statecraft("sweep " + file + " --design-file " + out + ".csv --runs 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "statecraft: sweep of flags_fixture: 1 point x 1 run (file); wrote " + out + "/\n");
  fs::remove(out + ".csv");
}

TEST_F(CliFlags, CommaListsAndRepeatsCombine) {
  auto r = test::statecraft("run " + file + " --metric relations.IND-PAK.tension,actors.IND.milex --metric region.mean_trust "
                            "--runs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string header = test::read(out + "/outcomes.csv").substr(0, test::read(out + "/outcomes.csv").find('\n'));
  EXPECT_NE(header.find(",final.relations.IND-PAK.tension,final.actors.IND.milex,final.region.mean_trust"), std::string::npos)
      << header;
}

TEST_F(CliFlags, TheOldSpellingsOfMetricsAndOutcomesWorkForOneReleaseWithAWarning) {
  // Output format 1 named metrics actor.ID.NAME and pair.A-B.NAME; docs/outputs.md names them as the input paths.
  auto r = test::statecraft("run " + file + " --metric pair.IND-PAK.tension,actor.IND.milex --runs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            "statecraft: warning: --metric: 'pair.IND-PAK.tension' is the old spelling of 'relations.IND-PAK.tension' "
            "(accepted until the next release; write relations.IND-PAK.tension, docs/outputs.md)\n"
            "statecraft: warning: --metric: 'actor.IND.milex' is the old spelling of 'actors.IND.milex' "
            "(accepted until the next release; write actors.IND.milex, docs/outputs.md)\n");
  const std::string outcomes = test::read(out + "/outcomes.csv");
  EXPECT_NE(outcomes.find(",final.relations.IND-PAK.tension,final.actors.IND.milex\n"), std::string::npos) << outcomes;
  EXPECT_NE(test::read(out + "/ensemble.csv").find(",relations.IND-PAK.tension,"), std::string::npos);
  EXPECT_NE(test::read(out + "/manifest.json").find("\"format_version\": 2,"), std::string::npos);
  fs::remove_all(out);

  // An outcome named the old way: --rank-by and --threshold, and the scenario's outcomes: section.
  std::ofstream(dir + "/old.yaml") << "extends: my.yaml\noutcomes:\n  metrics: [pair.IND-PAK.tension]\n"
                                   << "  thresholds: {final.pair.IND-PAK.tension: 0.01}\n";
  r = test::statecraft("compare " + dir + "/old.yaml --runs 2 --rank-by final.pair.IND-PAK.tension "
                       "--threshold final.pair.IND-PAK.tension=0.02 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(dir + "/old.yaml:3:13: warning: outcomes.metrics[0]: 'pair.IND-PAK.tension' is the old "
                       "spelling of 'relations.IND-PAK.tension'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir + "/old.yaml:4:16: warning: outcomes.thresholds.final.pair.IND-PAK.tension: "),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("statecraft: warning: --rank-by: 'final.pair.IND-PAK.tension' is the old spelling of "
                       "'final.relations.IND-PAK.tension'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("statecraft: warning: --threshold: 'final.pair.IND-PAK.tension'"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Variants ranked by final.relations.IND-PAK.tension"), std::string::npos) << r.out;
  const std::string summary = test::read(out + "/compare_summary.csv");
  EXPECT_NE(summary.find(",final.relations.IND-PAK.tension,"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("pair."), std::string::npos) << summary;
}

TEST_F(CliFlags, AFitPathAfterWhichTheScenarioComesIsOneValue) {
  // --fit used to take the scenario file as a second path: now the file is the scenario and the missing
  // observed data is what is reported.
  refused("calibrate --fit actors.IND.fatigue " + file + " --observed " + dir + "/none.csv --out " + out,
          "statecraft: error: " + dir + "/none.csv: no such file (expected a CSV file of observations)\n");
}

TEST_F(CliFlags, WithoutAFileTheBundledScenarioIsAnnounced) {
  auto r = test::statecraft("run --steps 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "statecraft: no scenario file given: running the bundled scenarios/asia_pacific_2012.yaml\n");
  EXPECT_EQ(r.out.rfind("statecraft: asia_pacific_2012, 1 step to 2013: ", 0), 0u) << r.out;
  r = test::statecraft("run " + file + " --steps 1 --force --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliFlags, OutsideACheckoutTheBundledScenarioIsFoundBesideTheProgram) {
  // From a directory with no scenarios/: the copy CMake puts beside the built program.
  const std::string elsewhere = test::scratch_path("no_checkout");
  std::filesystem::create_directories(elsewhere);
  auto r = test::statecraft(elsewhere, "", "run --steps 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string beside =
      (std::filesystem::path(STATECRAFT_BINARY).parent_path() / "share/statecraft/scenarios/asia_pacific_2012.yaml")
          .string();
  EXPECT_EQ(r.err, "statecraft: no scenario file given: running the bundled " + beside + "\n");
  // A program copied away from its share/ has no bundled scenario, and says so.
  const std::string lonely = elsewhere + "/statecraft";
  std::filesystem::copy_file(STATECRAFT_BINARY, lonely);
  const std::string cmd = "cd " + elsewhere + " && ./statecraft run --steps 1 > out.txt 2> err.txt";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(test::read(elsewhere + "/err.txt"),
            "statecraft: error: no scenario file given, and the bundled scenarios/asia_pacific_2012.yaml is neither in the "
            "working directory nor installed beside the program (expected a scenario FILE)\n");
  std::filesystem::remove_all(elsewhere);
}

TEST_F(CliFlags, ADuplicateVariantOrFitPathIsRefused) {
  refused("compare " + file + " --variants hawkish,hawkish --runs 2 --out " + out,
          "statecraft: error: --variants: hawkish is given twice (expected each variant once)\n");
  refused("compare " + file + " --variants hawkish,dovish --variants dovish --runs 2 --out " + out,
          "statecraft: error: --variants: dovish is given twice (expected each variant once)\n");
  refused("calibrate " + file + " --observed x.csv --fit actors.IND.fatigue --fit actors.IND.fatigue=0:1 --out " + out,
          "statecraft: error: --fit: actors.IND.fatigue is given twice (expected each path once)\n");
  // A pair written both ways is one value.
  refused("calibrate " + file + " --observed x.csv --fit relations.IND-PAK.proximity,relations.PAK-IND.proximity --out " + out,
          "statecraft: error: --fit: relations.PAK-IND.proximity is the same value as relations.IND-PAK.proximity (expected each "
          "value once)\n");
  refused("sweep " + file + " --param relations.PAK-IND.trust.IND=0:1 --param relations.IND-PAK.trust.IND=0:1 --out " + out,
          "statecraft: error: --param: relations.IND-PAK.trust.IND is the same value as relations.PAK-IND.trust.IND (expected "
          "each value once)\n");
}

TEST_F(CliFlags, ExplainYearsOutsideTheRunAreRefused) {
  refused("explain " + file + " --pair IND-PAK --from 1990",
          "statecraft: error: --from 1990 is outside the run (expected a year from 2000 to 2004)\n");
  refused("explain " + file + " --pair IND-PAK --from 2001 --to 2004.5",
          "statecraft: error: --to 2004.5 is outside the run (expected a year from 2000 to 2004)\n");
  // A year between two steps was taken as the next step's, without a word.
  refused("explain " + file + " --pair IND-PAK --from 2001.5",
          "statecraft: error: --from 2001.5 falls between the years the run steps on (expected one of them: 2000, "
          "2001, ..., 2004)\n");
  auto r = test::statecraft("explain " + file + " --pair IND-PAK --from 2000 --to 2004");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("IND-PAK in flags_fixture, 2000 to 2004\n", 0), 0u) << r.out;
}

TEST_F(CliFlags, ADtThatWritesTwoYearsTheSameIsRefusedAtItsKeyWithStepsApplied) {
  // From 9999.99 in steps of 2e-06: 1000 steps stay below 10000 and are written apart; 10000 steps pass
  // 10000, where the tenth significant digit is 1e-05, and consecutive years would be written the same.
  const std::string edge = dir + "/edge.yaml";
  std::ofstream(edge) << "scenario:\n  name: edge\n  start_year: 9999.99\n  steps: 1000\n  dt: 0.000002\n"
                         "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n  B: {gdp: 1000, milex: 20, policy: hedging}\n";
  auto r = test::statecraft("validate " + edge);
  EXPECT_EQ(r.code, 0) << r.err;
  refused("run " + edge + " --steps 10000 --out " + out,
          edge + ":5:7: scenario.dt: 2e-06 is too small to tell the run's years apart in 10 significant digits "
                 "(expected at least 1e-05 for 10000 steps from 9999.99)\n");
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// A flag a command lists in --help is a flag it takes: every batch command lists --keep-runs, --set and --resume
// (and takes them: experiments_table_test writes runs/ with sweep, manifest_test with run and compare).
TEST_F(CliFlags, EveryBatchCommandListsKeepRunsAndSet) {
  for (const char* cmd : {"run --help", "compare --help", "sweep --help"}) {
    auto help = test::statecraft(cmd);
    EXPECT_EQ(help.code, 0);
    for (const char* flag : {"--keep-runs", "--set", "--resume"})
      EXPECT_NE(help.out.find(flag), std::string::npos) << cmd << " " << flag;
  }
  EXPECT_NE(test::statecraft("sweep --help").out.find("--design-file"), std::string::npos);
}

}  // namespace
}  // namespace statecraft
