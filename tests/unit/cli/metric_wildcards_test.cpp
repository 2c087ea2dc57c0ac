// Wildcard metrics (`relations.*.tension`, `actors.?N?.milex`) in --metric and outcomes.metrics, their errors,
// and the yearly-rate outcomes wherever an outcome is named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

// Three actors, so that a pair wildcard has an order to keep: pairs.csv's, IND-PAK, IND-CHN, PAK-CHN.
const char* kScenario = R"(scenario: {name: wildcards, start_year: 2000, steps: 4}
actors:
  IND: {gdp: 1000, milex: 20, policy: hedging}
  PAK: {gdp: 300, milex: 10, policy: hedging}
  CHN: {gdp: 5000, milex: 100, policy: hedging}
variants:
  hawkish: {all_actors: {policy: balance_of_power}}
  dovish: {all_actors: {policy: security_community}}
)";

class MetricWildcards : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("metric_wildcards");
  std::string file = dir + "/w.yaml";
  std::string out = dir + "/out";

  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(file) << kScenario;
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string outcomes_header() {
    const std::string csv = test::read(out + "/outcomes.csv");
    return csv.substr(0, csv.find('\n'));
  }
};

const std::string kBuiltin =
    "run,tension_final,tension_mean,crises_per_year,disputes_per_year,cumulative_risk,milex_spent,sc_index_final,"
    "incidents_per_year";

TEST_F(MetricWildcards, AWildcardNamesEveryMatchInTheScenariosOrder) {
  auto r = test::statecraft("run " + file + " --runs 2 --metric 'relations.*.tension,actors.?N?.milex' "
                            "--metric 'region.*bloc*' --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(outcomes_header(), kBuiltin +
                                   ",final.relations.IND-PAK.tension,final.relations.IND-CHN.tension,"
                                   "final.relations.PAK-CHN.tension,final.actors.IND.milex,final.region.blocs,"
                                   "final.region.largest_bloc");
  const std::string ensemble = test::read(out + "/ensemble.csv");
  for (const char* m : {",relations.PAK-CHN.tension,", ",actors.IND.milex,", ",region.largest_bloc,"})
    EXPECT_NE(ensemble.find(m), std::string::npos) << m;
}

TEST_F(MetricWildcards, InTheScenarioFileAndWrittenTheOldWayWithOneWarning) {
  std::ofstream(file, std::ios::app) << "outcomes:\n  metrics: ['pair.*.trust_ab', 'actors.CHN.*_growth']\n";
  auto r = test::statecraft("run " + file + " --runs 2 --metric 'pair.IND-*.risk' --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(file + ":10:13: warning: outcomes.metrics[0]: 'pair.*.trust_ab' is the old spelling of "
                              "'relations.*.trust_ab' (accepted until the next release; write relations.*.trust_ab, "
                              "docs/outputs.md)\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("statecraft: warning: --metric: 'pair.IND-*.risk' is the old spelling of "
                       "'relations.IND-*.risk' (accepted until the next release; write relations.IND-*.risk, "
                       "docs/outputs.md)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(outcomes_header(), kBuiltin +
                                   ",final.relations.IND-PAK.trust_ab,final.relations.IND-CHN.trust_ab,"
                                   "final.relations.PAK-CHN.trust_ab,final.actors.CHN.milex_growth,"
                                   "final.relations.IND-PAK.risk,final.relations.IND-CHN.risk");
}

TEST_F(MetricWildcards, AWildcardThatMatchesNothingIsRefusedWithWhatWasExpected) {
  auto refused = [&](const std::string& args, const std::string& err) {
    SCOPED_TRACE(args);
    auto r = test::statecraft(args + " </dev/null");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, err);
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(fs::exists(out));
  };
  refused("run " + file + " --runs 2 --metric 'actors.Q*.milex' --out " + out,
          "statecraft: error: --metric: 'actors.Q*.milex' matches no metric (no actor matches 'Q*'; expected one "
          "of: IND, PAK, CHN)\n");
  refused("run " + file + " --runs 2 --metric 'relations.*.tensoin' --out " + out,
          "statecraft: error: --metric: unknown pair metric 'tensoin' (did you mean 'tension'?)\n");
  refused("run " + file + " --runs 2 --metric 'relations.*.stance_ab' --out " + out,
          "statecraft: error: --metric: 'stance_ab' is a column of pairs.csv but not a metric (it is text, or empty "
          "in some rows: expected one of: tension, trust_ab, trust_ba, threat_ab, threat_ba, operations_ab, "
          "operations_ba, dialogue, alliance, interdependence, risk, incident_rate, incidents)\n");
  refused("run " + file + " --runs 2 --metric 'relations.IND-*.trust_?x' --out " + out,
          "statecraft: error: --metric: 'relations.IND-*.trust_?x' matches no metric (no pair metric matches "
          "'trust_?x'; did you mean 'trust_ab'?)\n");
  refused("run " + file + " --runs 2 --metric 'actor*.IND.milex' --out " + out,
          "statecraft: error: --metric: 'actor*.IND.milex' is not a metric (expected a wildcard after region., "
          "actors. or relations., e.g. relations.*.tension)\n");
  // In a file: every problem at once, each at its position.
  std::ofstream(file, std::ios::app) << "outcomes:\n  metrics: ['relations.*-USA.tension', 'region.x*']\n";
  refused("run " + file + " --runs 2 --out " + out,
          file + ":10:13: outcomes.metrics[0]: 'relations.*-USA.tension' matches no metric (no pair matches "
                 "'*-USA'; expected one of: IND-PAK, IND-CHN, PAK-CHN)\n" +
              file + ":10:40: outcomes.metrics[1]: 'region.x*' matches no metric (no region metric matches 'x*'; "
                     "expected one of: mean_tension, max_tension, total_milex, arms_growth, sc_index, mean_trust, "
                     "cumulative_risk, incidents, crises, militarized_disputes, blocs, largest_bloc, bipolarity)\n");
}

TEST_F(MetricWildcards, TheYearlyRatesAreOutcomesWhereverAnOutcomeIsNamed) {
  std::ofstream(file, std::ios::app)
      << "outcomes:\n  rank_by: incidents_per_year\n  thresholds: {crises_per_year: 0.5, disputes_per_year: 0.25}\n";
  auto r = test::statecraft("compare " + file + " --runs 4 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Variants ranked by incidents_per_year (lower is better), 4 runs each", 0), 0u) << r.out;
  fs::remove_all(out);
  r = test::statecraft("compare " + file + " --runs 4 --rank-by disputes_per_year --threshold disputes_per_year=0.1 "
                       "--out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Variants ranked by disputes_per_year (lower is better), 4 runs each, paired with hawkish; "
                        "a difference counts above 0.1:", 0),
            0u)
      << r.out;
  fs::remove_all(out);
  r = test::statecraft("compare " + file + " --runs 4 --rank-by crises_per_yeer --out " + out + " </dev/null");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --rank-by: unknown outcome 'crises_per_yeer' (did you mean 'crises_per_year'?)\n");
}

}  // namespace
}  // namespace statecraft
