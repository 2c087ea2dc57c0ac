// Runs a batch's items on this process's threads, or over MPI ranks, and consumes them in item order
// (statecraft/experiment/batch.hpp).
#include "statecraft/experiment/batch.hpp"

#include <chrono>

#include "batch_mpi.hpp"
#include "batch_pipeline.hpp"
#include "batch_worker.hpp"

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#endif

namespace statecraft {

void run_item(const BatchPlan& plan, std::uint64_t item, RunResult& out) {
  BatchWorker w(plan);
  w.run(item, out);
}

Parallelism detect_parallelism(int jobs) {
  Parallelism p;
  p.jobs = std::max(1, jobs);
#ifdef STATECRAFT_HAVE_MPI
  if (boost::mpi::environment::initialized()) {
    boost::mpi::communicator world;
    p.rank = world.rank();
    p.size = world.size();
  }
#endif
  return p;
}

namespace {

/// Results a thread may run ahead of the consumer: enough that no thread waits for the consumer's turn.
constexpr std::uint64_t kWindowPerThread = 16;

/// One process: the consumer is one of the `jobs` threads; it consumes whatever is ready in order, runs
/// an item when nothing is, and sleeps only when the next result is being run by another thread.
std::uint64_t run_here(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                       const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop) {
  LocalPipeline local(plan, par.jobs, kWindowPerThread * static_cast<std::uint64_t>(std::max(1, par.jobs)), stop);
  local.give(first, plan.items());
  std::uint64_t consumed = 0;
  RunResult r;
  for (;;) {
    const auto next = local.take(r);
    if (next == LocalPipeline::Next::Taken) {
      if (!r.error.empty()) throw BatchRunFailed(r.item, r.error, r.bad_input);
      consume(std::move(r));
      ++consumed;
    } else if (next == LocalPipeline::Next::Lost || next == LocalPipeline::Next::Empty) {
      return consumed;
    } else if (!local.work_one()) {
      local.wait(std::chrono::milliseconds(100));  // woken by the result it waits for
    }
  }
}

}  // namespace

std::uint64_t run_batch(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                        const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop) {
  if (par.size == 1) return run_here(plan, par, first, consume, stop);
#ifdef STATECRAFT_HAVE_MPI
  if (par.rank != 0) {
    follow_rank_zero(plan, par, stop);
    return 0;
  }
  return lead_ranks(plan, par, first, consume, stop);
#else
  return 0;
#endif
}

}  // namespace statecraft
