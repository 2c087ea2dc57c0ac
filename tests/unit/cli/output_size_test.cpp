// --max-output-size: run, run --runs, compare and sweep estimate their outputs before running and refuse
// above the limit (2 GB by default) with one line and exit code 2, writing nothing. The figures in the
// messages come from the library's estimate, which output/size_estimate_test.cpp checks against real bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../test_util.hpp"
#include "statecraft/output/size_estimate.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

const char* kFixture = R"(scenario: {name: sized, start_year: 2000, steps: 20}
actors:
  A: {gdp: 1000, milex: 20, policy: hedging}
  B: {gdp: 800, milex: 15, policy: balance_of_power}
  C: {gdp: 500, milex: 10, policy: security_community}
variants:
  hawkish: {all_actors: {policy: balance_of_power}}
  dovish: {all_actors: {policy: security_community}}
)";

class OutputSize : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("output_size");
  std::string file = dir + "/sized.yaml";
  std::string out = dir + "/out";

  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(file) << kFixture;
  }
  void TearDown() override { fs::remove_all(dir); }

  static std::string refusal(double bytes, const std::string& limit) {
    return "statecraft: error: the outputs would take about " + human_bytes(bytes) + ", above the limit of " + limit +
           " (expected at most that; raise it with --max-output-size)\n";
  }

  void refused(const std::string& args, const std::string& err) {
    SCOPED_TRACE(args);
    auto r = test::statecraft(args + " </dev/null");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, err);
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(fs::exists(out));
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      EXPECT_EQ(e.path().filename(), "sized.yaml") << "left behind: " << e.path();
  }

  Scenario load(const std::string& variant = {}) const { return load_scenario(file, LoadOptions(variant)); }
};

TEST_F(OutputSize, ThousandActorsForTenStepsAreRefusedByDefault) {
  // The issue's world: 7 GB written before. Refused at once, from the estimate, before anything runs.
  std::ofstream big(dir + "/big.yaml");
  big << "scenario: {name: big, start_year: 2000, steps: 10}\nactors:\n";
  for (int i = 0; i < 1000; ++i) big << "  S" << i << ": {gdp: 1000, milex: 20, policy: hedging}\n";
  big.close();
  const double bytes = estimate_run_bytes(load_scenario(dir + "/big.yaml"), Format::Tidy);
  ASSERT_GT(bytes, 2e9);
  auto r = test::statecraft("run " + dir + "/big.yaml --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, refusal(bytes, "2 GB"));
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(OutputSize, ASingleRunAboveTheLimitIsRefusedInEitherFormat) {
  refused("run " + file + " --max-output-size 20000 --out " + out,
          refusal(estimate_run_bytes(load(), Format::Tidy), "20 kB"));
  refused("run " + file + " --format wide --max-output-size 5000 --out " + out,
          refusal(estimate_run_bytes(load(), Format::Wide), "5 kB"));
  auto r = test::statecraft("run " + file + " --max-output-size 10000000 --out " + out);
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(OutputSize, BatchesAboveTheLimitAreRefused) {
  const Scenario base = load(), hawkish = load("hawkish"), dovish = load("dovish");
  refused("run " + file + " --runs 50 --keep-runs --max-output-size 100000 --out " + out,
          refusal(estimate_batch_bytes({&base}, 50, {}, true), "100 kB"));
  refused("compare " + file + " --runs 500 --metric relations.A-B.tension --max-output-size 1000000 --out " + out,
          refusal(estimate_batch_bytes({&hawkish, &dovish}, 500, {"relations.A-B.tension"}, false), "1 MB"));
  refused("sweep " + file + " --param actors.A.growth=0:0.1:100 --runs 20 --max-output-size 100000 --out " + out,
          refusal(estimate_sweep_bytes(base, 100, {"actors.A.growth"}, 20, {}, false), "100 kB"));
  auto r = test::statecraft("compare " + file + " --runs 500 --metric relations.A-B.tension --max-output-size 2000000 --out " + out);
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace statecraft
