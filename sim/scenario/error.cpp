#include "statecraft/scenario/error.hpp"
#include "statecraft/util/counted.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

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

Diagnostic::Parts Diagnostic::parts() const {
  // The closing parentheses are the first " (expected " or " (did you mean '" that runs to the end: an expectation
  // may hold parentheses of its own, and an interval such as (0, 1] that are not balanced.
  Parts p{message, {}, {}};
  if (message.empty() || message.back() != ')') return p;
  const std::string mean = " (did you mean '";
  if (const std::size_t at = message.find(mean);
      at != std::string::npos && message.size() >= at + mean.size() + 3 &&
      message.compare(message.size() - 3, 3, "'?)") == 0) {
    p.suggestion = message.substr(at + mean.size(), message.size() - 3 - at - mean.size());
    p.what = message.substr(0, at);
    return p;
  }
  const std::string expected = " (expected ";
  if (const std::size_t at = message.find(expected); at != std::string::npos) {
    p.expected = message.substr(at + expected.size(), message.size() - 1 - at - expected.size());
    p.what = message.substr(0, at);
  }
  return p;
}

namespace {
// Diagnostics are kept beyond the reported bound so that the reported ones can be the first in file
// order, wherever in the decoding they were found; past this many, only counted.
constexpr std::size_t kMaxKept = Diagnostics::kMaxReported * 200;
}  // namespace

void Diagnostics::add(Mark mark, std::string path, std::string message) {
  if (items_.size() >= kMaxKept) {
    ++dropped_;
    return;
  }
  items_.push_back(Diagnostic{std::move(mark), std::move(path), std::move(message)});
}

void Diagnostics::throw_if_any() const {
  if (items_.empty()) return;
  // In file order: files in order of first appearance, then by position.
  std::vector<std::string> files;
  for (const auto& d : items_)
    if (std::find(files.begin(), files.end(), d.mark.file) == files.end()) files.push_back(d.mark.file);
  auto rank = [&](const Diagnostic& d) {
    return std::make_tuple(std::find(files.begin(), files.end(), d.mark.file) - files.begin(), d.mark.line,
                           d.mark.col);
  };
  std::vector<Diagnostic> all = items_;
  std::stable_sort(all.begin(), all.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  if (all.size() > kMaxReported) all.resize(kMaxReported);
  throw ScenarioError(all, size() - all.size());
}

namespace {
std::string join_diags(const std::vector<Diagnostic>& d, std::size_t dropped) {
  std::string s;
  for (const auto& x : d) s += x.str() + "\n";
  if (dropped > 0) s += "... and " + counted(dropped, "more problem") + "\n";
  return s;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diags, std::size_t dropped)
    : std::runtime_error(join_diags(diags, dropped)), diags_(std::move(diags)), dropped_(dropped) {}

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
    // A suggestion must keep part of what was typed: 'C' for 'A' is a guess, not a correction.
    if (d < best_d && d < word.size() && d < c.size()) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace statecraft
