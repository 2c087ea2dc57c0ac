// Issue 14's measurable criteria for model 2 (docs/model.md, "Model 2"): the status-quo run of the bundled
// Asia-Pacific scenario starts where its own dynamics would keep it and spends below its ceilings, no run of
// any bundled scenario or of many random worlds writes a share above its ceiling or drives a peacetime economy
// to nothing, and each of the paper's seven proposals lowers the tension of the pairs it declares it targets.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

const std::string kAsiaPacific = "/scenarios/asia_pacific_2012.yaml";

Scenario load_variant(const std::string& file, const std::string& variant = "") {
  LoadOptions lo;
  lo.variant = variant;
  return load_scenario(test::root() + file, lo);
}

/// Shares against ceilings over a run, the first step's moves, and what the log says happened in it.
struct StartWatch : Recorder {
  int n = 0, actor_years = 0, near_ceiling = 0;
  double worst_share_over_cap = 0;
  Matrix tension0, tension1;
  Vector milex0, milex1;
  std::set<int> scheduled_actors;            // actors an event scheduled in the first step names
  std::set<std::pair<int, int>> drawn_pairs;  // pairs an incident was drawn between in the first step

  void on_step(const World& w) override {
    n = w.n;
    for (int i = 0; i < w.n; ++i) {
      const double over = w.state.milex(i) / w.state.gdp(i) / w.state.max_share(i);
      worst_share_over_cap = std::max(worst_share_over_cap, over);
      if (w.step > 0) {
        ++actor_years;
        near_ceiling += over >= 0.98;
      }
    }
    if (w.step == 0) tension0 = w.state.tension, milex0 = w.state.milex;
    if (w.step == 1) tension1 = w.state.tension, milex1 = w.state.milex;
  }
  void on_log(const World& w, const LogEntry& e) override {
    (void)w;
    if (e.step > 1) return;
    if (e.event >= 0) {
      if (e.actor >= 0) scheduled_actors.insert(e.actor);
      if (e.partner >= 0) scheduled_actors.insert(e.partner);
    } else if (e.actor >= 0 && e.partner >= 0) {
      drawn_pairs.insert({std::min(e.actor, e.partner), std::max(e.actor, e.partner)});
    }
  }
  bool explained(int i, int j) const {
    return scheduled_actors.count(i) || scheduled_actors.count(j) || drawn_pairs.count({std::min(i, j), std::max(i, j)});
  }
};

// The criteria on the status-quo default run, over 20 runs: at most 15% of actor-years at or above
// 0.98 of the ceiling, none above it, no first-step tension move over 0.1 that no event of the first step
// explains (a scheduled event naming one of the pair's states, or an incident drawn between them), and no
// state's spending up more than 15% in the first step.
TEST(ModelCriteria, TheStatusQuoStartsAtRestAndBelowItsCeilings) {
  const Scenario sc = load_variant(kAsiaPacific);
  int actor_years = 0, near = 0;
  for (std::uint64_t run = 0; run < 20; ++run) {
    StartWatch watch;
    Engine engine(sc, run);
    engine.run(&watch);
    actor_years += watch.actor_years;
    near += watch.near_ceiling;
    EXPECT_LE(watch.worst_share_over_cap, 1.0) << "run " << run;
    for (int i = 0; i < watch.n; ++i) {
      EXPECT_LE(watch.milex1(i) / watch.milex0(i), 1.15) << sc.actors[i].id << " run " << run;
      for (int j = i + 1; j < watch.n; ++j) {
        if (watch.explained(i, j)) continue;
        EXPECT_LE(std::abs(watch.tension1(i, j) - watch.tension0(i, j)), 0.1)
            << sc.actors[i].id << "-" << sc.actors[j].id << " run " << run;
      }
    }
  }
  EXPECT_LE(near, 0.15 * actor_years) << near << " of " << actor_years << " actor-years near the ceiling";
}

