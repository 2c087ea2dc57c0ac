#include "statecraft/experiment/batch.hpp"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "statecraft/experiment/driver_sums.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/scenario/error.hpp"

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace statecraft {

namespace {

/// Runs an item with the recorder it needs; the engine and buffers are the worker's own.
struct Worker {
  const BatchPlan& plan;
  std::optional<Scenario> point;  ///< sweeps: the scenario of the last point built
  std::size_t point_index = 0;
  std::uint64_t generation = 0;   ///< counts the scenarios built in `point`, whose address stays the same
  explicit Worker(const BatchPlan& p) : plan(p) {}

  const Scenario& scenario(std::size_t v, std::uint64_t run) {
    if (plan.make_run) {  // a scenario of its own for every run: its uncertain values drawn
      point.emplace(plan.make_run(v, run));
      ++generation;
      return *point;
    }
    if (!plan.make_point) return *plan.variants[v];
    if (!point || point_index != v) {
      point.emplace(plan.make_point(v));
      point_index = v;
      ++generation;
    }
    return *point;
  }

  /// The initial state of the scenario last run and an engine to run it in, reused run after run.
  const Scenario* initial_of = nullptr;
  std::uint64_t initial_generation = 0;
  std::optional<Engine> initial, engine;
  /// A plain batch's variants take turns (run r of every variant is consecutive): each variant's initial
  /// state is built once (a consistent start derived once), and the one engine restarts from it.
  std::vector<std::optional<Engine>> variant_initial;

  /// The initial engine of the scenario of item (v, run), built if it is not kept.
  const Engine& initial_engine(std::size_t v, const Scenario& sc) {
    if (!plan.make_point) {
      if (variant_initial.size() <= v) variant_initial.resize(plan.variants.size());
      auto& kept = variant_initial[v];
      if (!kept) kept.emplace(sc, 0);
      return *kept;
    }
    if (initial_of != &sc || initial_generation != generation) {
      initial.emplace(sc, 0);
      initial_of = &sc;
      initial_generation = generation;
    }
    return *initial;
  }

  /// Runs `item`; a run that fails leaves its reason in out.error instead of throwing, so that the batch
  /// can end in order and cleanly (an exception must not leave a worker thread).
  void run(std::uint64_t item, RunResult& out) {
    out.item = item;
    try {
      run_unchecked(item, out);
    } catch (const ScenarioError& e) {
      failed(out, e.what(), true);
    } catch (const RunError& e) {
      failed(out, e.what(), false);
    } catch (const std::exception& e) {
      failed(out, std::string("internal error: ") + e.what(), false);
    }
  }

  static void failed(RunResult& out, std::string why, bool bad_input) {
    while (!why.empty() && why.back() == '\n') why.pop_back();
    const std::uint64_t item = out.item;
    out = RunResult{};
    out.item = item;
    out.error = std::move(why);
    out.bad_input = bad_input;
  }

  /// Two recorders watching one run.
  struct Both : Recorder {
    Recorder &a, &b;
    Both(Recorder& x, Recorder& y) : a(x), b(y) {}
    void on_step(const World& w) override { a.on_step(w), b.on_step(w); }
    void on_log(const World& w, const LogEntry& e) override { a.on_log(w, e), b.on_log(w, e); }
  };

  /// Runs the engine with `rec`, and with the plan's drivers summed into out.drivers when it asks for them.
  void run_with_drivers(Engine& engine, const Scenario& sc, Recorder& rec, RunResult& out) const {
    if (!plan.drivers) {
      engine.run(&rec);
      return;
    }
    DriverSums sums(sc);
    Both both(rec, sums);
    engine.run(&both);
    out.drivers = sums.values();
  }

  void run_unchecked(std::uint64_t item, RunResult& out) {
    const auto [v, run] = plan.locate(item);
    const Scenario& sc = scenario(v, run);
    OutcomeRecorder rec(sc, plan.metrics, plan.builtin_trends);
    if (plan.make_run) {
      engine.emplace(sc, run);  // the scenario is this run's only: no initial state to keep
    } else {
      const Engine& from = initial_engine(v, sc);
      if (!engine) engine.emplace(from);
      engine->restart(from, run);
    }
    // Batches summarise outcomes; drivers are recorded only when asked to be summed (compare --explain).
    engine->set_record_drivers(plan.drivers);
    if (!plan.keep_runs) {
      run_with_drivers(*engine, sc, rec, out);
    } else {
      // Keep every run's trends too: the same rows as `run` writes, each prefixed with its key.
      std::ostringstream actors, pairs, region, events;
      TrendRecorder trends(sc, TrendStreams{&actors, &pairs, &region, &events, nullptr}, Format::Tidy);
      Both both(rec, trends);
      run_with_drivers(*engine, sc, both, out);
      // Led by what names the run in experiments.csv: its variant, or a sweep's point, and its run.
      const std::string who = plan.make_point ? std::to_string(v) : plan.variant_names[v];
      const std::string prefix = who + "," + std::to_string(run) + ",";
      auto body = [&](const std::string& csv) {  // drop the header, prefix every row
        std::string outs;
        std::size_t pos = csv.find('\n') + 1;
        while (pos < csv.size()) {
          const std::size_t end = csv.find('\n', pos);
          outs += prefix;
          outs.append(csv, pos, end - pos + 1);
          pos = end + 1;
        }
        return outs;
      };
      out.actors = body(actors.str());
      out.pairs = body(pairs.str());
      out.region = body(region.str());
      out.events = body(events.str());
    }
    out.trends = rec.trends();
    out.outcomes = rec.outcomes();
  }
};

/// Items owned by this process, executed on `jobs` threads, handed out in item order.
class LocalPipeline {
 public:
  LocalPipeline(const BatchPlan& plan, const Parallelism& par, std::uint64_t first, const std::atomic<bool>* stop)
      : plan_(plan),
        par_(par),
        stop_(stop),
        window_(static_cast<std::uint64_t>(kWindowPerThread * std::max(1, par.jobs))) {
    next_claim_ = first_owned(first);
    next_take_ = next_claim_;
    for (int t = 0; t < std::max(1, par.jobs); ++t) threads_.emplace_back([this] { work(); });
  }
  ~LocalPipeline() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    cv_work_.notify_all();
    for (auto& t : threads_) t.join();
  }

  /// Stops handing out items, as a stop does: after a failed run, or when rank 0 says so.
  void halt() {
    {
      std::lock_guard lock(mu_);
      halted_ = true;
    }
    cv_work_.notify_all();
    cv_take_.notify_one();
  }

  /// The next owned item's result, in order; false once there is none (end or stop).
  bool take(RunResult& out) {
    std::unique_lock lock(mu_);
    const std::uint64_t want = next_take_;
    if (want >= plan_.items()) return false;
    if (done_.count(want) == 0) {
      consumer_waiting_ = true;
      cv_take_.wait(lock, [&] { return done_.count(want) > 0 || (stopped() && claimed_below(want)); });
      consumer_waiting_ = false;
    }
    auto it = done_.find(want);
    if (it == done_.end()) return false;  // stopped before this item was started
    out = std::move(it->second);
    done_.erase(it);
    next_take_ = want + static_cast<std::uint64_t>(par_.size);
    if (workers_waiting_ > 0) cv_work_.notify_all();
    return true;
  }

 private:
  const BatchPlan& plan_;
  Parallelism par_;
  const std::atomic<bool>* stop_;
  std::uint64_t window_;
  /// Results a thread may run ahead of the consumer. The consumer is woken once half of them are ready
  /// (or a worker must wait, or the batch ends), not for every run: a wake-up is a system call.
  static constexpr int kWindowPerThread = 16;
  std::mutex mu_;
  std::condition_variable cv_take_, cv_work_;
  bool consumer_waiting_ = false;
  int workers_waiting_ = 0;
  std::uint64_t next_claim_ = 0, next_take_ = 0;
  std::uint64_t in_flight_ = 0;
  std::map<std::uint64_t, RunResult> done_;
  bool closing_ = false;
  bool halted_ = false;  ///< a run failed, or rank 0 said stop
  std::vector<std::thread> threads_;

  bool stopped() const { return halted_ || (stop_ && stop_->load()); }
  /// True when the workers are as far ahead of the consumer as they may go.
  bool window_full() const { return next_claim_ >= next_take_ + window_ * static_cast<std::uint64_t>(par_.size); }
  /// True when no worker is still running an item before `k` (so a missing result will never come).
  bool claimed_below(std::uint64_t k) const { return next_claim_ <= k || in_flight_ == 0; }

  std::uint64_t first_owned(std::uint64_t first) const {
    const auto size = static_cast<std::uint64_t>(par_.size), rank = static_cast<std::uint64_t>(par_.rank);
    const std::uint64_t r = first % size;
    return first + (rank + size - r) % size;
  }

  void work() {
    Worker worker(plan_);
    for (;;) {
      std::uint64_t item;
      {
        std::unique_lock lock(mu_);
        auto may_claim = [&] { return closing_ || stopped() || next_claim_ >= plan_.items() || !window_full(); };
        if (!may_claim()) {
          if (consumer_waiting_) cv_take_.notify_one();  // the window is full: the consumer must drain it
          ++workers_waiting_;
          cv_work_.wait(lock, may_claim);
          --workers_waiting_;
        }
        if (closing_ || stopped() || next_claim_ >= plan_.items()) {
          if (consumer_waiting_) cv_take_.notify_one();
          cv_work_.notify_all();
          return;
        }
        item = next_claim_;
        next_claim_ += static_cast<std::uint64_t>(par_.size);
        ++in_flight_;
      }
      RunResult r;
      worker.run(item, r);
      {
        std::lock_guard lock(mu_);
        if (!r.error.empty()) halted_ = true;  // no new items: the batch ends at this one
        done_.emplace(item, std::move(r));
        --in_flight_;
        // Not when this was the only run in flight: with one worker that is after every run, and a
        // worker that goes on claiming reaches half a window, a full one or the end, which do wake.
        const bool wake = consumer_waiting_ && done_.count(next_take_) > 0 &&
                          (done_.size() >= window_ / 2 || stopped() || next_claim_ >= plan_.items() ||
                           window_full());
        if (wake) cv_take_.notify_one();
      }
    }
  }
};

}  // namespace

