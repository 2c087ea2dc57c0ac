// statecraft explain: its account adds up to the recorded change, and its errors.
#include <gtest/gtest.h>

#include "../test_util.hpp"
#include "statecraft/output/explain.hpp"

namespace statecraft {
namespace {

TEST(Explain, MatchesItsGoldenAccount) {
  auto r = test::statecraft("explain scenarios/security_dilemma.yaml --variant mixed --pair A-B --from 2005 --to 2030");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, test::read(std::string(STATECRAFT_TEST_DIR) + "/golden/explain_security_dilemma_mixed.txt"));
}

TEST(Explain, ReportsTheChangeThePairsFileRecords) {
  Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml", {"both_bop", {}, {}});
  const auto trends = test::run_to_strings(sc);
  // pairs.csv rows: step 10 (2010) and step 30 (2030); tension is the 5th column.
  auto tension_at = [&](int step) {
    std::istringstream in(trends.pairs);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind(std::to_string(step) + ",", 0) == 0) {
        std::istringstream f(line);
        std::string cell;
        for (int c = 0; c < 5; ++c) std::getline(f, cell, ',');
        return std::stod(cell);
      }
    return -1.0;
  };
  ExplainOptions o;
  o.from = 2010;
  o.to = 2030;
  const std::string text = explain_pair(sc, o);
  auto rounded = [](double x) {
    std::ostringstream s;
    s << std::round(x * 1000) / 1000;
    return s.str();
  };
  EXPECT_NE(text.find("from " + rounded(tension_at(10)) + " to " + rounded(tension_at(30))), std::string::npos)
      << text;
}

TEST(Explain, RejectsAPairNotInTheScenario) {
  auto r = test::statecraft("explain scenarios/security_dilemma.yaml --pair A-C");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --pair: 'A-C' is not a pair of this scenario (expected two different ids of: A, B, joined by '-')\n");
  r = test::statecraft("explain scenarios/security_dilemma.yaml --pair A-B --from 2030 --to 2010");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --from 2030 is after --to 2010 (expected from <= to)\n");
}

}  // namespace
}  // namespace statecraft
