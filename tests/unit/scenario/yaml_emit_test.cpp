// Writing YAML (YamlTree, yaml-cpp's emitter): the layout fitted.yaml relies on, quoting of text that would
// read back differently, and a written scenario loading back to the values set.
#include <gtest/gtest.h>

#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/yaml_emit.hpp"

namespace statecraft {
namespace {

TEST(YamlEmit, HeaderCommentsNestedMappingsAndCommentsAtTheEndOfALine) {
  YamlTree t;
  t.set({"extends"}, "../race.yaml");
  t.set({"actors", "X", "fatigue"}, "0.40057614500351935", "fitted, SE 0.0024; was 0.25");
  t.set({"actors", "X", "policy", "base"}, "balance_of_power");
  t.set({"actors", "Y", "growth"}, "-1e-05");
  t.set({"actors", "X", "policy", "k"}, "0.25", "from policies.balance_of_power.k");
  EXPECT_EQ(t.emit({"race with values fitted", "second line"}),
            "# race with values fitted\n"
            "# second line\n"
            "extends: ../race.yaml\n"
            "actors:\n"
            "  X:\n"
            "    fatigue: 0.40057614500351935  # fitted, SE 0.0024; was 0.25\n"
            "    policy:\n"
            "      base: balance_of_power\n"
            "      k: 0.25  # from policies.balance_of_power.k\n"
            "  Y:\n"
            "    growth: -1e-05\n");
  // Setting a path again replaces what was there, in place.
  t.set({"actors", "X"}, "7");
  EXPECT_EQ(t.emit(), "extends: ../race.yaml\nactors:\n  X: 7\n  Y:\n    growth: -1e-05\n");
}

TEST(YamlEmit, QuotesTextThatWouldReadBackDifferently) {
  YamlTree t;
  t.set({"extends"}, "../a: b #c.yaml");
  t.set({"name"}, "null");
  t.set({"tilde"}, "~");
  EXPECT_EQ(t.emit(), "extends: \"../a: b #c.yaml\"\nname: \"null\"\ntilde: \"~\"\n");
}

TEST(YamlEmit, AWrittenScenarioLoadsBackToTheValuesSet) {
  YamlTree t;
  t.set({"scenario", "name"}, "written");
  t.set({"scenario", "steps"}, "3");
  t.set({"actors", "A", "gdp"}, "1000");
  t.set({"actors", "A", "milex"}, "12.5", "a comment");
  t.set({"actors", "B", "gdp"}, "800");
  t.set({"actors", "B", "milex"}, "8");
  t.set({"actors", "A", "policy"}, "hedging");
  t.set({"actors", "B", "policy"}, "hedging");
  t.set({"parameters", "trust", "forgetting"}, "0.30000000000000004");
  const Scenario sc = load_scenario_text(t.emit({"a scenario written by YamlTree"}), "written.yaml");
  EXPECT_EQ(sc.name, "written");
  EXPECT_EQ(sc.steps, 3);
  ASSERT_EQ(sc.n(), 2);
  EXPECT_EQ(sc.actors[0].milex, 12.5);
  EXPECT_EQ(sc.actors[1].gdp, 800);
  EXPECT_EQ(sc.params.trust.forgetting, 0.30000000000000004);
}

}  // namespace
}  // namespace statecraft
