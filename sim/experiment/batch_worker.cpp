// Runs batch items on one thread (batch_worker.hpp).
#include "batch_worker.hpp"

#include <exception>
#include <sstream>

#include "statecraft/engine/start.hpp"
#include "statecraft/experiment/driver_sums.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft {

void BatchWorker::run(std::uint64_t item, RunResult& out) {
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

void BatchWorker::failed(RunResult& out, std::string why, bool bad_input) {
  while (!why.empty() && why.back() == '\n') why.pop_back();
  const std::uint64_t item = out.item;
  out = RunResult{};
  out.item = item;
  out.error = std::move(why);
  out.bad_input = bad_input;
}

/// The scenario of item (v, run): the variant, the sweep point, or the variant with run's values drawn.
BatchWorker::Start BatchWorker::prepare(std::size_t v, std::uint64_t run) {
  if (plan_.draw_into) {
    if (drawn_.size() <= v) drawn_.resize(plan_.variants.size());
    if (!drawn_[v]) {
      const Scenario& variant = *plan_.variants[v];
      drawn_[v] = Drawn{variant, variant.base ? std::optional<Scenario>(*variant.base) : std::nullopt};
    }
    Drawn& d = *drawn_[v];
    observed_.clear();
    if (plan_.draw_into(v, run, d.sc, d.base ? &*d.base : nullptr, observed_)) {
      const bool derived = d.sc.params.start.consistent > 0;
      return Start{&d.sc, derived ? start_for(v, d.base ? *d.base : d.sc) : nullptr};
    }
  }
  if (plan_.make_run) {  // a scenario loaded for this run alone, its uncertain values drawn
    point_.emplace(plan_.make_run(v, run));
    ++generation_;
    return Start{&*point_, nullptr};
  }
  if (!plan_.make_point) return Start{plan_.variants[v], nullptr};
  if (!point_ || point_index_ != v) {
    point_.emplace(plan_.make_point(v));
    point_index_ = v;
    ++generation_;
  }
  return Start{&*point_, nullptr};
}

/// The consistent start of `observed` as drawn for variant v: derived again only when the class of its base
/// or the values drawn into it changed since the last derivation (items come run by run, so the variants of
/// a run share one).
const StartValues* BatchWorker::start_for(std::size_t v, const Scenario& observed) {
  const std::size_t cls = v < plan_.start_class.size() ? plan_.start_class[v] : v;
  if (!start_ || cls != start_class_ || observed_ != start_key_) {
    start_ = derive_start(observed);
    start_class_ = cls;
    start_key_ = observed_;
  }
  return &*start_;
}

/// Whether each variant keeps its two engines: unless that would take more than 64 MB a thread (about 64 pair
/// matrices an engine), when variants share one slot and a change of variant builds its engines again.
bool BatchWorker::engine_per_variant() const {
  if (plan_.variants.empty()) return false;
  const auto n = static_cast<double>(plan_.variants.front()->n());
  return static_cast<double>(plan_.variants.size()) * 2 * 64 * n * n * sizeof(double) <= 64.0 * (1 << 20);
}

/// The initial engine of `sc` in `slot`, built (its start derived) when the slot last held another scenario.
BatchWorker::Ready& BatchWorker::ready_for(std::size_t slot, const Scenario& sc) {
  if (ready_.size() <= slot) ready_.resize(slot + 1);
  Ready& r = ready_[slot];
  if (r.of != &sc || r.generation != generation_) {
    r.engine.reset();
    r.initial.emplace(sc, 0);
    r.engine.emplace(*r.initial);
    // Batches summarise outcomes; drivers are recorded only when asked to be summed (compare --explain).
    r.engine->set_record_drivers(plan_.drivers);
    r.of = &sc;
    r.generation = generation_;
  }
  return r;
}

void BatchWorker::run_unchecked(std::uint64_t item, RunResult& out) {
  const auto [v, run] = plan_.locate(item);
  const Start s = prepare(v, run);
  OutcomeRecorder rec(*s.sc, plan_.metrics, plan_.finals);
  if (plan_.keep_runs) {
    run_kept(s, v, run, rec, out);
  } else if (s.given || plan_.make_run || plan_.draw_into) {
    // A scenario drawn for this run: nothing to restart from.
    if (s.given) engine_.emplace(*s.sc, run, s.given);
    else engine_.emplace(*s.sc, run);
    engine_->set_record_drivers(plan_.drivers);
    run_engine(*engine_, *s.sc, rec, out);
  } else {
    Ready& r = ready_for(plan_.make_point || !engine_per_variant() ? 0 : v, *s.sc);
    r.engine->restart(*r.initial, run);
    run_engine(*r.engine, *s.sc, rec, out);
  }
  out.trends = rec.trends();
  out.outcomes = rec.outcomes();
}

namespace {

/// Two recorders watching one run.
struct Both : Recorder {
  Recorder &a, &b;
  Both(Recorder& x, Recorder& y) : a(x), b(y) {}
  void on_step(const World& w) override { a.on_step(w), b.on_step(w); }
  void on_log(const World& w, const LogEntry& e) override { a.on_log(w, e), b.on_log(w, e); }
};

}  // namespace

/// Runs the engine with `rec`, and with the plan's drivers summed into out.drivers when it asks for them.
void BatchWorker::run_engine(Engine& engine, const Scenario& sc, Recorder& rec, RunResult& out) const {
  if (!plan_.drivers) {
    engine.run(&rec);
    return;
  }
  DriverSums sums(sc);
  Both both(rec, sums);
  engine.run(&both);
  out.drivers = sums.values();
}

/// Keeps every run's trends too: the same rows as `run` writes, each prefixed with its key.
void BatchWorker::run_kept(const Start& s, std::size_t v, std::uint64_t run, Recorder& rec, RunResult& out) {
  const Scenario& sc = *s.sc;
  std::ostringstream actors, pairs, region, events;
  TrendRecorder trends(sc, TrendStreams{&actors, &pairs, &region, &events, nullptr}, Format::Tidy);
  Both both(rec, trends);
  std::optional<Engine> engine;
  if (s.given) engine.emplace(sc, run, s.given);
  else engine.emplace(sc, run);
  engine->set_record_drivers(plan_.drivers);
  run_engine(*engine, sc, both, out);
  // Led by what names the run in experiments.csv: its variant, or a sweep's point, and its run.
  const std::string who = plan_.make_point ? std::to_string(v) : plan_.variant_names[v];
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

}  // namespace statecraft
