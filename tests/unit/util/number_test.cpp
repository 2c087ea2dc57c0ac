// Numbers written outside a scenario file (parse_finite): read as the scenario file reads them.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "statecraft/util/number.hpp"

namespace statecraft {
namespace {

TEST(ParseFinite, TakesWhatAScenarioFileTakesWithALeadingPlus) {
  double x = 0;
  EXPECT_TRUE(parse_finite("0.05", x));
  EXPECT_EQ(x, 0.05);
  EXPECT_TRUE(parse_finite("+0.05", x));  // YAML and Excel write a positive value so; the loader takes it
  EXPECT_EQ(x, 0.05);
  EXPECT_TRUE(parse_finite("-1e-3", x));
  EXPECT_EQ(x, -1e-3);
  EXPECT_TRUE(parse_finite("+2E2", x));
  EXPECT_EQ(x, 200);
}

TEST(ParseFinite, RefusesEverythingElse) {
  double x = 0;
  for (const char* text : {"", "+", "-", "+-1", "++1", " 1", "1 ", "1,5", "nan", "+inf", "-inf", "1e999", "0x10", "abc"})
    EXPECT_FALSE(parse_finite(text, x)) << "'" << text << "'";
}

// Why a text is refused is said as a scenario file's value says it, wherever the number was written (a design
// file's cell, an observation, the file itself).
TEST(NumberProblem, SaysWhyInTheScenarioFilesWords) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.05", ""}, {"+2E2", ""}, {"1e999", "is too large to represent"}, {"-1e999", "is too large to represent"},
      {"+1e999", "is too large to represent"}, {"1e-999", "is too close to 0 to represent"},
      {".inf", "is not finite"}, {"-.INF", "is not finite"}, {"nan", "is not finite"}, {"Infinity", "is not finite"},
      {"abc", "is not a number"}, {"", "is not a number"}, {"+-1", "is not a number"}, {"1e999x", "is not a number"},
      {"0x10", "is not a number"}};
  for (const auto& [text, why] : cases) {
    EXPECT_EQ(number_problem(text), why) << "'" << text << "'";
    double x = 0;
    EXPECT_EQ(parse_finite(text, x), why.empty()) << "'" << text << "'";
    EXPECT_EQ(unrepresentable_number(text), !why.empty() && why != "is not a number") << "'" << text << "'";
  }
}

}  // namespace
}  // namespace statecraft
