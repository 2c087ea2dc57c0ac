// Numbers written outside a scenario file (parse_finite): read as the scenario file reads them.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace statecraft
