// Which uncertain values move a comparison (compare_sensitivity.hpp).
#include "compare_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <numeric>
#include <sstream>

#include "statecraft/experiment/uncertain.hpp"
#include "statecraft/output/csv.hpp"

namespace statecraft {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The index of path in columns.
std::size_t column_of(const std::vector<std::string>& columns, const std::string& path) {
  return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), path) - columns.begin());
}

const UncertainInput* input_of(const Scenario& sc, const std::string& path) {
  for (const auto& in : sc.uncertain)
    if (in.path == path) return &in;
  return nullptr;
}

/// Ranks 1.., largest first: by value (a first-order index, whose small negative values are noise about 0), or by
/// magnitude (an SRC, whose sign is the direction of the effect). NaN ranks nowhere (0).
std::vector<std::size_t> ranks(const std::vector<double>& x, bool by_magnitude) {
  std::vector<std::size_t> idx(x.size()), rank(x.size(), 0);
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    if (std::isnan(x[a]) || std::isnan(x[b])) return !std::isnan(x[a]) && std::isnan(x[b]);
    return by_magnitude ? std::fabs(x[a]) > std::fabs(x[b]) : x[a] > x[b];
  });
  std::size_t r = 0;
  for (std::size_t i : idx)
    if (!std::isnan(x[i])) rank[i] = ++r;
  return rank;
}

Cell number_or_empty(double x) { return std::isnan(x) ? Cell::no_number() : Cell::num(x); }
}  // namespace

std::vector<double> sensitivity_bin_edges(const UncertainInput& in, std::size_t bins) {
  std::vector<double> edges;
  if (in.dist == UncertainInput::Dist::Choice) {
    std::vector<double> values = in.args;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (std::size_t j = 1; j < values.size(); ++j) edges.push_back((values[j - 1] + values[j]) / 2);
    return edges;
  }
  for (std::size_t j = 1; j < bins; ++j)
    edges.push_back(uncertain_quantile(in, static_cast<double>(j) / static_cast<double>(bins)));
  return edges;
}

std::size_t sensitivity_bins(std::uint64_t runs) {
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::sqrt(static_cast<double>(runs))), 2, 20);
}

SensitivityComparison::SensitivityComparison(const std::vector<const Scenario*>& variants,
                                             const std::vector<std::string>& columns, std::size_t outcomes,
                                             std::size_t baseline, std::uint64_t runs)
    : variants_(variants), columns_(columns), n_out_(outcomes), base_(baseline),
      drawn_(variants.size(), std::vector<double>(columns.size(), kNaN)), merged_(columns.size()), x_(columns.size()),
      d_(outcomes) {
  const std::size_t bins = sensitivity_bins(runs);
  auto slot = [&](std::vector<const Scenario*> from) {
    Slot s;
    std::vector<std::vector<double>> edges;
    for (std::size_t c = 0; c < columns_.size(); ++c)
      for (const Scenario* sc : from)
        if (const UncertainInput* in = input_of(*sc, columns_[c])) {
          s.inputs.push_back(c);
          edges.push_back(sensitivity_bin_edges(*in, bins));
          break;
        }
    s.tallies.assign(n_out_, SensitivityTally(edges));
    return s;
  };
  for (std::size_t v = 0; v < variants_.size(); ++v) {
    value_.push_back(slot({variants_[v]}));
    diff_.push_back(slot({variants_[v], variants_[base_]}));
  }
}

void SensitivityComparison::feed(Slot& s, const std::vector<double>& drawn, std::vector<double>& x,
                                 const std::vector<double>& y) {
  for (std::size_t i = 0; i < s.inputs.size(); ++i) x[i] = drawn[s.inputs[i]];
  for (std::size_t k = 0; k < y.size(); ++k) s.tallies[k].add(x.data(), y[k]);
}

