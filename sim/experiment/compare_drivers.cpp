// Why one variant beats another: driver terms compared with the baseline (compare_drivers.hpp).
#include "compare_drivers.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "statecraft/experiment/driver_sums.hpp"

namespace statecraft {

DriverComparison::DriverComparison(const Scenario& sc, std::size_t variants, std::size_t baseline)
    : V_(variants), base_(baseline), quantities_(driver_quantities(sc)) {
  for (const auto& q : quantities_) {
    offsets_.push_back(width_);
    names_.push_back(driver_value_names(q));
    width_ += names_.back().size();
  }
  level_.resize(V_ * width_);
  diff_.resize(V_ * width_);
}

void DriverComparison::add(const std::vector<std::vector<double>>& drivers) {
  for (std::size_t v = 0; v < V_; ++v)
    for (std::size_t i = 0; i < width_; ++i) {
      level_[v * width_ + i].add(drivers[v][i]);
      diff_[v * width_ + i].add(drivers[v][i] - drivers[base_][i]);
    }
}

Table DriverComparison::table(const std::vector<std::string>& variant_names) const {
  Table t({"variant", "quantity", "term", "mean", "diff", "diff_ci_low", "diff_ci_high", "baseline"});
  for (std::size_t v = 0; v < V_; ++v)
    for (std::size_t q = 0; q < quantities_.size(); ++q)
      for (std::size_t j = 0; j < names_[q].size(); ++j) {
        const std::size_t i = v * width_ + offsets_[q] + j;
        const double h = v == base_ ? 0 : diff_[i].ci_halfwidth();
        t.add_row(std::vector<Cell>{Cell::str(variant_names[v]), Cell::str(quantities_[q]), Cell::str(names_[q][j]),
                                    Cell::num(level_[i].mean()), Cell::num(diff_[i].mean()),
                                    Cell::num(diff_[i].mean() - h), Cell::num(diff_[i].mean() + h),
                                    Cell::str(variant_names[base_])});
      }
  return t;
}

std::string DriverComparison::quantity_of(const std::string& outcome) const {
  const std::string q = outcome == "tension_final" ? "tension" : outcome;
  if (q == "trust" || std::find(quantities_.begin(), quantities_.end(), q) == quantities_.end()) return "";
  return q;
}

namespace {
/// A signed number with three significant digits: +0.0312, -4.1e-05.
std::string signed3(double x) {
  std::ostringstream s;
  s << std::showpos << std::setprecision(3) << x;
  return s.str();
}
}  // namespace

std::string DriverComparison::why(const std::string& quantity, const std::string& outcome,
                                  const std::vector<std::string>& names, const std::vector<std::size_t>& order) const {
  const auto qi = static_cast<std::size_t>(std::find(quantities_.begin(), quantities_.end(), quantity) - quantities_.begin());
  const std::size_t first = offsets_[qi], terms = names_[qi].size() - 1;  // start and the terms; the last is final
  if (names.size() < 2)  // a header with nothing under it reads like a failure
    return "Why, on " + outcome + ": only " + names[base_] +
           " was run, so there is no difference to explain (name more variants with --variants)\n";
  std::size_t width = 8;
  for (const auto& n : names) width = std::max(width, n.size());
  std::ostringstream out;
  out << "Why, on " << outcome << ": each variant's mean difference to " << names[base_]
      << " as its start plus the terms summed over the run (largest first; compare_drivers.csv has them all):\n";
  constexpr std::size_t kShown = 3;
  for (std::size_t v : order) {
    if (v == base_) continue;
    const Moments* d = &diff_[v * width_ + first];
    std::vector<std::size_t> idx(terms);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return std::fabs(d[a].mean()) > std::fabs(d[b].mean()); });
    // The difference as the table above writes it; its terms to three significant digits.
    out << "  " << std::left << std::setw(static_cast<int>(width)) << names[v] << "  "
        << difference_number(d[terms].mean()) << " =";
    double rest = 0;
    for (std::size_t j = 0; j < terms; ++j)
      if (j < kShown) out << " " << names_[qi][idx[j]] << " " << signed3(d[idx[j]].mean()) << (j + 1 < kShown ? "," : "");
      else rest += d[idx[j]].mean();
    if (terms > kShown) out << ", others " << signed3(rest);
    out << "\n";
  }
  return out.str();
}

}  // namespace statecraft
