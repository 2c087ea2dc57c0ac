// End-to-end batches (docs/performance.md, "Two jobs and MPI" and "The uncertain mode"): what `run --runs N`,
// `compare` and `compare --uncertain` do after loading, through the batch runner, the consumer's statistics
// and the output files, on the Asia-Pacific scenario. Arg: jobs. Besides the wall-clock rate, each reports
// the CPU time of the whole process per item (user + system, every thread), which is what two jobs share.
#include <benchmark/benchmark.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "statecraft/experiment/experiment.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {
namespace {

const std::string kScenario = std::string(STATECRAFT_SOURCE_DIR) + "/scenarios/asia_pacific_2012.yaml";

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Every variant of the scenario, loaded once.
const std::vector<Scenario>& all_variants() {
  static const std::vector<Scenario> variants = [] {
    std::vector<Scenario> out;
    for (const auto& info : load_scenario(kScenario).variants) out.push_back(load_scenario(kScenario, LoadOptions(info.name)));
    return out;
  }();
  return variants;
}

/// Times `batch` (which runs `items` items) and reports items/s and the process CPU per item.
template <class Batch>
void measure(benchmark::State& state, std::uint64_t items, Batch batch) {
  const std::string out = (std::filesystem::temp_directory_path() / "statecraft_bench_batch").string();
  ExperimentOptions o;
  o.out_dir = out;
  o.force = true;
  o.par.jobs = static_cast<int>(state.range(0));
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) batch(o);
  const double cpu = process_cpu_seconds() - cpu0;
  const double done = static_cast<double>(state.iterations() * items);
  state.counters["items/s"] = benchmark::Counter(done, benchmark::Counter::kIsRate);
  state.counters["cpu_us/item"] = 1e6 * cpu / done;
  std::filesystem::remove_all(out);
}

/// `run --runs 2000`: one scenario, the ensemble's statistics and files.
void BM_EndToEnd_BatchRun(benchmark::State& state) {
  static const Scenario sc = load_scenario(kScenario);
  const std::uint64_t runs = 2000;
  measure(state, runs, [&](ExperimentOptions& o) {
    o.runs = runs;
    benchmark::DoNotOptimize(run_ensemble(sc, kScenario, o).consumed);
  });
}
BENCHMARK(BM_EndToEnd_BatchRun)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// `compare --runs 100` of every variant (17 x 100 items), paired statistics, ranking and files.
void BM_EndToEnd_BatchCompare(benchmark::State& state) {
  const auto& variants = all_variants();
  const std::uint64_t runs = 100;
  measure(state, runs * variants.size(), [&](ExperimentOptions& o) {
    o.runs = runs;
    benchmark::DoNotOptimize(run_compare(variants, kScenario, o).consumed);
  });
}
BENCHMARK(BM_EndToEnd_BatchCompare)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same with `--uncertain`: every run's values drawn into the workers' copies of the variants.
void BM_EndToEnd_BatchCompareUncertain(benchmark::State& state) {
  const auto& variants = all_variants();
  const std::uint64_t runs = 100;
  measure(state, runs * variants.size(), [&](ExperimentOptions& o) {
    o.runs = runs;
    o.uncertain = true;
    benchmark::DoNotOptimize(run_compare(variants, kScenario, o).consumed);
  });
}
BENCHMARK(BM_EndToEnd_BatchCompareUncertain)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace statecraft
