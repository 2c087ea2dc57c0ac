#pragma once
// Many variants compared with one baseline (docs/experiments.md, "Many variants"): simultaneous intervals for the
// differences (Bonferroni, Holm), the p-value an interval implies, and how many runs would separate two
// variants whose interval does not.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "statecraft/experiment/stats.hpp"

namespace statecraft {

/// How the intervals of a family of comparisons are widened: not at all, Bonferroni's (each at 1 - alpha/m) or
/// Holm's step-down (Holm 1979).
enum class Adjust { None, Bonferroni, Holm };

/// "none", "bonferroni" or "holm"; nullopt for anything else.
std::optional<Adjust> parse_adjust(const std::string& name);
const char* adjust_name(Adjust a);

/// The p-value an interval implies: the smallest alpha at which the interval of level 1 - alpha excludes 0
/// (found by bisection on log alpha, to a relative 1e-6), 1 if even a 0% interval holds 0, and 0 if the interval
/// of level 1 - 1e-15 excludes 0 (an interval takes its level as a double, which holds no smaller alpha). An
/// interval whose quantile overflows holds 0. `at_level(level)` gives the interval at a level.
double implied_p_value(const std::function<Interval(double level)>& at_level);

/// The level of each comparison's interval when `p` (one p-value per comparison) are tested together at
/// family-wise error `alpha`:
/// - None: 1 - alpha each.
/// - Bonferroni: 1 - alpha/m each (m comparisons): simultaneous intervals.
/// - Holm: the comparison with the i-th smallest p-value (i from 1) is tested at alpha/(m - i + 1) while every
///   smaller one was rejected; its interval has that level. From the first one not rejected on, every interval
///   has the level of that step, so an interval excludes 0 exactly when Holm rejects. These intervals agree
///   with Holm's decisions but are not simultaneous intervals (Bonferroni's are). Equal p-values (those below
///   1e-15 are all 0) are ordered by `tiebreak`, larger first (a difference's distance from 0 in half-widths of
///   its 95% interval), else kept in their order.
std::vector<double> comparison_levels(const std::vector<double>& p, Adjust a, double alpha = 0.05,
                                      const std::vector<double>& tiebreak = {});

/// Runs that would make a paired difference of mean `diff` and sd `sd` exclude 0 from its interval of
/// `level` with probability `power` (a two-sided paired t test): the smallest n above `runs_done` (and at least
/// 2) with n >= ((t_{1-(1-level)/2, n-1} + t_{power, n-1}) * sd / |diff|)^2, Student's t with the degrees of
/// freedom of the n suggested. Nothing when diff is 0, or so small against sd that it would take 1e18 runs.
std::optional<std::uint64_t> runs_to_separate(double sd, double diff, double level, std::uint64_t runs_done,
                                              double power = 0.8);

}  // namespace statecraft
