#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft::cli {

std::string default_scenario() {
  const std::string rel = "scenarios/asia_pacific_2012.yaml";
  std::error_code ec;
  if (std::filesystem::exists(rel, ec)) return rel;
  return std::string(STATECRAFT_SOURCE_DIR) + "/" + rel;
}

void print_errors(const std::exception& e) {
  std::cerr << e.what();
}

}  // namespace statecraft::cli
