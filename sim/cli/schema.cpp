#include <iostream>

#include "commands.hpp"
#include "statecraft/scenario/schema.hpp"

namespace statecraft::cli {

Action add_schema(CLI::App& app) {
  app.footer(
      "Example: statecraft schema > scenario.schema.json, then the first line of a scenario:\n"
      "  # yaml-language-server: $schema=scenario.schema.json");
  return []() {
    std::cout << scenario_schema().dump(2) << "\n";
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