/// Every bundled scenario file with each of its variants (the base among them).
std::vector<std::pair<std::string, std::string>> bundled_runs() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : fs::directory_iterator(test::root() + "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    const std::string file = "/scenarios/" + e.path().filename().string();
    out.emplace_back(file, "");
    for (const auto& v : list_variants(test::root() + file)) out.emplace_back(file, v.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Model 1 wrote shares above max_share in 36 of 64 bundled runs (the clamp used last year's GDP).
TEST(ModelCriteria, NoBundledRunWritesAShareAboveItsCeiling) {
  const auto runs = bundled_runs();
  ASSERT_GE(runs.size(), 30u);
  for (const auto& [file, variant] : runs) {
    const Scenario sc = load_variant(file, variant);
    for (std::uint64_t run = 0; run < 3; ++run) {
      StartWatch watch;
      Engine engine(sc, run);
      engine.run(&watch);
      EXPECT_LE(watch.worst_share_over_cap, 1.0) << file << " " << variant << " run " << run;
    }
  }
}

/// A random world of 2 to 6 states with growth in [2%, 6%], shares anywhere below ceilings up to 0.3, any
/// policy, random relations.
std::string random_world(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  const char* policies[] = {"balance_of_power", "security_community", "hedging", "conditional"};
  const int n = 2 + static_cast<int>(u(rng) * 5);
  std::ostringstream y;
  y << std::setprecision(6) << "scenario: {name: w, start_year: 2000, steps: 60, seed: " << rng() % 1000 << "}\n"
    << "actors:\n";
  for (int i = 0; i < n; ++i) {
    const double gdp = 50 + 20000 * u(rng) * u(rng), cap = 0.03 + 0.27 * u(rng), share = cap * (0.1 + 0.85 * u(rng));
    y << "  S" << i << ": {gdp: " << gdp << ", milex: " << gdp * share << ", max_share: " << cap
      << ", growth: " << 0.02 + 0.04 * u(rng) << ", policy: " << policies[rng() % 4] << "}\n";
  }
  y << "relations:\n  pairs:\n";
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      y << "    S" << i << "-S" << j << ": {proximity: " << u(rng) << ", trust: " << 0.1 + 0.8 * u(rng)
        << ", tension: " << 0.8 * u(rng) << ", affinity: " << u(rng) * u(rng) << "}\n";
  return y.str();
}

// Over 200 random worlds of growing economies (2% to 6% a year before the burden and tension drags): no share
// above its ceiling, and no economy smaller after 60 years than it started. Model 1's burden drag (0.5 a
// point of burden) took the bundled security dilemma's GDP from 1,000 to 330 in 40 years.
TEST(ModelCriteria, RandomWorldsStayBelowTheirCeilingsAndTheirEconomiesStand) {
  std::mt19937_64 rng(20261204);
  for (int world = 0; world < 200; ++world) {
    const std::string text = random_world(rng);
    const Scenario sc = load_scenario_text(text, "w.yaml");
    StartWatch watch;
    Engine engine(sc, 0);
    engine.run(&watch);
    ASSERT_LE(watch.worst_share_over_cap, 1.0) << text;
    for (int i = 0; i < sc.n(); ++i)
      ASSERT_GE(engine.world().state.gdp(i), sc.actors[i].gdp) << sc.actors[i].id << "\n" << text;
  }
}

/// Sums of the tension terms of a variant's targeted pairs over a run, and their horizon tension.
struct TargetWatch : Recorder {
  const std::vector<std::pair<int, int>>* targets = nullptr;
  std::array<double, kTensionTerms> terms{};
  double horizon = 0;
  void on_step(const World& w) override {
    if (w.step == 0) return;
    horizon = 0;
    for (const auto& [a, b] : *targets) {
      for (int t = 0; t < kTensionTerms; ++t) terms[t] += w.flows.tension_terms[t](a, b);
      horizon += w.state.tension(a, b) / static_cast<double>(targets->size());
    }
  }
};

// Each of the seven proposals declares the pairs it targets and lowers their horizon tension by at least 0.01
// against the status quo (paired: run r of each with the same incident draws, 200 runs), and one of its own
// channels carries it: the term that lowers the targeted tension most relative to the status quo is named
// here and in scenarios/README.md (which prints this table:
// build/tests/statecraft_tests --gtest_filter=ModelCriteria.EachProposalLowersTheTensionOfThePairsItTargets).
TEST(ModelCriteria, EachProposalLowersTheTensionOfThePairsItTargets) {
  const Scenario base = load_variant(kAsiaPacific);
  int proposals = 0;
  std::cout << "| variant | targets | change of horizon tension | term that carries it |\n|---|---|---|---|\n";
  for (const VariantInfo& v : base.variants) {
    if (v.targets.empty()) continue;
    // The paper's seven proposals say so in their descriptions; the other variants with targets are printed.
    const bool proposal = v.description.rfind("Proposal ", 0) == 0;
    proposals += proposal;
    const Scenario variant = load_variant(kAsiaPacific, v.name);
    double diff = 0;
    std::array<double, kTensionTerms> term_diff{};
    constexpr int kRuns = 200;
    for (std::uint64_t run = 0; run < kRuns; ++run) {
      TargetWatch with, without;
      with.targets = without.targets = &v.targets;
      Engine a(variant, run), b(base, run);
      a.run(&with);
      b.run(&without);
      diff += (with.horizon - without.horizon) / kRuns;
      for (int t = 0; t < kTensionTerms; ++t) term_diff[t] += (with.terms[t] - without.terms[t]) / kRuns;
    }
    // The term that moved most in the direction of the change: the largest relief for a variant that lowers
    // tension, the largest friction for one that raises it.
    const auto moved = diff <= 0 ? std::min_element(term_diff.begin(), term_diff.end())
                                 : std::max_element(term_diff.begin(), term_diff.end());
    const int carrier = static_cast<int>(moved - term_diff.begin());
    std::string pairs;
    for (const auto& [a, b] : v.targets)
      pairs += (pairs.empty() ? "" : ", ") + base.actors[a].id + "-" + base.actors[b].id;
    std::cout << "| `" << v.name << "` | " << pairs << " | " << std::fixed << std::setprecision(3) << diff << " | `"
              << term_name(static_cast<TensionTerm>(carrier)) << "` (" << term_diff[carrier] << ") |\n";
    if (!proposal) continue;
    EXPECT_LE(diff, -0.01) << v.name;
    // The carrier is a channel of the model, not the bounds' clipping.
    EXPECT_NE(static_cast<TensionTerm>(carrier), TensionTerm::Bounds) << v.name;
  }
  EXPECT_EQ(proposals, 7);
}

}  // namespace
}  // namespace statecraft
