// What `compare` says about a ranking (docs/experiments.md, "Why a variant differs", "Many variants", "Which
// uncertain values matter"): the driver terms of a difference add up to it in every bundled comparison and
// variant; summing drivers changes no other byte and survives a kill and resume; --adjust gives the
// hand-computed Bonferroni intervals and Holm's between them; neighbours that are not separated get a note with
// the runs that would; compare_sensitivity.csv ranks the uncertain values of every variant.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

using Rows = std::vector<std::map<std::string, std::string>>;

/// The rows of a CSV file after its header, each keyed by the header's names.
Rows records(const std::string& path) { return test::csv_records(test::read(path)); }

double num(const std::map<std::string, std::string>& row, const std::string& col) { return std::stod(row.at(col)); }

const char* kScenario = R"(scenario: {name: robust, steps: 12, seed: SEED}
parameters: {economy: {growth_noise: 0.02}}
actors:
  A: {gdp: 1000, milex: 20, policy: balance_of_power}
  B: {gdp: 800, milex: 15, policy: hedging}
  C: {gdp: 300, milex: 5, policy: security_community}
relations: {default: {proximity: 0.7, tension: 0.3, operations: 0.3}}
uncertain:
  parameters.trust.forgetting: {uniform: [0.05, 0.4], source: judgement}
  actors.A.hawkishness: {triangular: [0.2, 0.5, 0.9], source: judgement}
variants:
  same_a: {description: the base}
  same_b: {description: the base again}
  talks:
    institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.6}}
    targets: [A-B]
    uncertain:
      institutions.talks.strength: {uniform: [0.2, 0.9], source: judgement}
  forum:
    institutions: {forum: {kind: dialogue, members: [A, B, C], strength: 0.4}}
    events: [{at: 2014, type: set, path: relations.A-C.tension, value: 0.5}]
)";

class RobustCompare : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("robust_compare");
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string scenario(int seed) {
    std::string text = kScenario;
    text.replace(text.find("SEED"), 4, std::to_string(seed));
    const std::string path = dir + "/robust" + std::to_string(seed) + ".yaml";
    std::ofstream(path) << text;
    return path;
  }
};

/// In every variant's rows of compare_drivers.csv, each quantity's start plus its terms is its final value
/// (means and differences alike), and the final difference is compare_summary.csv's difference of the outcome.
void expect_terms_add_up(const std::string& out, const std::string& what) {
  const Rows drivers = records(out + "/compare_drivers.csv");
  ASSERT_FALSE(drivers.empty()) << what;
  std::map<std::pair<std::string, std::string>, double> sum_mean, sum_diff, final_mean, final_diff, scale;
  for (const auto& r : drivers) {
    const std::pair<std::string, std::string> key{r.at("variant"), r.at("quantity")};
    if (r.at("term") == "final") {
      final_mean[key] = num(r, "mean");
      final_diff[key] = num(r, "diff");
      continue;
    }
    sum_mean[key] += num(r, "mean");
    sum_diff[key] += num(r, "diff");
    scale[key] += std::fabs(num(r, "mean"));
  }
  for (const auto& [key, f] : final_mean) {
    // Ten significant digits a cell, some twenty cells: rounding of the order of 1e-9 of their sizes.
    const double tol = 1e-8 * (1 + scale[key]);
    EXPECT_NEAR(sum_mean[key], f, tol) << what << " " << key.first << " " << key.second;
    EXPECT_NEAR(sum_diff[key], final_diff[key], tol) << what << " " << key.first << " " << key.second;
  }
  std::map<std::pair<std::string, std::string>, double> outcome_diff;
  for (const auto& r : records(out + "/compare_summary.csv")) outcome_diff[{r.at("variant"), r.at("outcome")}] = num(r, "diff");
  std::size_t checked = 0;
  for (const auto& [key, d] : final_diff) {
    const std::string outcome = key.second == "tension" ? "tension_final" : key.second;
    if (key.second == "trust") continue;
    ASSERT_TRUE(outcome_diff.count({key.first, outcome})) << what << " " << outcome;
    const double summary_diff = outcome_diff[{key.first, outcome}];
    EXPECT_NEAR(d, summary_diff, 1e-9) << what << " " << key.first << " " << outcome;
    ++checked;
  }
  EXPECT_GT(checked, 0u) << what;
}

