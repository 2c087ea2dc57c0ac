// Bad input at the command line: bad flags, missing or unreadable files, invalid scenarios. Each must exit
// with code 2, say what is wrong on stderr's first line, and write nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../test_util.hpp"

namespace fs = std::filesystem;
using statecraft::test::CommandResult;

namespace {

std::string slurp(const fs::path& p) { return statecraft::test::read(p.string()); }
fs::path project_root() { return fs::path(STATECRAFT_TEST_DIR).parent_path(); }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

/// A fresh directory for this test's files, removed with the object.
struct TempDir {
  fs::path path = statecraft::test::scratch_path("cli_errors_" + std::to_string(counter()++));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

/// Runs the statecraft binary from the project root with `args` (none of which needs quoting).
CommandResult run_cli(const std::vector<std::string>& args) {
  std::string line;
  for (const auto& a : args) line += (line.empty() ? "" : " ") + a;
  return statecraft::test::statecraft(line + " </dev/null");
}

/// A small valid scenario with two variants; `variants:` is on line 5.
const char* kFixture = R"(scenario: {name: cli_fixture, start_year: 2000, steps: 5}
actors:
  A: {gdp: 1000, milex: 20, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
variants:
  hawkish: {all_actors: {policy: balance_of_power}}
  dovish: {all_actors: {policy: security_community}}
)";

class CorpusCli : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string fixture = tmp.write("fixture.yaml", kFixture).string();
  /// An output directory that does not exist yet.
  std::string fresh_out = (tmp.path / "out_dir_that_must_not_appear").string();
};

TEST_F(CorpusCli, FixtureIsValid) {
  CommandResult r = run_cli({"validate", fixture});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, fixture + ": ok (2 actors, 0 disputes, 0 events, 2 variants)\n");
}

