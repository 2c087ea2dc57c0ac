// Input files that are not regular files: a FIFO would block a reader forever and /dev/zero would grow
// memory without bound. Each is refused with one line and exit code 2, before anything is read or written.
// The commands run under `timeout`, so a regression fails (exit 124) instead of hanging the suite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

const char* kScenario = R"(scenario: {name: special, start_year: 2000, steps: 3}
actors:
  X: {gdp: 1000, milex: 20, policy: hedging}
  Y: {gdp: 1000, milex: 20, policy: hedging}
)";

class SpecialFiles : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("special_files");
  std::string fifo = dir + "/fifo.yaml";
  std::string scenario = dir + "/ok.yaml";
  std::string out = dir + "/out";

  void SetUp() override {
    fs::create_directories(dir);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::ofstream(scenario) << kScenario;
  }
  void TearDown() override { fs::remove_all(dir); }

  static test::CommandResult cli(const std::string& args) {
    return test::statecraft("", "timeout 20 ", args + " </dev/null");
  }
};

TEST_F(SpecialFiles, AFifoAsTheScenarioIsRefused) {
  for (const char* cmd : {"validate", "describe", "run"}) {
    SCOPED_TRACE(cmd);
    auto r = cli(std::string(cmd) + " " + fifo + (std::string(cmd) == "run" ? " --out " + out : ""));
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: " + fifo + ": is a FIFO, not a regular file (expected a scenario file)\n");
    EXPECT_EQ(r.out, "");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(SpecialFiles, ADeviceAsTheScenarioIsRefused) {
  auto r = cli("validate /dev/zero");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: /dev/zero: is a character device, not a regular file (expected a scenario file)\n");
}

TEST_F(SpecialFiles, AFifoOrADeviceAsAnExtendsTargetIsRefusedAtTheKey) {
  std::ofstream(dir + "/child.yaml") << "extends: fifo.yaml\n";
  auto r = cli("validate " + dir + "/child.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, dir + "/child.yaml:1:10: extends: '" + fifo +
                       "' is a FIFO, not a regular file (expected a scenario file)\n");
  std::ofstream(dir + "/zero.yaml") << "extends: /dev/zero\n";
  r = cli("validate " + dir + "/zero.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, dir + "/zero.yaml:1:10: extends: '/dev/zero' is a character device, not a regular file "
                         "(expected a scenario file)\n");
}

TEST_F(SpecialFiles, ASymlinkToARegularFileIsFine) {
  fs::create_symlink(fs::absolute(scenario), dir + "/link.yaml");
  auto r = cli("validate " + dir + "/link.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, dir + "/link.yaml: ok (2 actors, 0 disputes, 0 events, 0 variants)\n");
}

TEST_F(SpecialFiles, AFifoOrADeviceAsObservedDataIsRefused) {
  const std::string obs_fifo = dir + "/obs.csv";
  ASSERT_EQ(::mkfifo(obs_fifo.c_str(), 0600), 0);
  for (const std::string mode : {"--fit actors.X.fatigue", "--midyear"}) {
    SCOPED_TRACE(mode);
    auto r = cli("calibrate " + scenario + " --observed " + obs_fifo + " " + mode + " --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: " + obs_fifo + ": is a FIFO, not a regular file (expected a CSV file of observations)\n");
    r = cli("calibrate " + scenario + " --observed /dev/zero " + mode + " --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: /dev/zero: is a character device, not a regular file (expected a CSV file of observations)\n");
    r = cli("calibrate " + scenario + " --observed " + dir + " " + mode + " --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: " + dir + ": is a directory (expected a CSV file of observations)\n");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(SpecialFiles, ObservedDataOverTheFileSizeLimitIsRefused) {
  const std::string obs = dir + "/big.csv";
  {
    std::ofstream os(obs);
    os << "year,actor,metric,value\n";
    for (int i = 0; i < 200; ++i) os << 2000 + i % 4 << ",X,milex," << 20 + i << "\n";
  }
  ASSERT_GT(fs::file_size(obs), 2000u);
  ASSERT_LT(fs::file_size(scenario), 2000u);
  auto r = cli("calibrate " + scenario + " --observed " + obs + " --fit actors.X.fatigue --max-file-size 2000 --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, obs + ":1:1: the file is larger than 2000 bytes (expected at most that; raise it with --max-file-size)\n");
  EXPECT_FALSE(fs::exists(out));
  // Raised, the same file is read: its duplicate rows are the next thing reported.
  r = cli("calibrate " + scenario + " --observed " + obs + " --fit actors.X.fatigue --max-file-size 100000 --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind(obs + ":6:1: year: 2000, X, milex is given twice, first at line 2", 0), 0u) << r.err;
}

}  // namespace
}  // namespace statecraft
