#include <iostream>

#include "commands.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft::cli {

Action add_validate(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  app.add_option("files", *files, "Scenario files to check")->required();
  app.footer("Example: statecraft validate scenarios/*.yaml");
  return [files]() {
    int rc = kOk;
    for (const auto& f : *files) {
      try {
        LoadOptions lo;
        lo.limits = cli_limits().load;
        Scenario sc = load_scenario(f, lo);
        std::cout << f << ": ok (" << sc.n() << " actors, " << sc.disputes.size() << " disputes, "
                  << sc.events.size() << " events, " << sc.variants.size() << " variants)\n";
      } catch (const ScenarioError& e) {
        print_errors(e);
        rc = kBadInput;
      }
    }
    return rc;
  };
}

}  // namespace statecraft::cli
