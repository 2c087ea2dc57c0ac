#pragma once
// Helpers shared by the tests: paths, files, and running a scenario into strings.
#include <fstream>
#include <sstream>
#include <string>

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
