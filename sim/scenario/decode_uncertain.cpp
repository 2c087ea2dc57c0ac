// The `uncertain:` section: judgement values drawn anew in every run of an uncertain batch, keyed by the path
// they name (the one path grammar, paths.hpp), each with a distribution and its source.
#include <algorithm>

#include "decoder.hpp"

namespace statecraft::detail {
namespace {

const std::vector<std::string> kDistributions = {"uniform", "triangular", "normal", "choice"};
const std::vector<std::string> kEntryKeys = {"uniform", "triangular", "normal", "choice", "source"};

}  // namespace

void Decoder::decode_uncertain(const Node& root) {
  const Node* u = root.get("uncertain");
  if (!u || !expect_map(*u, "uncertain",
                        "a mapping of paths to distributions, e.g. {parameters.trust.forgetting: {uniform: [0.1, 0.3], "
                        "source: ...}}"))
    return;
  path_names_ = path_names(sc_);
  std::vector<std::string> seen;
  for (const auto& e : u->map) {
    UncertainInput in;
    if (!decode_uncertain_entry(e, "uncertain." + e.key, in)) continue;
    seen.push_back(e.key);
    if (const std::string twice = repeated_value_path(seen); !twice.empty()) {
      err_key(e, "uncertain." + e.key, twice);
      seen.pop_back();
      continue;
    }
    sc_.uncertain.push_back(std::move(in));
  }
}

bool Decoder::decode_uncertain_entry(const Entry& e, const std::string& path, UncertainInput& in) {
  // An institution that failed to decode was reported already: its uncertain values would only repeat it.
  if (e.key.rfind("institutions.", 0) == 0) {
    const std::string id = e.key.substr(13, e.key.find('.', 13) - 13);
    if (failed_institutions_.count(id)) return false;
  }
  std::vector<std::string> errors;
  const auto target = parse_value_path(e.key, path_names_, PathUse::Override, errors);
  for (const std::string& m : errors) err_key(e, path, m);
  if (!target) return false;
  if (target->kind == PathKind::Actor && target->a == ValuePath::kEveryActor) {
    err_key(e, path, "names every actor (expected one value: actors.ID.FIELD)");
    return false;
  }
  if (is_switch(*target)) {
    err_key(e, path, "is a switch, not a number (expected a path that takes a number)");
    return false;
  }
  if (const std::string why = conditional_coefficient_problem(sc_, *target); !why.empty()) {
    err_key(e, path, why);
    return false;
  }
  const Node& m = *e.value;
  if (!expect_map(m, path, "a mapping with one distribution (uniform, triangular, normal or choice) and source"))
    return false;
  check_keys(m, path, kEntryKeys);
  in.path = canonical_value_path(e.key);
  in.target = *target;
  in.mark = e.key_mark;
  bool ok = true;
  // source: required, plain text that is not empty.
  if (const Node* s = m.get("source")) {
    if (auto text = parse_string(*s, sub(path, "source"))) {
      if (text->find_first_not_of(" \t") == std::string::npos) {
        err(*s, sub(path, "source"), "is empty (expected where the judgement comes from, e.g. 'judgement: ...')");
        ok = false;
      }
      in.source = *text;
    } else {
      ok = false;
    }
  } else {
    missing(m, path, "source", "where the values come from, e.g. 'judgement: the paper's section 4'");
    ok = false;
  }
  std::vector<const Entry*> given;
  for (const auto& d : m.map)
    if (std::find(kDistributions.begin(), kDistributions.end(), d.key) != kDistributions.end()) given.push_back(&d);
  if (given.empty()) {
    // A misspelt distribution was already reported with a suggestion.
    if (std::none_of(kDistributions.begin(), kDistributions.end(),
                     [&](const std::string& d) { return suggested_.count({&m, d}) > 0; }))
      err(m, path, "gives no distribution (expected one of: " + join(kDistributions) + ")");
    return false;
  }
  if (given.size() > 1) {
    err_key(*given[1], sub(path, given[1]->key),
            "a second distribution, after " + given[0]->key + " (expected one distribution per value)");
    return false;
  }
  const Entry& d = *given.front();
  const std::string dp = sub(path, d.key);
  const Range range = value_range(*target);
  // A list of numbers of the path's range, of `want` entries (any number >= 1 when want is 0).
  auto numbers = [&](std::size_t want, const std::string& expect) -> std::optional<std::vector<double>> {
    const Node& n = *d.value;
    if (!n.is_seq() || (want > 0 && n.seq.size() != want) || n.seq.empty()) {
      err(n, dp, "got " + (n.is_seq() ? std::to_string(n.seq.size()) + " values" : kind_str(n)) + " (expected " +
                     expect + ")");
      return std::nullopt;
    }
    std::vector<double> xs;
    bool good = true;
    for (std::size_t k = 0; k < n.seq.size(); ++k) {
      auto x = parse_double(*n.seq[k], dp + "[" + std::to_string(k) + "]", range);
      if (x) xs.push_back(*x);
      else good = false;
    }
    if (!good) return std::nullopt;
    return xs;
  };
  if (d.key == "uniform") {
    in.dist = UncertainInput::Dist::Uniform;
    auto xs = numbers(2, "[lo, hi], two numbers of the path's range");
    if (!xs) return false;
    if (!((*xs)[0] < (*xs)[1])) {
      err(*d.value, dp, "lo " + format_number((*xs)[0]) + " is not below hi " + format_number((*xs)[1]) +
                            " (expected [lo, hi] with lo < hi)");
      return false;
    }
    in.args = *xs;
  } else if (d.key == "triangular") {
    in.dist = UncertainInput::Dist::Triangular;
    auto xs = numbers(3, "[lo, mode, hi], three numbers of the path's range");
    if (!xs) return false;
    const double lo = (*xs)[0], mode = (*xs)[1], hi = (*xs)[2];
    if (!(lo < hi && lo <= mode && mode <= hi)) {
      err(*d.value, dp, "[" + format_number(lo) + ", " + format_number(mode) + ", " + format_number(hi) +
                            "] is not ordered (expected lo <= mode <= hi with lo < hi)");
      return false;
    }
    in.args = *xs;
  } else if (d.key == "choice") {
    in.dist = UncertainInput::Dist::Choice;
    auto xs = numbers(0, "a list of one or more numbers of the path's range");
    if (!xs) return false;
    in.args = *xs;
  } else {  // normal
    in.dist = UncertainInput::Dist::Normal;
    const Node& n = *d.value;
    if (!expect_map(n, dp, "a mapping {mean: M, sd: S}")) return false;
    check_keys(n, dp, {"mean", "sd"});
    double mean = 0, sd = 0;
    const Got gm = required_real(n, dp, "mean", range, mean);
    const Got gs = required_real(n, dp, "sd", Range::positive(std::numeric_limits<double>::max()), sd);
    if (gm != Got::Ok || gs != Got::Ok) return false;
    in.args = {mean, sd, range.lo_open ? std::max(range.lo, 1e-9) : range.lo, range.hi};
  }
  return ok;
}

}  // namespace statecraft::detail
