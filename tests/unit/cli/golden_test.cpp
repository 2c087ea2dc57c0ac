// The bundled scenarios, run end to end through the command line, against their golden outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string name, file, variant;
};
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  std::istringstream in(test::read(std::string(STATECRAFT_TEST_DIR) + "/golden/cases.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    GoldenCase c;
    ls >> c.name >> c.file >> c.variant;
    cases.push_back(c);
  }
  return cases;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, RunMatchesTheGoldenOutputsByteForByte) {
  const GoldenCase& c = GetParam();
  const fs::path out = test::scratch_path("golden_" + c.name);
  auto r = test::statecraft("run " + c.file + (c.variant.empty() ? "" : " --variant " + c.variant) +
                            " --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string dir = std::string(STATECRAFT_TEST_DIR) + "/golden/" + c.name + "/";
  for (const char* f : {"actors.csv", "pairs.csv", "region.csv", "events.csv", "drivers.csv"}) {
    // drivers.csv is kept only for small scenarios (tools/update_golden.sh); the rest always.
    if (std::string(f) == "drivers.csv" && !fs::exists(dir + f)) continue;
    const std::string golden = test::read(dir + f);
    ASSERT_FALSE(golden.empty()) << "missing golden " << c.name << "/" << f;
    EXPECT_TRUE(test::read((out / f).string()) == golden) << c.name << "/" << f << " differs from the golden output";
  }
  const std::string manifest = test::read((out / "manifest.json").string());
  EXPECT_NE(manifest.find("\"seed\": "), std::string::npos);
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(Bundled, Golden, ::testing::ValuesIn(golden_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace statecraft