TEST_F(CorpusCli, RunStepsZero) {
  CommandResult r = run_cli({"run", "--steps", "0", "--out", fresh_out, fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --steps: 0 is out of range (expected an integer from 1 to 2147483647)\n");
  EXPECT_FALSE(fs::exists(fresh_out));
}

TEST_F(CorpusCli, RunUnknownFormat) {
  CommandResult r = run_cli({"run", "--format", "csv", "--out", fresh_out, fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --format: unknown format 'csv' (expected one of: tidy, wide)\n");
  EXPECT_FALSE(fs::exists(fresh_out));
}

TEST_F(CorpusCli, RunUnknownVariant) {
  CommandResult r = run_cli({"run", "--variant", "nope", "--out", fresh_out, fixture});
  EXPECT_EQ(r.code, 2);
  // The flag's mistake, not the file's: the file's variants: is where it was looked for, not what is wrong.
  EXPECT_EQ(r.err, "statecraft: error: --variant: unknown variant 'nope' (expected one of: hawkish, dovish)\n");
  EXPECT_FALSE(fs::exists(fresh_out));
}

// compare's --variants: every name the file lacks is the flag's mistake, reported at once, nothing written.
TEST_F(CorpusCli, CompareUnknownVariantsAreTheFlags) {
  CommandResult r = run_cli({"compare", "--variants", "hawkish,nope,dovsh", "--runs", "2", "--out", fresh_out, fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --variants: unknown variant 'nope' (expected one of: hawkish, dovish)\n"
            "statecraft: error: --variants: unknown variant 'dovsh' (did you mean 'dovish'?)\n");
  EXPECT_FALSE(fs::exists(fresh_out));
}

// A newline or an escape character in what the user typed (a flag's value, an --out path, a YAML key) is shown
// escaped: every problem stays one line, and a terminal receives no escape sequence from a file.
TEST_F(CorpusCli, ControlCharactersInWhatWasTypedAreEscapedAndEachProblemIsOneLine) {
  CommandResult r = run_cli({"run", "--variant", "'x\ny\x1b[31m'", "--out", fresh_out, fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --variant: unknown variant 'x\\ny\\x1b[31m' (expected one of: hawkish, dovish)\n");
  // The C1 controls too (U+009B is ESC [ in one character), and a byte that is not UTF-8; a name in another
  // script is kept.
  r = run_cli({"run", "--variant", "'\xc2\x9b" "31m\x9b" "0m \xc3\x86r\xc3\xb8'", "--out", fresh_out, fixture});
  EXPECT_EQ(r.err, "statecraft: error: --variant: unknown variant '\\u009b31m\\x9b0m \xc3\x86r\xc3\xb8' (expected one "
                   "of: hawkish, dovish)\n");
  r = run_cli({"compare", "--variants", "'hawkish,d\tvish'", "--runs", "2", "--out", fresh_out, fixture});
  EXPECT_EQ(r.err, "statecraft: error: --variants: unknown variant 'd\\tvish' (did you mean 'dovish'?)\n");
  const std::string bad_key = tmp.write("bad_key.yaml", std::string(kFixture) + "\"a\\nb\": 1\n").string();
  r = run_cli({"validate", bad_key});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, bad_key + ":8:1: a\\nb: unknown key 'a\\nb' (expected one of: extends, scenario, parameters, "
                             "policies, actors, relations, disputes, institutions, events, outcomes, uncertain, "
                             "variants)\n");
  const std::string out_with_newline = "'" + (tmp.path / "o\nut").string() + "'";
  r = run_cli({"run", "--out", out_with_newline, fixture});
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("; wrote " + (tmp.path / "o\\nut").string() + "/\n"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "the summary is one line too";
  r = run_cli({"run", "--out", out_with_newline, fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + (tmp.path / "o\\nut").string() +
                       ": holds the outputs of an earlier run (pass --force to replace them, or choose another --out)\n");
}

TEST_F(CorpusCli, RunMisspeltVariantSuggests) {
  CommandResult r = run_cli({"describe", "--variant", "hawksh", fixture});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --variant: unknown variant 'hawksh' (did you mean 'hawkish'?)\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(CorpusCli, ValidateWithoutFile) {
  CommandResult r = run_cli({"validate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: files: missing (expected one or more scenario files; see 'statecraft validate --help')\n");
}

TEST_F(CorpusCli, RunNonexistentFile) {
  CommandResult r = run_cli({"run", "--out", fresh_out, "nonexistent.yaml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(first_line(r.err), "statecraft: error: nonexistent.yaml: no such file (expected the path of a scenario file)");
  EXPECT_FALSE(fs::exists(fresh_out));
}

TEST_F(CorpusCli, DescribeDirectory) {
  CommandResult r = run_cli({"describe", "scenarios"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(first_line(r.err), "statecraft: error: scenarios: is a directory (expected a scenario file)");
  EXPECT_EQ(r.out, "");
}

TEST_F(CorpusCli, RunInvalidScenarioWritesNothing) {
  const std::string bad = "tests/scenarios/invalid/several_problems.yaml";
  CommandResult r = run_cli({"run", bad, "--out", fresh_out});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, slurp(project_root() / "tests/scenarios/invalid/several_problems.expected"));
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(fresh_out));
}

TEST_F(CorpusCli, ValidateReportsEveryFile) {
  const std::string bad = "tests/scenarios/invalid/pair_self.yaml";
  CommandResult r = run_cli({"validate", fixture, bad});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, fixture + ": ok (2 actors, 0 disputes, 0 events, 2 variants)\n");
  EXPECT_EQ(r.err, slurp(project_root() / "tests/scenarios/invalid/pair_self.expected"));
}

// `statecraft validate` prints exactly the corpus's expected lines for every case, and exits 2.
TEST(CorpusCliValidate, PrintsExpectedForEveryCase) {
  const fs::path dir = project_root() / "tests/scenarios/invalid";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  ASSERT_FALSE(names.empty());
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const fs::path expected = dir / (name + ".expected");
    if (!fs::exists(expected)) continue;  // reported by CorpusInvalid
    CommandResult r = run_cli({"validate", "tests/scenarios/invalid/" + name + ".yaml"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, slurp(expected));
  }
}

}  // namespace
