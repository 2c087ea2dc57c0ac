// The corpus of invalid scenarios (tests/scenarios/invalid/): every NAME.yaml must fail to load with exactly
// the diagnostics in NAME.expected, which are also what `statecraft validate tests/scenarios/invalid/NAME.yaml`
// prints on stderr. Helper files that are not cases themselves (bases of `extends`) live in subfolders.
//
// To add a case: write NAME.yaml, run the tests with STATECRAFT_UPDATE_CORPUS=1 to write NAME.expected from
// what the loader says now, then read every line as a user would (right line and column? right key path?
// says what is wrong and what was expected?) before committing it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "statecraft/scenario/load.hpp"

namespace fs = std::filesystem;

namespace {

/// The project root: messages name corpus files relative to it, as `statecraft validate` run there does.
fs::path project_root() { return fs::path(STATECRAFT_TEST_DIR).parent_path(); }

const char* kCorpusDir = "tests/scenarios/invalid";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Names of the cases: NAME for every NAME.yaml directly in the corpus directory, sorted.
std::vector<std::string> corpus_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(project_root() / kCorpusDir))
    if (e.is_regular_file() && e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Runs the loader from the project root, as the CLI would be run there; returns what() or "" if it loads.
std::string load_error(const std::string& rel_path) {
  std::error_code ec;
  if (fs::current_path(ec) != project_root()) fs::current_path(project_root());
  try {
    statecraft::load_scenario(rel_path);
  } catch (const statecraft::ScenarioError& e) {
    return e.what();
  }
  return {};
}

class CorpusInvalid : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusInvalid, ReportsExpectedDiagnostics) {
  const std::string name = GetParam();
  const std::string rel = std::string(kCorpusDir) + "/" + name + ".yaml";
  const fs::path expected_path = project_root() / kCorpusDir / (name + ".expected");
  const std::string actual = load_error(rel);
  ASSERT_FALSE(actual.empty()) << rel << " loaded without error";
  if (const char* u = std::getenv("STATECRAFT_UPDATE_CORPUS"); u && std::string(u) == "1") {
    std::ofstream(expected_path, std::ios::binary) << actual;
    GTEST_SKIP() << "wrote " << expected_path;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; the loader says:\n" << actual;
  EXPECT_EQ(actual, slurp(expected_path)) << "for " << rel;
}

INSTANTIATE_TEST_SUITE_P(Files, CorpusInvalid, ::testing::ValuesIn(corpus_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(CorpusShape, HasEnoughCasesAndNoStrayExpectations) {
  const auto names = corpus_names();
  EXPECT_GE(names.size(), 60u);
  for (const auto& e : fs::directory_iterator(project_root() / kCorpusDir)) {
    if (e.path().extension() != ".expected") continue;
    EXPECT_TRUE(fs::exists(fs::path(e.path()).replace_extension(".yaml")))
        << e.path() << " has no matching .yaml";
  }
}

// Every expected line is `file:line:col: key.path: what is wrong (what was expected)` (the key path may be
// absent for problems of the file as a whole), or the closing count of problems left out.
TEST(CorpusShape, EveryLineHasTheRequiredFormat) {
  const std::regex diag(R"(^tests/scenarios/invalid/[A-Za-z0-9_/]+\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S.* \(.+\)$)");
  const std::regex more(R"(^\.\.\. and (1 more problem|[1-9][0-9]+ more problems|[2-9] more problems)$)");
  for (const auto& name : corpus_names()) {
    const fs::path p = project_root() / kCorpusDir / (name + ".expected");
    if (!fs::exists(p)) continue;  // reported by CorpusInvalid
    std::istringstream in(slurp(p));
    std::string line;
    int count = 0;
    bool saw_more = false;
    while (std::getline(in, line)) {
      ++count;
      EXPECT_FALSE(saw_more) << name << ": a line after the count of problems left out";
      if (std::regex_match(line, more)) {
        saw_more = true;
        EXPECT_EQ(count, 51) << name << ": the count comes after exactly 50 problems";
        continue;
      }
      EXPECT_TRUE(std::regex_match(line, diag)) << name << ".expected: " << line;
    }
    EXPECT_GE(count, 1) << name << ".expected is empty";
    EXPECT_LE(count, 51) << name << ".expected has more than 50 problems";
  }
}

// Problems are listed in file order (a file's own problems before those of the files it extends).
TEST(CorpusShape, ProblemsAreInFileOrder) {
  const std::regex pos(R"(^([^:]+):([0-9]+):([0-9]+): )");
  for (const auto& name : corpus_names()) {
    const fs::path p = project_root() / kCorpusDir / (name + ".expected");
    if (!fs::exists(p)) continue;
    std::istringstream in(slurp(p));
    std::string line, last_file;
    std::pair<int, int> last{0, 0};
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, pos)) continue;
      std::pair<int, int> here{std::stoi(m[2]), std::stoi(m[3])};
      if (m[1] == last_file) {
        EXPECT_LE(last, here) << name << ": " << line;
      }
      last_file = m[1];
      last = here;
    }
  }
}

