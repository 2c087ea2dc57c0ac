// Bit for bit: a SHA-256 of every quantity of the world after every step (the persistent state, what is
// perceived, what is decided, the step's flows and, when recorded, the drivers), for three runs of every
// bundled scenario and variant and of a 20-actor synthetic world, with the drivers recorded and not. The
// digests are kept in tests/golden/state_digests.txt: a change to the code that moves any bit of any run
// fails here, even where no printed output shows it. After an intended change of the model (never to make a
// failing test pass without knowing why):
//
//     STATECRAFT_UPDATE_DIGESTS=1 build/tests/statecraft_tests --gtest_filter='StateDigest*'
//
// and say in the commit message why the bits moved.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/util/sha256.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// Appends the bytes of every quantity of the world, in a fixed order, to `out`.
class WorldBytes {
 public:
  explicit WorldBytes(std::string& out) : out_(out) {}
  void add(const World& w, bool drivers) {
    scalar(w.step);
    scalar(w.state.log_survival);
    for (const Vector* v : {&w.state.gdp, &w.state.growth, &w.state.milex, &w.state.capability, &w.state.fatigue, &w.state.baseline_share,
                            &w.state.max_share, &w.state.grievance, &w.state.has_grievance, &w.state.transparency_strategic,
                            &w.state.transparency_operational, &w.state.values_transparency, &w.state.satisfaction, &w.state.hawkishness,
                            &w.state.trust_building, &w.perceived.allied_capability, &w.perceived.power, &w.perceived.share, &w.decisions.effort,
                            &w.flows.milex_growth, &w.flows.gdp_growth})
      bytes(v->data(), static_cast<std::size_t>(v->size()));
    bytes(w.state.policy.data(), w.state.policy.size());
    bytes(w.institutions.active.data(), w.institutions.active.size());
    bytes(w.state.institution_override.data(), w.state.institution_override.size());
    for (const Matrix* m : {&w.state.proximity, &w.state.alliance, &w.state.interdependence, &w.state.tension, &w.state.dialogue, &w.state.dialogue_cap,
                            &w.state.logodds, &w.institutions.prior, &w.state.trust, &w.state.base_prior, &w.state.base_operations,
                            &w.state.exercise_operations, &w.state.suspended_until, &w.state.stance, &w.institutions.dialogue_floor,
                            &w.institutions.alliance_floor, &w.institutions.mitigation, &w.institutions.cooperation, &w.institutions.crisis_relief, &w.institutions.dispute_friction,
                            &w.institutions.uncovered_friction, &w.institutions.coverage, &w.perceived.threat, &w.perceived.rivalry, &w.decisions.reaction, &w.decisions.offer,
                            &w.decisions.escalation, &w.decisions.seeking, &w.decisions.operations, &w.flows.risk, &w.flows.incident_rate, &w.flows.incidents,
                            &w.flows.incident_level})
      bytes(m->data(), static_cast<std::size_t>(m->size()));
    if (!drivers) return;
    for (const Matrix& m : w.flows.tension_terms) bytes(m.data(), static_cast<std::size_t>(m.size()));
    for (const Matrix& m : w.flows.trust_terms) bytes(m.data(), static_cast<std::size_t>(m.size()));
  }

 private:
  std::string& out_;
  template <class T>
  void bytes(const T* p, std::size_t n) {
    out_.append(reinterpret_cast<const char*>(p), n * sizeof(T));
  }
  template <class T>
  void scalar(const T& x) {
    bytes(&x, 1);
  }
};

/// The digest of runs 0-2 of `sc`, every step.
std::string digest(const Scenario& sc, bool drivers) {
  std::string all;
  for (std::uint64_t run = 0; run < 3; ++run) {
    std::string bytes;
    WorldBytes add(bytes);
    Engine engine(sc, run);
    engine.set_record_drivers(drivers);
    add.add(engine.world(), drivers);
    for (int t = 0; t < sc.steps; ++t) {
      engine.step();
      add.add(engine.world(), drivers);
    }
    all += sha256_hex(bytes);
  }
  return sha256_hex(all);
}

