// Driver terms summed over a run, for `compare --explain` (statecraft/experiment/driver_sums.hpp).
#include "statecraft/experiment/driver_sums.hpp"

#include <algorithm>

namespace statecraft {

namespace {
constexpr std::size_t kTensionValues = kTensionTerms + 2;  // start, terms, final
constexpr std::size_t kTrustValues = kTrustTerms + 2;
}  // namespace

std::vector<std::string> driver_quantities(const Scenario& sc) {
  std::vector<std::string> q{"tension"};
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) q.push_back("target_tension." + v.name);
  q.emplace_back("trust");
  return q;
}

std::vector<std::string> driver_value_names(const std::string& quantity) {
  std::vector<std::string> names{"start"};
  if (quantity == "trust")
    for (int k = 0; k < kTrustTerms; ++k) names.emplace_back(term_name(static_cast<TrustTerm>(k)));
  else
    for (int k = 0; k < kTensionTerms; ++k) names.emplace_back(term_name(static_cast<TensionTerm>(k)));
  names.emplace_back("final");
  return names;
}

std::size_t driver_value_count(const Scenario& sc) {
  return (driver_quantities(sc).size() - 1) * kTensionValues + kTrustValues;
}

DriverSums::DriverSums(const Scenario& sc) : steps_(sc.steps) {
  const int n = static_cast<int>(sc.actors.size());
  std::vector<std::pair<int, int>> all;
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b) all.emplace_back(a, b);
  groups_.push_back(std::move(all));
  for (const auto& v : sc.variants) {
    if (v.targets.empty()) continue;
    std::vector<std::pair<int, int>> pairs;
    for (auto [a, b] : v.targets) pairs.emplace_back(std::min(a, b), std::max(a, b));
    groups_.push_back(std::move(pairs));
  }
  values_.assign(groups_.size() * kTensionValues + kTrustValues, 0.0);
}

void DriverSums::on_step(const World& w) {
  for (std::size_t q = 0; q < groups_.size(); ++q) add_tension(q, w);
  add_trust(groups_.size() * kTensionValues, w);
}

void DriverSums::add_tension(std::size_t q, const World& w) {
  const auto& pairs = groups_[q];
  if (pairs.empty()) return;
  double* v = values_.data() + q * kTensionValues;
  const double share = 1.0 / static_cast<double>(pairs.size());
  // Row `step` is the state at the end of the step; its drivers are the change from step - 1.
  if (w.step == 0)
    for (auto [a, b] : pairs) v[0] += share * w.state.tension(a, b);
  else
    for (auto [a, b] : pairs)
      for (int k = 0; k < kTensionTerms; ++k)
        v[1 + k] += share * w.flows.tension_terms[static_cast<std::size_t>(k)](a, b);
  if (w.step == steps_)
    for (auto [a, b] : pairs) v[kTensionValues - 1] += share * w.state.tension(a, b);
}

void DriverSums::add_trust(std::size_t offset, const World& w) {
  const int n = w.n;
  if (n < 2) return;
  double* v = values_.data() + offset;
  const double share = 1.0 / (static_cast<double>(n) * (n - 1));
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b) {
      if (a == b) continue;
      if (w.step == 0)
        v[0] += share * w.state.logodds(a, b);
      else
        for (int k = 0; k < kTrustTerms; ++k)
          v[1 + k] += share * w.flows.trust_terms[static_cast<std::size_t>(k)](a, b);
      if (w.step == steps_) v[kTrustValues - 1] += share * w.state.logodds(a, b);
    }
}

}  // namespace statecraft
