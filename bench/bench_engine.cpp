// Steps per second of the engine: the bundled Asia-Pacific scenario and synthetic worlds of N actors; and the
// whole `run --runs` and `compare` paths on one worker, in CPU seconds of the process.
// Run: build/bench/statecraft_bench  (see docs/performance.md for the figures and how they were taken)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>
#include <sstream>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/batch.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/scenario/load.hpp"

namespace {

using namespace statecraft;

/// A synthetic world: N actors on a ring of proximity, mixed policies, a few disputes, noise on.
std::string synthetic_yaml(int n) {
  std::ostringstream y;
  y << "scenario: {name: synthetic_" << n << ", steps: 100000, seed: 3}\n"
    << "parameters: {economy: {growth_noise: 0.01}}\n"
    << "actors:\n";
  const char* policies[] = {"balance_of_power", "security_community", "hedging"};
  for (int i = 0; i < n; ++i)
    y << "  S" << i << ": {gdp: " << 100 + 37 * (i % 11) << ", growth: 0.0" << 1 + i % 5 << ", milex: "
      << 2 + i % 7 << ", policy: " << policies[i % 3] << "}\n";
  y << "relations:\n  default: {proximity: 0.2, trust: 0.5, tension: 0.2, interdependence: 0.2}\n  pairs:\n";
  for (int i = 0; i < n; ++i) y << "    S" << i << "-S" << (i + 1) % n << ": {proximity: 0.9, alliance: 0.1}\n";
  y << "disputes:\n";
  for (int d = 0; d + 1 < n && d < 20; d += 2) y << "  d" << d << ": {parties: {S" << d << ": 0.5, S" << d + 1 << ": 0.7}}\n";
  return y.str();
}

/// Times single steps; every `horizon` steps the world is rebuilt (untimed), as a run of that length is.
void run_steps(benchmark::State& state, const Scenario& sc, int horizon = 40) {
  std::optional<Engine> engine(std::in_place, sc);
  std::uint64_t run = 0;
  for (auto _ : state) {
    if (engine->world().step >= horizon) {
      state.PauseTiming();
      engine.emplace(sc, ++run);
      state.ResumeTiming();
    }
    engine->step();
    benchmark::ClobberMemory();
  }
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["actors"] = sc.n();
}

void BM_StepAsiaPacific(benchmark::State& state) {
  LoadOptions o;
  o.steps = 100000;
  static const Scenario sc = load_scenario(std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml", o);
  run_steps(state, sc);
}
BENCHMARK(BM_StepAsiaPacific);

void BM_StepSynthetic(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Scenario sc = load_scenario_text(synthetic_yaml(n), "synthetic.yaml");
  run_steps(state, sc);
}
BENCHMARK(BM_StepSynthetic)->Arg(10)->Arg(50)->Arg(200);

/// Whole runs of the Asia-Pacific scenario over 40 steps: building the world included.
void BM_RunAsiaPacific40(benchmark::State& state) {
  static const Scenario sc = load_scenario(std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml");
  std::uint64_t run = 0;
  for (auto _ : state) {
    Engine engine(sc, run++);
    engine.run();
    benchmark::DoNotOptimize(engine.world().state.tension(0, 1));
  }
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunAsiaPacific40)->Unit(benchmark::kMicrosecond);

/// The ensemble path as `run --runs N` drives it: items through the batch runner on J threads, outcome
/// recorders on, every result summarised in run order (no files). Arg: threads.
void BM_EnsembleAsiaPacific40(benchmark::State& state) {
  static const Scenario sc = load_scenario(std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml");
  BatchPlan plan;
  plan.variants = {&sc};
  plan.variant_names = {"base"};
  plan.metrics = trend_metrics(sc, {"relations.USA-CHN.tension"});
  const std::uint64_t per_iteration = 256;
  plan.runs = per_iteration;
  Parallelism par;
  par.jobs = static_cast<int>(state.range(0));
  std::vector<Summary> trends(static_cast<std::size_t>(sc.steps + 1) * plan.metrics.size());
  for (auto _ : state) {
    run_batch(plan, par, 0,
              [&](RunResult&& r) {
                for (std::size_t k = 0; k < trends.size(); ++k) trends[k].add(r.trends[k]);
              },
              nullptr);
  }
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations() * per_iteration),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EnsembleAsiaPacific40)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// End to end on one worker thread, as `statecraft run FILE --runs N --jobs 1 --out DIR` does it after parsing
/// its flags: the scenario loaded, N runs on one worker, the consumer summarising them and writing the batch
/// directory, the final files written. Timed as the process's CPU (the worker's and the consumer's threads
/// both), the measure of issue 15. Arg: runs per iteration.
void BM_EndToEnd_RunSingleThread(benchmark::State& state) {
  const std::string file = std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml";
  ExperimentOptions o;
  o.out_dir = (std::filesystem::temp_directory_path() / "statecraft_bench_run").string();
  o.force = true;
  o.runs = static_cast<std::uint64_t>(state.range(0));
  o.par.jobs = 1;
  for (auto _ : state) {
    const Scenario sc = load_scenario(file);
    benchmark::DoNotOptimize(run_ensemble(sc, file, o).consumed);
  }
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations() * o.runs),
                                                benchmark::Counter::kIsRate);
  std::filesystem::remove_all(o.out_dir);
}
BENCHMARK(BM_EndToEnd_RunSingleThread)->Arg(2000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

/// The same for `statecraft compare FILE --runs N --jobs 1 --out DIR` over every variant of the file, loaded as
/// the command loads them (the base checking them all, then each variant alone). Arg: runs per variant.
void BM_EndToEnd_CompareSingleThread(benchmark::State& state) {
  const std::string file = std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml";
  ExperimentOptions o;
  o.out_dir = (std::filesystem::temp_directory_path() / "statecraft_bench_compare").string();
  o.force = true;
  o.runs = static_cast<std::uint64_t>(state.range(0));
  o.par.jobs = 1;
  o.baseline = "status_quo";
  std::uint64_t items = 0;
  for (auto _ : state) {
    const Scenario base = load_scenario(file);
    std::vector<Scenario> variants;
    LoadOptions lo;
    lo.check_all_variants = false;
    for (const auto& v : base.variants) {
      lo.variant = v.name;
      variants.push_back(load_scenario(file, lo));
    }
    items += o.runs * variants.size();
    benchmark::DoNotOptimize(run_compare(variants, file, o).consumed);
  }
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate);
  std::filesystem::remove_all(o.out_dir);
}
BENCHMARK(BM_EndToEnd_CompareSingleThread)->Arg(125)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
