// A swept or fitted value holds for the whole run: scheduled `set` events of the same value are skipped, each with
// a warning naming its file and line (docs/experiments.md, "Values that hold").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

// A's growth is reset twice and the pair's dialogue cap once (written B-A); B's growth is set too, and stays.
const char* kHeld = R"(scenario: {name: held, start_year: 2000, steps: 6, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.02, policy: hedging}
  B: {gdp: 800, milex: 15, growth: 0.02, policy: balance_of_power}
relations: {default: {proximity: 0.5}}
events:
  - {at: 2002, type: set, path: actors.A.growth, value: 0.09}
  - {at: 2003, type: set, path: relations.B-A.dialogue_cap, value: 0.2}
  - {at: 2003, type: set, path: actors.B.growth, value: 0.01}
  - {at: 2004, type: set, path: actors.A.growth, value: 0.0}
)";

// The same run as the sweep's first point should be: the swept values written in the file, the events that set
// them gone, B's event kept.
const char* kExpected = R"(scenario: {name: held, start_year: 2000, steps: 6, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.03, policy: hedging}
  B: {gdp: 800, milex: 15, growth: 0.02, policy: balance_of_power}
relations: {default: {proximity: 0.5}, pairs: {A-B: {dialogue_cap: 0.3}}}
events:
  - {at: 2003, type: set, path: actors.B.growth, value: 0.01}
)";

class HeldValues : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("held_values");
  std::string file = dir + "/held.yaml";
  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(file) << kHeld;
    std::ofstream(dir + "/expected.yaml") << kExpected;
  }
  void TearDown() override { fs::remove_all(dir); }
};

/// Cell `column` of the row of `csv` whose first cells start with `key`.
std::string cell(const std::string& csv, const std::string& key, std::size_t column) {
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    std::istringstream cells(line);
    std::string c;
    for (std::size_t k = 0; k <= column; ++k) std::getline(cells, c, ',');
    return c;
  }
  return "";
}

TEST_F(HeldValues, ASweptValueHoldsAndEachSkippedEventIsNamed) {
  const std::string out = dir + "/sweep";
  auto r = test::statecraft("sweep " + file + " --param actors.A.growth=0.03:0.05:2 --param "
                            "relations.A-B.dialogue_cap=0.3:0.6:2 --runs 1 --jobs 2 --metric actors.A.gdp --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            file + ":7:5: warning: the set event of actors.A.growth in 2002 is skipped: --param sets actors.A.growth for "
                   "the whole run\n" +
            file + ":8:5: warning: the set event of relations.B-A.dialogue_cap in 2003 is skipped: --param sets "
                   "relations.A-B.dialogue_cap for the whole run\n" +
            file + ":10:5: warning: the set event of actors.A.growth in 2004 is skipped: --param sets actors.A.growth "
                   "for the whole run\n");
  // Point 0 (growth 0.03, cap 0.3) is the run of the file that gives those values and has no such events.
  const std::string csv = test::read(out + "/sweep.csv");
  const std::string header = csv.substr(0, csv.find('\n'));
  std::size_t col = 0;
  for (std::size_t at = 0; (at = header.find(',', at)) != std::string::npos && header.substr(at + 1).rfind("final.actors.A.gdp_mean", 0) != 0; ++at)
    ++col;
  ASSERT_NE(header.find("final.actors.A.gdp_mean"), std::string::npos) << header;
  r = test::statecraft("run " + dir + "/expected.yaml --out " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string final_gdp = cell(test::read(dir + "/run/actors.csv"), "6,2006,A,", 4);
  EXPECT_EQ(test::read(dir + "/run/actors.csv").substr(0, 24), "step,year,actor,policy,g");  // column 4 is gdp
  ASSERT_FALSE(final_gdp.empty());
  EXPECT_EQ(cell(csv, "0,0.03,0.3,", col + 1), final_gdp);
  // Without the sweep, the events apply: the same values from the file give another run.
  r = test::statecraft("run " + file + " --out " + dir + "/with_events");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // a plain run skips nothing and warns about nothing
  EXPECT_NE(cell(test::read(dir + "/with_events/actors.csv"), "6,2006,A,", 4), final_gdp);
}

// A sweep it refuses warns of nothing: the skipped events of a path it would have taken are not said before the
// refusal of another (nor of a wildcard, which only calibrate takes).
TEST_F(HeldValues, ARefusedSweepSaysOnlyItsRefusals) {
  const std::string out = dir + "/refused";
  auto r = test::statecraft("sweep " + file + " --param actors.A.growth=0.03:0.05:2 --param actors.C.growth=0:1 "
                            "--runs 1 --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: actors.C.growth: unknown actor 'C' (expected one of: A, B)\n");
  r = test::statecraft("sweep " + file + " --param 'actors.*.growth=0.03:0.05' --runs 1 --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --param: actors.*.growth: '*' (every actor) is taken by calibrate --fit only "
                   "(expected one actor's id, one path for each: A, B)\n");
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(HeldValues, AFittedValueHoldsToo) {
  std::ofstream(dir + "/observed.csv") << "year,actor,metric,value\n2001,A,gdp,1030\n2002,A,gdp,1061\n"
                                          "2003,A,gdp,1093\n2004,A,gdp,1126\n";
  auto r = test::statecraft("calibrate " + file + " --observed " + dir + "/observed.csv --fit actors.A.growth=0:0.1 "
                            "--out " + dir + "/calibration");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            file + ":7:5: warning: the set event of actors.A.growth in 2002 is skipped: --fit sets actors.A.growth for "
                   "the whole run\n" +
            file + ":10:5: warning: the set event of actors.A.growth in 2004 is skipped: --fit sets actors.A.growth "
                   "for the whole run\n");
  // About 3% a year from 1000 is what was observed: found, with a close fit, only if no event resets the growth
  // to 9% in 2002 and to 0 in 2004 (the model's own dynamics take the estimate to 0.034).
  const auto at = r.out.find("  actors.A.growth ");
  ASSERT_NE(at, std::string::npos) << r.out;
  std::istringstream row(r.out.substr(at));
  std::string path;
  double start = 0, estimate = 0;
  row >> path >> start >> estimate;
  EXPECT_NEAR(estimate, 0.034, 0.002) << r.out;
  EXPECT_NE(r.out.find("R^2 0.99"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace statecraft
