// A run that the model cannot carry on (issue 12, item 7): the guard's RunError reaches the user as exit code
// 1 and one line on stderr naming the step, the mechanism and the actor, and nothing is written, for a single
// run and for a batch alike (which also says which run failed).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// A scenario file and an output path in a scratch directory of the test's own, removed with it.
struct Case {
  fs::path dir;
  std::string file, out;
  Case(const std::string& name, const std::string& text)
      : dir(test::scratch_path("cli_run_failure_" + name)), file((dir / "s.yaml").string()),
        out((dir / "out").string()) {
    fs::create_directories(dir);
    std::ofstream(file, std::ios::binary) << text;
  }
  ~Case() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

/// Two actors, A at the documented minimum growth: its GDP shrinks until no double can hold it.
const char* kCollapse = R"(scenario: {name: collapse, start_year: 2000, steps: 1100}
actors:
  A: {gdp: 1000, milex: 20, growth: -0.5, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
)";
const std::string kCollapseMessage =
    "step 1021: economy: gdp of A collapsed to 0 (1.366977557e-308 bn; check its growth and parameters.economy)\n";

/// A's GDP falls to the 1% floor in a step while its spending may still be half of last year's GDP. Only the
/// money form of arms can get there: in burden shares spending is a share below max_share of this year's GDP.
const char* kSpendingAboveGdp = R"(scenario: {name: burden, start_year: 2000, steps: 5}
parameters: {economy: {burden_drag: 10}, arms: {in_money: true}}
actors:
  A: {gdp: 1000, milex: 400, max_share: 0.5, growth: -0.5, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
)";
const std::string kSpendingAboveGdpMessage =
    "step 2: economy: gdp of A fell below its military spending (burden share 50, above 1; check its growth and "
    "parameters.economy)\n";

/// How the CLI prefixes the guard's message: as it is for a single run; naming the run for a batch.
const std::string kSingle = "statecraft: error: ";
const std::string kBatch = "statecraft: error: run 0 failed (nothing was written): ";

void expect_failure(const Case& c, const std::string& flags, const std::string& message) {
  const test::CommandResult r = test::statecraft("run " + c.file + " --out " + c.out + flags + " </dev/null");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, message);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(c.out));
  EXPECT_EQ(std::distance(fs::directory_iterator(c.dir), fs::directory_iterator()), 1)
      << "a staging directory was left behind";
}

TEST(CliRunFailure, AGdpCollapseStopsASingleRun) {
  const Case c("collapse_single", kCollapse);
  expect_failure(c, "", kSingle + kCollapseMessage);
}

// Needs the batch pipeline to report a run's failure rather than abort (issue 12, the batch item).
TEST(CliRunFailure, AGdpCollapseStopsABatch) {
  const Case c("collapse_batch", kCollapse);
  expect_failure(c, " --runs 2 --jobs 2", kBatch + kCollapseMessage);
}

TEST(CliRunFailure, SpendingAboveGdpStopsASingleRun) {
  const Case c("burden_single", kSpendingAboveGdp);
  expect_failure(c, "", kSingle + kSpendingAboveGdpMessage);
}

TEST(CliRunFailure, SpendingAboveGdpStopsABatch) {
  const Case c("burden_batch", kSpendingAboveGdp);
  expect_failure(c, " --runs 2 --jobs 2", kBatch + kSpendingAboveGdpMessage);
}

}  // namespace
}  // namespace statecraft