// Each "why" line starts with the variant's difference as the table above writes it ("-0.0120 [", not "-0.012").
void expect_why_as_the_table(const std::string& out) {
  std::istringstream in(out.substr(out.find("Why, on ")));
  std::string line;
  std::getline(in, line);  // the heading
  std::size_t checked = 0;
  while (std::getline(in, line) && !line.empty()) {
    std::istringstream words(line);
    std::string variant, difference;
    words >> variant >> difference;
    const auto row = out.find("  " + variant + " ");
    ASSERT_NE(row, std::string::npos) << variant;
    const std::string table_row = out.substr(row, out.find('\n', row) - row);
    EXPECT_NE(table_row.find(" " + difference + " ["), std::string::npos) << line << "\n" << table_row;
    ++checked;
  }
  EXPECT_GT(checked, 0u) << out;
}

// The property over many worlds: every bundled comparison with all its variants (the Asia-Pacific one with its
// uncertain values too) and the test scenario at several seeds.
TEST_F(RobustCompare, DriverTermsAddUpToTheDifference) {
  std::vector<std::pair<std::string, std::string>> cases;
  for (const char* f : {"asia_pacific_2012", "korean_peninsula", "security_dilemma", "south_china_sea",
                        "taiwan_strait", "richardson_two_power"})
    cases.emplace_back(std::string("scenarios/") + f + ".yaml", "--runs 4");
  cases.emplace_back("scenarios/asia_pacific_2012.yaml", "--runs 4 --uncertain");
  for (int seed : {1, 2, 3}) cases.emplace_back(scenario(seed), "--runs 6 --uncertain --baseline same_a");
  int k = 0;
  for (const auto& [file, flags] : cases) {
    const std::string out = dir + "/d" + std::to_string(k++);
    auto r = test::statecraft("compare " + file + " " + flags + " --explain --jobs 2 --out " + out);
    ASSERT_EQ(r.code, 0) << file << ": " << r.err;
    expect_terms_add_up(out, file + " " + flags);
    EXPECT_NE(r.out.find("Why, on "), std::string::npos) << r.out;
    expect_why_as_the_table(r.out);
  }
}

// A comparison of the baseline alone has nothing to explain: one line says so and names the flag, rather than
// a header with nothing under it.
TEST_F(RobustCompare, ExplainOfTheBaselineAloneSaysThereIsNothingToExplain) {
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo --runs 2 --explain --out " +
                            dir + "/alone");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Why, on tension_final: only status_quo was run, so there is no difference to explain (name "
                       "more variants with --variants)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("largest first"), std::string::npos) << r.out;
}

// --explain only adds: every other file has the same bytes, and a killed --explain batch resumes to the same
// bytes (the drivers are checkpointed with the outcomes).
TEST_F(RobustCompare, ExplainChangesNothingElseAndResumes) {
  const std::string file = scenario(4);
  const std::string cmd = "compare " + file + " --runs 8 --uncertain --baseline same_a --jobs 2 --out ";
  ASSERT_EQ(test::statecraft(cmd + dir + "/plain").code, 0);
  auto r = test::statecraft(cmd + dir + "/explained --explain");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"compare_summary.csv", "compare_robust.csv", "compare_trends.csv", "compare_runs.csv",
                        "compare_sensitivity.csv"})
    EXPECT_EQ(test::read(dir + "/plain/" + f), test::read(dir + "/explained/" + f)) << f;
  EXPECT_FALSE(fs::exists(dir + "/plain/compare_drivers.csv"));
  EXPECT_NE(test::read(dir + "/explained/manifest.json").find("\"compare_drivers.csv\""), std::string::npos);
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=13 ", cmd + dir + "/killed --explain").code, 137);
  r = test::statecraft(cmd + dir + "/killed --resume");
  EXPECT_EQ(r.code, 2) << "a batch started with --explain is not continued without it";
  ASSERT_EQ(test::statecraft(cmd + dir + "/killed --explain --resume").code, 0);
  for (const char* f : {"compare_summary.csv", "compare_drivers.csv", "compare_sensitivity.csv", "compare_runs.csv",
                        "manifest.json"})
    EXPECT_EQ(test::read(dir + "/explained/" + f), test::read(dir + "/killed/" + f)) << f;
}