void SensitivityComparison::add(std::uint64_t run, const std::vector<std::vector<double>>& outcomes) {
  // Each variant's draws, from its own declaration (the same value in every variant that has the path).
  for (std::size_t v = 0; v < variants_.size(); ++v)
    for (const auto& in : variants_[v]->uncertain)
      drawn_[v][column_of(columns_, in.path)] = draw_uncertain(in, variants_[v]->seed, run);
  for (std::size_t v = 0; v < variants_.size(); ++v) {
    feed(value_[v], drawn_[v], x_, outcomes[v]);
    if (v == base_) continue;
    // An input only the baseline has takes the baseline's draw.
    for (std::size_t c = 0; c < columns_.size(); ++c)
      merged_[c] = std::isnan(drawn_[v][c]) ? drawn_[base_][c] : drawn_[v][c];
    for (std::size_t k = 0; k < n_out_; ++k) d_[k] = outcomes[v][k] - outcomes[base_][k];
    feed(diff_[v], merged_, x_, d_);
  }
}

void SensitivityComparison::rows(Table& t, const Slot& s, const std::string& variant, const std::string& outcome,
                                 std::size_t k, const char* of) const {
  const SensitivityTally& tally = s.tallies[k];
  std::vector<double> first(s.inputs.size()), src(s.inputs.size());
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    first[i] = tally.first_order(i);
    src[i] = tally.src(i);
  }
  const auto first_rank = ranks(first, false), src_rank = ranks(src, true);
  auto row = [&](const std::string& input, const char* measure, double value, std::size_t rank) {
    t.add_row(std::vector<Cell>{Cell::str(variant), Cell::str(outcome), Cell::str(of), Cell::str(input),
                                Cell::str(measure), number_or_empty(value),
                                rank ? Cell::num(static_cast<double>(rank)) : Cell::no_number()});
  };
  for (std::size_t i = 0; i < s.inputs.size(); ++i) row(columns_[s.inputs[i]], "first_order", first[i], first_rank[i]);
  for (std::size_t i = 0; i < s.inputs.size(); ++i) row(columns_[s.inputs[i]], "src", src[i], src_rank[i]);
  row("", "r2", tally.r_squared(), 0);
}

Table SensitivityComparison::table(const std::vector<std::string>& variant_names,
                                   const std::vector<std::string>& outcome_names) const {
  Table t({"variant", "outcome", "of", "input", "measure", "value", "rank"});
  for (std::size_t v = 0; v < variants_.size(); ++v)
    for (std::size_t k = 0; k < n_out_; ++k) {
      rows(t, value_[v], variant_names[v], outcome_names[k], k, "value");
      if (v != base_) rows(t, diff_[v], variant_names[v], outcome_names[k], k, "diff");
    }
  return t;
}

std::string SensitivityComparison::summary(std::size_t k, const std::vector<std::string>& variant_names,
                                           const std::vector<std::string>& outcome_names,
                                           const std::vector<std::size_t>& order) const {
  std::size_t width = 8;
  for (const auto& n : variant_names) width = std::max(width, n.size());
  std::ostringstream out;
  out << "Which uncertain values move the difference to " << variant_names[base_] << " on " << outcome_names[k]
      << " (first-order index by binning, largest first; compare_sensitivity.csv has every outcome):\n";
  constexpr std::size_t kShown = 3;
  for (std::size_t v : order) {
    if (v == base_) continue;
    const Slot& s = diff_[v];
    const SensitivityTally& tally = s.tallies[k];
    out << "  " << std::left << std::setw(static_cast<int>(width)) << variant_names[v] << "  ";
    if (!tally.varies()) {
      out << "(the difference does not vary)\n";
      continue;
    }
    std::vector<double> first(s.inputs.size());
    for (std::size_t i = 0; i < s.inputs.size(); ++i) first[i] = tally.first_order(i);
    if (std::all_of(first.begin(), first.end(), [](double x) { return std::isnan(x); })) {
      out << "(too few runs to screen: at least " << SensitivityTally::kRunsPerBin << " a bin)\n";
      continue;
    }
    const auto rank = ranks(first, false);
    std::vector<std::size_t> shown;
    for (std::size_t r = 1; r <= std::min(kShown, s.inputs.size()); ++r)
      for (std::size_t i = 0; i < s.inputs.size(); ++i)
        if (rank[i] == r) shown.push_back(i);
    for (std::size_t j = 0; j < shown.size(); ++j)
      out << (j ? ", " : "") << columns_[s.inputs[shown[j]]] << " " << std::fixed << std::setprecision(2)
          << first[shown[j]];
    out << "\n";
  }
  return out.str();
}

}  // namespace statecraft
