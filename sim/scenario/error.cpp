#include "statecraft/scenario/error.hpp"

#include <algorithm>
#include <cctype>

namespace statecraft {

std::string Diagnostic::str() const {
  std::string s;
  if (!mark.file.empty()) {
    s += mark.file;
    if (mark.line > 0) s += ":" + std::to_string(mark.line) + ":" + std::to_string(mark.col);
    s += ": ";
  }
  if (!path.empty()) s += path + ": ";
  s += message;
  return s;
}

void Diagnostics::add(Mark mark, std::string path, std::string message) {
  if (items_.size() >= kMaxReported) {
    ++dropped_;
    return;
  }
  items_.push_back(Diagnostic{std::move(mark), std::move(path), std::move(message)});
}

void Diagnostics::throw_if_any() const {
  if (!items_.empty()) throw ScenarioError(items_, dropped_);
}

namespace {
std::string join_diags(const std::vector<Diagnostic>& d, std::size_t dropped) {
  std::string s;
  for (const auto& x : d) s += x.str() + "\n";
  if (dropped > 0) s += "... and " + std::to_string(dropped) + " more problems\n";
  return s;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diags, std::size_t dropped)
    : std::runtime_error(join_diags(diags, dropped)), diags_(std::move(diags)) {}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
  auto low = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  std::vector<std::size_t> pp(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (low(a[i - 1]) == low(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        cur[j] = std::min(cur[j], pp[j - 2] + 1);
    }
    pp.swap(prev);
    prev.swap(cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace statecraft
