#pragma once
// Helpers shared by the tests: paths, files, and running a scenario into strings.
#include <fstream>
#include <sstream>
#include <map>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft::test {

/// The repository root (tests run from it, but be explicit).
inline std::string root() { return std::string(STATECRAFT_TEST_DIR) + "/.."; }

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The trend CSVs of one run, as text.
struct Trends {
  std::string actors, pairs, region, events, drivers;
};

inline Trends run_to_strings(const Scenario& sc, Format format = Format::Tidy, std::uint64_t run = 0) {
  std::ostringstream a, p, r, e, d;
  TrendRecorder rec(sc, TrendStreams{&a, &p, &r, &e, &d}, format);
  Engine engine(sc, run);
  engine.run(&rec);
  return Trends{a.str(), p.str(), r.str(), e.str(), d.str()};
}

}  // namespace statecraft::test

#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace statecraft::test {

/// What a command printed and how it exited.
struct CommandResult {
  int code = -1;
  std::string out, err;
};

/// Runs `statecraft ARGS` through the shell (from the repository root), capturing both streams.
inline CommandResult statecraft(const std::string& dir, const std::string& env, const std::string& args);
inline CommandResult statecraft(const std::string& args) { return statecraft("", "", args); }

/// Same, from directory `dir` (the repository root when empty), with environment assignments
/// (`NAME=value `) before the command.
inline CommandResult statecraft(const std::string& dir, const std::string& env, const std::string& args) {
  namespace fs = std::filesystem;
  static int counter = 0;
  const fs::path base = fs::temp_directory_path() /
                        ("statecraft_cmd_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string cmd = "cd " + (dir.empty() ? root() : dir) + " && " + env + std::string(STATECRAFT_BINARY) + " " + args + " >" +
                          base.string() + ".out 2>" + base.string() + ".err";
  CommandResult r;
  const int status = std::system(cmd.c_str());
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read(base.string() + ".out");
  r.err = read(base.string() + ".err");
  fs::remove(base.string() + ".out");
  fs::remove(base.string() + ".err");
  return r;
}

/// The rows of a CSV text, each split at commas (for files without quoted cells).
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
      cells.push_back(line.substr(start, comma - start));
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

/// The rows of a CSV text after its header, each keyed by the header's names (a missing cell reads "").
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
  const auto rows = csv_rows(text);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < rows[0].size(); ++c) row[rows[0][c]] = c < rows[r].size() ? rows[r][c] : "";
    out.push_back(row);
  }
  return out;
}

/// A fresh scratch path under the temporary directory (not created).
inline std::string scratch_path(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path p = fs::temp_directory_path() / ("statecraft_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p.string();
}

}  // namespace statecraft::test
