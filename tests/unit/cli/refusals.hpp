#pragma once
// A fixture for commands that must be refused: a scratch directory with a small scenario, my.yaml (IND and PAK,
// two variants), and refused(), which checks the refusal's exit code, its exact message and that nothing was
// written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../test_util.hpp"

namespace statecraft::test {

class Refusals : public ::testing::Test {
 protected:
  /// `name`: the scratch directory's and the scenario's name.
  explicit Refusals(const std::string& name) : dir(scratch_path(name)), file(dir + "/my.yaml"), out(dir + "/out"),
                                               name_(name) {}

  void SetUp() override {
    std::filesystem::create_directories(dir);
    std::ofstream(file) << "scenario: {name: " << name_ << ", start_year: 2000, steps: 4}\n"
                        << "actors:\n"
                           "  IND: {gdp: 1000, milex: 20, policy: hedging}\n"
                           "  PAK: {gdp: 300, milex: 10, policy: hedging}\n"
                           "variants:\n"
                           "  hawkish: {all_actors: {policy: balance_of_power}}\n"
                           "  dovish: {all_actors: {policy: security_community}}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  /// Runs a command expected to be refused: exit 2, exactly `err` on stderr, nothing on stdout or on disk.
  void refused(const std::string& args, const std::string& err) {
    SCOPED_TRACE(args);
    auto r = statecraft(args + " </dev/null");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, err);
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(std::filesystem::exists(out));
  }

  std::string dir, file, out;

 private:
  std::string name_;
};

}  // namespace statecraft::test