void run_item(const BatchPlan& plan, std::uint64_t item, RunResult& out) {
  Worker w(plan);
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

/// Rank 0's failure of an item as the exception run_batch throws.
[[noreturn]] void throw_failure(const RunResult& r) { throw BatchRunFailed(r.item, r.error, r.bad_input); }

#ifdef STATECRAFT_HAVE_MPI
// MPI messages: results (and, last, an end-of-stream result) from each rank to rank 0; one stop from rank 0
// to each rank when rank 0 is done, whether the batch finished, failed or was stopped.
constexpr int kResultTag = 0, kStopTag = 1;

/// A rank other than 0: sends its results in order (MPI keeps messages between two ranks in order) until
/// there are none or rank 0 says stop, then an end of stream, and waits for rank 0's stop if it has not come.
void send_results(LocalPipeline& local, boost::mpi::communicator& world) {
  RunResult r;
  bool told = false;
  while (local.take(r)) {
    world.send(0, kResultTag, r);
    if (!told && world.iprobe(0, kStopTag)) {
      world.recv(0, kStopTag);
      told = true;
      local.halt();
    }
  }
  RunResult end;
  end.end_of_stream = true;
  world.send(0, kResultTag, end);
  if (!told) world.recv(0, kStopTag);
}

/// Rank 0: consumes every item in order, its own from `local`, the others' as they arrive; then tells every
/// rank to stop and receives what each still sends, so that no rank is left waiting on a message.
std::uint64_t collect_results(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                              LocalPipeline& local, boost::mpi::communicator& world,
                              const std::function<void(RunResult&&)>& consume) {
  std::uint64_t consumed = 0;
  std::vector<bool> ended(static_cast<std::size_t>(par.size), false);
  std::optional<RunResult> failure;
  std::exception_ptr error;
  try {
    for (std::uint64_t k = first; k < plan.items(); ++k) {
      RunResult r;
      const int owner = static_cast<int>(k % static_cast<std::uint64_t>(par.size));
      if (owner == 0) {
        if (!local.take(r)) break;
      } else {
        world.recv(owner, kResultTag, r);
        if (r.end_of_stream) {
          ended[static_cast<std::size_t>(owner)] = true;
          break;  // that rank stopped before this item
        }
      }
      if (!r.error.empty()) {
        failure = std::move(r);
        break;
      }
      consume(std::move(r));
      ++consumed;
    }
  } catch (...) {
    error = std::current_exception();  // from consume (a full disk): the ranks must still be stopped
  }
  local.halt();
  for (int q = 1; q < par.size; ++q) world.send(q, kStopTag);
  for (int q = 1; q < par.size; ++q)
    while (!ended[static_cast<std::size_t>(q)]) {
      RunResult r;
      world.recv(q, kResultTag, r);
      ended[static_cast<std::size_t>(q)] = r.end_of_stream;
    }
  if (error) std::rethrow_exception(error);
  if (failure) throw_failure(*failure);
  return consumed;
}
#endif

}  // namespace

std::uint64_t run_batch(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                        const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop) {
  LocalPipeline local(plan, par, first, stop);
  if (par.size == 1) {
    std::uint64_t consumed = 0;
    RunResult r;
    while (local.take(r)) {
      if (!r.error.empty()) throw_failure(r);
      consume(std::move(r));
      ++consumed;
    }
    return consumed;
  }
#ifdef STATECRAFT_HAVE_MPI
  boost::mpi::communicator world;
  if (par.rank != 0) {
    send_results(local, world);
    return 0;
  }
  return collect_results(plan, par, first, local, world, consume);
#else
  return 0;
#endif
}

}  // namespace statecraft