// Bonferroni's interval recomputed by hand from compare_runs.csv (t quantiles from scipy's stats.t.ppf, 39
// degrees of freedom): 1 - 0.05/6 for three comparisons with the baseline. Holm's lie between the plain and
// Bonferroni's, and the comparison with the smallest p-value takes Bonferroni's level.
TEST_F(RobustCompare, AdjustedIntervalsByHand) {
  const std::string file = scenario(5);
  const std::string cmd = "compare " + file + " --runs 40 --baseline same_a --jobs 2 --out " + dir;
  for (const char* a : {"none", "bonferroni", "holm"}) {
    auto r = test::statecraft(cmd + "/" + a + " --adjust " + a);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::map<std::string, std::map<std::string, double>> by_run;  // run -> variant -> tension_final
  for (const auto& row : records(dir + "/none/compare_runs.csv"))
    by_run[row.at("run")][row.at("variant")] = num(row, "tension_final");
  auto summary = [&](const char* a) {
    std::map<std::string, std::map<std::string, std::string>> s;
    for (const auto& row : records(dir + "/" + a + "/compare_summary.csv"))
      if (row.at("outcome") == "tension_final") s[row.at("variant")] = row;
    return s;
  };
  const auto none = summary("none"), bonf = summary("bonferroni"), holm = summary("holm");
  const double t95 = 2.022690911734728, tb = 2.5016578991672014;
  int at_bonferroni = 0;
  for (const char* v : {"same_b", "talks", "forum"}) {
    double mean = 0, ss = 0;
    for (const auto& [run, x] : by_run) mean += (x.at(v) - x.at("same_a")) / 40;
    for (const auto& [run, x] : by_run) ss += std::pow(x.at(v) - x.at("same_a") - mean, 2);
    const double se = std::sqrt(ss / 39 / 40);
    const double tol = 1e-8;
    if (se == 0) {  // same_b: identical in every run
      EXPECT_EQ(bonf.at(v).at("diff_ci_low"), "0");
      continue;
    }
    EXPECT_NEAR(num(none.at(v), "diff_ci_low"), std::max(-1.0, mean - t95 * se), tol) << v;
    EXPECT_NEAR(num(bonf.at(v), "diff_ci_low"), std::max(-1.0, mean - tb * se), tol) << v;
    EXPECT_NEAR(num(bonf.at(v), "diff_ci_high"), std::min(1.0, mean + tb * se), tol) << v;
    const double hl = num(holm.at(v), "diff_ci_low");
    EXPECT_LE(hl, num(none.at(v), "diff_ci_low") + 1e-12) << v;
    EXPECT_GE(hl, num(bonf.at(v), "diff_ci_low") - 1e-12) << v;
    at_bonferroni += holm.at(v).at("diff_ci_low") == bonf.at(v).at("diff_ci_low");
    // differs follows the adjusted interval.
    const bool excludes = num(bonf.at(v), "diff_ci_low") > 0 || num(bonf.at(v), "diff_ci_high") < 0;
    if (!excludes) {
      EXPECT_EQ(bonf.at(v).at("differs"), "0") << v;
    }
  }
  EXPECT_GE(at_bonferroni, 1);
  auto r = test::statecraft(cmd + "/bad --adjust sidak");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --adjust: unknown correction 'sidak' (expected one of: none, bonferroni, holm)\n");
  EXPECT_FALSE(fs::exists(dir + "/bad"));
}

// same_a and same_b are the same scenario: their difference is 0 in every run, never a note. Two variants
// whose 95% interval holds 0 get one with the runs of runs_to_separate.
TEST_F(RobustCompare, NeighboursNotSeparatedGetTheRunsThatWould) {
  const std::string file = scenario(6);
  auto r = test::statecraft("compare " + file + " --runs 5 --baseline same_a --variants same_a,same_b,talks --jobs 2 "
                            "--steps 2 --threshold tension_final=0 --out " + dir + "/n");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto pos = r.out.find("Neighbours not separated (95.0% interval of their paired difference on tension_final "
                              "holds 0):");
  if (pos != std::string::npos) {
    EXPECT_NE(r.out.find("runs would separate them", pos), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("(same_a less same_b)", pos), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("(same_b less same_a)", pos), std::string::npos) << r.out;
  }
  // Recomputed from the runs: the note is there exactly when a neighbour pair's interval holds 0.
  std::map<std::string, std::map<std::string, double>> by_run;
  for (const auto& row : records(dir + "/n/compare_runs.csv"))
    by_run[row.at("run")][row.at("variant")] = num(row, "tension_final");
  const double t4 = 2.7764451051977987;  // scipy stats.t.ppf(0.975, 4)
  bool any = false;
  for (const char* v : {"same_a", "same_b"}) {
    double mean = 0, ss = 0;
    for (const auto& [run, x] : by_run) mean += (x.at("talks") - x.at(v)) / 5;
    for (const auto& [run, x] : by_run) ss += std::pow(x.at("talks") - x.at(v) - mean, 2);
    any = any || std::fabs(mean) <= t4 * std::sqrt(ss / 4 / 5);
  }
  EXPECT_EQ(pos != std::string::npos, any) << r.out;
}

// Neighbours whose difference is within the practical threshold get no count of runs: more runs would make sure
// of a difference too small to count. With no threshold the same neighbours get the count; so do neighbours whose
// mean difference is within the threshold but whose interval reaches past it (the true difference may be larger),
// with a word that a difference the size estimated would not count.
TEST_F(RobustCompare, NeighboursWithinTheThresholdAreNotSentForMoreRuns) {
  const std::string command = "compare " + test::root() + "/scenarios/asia_pacific_2012.yaml --variants "
                              "status_quo,trilateral_defence_conference,us_china_dialogue,china_japan_dialogue "
                              "--runs 100 --jobs 2 --force --out " + dir + "/t";
  auto r = test::statecraft(command);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  ranks 1 and 2 (trilateral_defence_conference less us_china_dialogue): -0.0000498 "
                       "[-0.0001426, 0.0000430]; within the threshold 0.001, so more runs would not make it count\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("runs would separate them"), std::string::npos) << r.out;
  r = test::statecraft(command + " --threshold tension_final=0");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  ranks 1 and 2 (trilateral_defence_conference less us_china_dialogue): -0.0000498 "
                       "[-0.0001426, 0.0000430]; about 695 runs would separate them\n"),
            std::string::npos)
      << r.out;
  r = test::statecraft("compare " + test::root() + "/scenarios/asia_pacific_2012.yaml --rank-by "
                       "target_tension.us_china_dialogue --runs 100 --jobs 2 --force --out " + dir + "/wide");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  ranks 9 and 10 (east_asia_community_consensus less all_hedging): -0.000691 "
                       "[-0.009388, 0.008005]; about 31538 runs would separate them, but a difference this size is "
                       "within the threshold 0.001\n"),
            std::string::npos)
      << r.out;
}