// Inputs too large to keep as files: built here.
std::string text_error(const std::string& text) {
  try {
    statecraft::load_scenario_text(text, "big.yaml");
  } catch (const statecraft::ScenarioError& e) {
    return e.what();
  }
  return {};
}

TEST(CorpusLimits, FileLargerThanTheLimit) {
  std::string text = "scenario: {name: big}\n# " + std::string(16u << 20, 'x') + "\n";
  EXPECT_EQ(text_error(text), "big.yaml:1:1: the file is larger than 16777216 bytes (expected at most that; raise it with --max-file-size)\n");
}

TEST(CorpusLimits, VeryDeepFlowNestingStopsAtTheLimitWithoutCrashing) {
  std::string text = "scenario: " + std::string(200000, '[') + std::string(200000, ']') + "\n";
  EXPECT_EQ(text_error(text), "big.yaml:1:74: scenario[0][0][0][0][0][0][0][0][0][0]...: nesting deeper than 64 "
                              "levels (expected at most that; raise it with --max-nesting)\n");
}

TEST(CorpusLimits, VeryDeepBlockNestingStopsAtTheLimitWithoutCrashing) {
  std::string text = "scenario:\n";
  for (int i = 0; i < 100000; ++i) text += "- ";
  text += "x\n";
  EXPECT_EQ(text_error(text), "big.yaml:2:127: scenario[0][0][0][0][0][0][0][0][0][0]...: nesting deeper than 64 "
                              "levels (expected at most that; raise it with --max-nesting)\n");
}

// With the limit raised past what yaml-cpp reads (its own 500 levels of recursion), the refusal says so, and its
// key path is cut short as the limit's is; it said "bad file (expected valid YAML)" after a path of 5000 characters.
TEST(CorpusLimits, NestingPastTheParsersOwnDepthIsSaidSo) {
  statecraft::LoadOptions raised;
  raised.limits.nesting = 1000;
  std::string block = "x:\n";  // mappings in mappings, by indentation
  for (int level = 1; level <= 600; ++level) block += std::string(2 * level, ' ') + "k:\n";
  for (const std::string& text : {"x: " + std::string(600, '[') + std::string(600, ']') + "\n", block}) {
    std::string err;
    try {
      statecraft::load_scenario_text(text, "deep.yaml", raised);
    } catch (const statecraft::ScenarioError& e) {
      err = e.what();
    }
    const std::string tail = "...: nesting deeper than the YAML parser reads (expected fewer than about 500 levels, "
                             "whatever --max-nesting allows)\n";
    EXPECT_EQ(err.rfind("deep.yaml:", 0), 0u) << err;
    if (text[3] == '[') {  // at the bracket where it went too deep, not at the end of the line
      EXPECT_EQ(err.rfind("deep.yaml:1:501: ", 0), 0u) << err;
    }
    EXPECT_LT(err.size(), 250u) << err;
    EXPECT_TRUE(err.size() > tail.size() && err.compare(err.size() - tail.size(), tail.size(), tail) == 0) << err;
  }
}

TEST(CorpusLimits, WideAliasBombIsCountedNotExpanded) {
  // Each level refers 100 times to the one before: 100^4 nodes if expanded.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 4; ++level) {
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 100; ++i) text += (i ? ", *a" : "*a") + std::to_string(level - 1);
    text += "]\n";
  }
  const std::string err = text_error(text);
  EXPECT_NE(err.find("alias '*a2' expands the document to more than 1048576 nodes"), std::string::npos) << err;
}

}  // namespace
