#pragma once
// One thread's runner of batch items. What a run does not change is built once and kept: per variant the
// initial engine (with its consistent start) to restart from; per sweep point its scenario; in an uncertain
// batch the worker's own copies of each variant, into which every run writes its drawn values, and the
// consistent start of the last values drawn into each class of bases (uncertain.hpp, start_classes). A run
// then costs its steps, not its set-up.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/batch.hpp"

namespace statecraft {

class BatchWorker {
 public:
  explicit BatchWorker(const BatchPlan& p) : plan_(p) {}

  /// Runs `item`; a run that fails leaves its reason in out.error instead of throwing, so that the batch
  /// can end in order and cleanly (an exception must not leave a worker thread).
  void run(std::uint64_t item, RunResult& out);

 private:
  /// A scenario ready to run: its initial engine and the engine restarted from it run after run.
  struct Ready {
    const Scenario* of = nullptr;
    std::uint64_t generation = 0;
    std::optional<Engine> initial, engine;
  };
  /// A variant of an uncertain batch as this worker draws into it.
  struct Drawn {
    Scenario sc;
    std::optional<Scenario> base;
  };
  /// What a run starts from: the scenario, and the start values when the worker derived them itself.
  struct Start {
    const Scenario* sc;
    const StartValues* given;  ///< null: the engine derives them (or the scenario asks for none)
  };

  const BatchPlan& plan_;
  std::optional<Scenario> point_;  ///< sweeps: the scenario of the last point built; uncertain: of the last run loaded
  std::size_t point_index_ = 0;
  std::uint64_t generation_ = 0;   ///< counts the scenarios built in `point_`, whose address stays the same
  std::vector<Ready> ready_;       ///< per variant (sweeps: slot 0)
  std::vector<std::optional<Drawn>> drawn_;  ///< per variant
  std::vector<double> observed_;             ///< the values of the last draw into a start's scenario
  std::vector<double> start_key_;            ///< ... of the one `start_` was derived for
  std::size_t start_class_ = 0;
  std::optional<StartValues> start_;
  std::optional<Engine> engine_;  ///< runs a drawn scenario

  Start prepare(std::size_t v, std::uint64_t run);
  bool engine_per_variant() const;
  Ready& ready_for(std::size_t slot, const Scenario& sc);
  const StartValues* start_for(std::size_t v, const Scenario& observed);
  void run_unchecked(std::uint64_t item, RunResult& out);
  void run_kept(const Start& s, std::size_t v, std::uint64_t run, Recorder& rec, RunResult& out);
  void run_engine(Engine& engine, const Scenario& sc, Recorder& rec, RunResult& out) const;
  static void failed(RunResult& out, std::string why, bool bad_input);
};

}  // namespace statecraft