// compare_sensitivity.csv: every variant's inputs on every outcome, ranked 1.. within each measure; the
// baseline has no difference rows; same_b's difference to same_a never varies, so it has no values; the
// printed summary names the inputs.
TEST_F(RobustCompare, SensitivityTableAndSummary) {
  const std::string file = scenario(7);
  auto r = test::statecraft("compare " + file + " --runs 30 --uncertain --baseline same_a --jobs 2 --out " + dir + "/s");
  ASSERT_EQ(r.code, 0) << r.err;
  const Rows rows = records(dir + "/s/compare_sensitivity.csv");
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::set<std::string>> ranks;
  std::map<std::string, std::set<std::string>> inputs;  // variant -> inputs of its value rows
  for (const auto& row : rows) {
    EXPECT_FALSE(row.at("variant") == "same_a" && row.at("of") == "diff");
    if (row.at("variant") == "same_b" && row.at("of") == "diff") {
      EXPECT_EQ(row.at("value"), "") << row.at("outcome");
    }
    if (row.at("measure") == "r2") {
      EXPECT_EQ(row.at("input"), "");
      continue;
    }
    if (row.at("of") == "value") inputs[row.at("variant")].insert(row.at("input"));
    if (!row.at("rank").empty())
      ranks[{row.at("variant"), row.at("outcome"), row.at("of"), row.at("measure")}].insert(row.at("rank"));
  }
  EXPECT_EQ(inputs["same_a"], (std::set<std::string>{"parameters.trust.forgetting", "actors.A.hawkishness"}));
  EXPECT_EQ(inputs["talks"], (std::set<std::string>{"parameters.trust.forgetting", "actors.A.hawkishness",
                                                    "institutions.talks.strength"}));
  for (const auto& [key, rs] : ranks) {
    std::set<std::string> want;
    for (std::size_t i = 1; i <= rs.size(); ++i) want.insert(std::to_string(i));
    EXPECT_EQ(rs, want) << std::get<0>(key) << " " << std::get<1>(key);
  }
  EXPECT_NE(r.out.find("Which uncertain values move the difference to same_a on tension_final"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(the difference does not vary)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace statecraft
