// Inputs the fuzzer once broke the loader with (tests/scenarios/fuzz_regressions/, see docs/testing.md): each
// must now load or be refused with a ScenarioError, as every input must. tools/fuzz.sh replays them too, but
// here they also run in the ordinary and the sanitizer builds.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <typeinfo>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

TEST(FuzzRegressions, EveryCaseLoadsOrIsRefusedWithAScenarioError) {
  const fs::path dir = fs::path(test::root()) / "tests/scenarios/fuzz_regressions";
  std::vector<fs::path> cases;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() != ".md") cases.push_back(it->path());
  // No directory yet is fine: it appears with the first finding.
  std::sort(cases.begin(), cases.end());
  for (const auto& c : cases) {
    SCOPED_TRACE(c.filename().string());
    const std::string text = test::read(c.string());
    try {
      load_scenario_text(text, "fuzz.yaml");
    } catch (const ScenarioError&) {
      // refused, as it should be
    } catch (const std::exception& e) {
      ADD_FAILURE() << "escaped the loader: " << typeid(e).name() << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace statecraft