/// A 20-actor world with every policy kind, relation, dispute, institution kind and event type, its values
/// drawn from a fixed linear congruential sequence.
std::string synthetic_world() {
  std::uint64_t state = 12345;
  auto u = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  auto num = [](double x) {
    std::ostringstream s;
    s.precision(6);
    s << x;
    return s.str();
  };
  const char* policies[] = {"balance_of_power", "security_community", "hedging", "conditional", "{mix: 0.3}"};
  std::ostringstream y;
  y << "scenario: {name: synthetic20, start_year: 2000, steps: 30, seed: 99}\n"
       "parameters: {economy: {growth_noise: 0.01}, trust: {arms_noise: 0.08}}\n"
       "actors:\n";
  for (int i = 0; i < 20; ++i) {
    const double gdp = 100 + 5000 * u();
    y << "  S" << i << ": {gdp: " << num(gdp) << ", growth: " << num(0.01 + 0.05 * u())
      << ", milex: " << num(gdp * (0.005 + 0.04 * u())) << ", policy: " << policies[i % 5]
      << ", trust_building: " << (i % 3 == 0 ? "top_down" : "bottom_up")
      << ", satisfaction: " << num(2 * u() - 1) << ", hawkishness: " << num(u()) << "}\n";
  }
  y << "relations:\n  default: {proximity: 0.4, tension: 0.2, trust: 0.5, dialogue: 0.1}\n  pairs:\n";
  std::set<std::pair<int, int>> given;
  for (int k = 0; k < 40; ++k) {
    const int a = static_cast<int>(20 * u()), b = (a + 1 + static_cast<int>(19 * u())) % 20;
    if (!given.insert({std::min(a, b), std::max(a, b)}).second) continue;
    y << "    S" << a << "-S" << b << ": {proximity: " << num(u()) << ", tension: " << num(0.6 * u())
      << ", trust: " << num(0.1 + 0.8 * u()) << ", interdependence: " << num(u()) << ", operations: " << num(0.3 * u())
      << "}\n";
  }
  y << "disputes:\n  sea: {parties: {S0: 0.9, S1: 0.8, S2: {salience: 0.5, side: S1}, S7: 0.4}}\n"
       "  border: {parties: {S3: 0.6, S4: 0.7}}\n"
       "institutions:\n"
       "  talks: {kind: dialogue, members: [S0, S1, S5], strength: 0.4}\n"
       "  treaty: {kind: alliance, members: [S2, S6], strength: 0.6}\n"
       "  hotline: {kind: cbm, members: [S0, S1], strength: 0.5, start: 2005}\n"
       "  code: {kind: code_of_conduct, dispute: sea, members: [S0, S1, S2, S7], strength: 0.8, binding: true}\n"
       "  forum: {kind: community, members: [S0, S1, S2, S3, S4, S5, S6, S7], strength: 0.5, "
       "decision_rule: consensus, start: 2004, end: 2020}\n"
       "events:\n"
       "  - {at: 2002, type: set, path: actors.S3.growth, value: 0.0}\n"
       "  - {at: 2003, type: policy_change, actor: S4, policy: security_community}\n"
       "  - {at: 2004, type: trust_shock, from: S0, to: S1, delta: -1.0}\n"
       "  - {at: 2005, type: tension_shock, pair: S2-S3, delta: 0.3}\n"
       "  - {at: 2006, type: arms_sale, seller: S6, buyer: S2, size: 0.5, objectors: [S1], suspend_dialogue: 2}\n"
       "  - {at: 2007, type: provocation, actor: S4, targets: [S3, S5], size: 0.6}\n"
       "  - {at: 2008, type: unannounced_test, actor: S1, observers: [S0], size: 0.5}\n"
       "  - {at: 2009, type: exercise, actor: S0, near: [S1, S2], size: 0.2, duration: 2}\n"
       "  - {at: 2010, type: incident, initiator: S0, target: S1, severity: 0.4, level: 2}\n"
       "  - {at: 2011, type: suspend_dialogue, pair: S0-S5, duration: 3}\n"
       "  - {at: 2012, type: resume_dialogue, pair: S0-S5}\n"
       "  - {at: 2013, type: institution_end, institution: talks}\n"
       "  - {at: 2015, type: institution_start, institution: talks}\n"
       "  - {at: 2016, type: set, path: relations.S0-S1.dialogue_cap, value: 0.2}\n"
       "  - {at: 2017, type: set, path: parameters.trust.forgetting, value: 0.3}\n";
  return y.str();
}

/// Every (name, scenario) the digests cover: each bundled file's base and variants, and the synthetic world.
std::vector<std::pair<std::string, Scenario>> worlds() {
  std::vector<std::pair<std::string, Scenario>> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(test::root() + "/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  files.push_back(test::root() + "/docs/examples/islands.yaml");
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const Scenario base = load_scenario(f.string());
    out.emplace_back(f.stem().string(), base);
    for (const auto& v : base.variants) out.emplace_back(f.stem().string() + "/" + v.name, load_scenario(f.string(), LoadOptions(v.name)));
  }
  out.emplace_back("synthetic20", load_scenario_text(synthetic_world(), "synthetic20.yaml"));
  return out;
}

TEST(StateDigest, EveryQuantityOfEveryStepOfEveryBundledRunIsUnchanged) {
  const std::string file = test::root() + "/tests/golden/state_digests.txt";
  std::ostringstream now;
  for (const auto& [name, sc] : worlds())
    for (bool drivers : {false, true}) now << name << (drivers ? " drivers " : " plain ") << digest(sc, drivers) << "\n";
  if (std::getenv("STATECRAFT_UPDATE_DIGESTS")) {
    std::ofstream(file, std::ios::binary) << now.str();
    GTEST_SKIP() << "wrote " << file;
  }
  const std::string kept = test::read(file);
  ASSERT_FALSE(kept.empty()) << file << " is missing: run with STATECRAFT_UPDATE_DIGESTS=1 once";
  std::map<std::string, std::string> expected, got;
  auto parse = [](const std::string& text, std::map<std::string, std::string>& m) {
    std::istringstream in(text);
    std::string name, kind, sha;
    while (in >> name >> kind >> sha) m[name + " " + kind] = sha;
  };
  parse(kept, expected);
  parse(now.str(), got);
  for (const auto& [key, sha] : expected) EXPECT_EQ(got[key], sha) << key << ": the bits of this run moved";
  EXPECT_EQ(got.size(), expected.size()) << "worlds added or removed: update the digests and say why";
}

}  // namespace
}  // namespace statecraft
