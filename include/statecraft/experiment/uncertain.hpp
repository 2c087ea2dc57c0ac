#pragma once
// Deep uncertainty (docs/experiments.md, "Uncertain values"): the values a scenario declares under `uncertain:`
// are drawn anew in every run of `compare --uncertain` and `run --runs N --uncertain`. The value of a path in
// run r comes from its own stream, seeded by (scenario seed, r, hash of the path), so every variant that has
// the path gets the same value in run r (common random numbers across variants), and a path only some
// variants have draws from a stream no other path uses. Robust rankings of the variants over those runs:
// regret, the probability of being best and of beating the baseline.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Seed of the stream of `path` (canonical) in run `run`: its FNV-1a hash mixed with (seed, run).
std::uint64_t uncertain_stream_seed(std::uint64_t seed, std::uint64_t run, const std::string& path);

/// The value of `in` at probability `u` in (0, 1): its quantile (inverse CDF). A normal is truncated to the
/// path's range: u is spread over the range's share of the distribution.
double uncertain_quantile(const UncertainInput& in, double u);

/// The value of `in` in run `run` of a batch seeded `seed`.
double draw_uncertain(const UncertainInput& in, std::uint64_t seed, std::uint64_t run);

/// Every uncertain path of `variants`, each once, in the order first met (the base's, then each variant's
/// own): the columns of the per-run table.
std::vector<std::string> uncertain_columns(const std::vector<const Scenario*>& variants);

/// The uncertain values of one variant, their paths resolved once in the variant and in its base, written
/// run after run into a batch worker's own copies of them (set_value only writes: what a run writes replaces
/// what the last one wrote, so the copies hold exactly what with_draws would build afresh).
class VariantDraws {
 public:
  explicit VariantDraws(const Scenario& variant);
  /// Writes run `run`'s values into `sc`, a copy of the variant, and, where the base has the path, into
  /// `base`, a copy of its base (null without one). The values written into the scenario a consistent start
  /// derives from (the base, else `sc`) are appended to `observed`, in the order of observed_paths().
  void write(std::uint64_t run, Scenario& sc, Scenario* base, std::vector<double>& observed) const;
  /// The paths whose values write() appends to `observed`.
  const std::vector<std::string>& observed_paths() const { return observed_paths_; }

 private:
  struct Input {
    UncertainInput in;
    std::optional<ValuePath> in_base;  ///< where the base has the path
  };
  std::uint64_t seed_;
  bool has_base_;
  std::vector<Input> inputs_;
  std::vector<std::string> observed_paths_;
};

/// The scenario of run `run` of `sc`: a copy with every uncertain value drawn and written where its path
/// names (set_value), in the scenario and in the base it starts from, where the base has the path.
Scenario with_draws(const Scenario& sc, std::uint64_t run);

/// Which variants derive their consistent start from the same scenario once the same values are drawn into
/// it, so that a batch worker derives it once per run for all of them: class[v] == class[w]. Shared by
/// variants whose bases come from the same files, hold the same values (calib::same_values), derive the same
/// start before any draw, and take the same uncertain paths; any other variant is a class of its own.
std::vector<std::size_t> start_classes(const std::vector<const Scenario*>& variants);

/// Whether writing drawn values directly (with_draws) gives what the loader gives for the same values as
/// overrides (`loaded`: the scenario loaded with them). False where a drawn value derives others at load
/// (an actor's milex its capability, say): such runs must load the scenario each time.
bool draws_match_load(const Scenario& direct, const Scenario& loaded);

/// What a set of variants scored on one outcome in each run, accumulated: per variant the share of runs in
/// which it was best (ties share the run), the share in which it beat the baseline (strictly), and its
/// regret: how much worse than the best variant of the same run it did (0 for the best), oriented so that
/// regret is never negative.
class RegretTally {
 public:
  RegretTally() = default;
  RegretTally(std::size_t variants, std::size_t baseline, bool lower_is_better)
      : V_(variants), base_(baseline), lower_(lower_is_better), best_(variants), beats_(variants),
        regret_sum_(variants), regret_max_(variants) {}
  /// One run: `x[v]` is variant v's outcome.
  void add(const std::vector<double>& x);
  std::uint64_t runs() const { return n_; }
  double p_best(std::size_t v) const { return n_ ? best_[v] / static_cast<double>(n_) : 0; }
  double p_beats_baseline(std::size_t v) const { return n_ ? beats_[v] / static_cast<double>(n_) : 0; }
  std::uint64_t beats_count(std::size_t v) const { return beats_[v]; }
  double mean_regret(std::size_t v) const { return n_ ? regret_sum_[v] / static_cast<double>(n_) : 0; }
  double max_regret(std::size_t v) const { return regret_max_[v]; }

 private:
  std::size_t V_ = 0, base_ = 0;
  bool lower_ = true;
  std::uint64_t n_ = 0;
  std::vector<double> best_;
  std::vector<std::uint64_t> beats_;
  std::vector<double> regret_sum_, regret_max_;
};

}  // namespace statecraft
