#pragma once
// Experiments are data: a batch is a list of items (run r of variant v), numbered k = r * V + v so that
// run r of every variant is consecutive. A runner executes them on threads (and MPI ranks) and hands the
// results to one consumer in item order, whatever finished first, so everything downstream is
// byte-identical for any number of threads or processes. At most a bounded window of results is held.
#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "statecraft/experiment/metrics.hpp"

namespace statecraft {

/// What one item of a batch produced.
struct RunResult {
  std::uint64_t item = 0;
  std::vector<double> trends;    ///< (steps + 1) x metrics, row-major
  std::vector<double> outcomes;  ///< outcome_names() order
  std::vector<double> drivers;   ///< with BatchPlan::drivers: DriverSums::values() (driver_sums.hpp), else empty
  std::string actors, pairs, region, events;  ///< with --keep-runs: tidy rows, prefixed by variant and run
  /// Why the run failed (the engine's RunError, or a sweep point that is not a valid scenario); empty if it
  /// did not. A failed result carries nothing else.
  std::string error;
  bool bad_input = false;  ///< the failure was the input's fault (exit 2), not the run's (exit 1)
  bool end_of_stream = false;  ///< MPI: a rank has sent every result it will send

  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar & item & trends & outcomes & drivers & actors & pairs & region & events & error & bad_input & end_of_stream;
  }
};

/// Thrown by run_batch on rank 0 when an item failed, once every item before it was consumed: what() is the
/// item's own message.
class BatchRunFailed : public std::runtime_error {
 public:
  BatchRunFailed(std::uint64_t item, const std::string& what, bool bad_input)
      : std::runtime_error(what), item(item), bad_input(bad_input) {}
  std::uint64_t item;
  bool bad_input;
};

struct BatchPlan {
  std::vector<const Scenario*> variants;  ///< at least one; all with the same actors and steps
  std::vector<std::string> variant_names; ///< as they appear in outputs ("base" for the scenario itself)
  /// Sweeps: builds the scenario of point p (then `variants` is empty). Items are point-major,
  /// k = p * runs + r, so a worker decodes each point once.
  std::function<Scenario(std::size_t)> make_point;
  std::size_t points = 0;
  /// Uncertain batches: builds the scenario of run r of variant v (its uncertain values drawn), in place of
  /// `variants[v]`, which it is made from.
  std::function<Scenario(std::size_t, std::uint64_t)> make_run;
  /// Uncertain batches, for the variants whose drawn values can be written directly (the others return
  /// false and go through make_run): writes run r's values of variant v into a worker's own copies of the
  /// variant and of its base (null without one), and appends the values written into the scenario its
  /// consistent start derives from to `observed` (VariantDraws::write).
  std::function<bool(std::size_t v, std::uint64_t run, Scenario& sc, Scenario* base, std::vector<double>& observed)>
      draw_into;
  /// With draw_into: variants of the same class derive the same consistent start from the same observed
  /// values (start_classes()), so a worker derives it once per run for all of them.
  std::vector<std::size_t> start_class;
  std::uint64_t runs = 1;
  std::vector<MetricRef> metrics;         ///< trend metrics (trend_metrics())
  std::vector<std::size_t> finals;        ///< the metrics whose final values are outcomes (final_metrics())
  bool keep_runs = false;
  bool drivers = false;  ///< record the driver terms and sum them over each run (RunResult::drivers)

  std::size_t width() const { return make_point ? points : variants.size(); }
  std::uint64_t items() const { return runs * width(); }
  /// The variant or point of an item, and its run index.
  std::pair<std::size_t, std::uint64_t> locate(std::uint64_t item) const {
    if (make_point) return {static_cast<std::size_t>(item / runs), item % runs};
    return {static_cast<std::size_t>(item % variants.size()), item / variants.size()};
  }
};

/// Where the batch runs: threads in this process, and the MPI ranks when built with MPI and launched
/// under mpirun (rank 0 consumes).
struct Parallelism {
  int jobs = 1;
  int rank = 0, size = 1;
};

/// Parallelism of this process: MPI rank and size when running under MPI, else 0 and 1.
Parallelism detect_parallelism(int jobs);

/// Runs items [first, plan.items()) and calls `consume` on rank 0 in item order. Returns the number of
/// items consumed: all of them, unless `stop` became true (then every item before the first missing one).
/// A failed item ends the batch: the items before it are consumed, then BatchRunFailed is thrown on rank 0.
/// Whatever ends the batch (a failure, a stop, an exception from `consume`), every rank stops and no
/// message is left in flight.
std::uint64_t run_batch(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                        const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop);

/// Runs one item (used by run_batch and the benchmarks).
void run_item(const BatchPlan& plan, std::uint64_t item, RunResult& out);

}  // namespace statecraft
