// libFuzzer target for the scenario loader: any bytes given to load_scenario_text either load or throw
// statecraft::ScenarioError. Anything else (a crash, a sanitizer report, a hang, another exception, which
// escapes here and aborts) is a bug in the loader. Built with -DSTATECRAFT_FUZZ=ON by tools/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const statecraft::Scenario sc = statecraft::load_scenario_text(text, "fuzz.yaml");
    // A file that loads: apply its first variant too, to reach the overlay code.
    if (!sc.variants.empty()) {
      statecraft::LoadOptions opts;
      opts.variant = sc.variants.front().name;
      statecraft::load_scenario_text(text, "fuzz.yaml", opts);
    }
  } catch (const statecraft::ScenarioError&) {
    // Bad input, reported as it should be.
  }
  return 0;
}
