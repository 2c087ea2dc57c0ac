// Scenario loading: files and `extends` chains, variant overlays, and the decoding of the merged tree
// into a validated Scenario. Every problem is collected with its position before anything is thrown.
#include "statecraft/scenario/load.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "statecraft/scenario/metric.hpp"
#include "statecraft/util/file.hpp"
#include "statecraft/util/sha256.hpp"
#include "tree.hpp"

namespace statecraft {
namespace {

using detail::Entry;
using detail::Node;
using detail::NodePtr;

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string fmt_num(double x, int precision = 12) {
  std::ostringstream o;
  o.precision(precision);
  o << x;
  return o.str();
}

/// Why `name` cannot name a scenario or variant, or empty if it can. The names become the default output
/// directory (out/NAME, out/NAME_VARIANT), so they must be plain: no '/', no '..', no hidden file.
std::string plain_name_problem(const std::string& name, const char* what) {
  const bool plain =
      !name.empty() && name.size() <= 100 && name.front() != '.' && name.front() != '-' &&
      std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
      });
  if (plain) return "";
  return "'" + name + "' is not a plain name (expected up to 100 letters, digits, '_', '-' and '.', not starting " +
         "with '.' or '-': it names the default output directory " + what + ")";
}

/// An expected numeric range, and how to say it.
struct Range {
  double lo = -std::numeric_limits<double>::max();
  double hi = std::numeric_limits<double>::max();
  bool lo_open = false;
  std::string unit;  ///< appended to the expectation, e.g. "billions of constant US$"
  std::string text;  ///< when set, the whole expectation (e.g. "a year from 2012 to 2051")

  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && x <= hi; }
  std::string expect() const {
    if (!text.empty()) return text;
    std::string s;
    constexpr double big = std::numeric_limits<double>::max();
    if (lo == -big && hi == big) s = "a finite number";
    else if (hi == big) s = std::string("a number ") + (lo_open ? "> " : ">= ") + fmt_num(lo);
    else if (lo_open) s = "a number in (" + fmt_num(lo) + ", " + fmt_num(hi) + "]";
    else s = "a number in [" + fmt_num(lo) + ", " + fmt_num(hi) + "]";
    if (!unit.empty()) s += ", " + unit;
    return s;
  }
};

Range closed(double lo, double hi, std::string unit = {}) { return Range{lo, hi, false, std::move(unit), {}}; }
Range positive(double hi, std::string unit = {}) { return Range{0.0, hi, true, std::move(unit), {}}; }
const Range kUnit = closed(0, 1);

/// A numeric field of an actor or a pair, with its range: shared by decoding and `set` events.
struct FieldSpec {
  std::string key;
  Range range;
};

const std::vector<FieldSpec>& actor_numeric_fields() {
  static const std::vector<FieldSpec> f = {
      {"gdp", positive(1e6, "billions of constant US$")},
      {"growth", closed(-0.5, 0.5, "per year")},
      {"milex", closed(0, 1e5, "billions of constant US$ per year")},
      {"capability", positive(1e7, "billions of constant US$")},
      {"fatigue", closed(0, 10, "per year")},
      {"baseline_share", positive(1)},
      {"max_share", positive(1)},
      {"grievance", closed(-1e5, 1e5, "billions per year")},
      {"satisfaction", closed(-1, 1)},
      {"hawkishness", kUnit},
      {"values_transparency", kUnit},
      {"transparency.strategic", kUnit},
      {"transparency.operational", kUnit},
  };
  return f;
}

const Range& actor_range(const std::string& key) {
  for (const auto& f : actor_numeric_fields())
    if (f.key == key) return f.range;
  return kUnit;
}

/// Relation keys; all in [0, 1].
const std::vector<std::string> kSymmetricPairKeys = {"proximity",   "alliance", "interdependence",
                                                      "tension",     "dialogue", "dialogue_cap"};
const std::vector<std::string> kDirectedPairKeys = {"trust", "operations"};

/// Defaults of relations.default when a file gives none.
const std::map<std::string, double> kPairDefaults = {
    {"proximity", 0.5}, {"alliance", 0.0}, {"interdependence", 0.1}, {"tension", 0.1},
    {"dialogue", 0.1},  {"dialogue_cap", 1.0}, {"trust", 0.5},     {"operations", 0.1}};

/// Whether an optional key was absent, present but invalid (already reported), or read.
enum class Got { Absent, Bad, Ok };

class Decoder {
 public:
  Decoder(Diagnostics& d, const LoadOptions& opts) : diags_(d), opts_(opts) {}

  Scenario decode(const Node& root);

 private:
  Diagnostics& diags_;
  const LoadOptions& opts_;
  Scenario sc_;
  std::map<std::string, int> policy_index_;
  std::set<std::string> failed_policies_;  ///< custom policies already reported as invalid
  std::set<std::string> failed_institutions_;  ///< institutions already reported as invalid
  bool over_limit_ = false;  ///< a limit was exceeded: decoding the rest would only add noise

 public:
  Mark baseline_mark_;           ///< where outcomes.baseline was written, checked against the variants later
  std::string baseline_variant_;

 private:
  /// (map, key) pairs that an unknown key in that map was suggested for: a "missing" report would repeat it.
  std::set<std::pair<const Node*, std::string>> suggested_;
  /// The run length the file gives: events are checked against it, so that a shorter --steps only
  /// leaves out the later events instead of making the file invalid.
  int file_steps_ = 40;

  // ---- reporting -------------------------------------------------------------------------------
  static std::string prefixed(const Node& n, const std::string& path) {
    if (n.variant.empty()) return path;
    std::string p = path;
    if (n.from_all_actors && p.rfind("actors.", 0) == 0) {
      // Written once under all_actors and merged into every actor: name it as written, once.
      std::size_t dot = p.find('.', 7);
      p = "all_actors" + (dot == std::string::npos ? std::string() : p.substr(dot));
    }
    return "variants." + n.variant + "." + p;
  }
  void err(const Node& n, const std::string& path, const std::string& msg) {
    diags_.add(n.mark, prefixed(n, path), msg);
  }
  void err_key(const Entry& e, const std::string& path, const std::string& msg) {
    diags_.add(e.key_mark, prefixed(*e.value, path), msg);
  }
  /// Reports at `m`, a position within `ctx` (a key, say): `ctx` says which variant it came from.
  void err_at(const Mark& m, const Node& ctx, const std::string& path, const std::string& msg) {
    diags_.add(m, prefixed(ctx, path), msg);
  }

  static std::string sub(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // ---- shapes and scalars ----------------------------------------------------------------------
  bool expect_map(const Node& n, const std::string& path, const std::string& what = "a mapping") {
    if (n.is_map()) return true;
    err(n, path, std::string("got ") + kind_str(n) + " (expected " + what + ")");
    return false;
  }

  static std::string kind_str(const Node& n) {
    if (n.is_scalar()) return (n.quoted ? "the string '" : "'") + n.scalar + "'";
    return detail::kind_name(n);
  }

  /// Reports keys of `n` outside `allowed`, with a did-you-mean suggestion.
  void check_keys(const Node& n, const std::string& path, const std::vector<std::string>& allowed) {
    for (const auto& e : n.map) {
      if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
      if (e.key == "<<") {
        err_key(e, sub(path, e.key),
                "a YAML merge key, which this loader does not support (expected the keys written out; a "
                "variant's all_actors sets keys of every actor)");
        continue;
      }
      std::string near = closest_match(e.key, allowed);
      std::string msg = "unknown key '" + e.key + "'";
      if (!near.empty()) suggested_.emplace(&n, near);
      if (!near.empty()) msg += " (did you mean '" + near + "'?)";
      else msg += " (expected one of: " + join(allowed) + ")";
      err_key(e, sub(path, e.key), msg);
    }
  }

  void missing(const Node& parent, const std::string& path, const std::string& key,
               const std::string& expected) {
    if (suggested_.count({&parent, key})) return;  // "unknown key 'miliex' (did you mean 'milex'?)" says it
    if (parent.get("<<")) return;                  // meant to come from a merge key, reported as such
    err(parent, path, "missing required key '" + key + "' (expected " + expected + ")");
  }

  std::optional<double> parse_double(const Node& n, const std::string& path, const Range& r) {
    if (!n.is_scalar() || n.quoted) {
      err(n, path, "got " + kind_str(n) + " (expected " + r.expect() + ")");
      return std::nullopt;
    }
    const std::string& s = n.scalar;
    static const std::set<std::string> nonfinite = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
                                                    "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                                                    "-.INF", "nan", "NaN", "inf", "-inf", "+inf",
                                                    "infinity", "-infinity", "Infinity", "-Infinity"};
    if (nonfinite.count(s)) {
      err(n, path, "'" + s + "' is not finite (expected " + r.expect() + ")");
      return std::nullopt;
    }
    double v = 0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') ++b;
    auto res = std::from_chars(b, e, v);
    if (res.ec == std::errc::result_out_of_range) {
      // Too large, or so close to 0 that it underflows (1e-400): strtod tells which.
      bool tiny = std::abs(std::strtod(std::string(b, e).c_str(), nullptr)) < 1.0;
      err(n, path, "'" + s + "' is too " + (tiny ? "close to 0" : "large") + " to represent (expected " +
                       r.expect() + ")");
      return std::nullopt;
    }
    if (res.ec != std::errc() || res.ptr != e || s.empty()) {
      err(n, path, "'" + s + "' is not a number (expected " + r.expect() + ")");
      return std::nullopt;
    }
    if (!std::isfinite(v)) {
      err(n, path, "'" + s + "' is not finite (expected " + r.expect() + ")");
      return std::nullopt;
    }
    if (!r.contains(v)) {
      err(n, path, fmt_num(v) + " is out of range (expected " + r.expect() + ")");
      return std::nullopt;
    }
    return v;
  }

  /// Reads `key` of map `m` into `out` if present and valid.
  Got real(const Node& m, const std::string& path, const std::string& key, const Range& r,
           double& out) {
    const Node* n = m.get(key);
    if (!n) return Got::Absent;
    auto v = parse_double(*n, sub(path, key), r);
    if (!v) return Got::Bad;
    out = *v;
    return Got::Ok;
  }

  Got required_real(const Node& m, const std::string& path, const std::string& key, const Range& r,
                    double& out) {
    if (!m.get(key)) {
      missing(m, path, key, r.expect());
      return Got::Absent;
    }
    return real(m, path, key, r, out);
  }

  /// A whole number in [lo, hi]; `raise_flag` names the flag that raises `hi` when it is a limit.
  std::optional<long long> parse_int(const Node& n, const std::string& path, long long lo, long long hi,
                                     const std::string& raise_flag = {}) {
    std::string expect = "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    if (!n.is_scalar() || n.quoted) {
      err(n, path, "got " + kind_str(n) + " (expected " + expect + ")");
      return std::nullopt;
    }
    long long v = 0;
    const std::string& s = n.scalar;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec == std::errc::result_out_of_range) {
      err(n, path, "'" + s + "' is too large (expected " + expect + ")");
      return std::nullopt;
    }
    if (res.ec != std::errc() || res.ptr != s.data() + s.size() || s.empty()) {
      err(n, path, "'" + s + "' is not a whole number (expected " + expect + ")");
      return std::nullopt;
    }
    if (v < lo || v > hi) {
      const bool limit = v > hi && !raise_flag.empty();
      err(n, path, s + " is out of range (expected " + expect + (limit ? "; raise the limit with " + raise_flag : "") + ")");
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::uint64_t> parse_seed(const Node& n, const std::string& path) {
    const std::string expect = "a whole number in [0, 18446744073709551615]";
    if (!n.is_scalar() || n.quoted) {
      err(n, path, "got " + kind_str(n) + " (expected " + expect + ")");
      return std::nullopt;
    }
    std::uint64_t v = 0;
    const std::string& s = n.scalar;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec == std::errc::result_out_of_range) {
      err(n, path, "'" + s + "' is too large (expected " + expect + ")");
      return std::nullopt;
    }
    if (res.ec != std::errc() || res.ptr != s.data() + s.size() || s.empty()) {
      long long neg = 0;
      auto r2 = std::from_chars(s.data(), s.data() + s.size(), neg);
      if (r2.ec == std::errc() && r2.ptr == s.data() + s.size() && neg < 0)
        err(n, path, s + " is out of range (expected " + expect + ")");
      else
        err(n, path, "'" + s + "' is not a whole number (expected " + expect + ")");
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> parse_bool(const Node& n, const std::string& path) {
    if (n.is_scalar() && !n.quoted) {
      static const std::set<std::string> t = {"true", "True", "TRUE"};
      static const std::set<std::string> f = {"false", "False", "FALSE"};
      if (t.count(n.scalar)) return true;
      if (f.count(n.scalar)) return false;
    }
    err(n, path, "got " + kind_str(n) + " (expected true or false)");
    return std::nullopt;
  }

  std::optional<std::string> parse_string(const Node& n, const std::string& path) {
    if (n.is_scalar()) return n.scalar;
    err(n, path, "got " + kind_str(n) + " (expected a string)");
    return std::nullopt;
  }

  /// An actor id that must exist; reports unknown ids at `m` (within `ctx`) with a suggestion.
  int actor_ref(const Mark& m, const Node& ctx, const std::string& path, const std::string& id) {
    int i = sc_.actor_index(id);
    if (i >= 0) return i;
    std::vector<std::string> ids;
    for (const auto& a : sc_.actors) ids.push_back(a.id);
    std::string near = closest_match(id, ids);
    err_at(m, ctx, path, "unknown actor '" + id + "'" +
                             (near.empty() ? " (expected one of: " + join(ids) + ")"
                                           : " (did you mean '" + near + "'?)"));
    return -1;
  }
  int actor_ref(const Node& n, const std::string& path, const std::string& id) {
    return actor_ref(n.mark, n, path, id);
  }

  int actor_ref_node(const Node& n, const std::string& path) {
    auto s = parse_string(n, path);
    return s ? actor_ref(n, path, *s) : -1;
  }

  /// Parses "A-B" into two distinct actor indices; reports at `m` (within `ctx`).
  std::optional<std::pair<int, int>> pair_ref(const Mark& m, const Node& ctx, const std::string& path,
                                              const std::string& text) {
    auto dash = text.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 >= text.size() ||
        text.find('-', dash + 1) != std::string::npos) {
      err_at(m, ctx, path, "'" + text + "' is not a pair (expected two actor ids joined by '-', e.g. USA-CHN)");
      return std::nullopt;
    }
    std::string a = text.substr(0, dash), b = text.substr(dash + 1);
    int ia = actor_ref(m, ctx, path, a), ib = actor_ref(m, ctx, path, b);
    if (ia < 0 || ib < 0) return std::nullopt;
    if (ia == ib) {
      err_at(m, ctx, path, "'" + text + "' pairs an actor with itself (expected two different actors)");
      return std::nullopt;
    }
    return std::make_pair(ia, ib);
  }
  std::optional<std::pair<int, int>> pair_ref(const Node& at, const std::string& path,
                                              const std::string& text) {
    return pair_ref(at.mark, at, path, text);
  }

  // ---- sections --------------------------------------------------------------------------------
  void decode_scenario_header(const Node& root);
  void check_dt_separates_years(const Node& header);
  void decode_parameters(const Node& root);
  void decode_policies(const Node& root);
  std::optional<int> decode_policy_spec(const Node& n, const std::string& path);
  void decode_actors(const Node& root);
  void decode_relations(const Node& root);
  void decode_pair_values(const Node& m, const std::string& path, int a, int b, bool is_default);
  void check_dialogue_cap(const Node& m, const std::string& path, double dialogue, double cap);
  void decode_disputes(const Node& root);
  void decode_institutions(const Node& root);
  void decode_outcomes(const Node& root);
  std::optional<std::vector<int>> actor_list(const Node& n, const std::string& path);
  std::optional<int> duration_steps(const Node& n, const std::string& path);
  void decode_events(const Node& root);
  std::optional<SetTarget> decode_set_path(const Node& n, const std::string& path, Range& range);
  std::optional<int> decode_when(const Node& ev, const std::string& path);
};

void Decoder::decode_scenario_header(const Node& root) {
  const Node* s = root.get("scenario");
  if (!s) {
    missing(root, "", "scenario", "a mapping with at least a name");
    return;
  }
  if (!expect_map(*s, "scenario", "a mapping with name, and optionally description, start_year, steps, dt, seed")) return;
  check_keys(*s, "scenario", {"name", "description", "start_year", "steps", "dt", "seed"});
  if (const Node* n = s->get("name")) {
    if (auto v = parse_string(*n, "scenario.name")) {
      if (v->empty()) err(*n, "scenario.name", "is empty (expected a short name)");
      else if (const std::string why = plain_name_problem(*v, "out/NAME"); !why.empty()) err(*n, "scenario.name", why);
      sc_.name = *v;
    }
  } else {
    missing(*s, "scenario", "name", "a short name such as asia_pacific_2012");
  }
  if (const Node* n = s->get("description"))
    if (auto v = parse_string(*n, "scenario.description")) sc_.description = *v;
  real(*s, "scenario", "start_year", closed(-5000, 10000, "a calendar year"), sc_.start_year);
  if (const Node* n = s->get("steps"))
    if (auto v = parse_int(*n, "scenario.steps", 1, opts_.limits.steps, "--max-steps"))
      sc_.steps = static_cast<int>(*v);
  real(*s, "scenario", "dt", positive(1, "years per step"), sc_.dt);
  if (const Node* n = s->get("seed"))
    if (auto v = parse_seed(*n, "scenario.seed")) sc_.seed = *v;
  file_steps_ = sc_.steps;
  if (opts_.steps) {
    if (*opts_.steps > opts_.limits.steps)
      diags_.add(Mark{"--steps", 0, 0}, "",
                 std::to_string(*opts_.steps) + " is above the limit of " + std::to_string(opts_.limits.steps) +
                     " steps (expected at most that; raise it with --max-steps)");
    sc_.steps = *opts_.steps;
  }
  if (opts_.seed) sc_.seed = *opts_.seed;
  check_dt_separates_years(*s);
}

void Decoder::check_dt_separates_years(const Node& header) {
  // Checked after --steps, which moves the last year; without a dt key the default of 1 always separates them.
  const Node* n = header.get("dt");
  if (!n || !(sc_.dt > 0) || sc_.steps < 1 || dt_separates_years(sc_.start_year, sc_.steps, sc_.dt)) return;
  const double least = std::max(min_dt(sc_.start_year, sc_.steps), year_resolution(sc_.year_of(sc_.steps)));
  err(*n, "scenario.dt", fmt_num(sc_.dt) + " is too small to tell the run's years apart in " +
                             std::to_string(kYearDigits) + " significant digits (expected at least " + fmt_num(least) +
                             " for " + std::to_string(sc_.steps) + " steps from " + fmt_num(sc_.start_year) + ")");
}

void Decoder::decode_parameters(const Node& root) {
  const Node* p = root.get("parameters");
  if (!p || !expect_map(*p, "parameters", "a mapping of parameter groups, e.g. trust: {forgetting: 0.2}")) return;
  std::vector<std::string> groups;
  for (const auto& d : parameter_table())
    if (std::find(groups.begin(), groups.end(), d.group) == groups.end())
      groups.emplace_back(d.group);
  check_keys(*p, "parameters", groups);
  for (const auto& g : p->map) {
    if (std::find(groups.begin(), groups.end(), g.key) == groups.end()) continue;
    std::string gpath = "parameters." + g.key;
    if (!expect_map(*g.value, gpath, "a mapping of the " + g.key + " parameters to their values")) continue;
    std::vector<std::string> keys;
    for (const auto& d : parameter_table())
      if (d.group == g.key) keys.emplace_back(d.key);
    check_keys(*g.value, gpath, keys);
    for (const auto& e : g.value->map) {
      const ParamDesc* d = find_parameter(g.key, e.key);
      if (!d) continue;
      std::string kpath = gpath + "." + e.key;
      if (d->kind == ParamKind::Bool) {
        if (auto b = parse_bool(*e.value, kpath)) d->ref(sc_.params) = *b ? 1.0 : 0.0;
      } else if (auto v = parse_double(*e.value, kpath, closed(d->lo, d->hi))) {
        d->ref(sc_.params) = *v;
      }
    }
  }
}

std::optional<int> Decoder::decode_policy_spec(const Node& n, const std::string& path) {
  std::vector<std::string> names;
  for (const auto& [k, v] : policy_index_) names.push_back(k);
  auto lookup = [&](const Node& at, const std::string& p, const std::string& name) -> std::optional<int> {
    auto it = policy_index_.find(name);
    if (it != policy_index_.end()) return it->second;
    if (failed_policies_.count(name)) return std::nullopt;  // its own problems are reported already
    std::string near = closest_match(name, names);
    err(at, p, "unknown policy '" + name + "'" +
                   (near.empty() ? " (expected one of: " + join(names) + ")"
                                 : " (did you mean '" + near + "'?)"));
    return std::nullopt;
  };
  if (n.is_scalar()) return lookup(n, path, n.scalar);
  if (!n.is_map()) {
    err(n, path, "got " + kind_str(n) + " (expected a policy name, or a mapping with base or mix)");
    return std::nullopt;
  }
  std::vector<std::string> keys = {"base", "mix"};
  for (const auto& f : policy_fields()) keys.emplace_back(f.key);
  keys.insert(keys.end(), {"cooperate", "defect", "defect_below", "engage_above"});
  check_keys(n, path, keys);
  Policy pol;
  const Node* base = n.get("base");
  const Node* mix = n.get("mix");
  bool ok = true;
  if (base && mix) {
    err(*mix, sub(path, "mix"), "both base and mix given (expected one of them)");
    ok = false;
  } else if (base) {
    auto name = parse_string(*base, sub(path, "base"));
    auto idx = name ? lookup(*base, sub(path, "base"), *name) : std::nullopt;
    if (idx) {
      pol = sc_.policies[static_cast<std::size_t>(*idx)];  // a conditional base stays conditional
    } else {
      ok = false;
    }
  } else if (mix) {
    if (auto m = parse_double(*mix, sub(path, "mix"), kUnit)) {
      const auto& bop = policy_presets()[0].params;
      const auto& scp = policy_presets()[1].params;
      for (const auto& f : policy_fields())
        pol.params.*f.member = *m * (scp.*f.member) + (1 - *m) * (bop.*f.member);
      pol.name = "mix(" + fmt_num(*m) + ")";
    } else {
      ok = false;
    }
  } else {
    err(n, path, "has neither base nor mix (expected base: a policy name, or mix: a number in [0, 1])");
    ok = false;
  }
  bool customised = false;
  for (const auto& f : policy_fields()) {
    const Node* v = n.get(f.key);
    if (!v) continue;
    customised = true;
    if (pol.conditional && ok) {
      err(*v, sub(path, f.key), "a conditional policy takes its coefficients from its cooperate and defect "
                                "policies (expected cooperate: or defect: a policy name)");
      ok = false;
    } else if (auto x = parse_double(*v, sub(path, f.key), kUnit)) {
      pol.params.*f.member = *x;
    } else {
      ok = false;
    }
  }
  // Reciprocity: which policies a conditional one switches between, and when.
  for (const char* key : {"cooperate", "defect", "defect_below", "engage_above"}) {
    const Node* v = n.get(key);
    if (!v) continue;
    customised = true;
    if (!pol.conditional) {
      if (ok)
        err(*v, sub(path, key), std::string("applies to a conditional policy only (expected base: conditional)"));
      ok = false;
      continue;
    }
    if (std::string(key) == "cooperate" || std::string(key) == "defect") {
      auto name = parse_string(*v, sub(path, key));
      auto idx = name ? lookup(*v, sub(path, key), *name) : std::nullopt;
      if (!idx) {
        ok = false;
        continue;
      }
      const Policy& other = sc_.policies[static_cast<std::size_t>(*idx)];
      if (other.conditional) {
        err(*v, sub(path, key), "'" + *name + "' is itself conditional (expected a policy that does not switch)");
        ok = false;
        continue;
      }
      if (std::string(key) == "cooperate") {
        pol.params = other.params;
        pol.cooperate_name = other.name;
      } else {
        pol.defect = other.params;
        pol.defect_name = other.name;
      }
    } else if (auto x = parse_double(*v, sub(path, key), kUnit)) {
      (std::string(key) == "defect_below" ? pol.defect_below : pol.engage_above) = *x;
    } else {
      ok = false;
    }
  }
  if (ok && pol.conditional && pol.defect_below > pol.engage_above) {
    const Node* v = n.get("defect_below") ? n.get("defect_below") : n.get("engage_above");
    err(*v, sub(path, n.get("defect_below") ? "defect_below" : "engage_above"),
        "defect_below " + fmt_num(pol.defect_below) + " is above engage_above " + fmt_num(pol.engage_above) +
            " (expected defect_below <= engage_above)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  if (customised) pol.name += "+custom";
  sc_.policies.push_back(pol);
  return static_cast<int>(sc_.policies.size() - 1);
}

void Decoder::decode_policies(const Node& root) {
  for (const auto& p : policy_presets()) {
    policy_index_[p.name] = static_cast<int>(sc_.policies.size());
    sc_.policies.push_back(p);
  }
  // Overrides of a preset's coefficients (sweeps): everything built on the preset sees them.
  for (const auto& [path, value] : opts_.overrides) {
    if (path.rfind("policies.", 0) != 0) continue;
    const auto dot = path.find('.', 9);
    if (dot == std::string::npos) continue;
    auto it = policy_index_.find(path.substr(9, dot - 9));
    if (it == policy_index_.end()) continue;
    Policy& pol = sc_.policies[static_cast<std::size_t>(it->second)];
    const std::string field = path.substr(dot + 1);
    for (const auto& f : policy_fields())
      if (field == f.key) {
        if (pol.conditional) {
          err(Node{}, path, "a conditional policy takes its coefficients from its cooperate and defect policies "
                            "(expected a policy that does not switch)");
        } else if (value < 0 || value > 1) {
          diags_.add(Mark{"--param", 0, 0}, path, fmt_num(value) + " is out of range (expected a number in [0, 1])");
        } else {
          pol.params.*f.member = value;
        }
      }
  }
  const Node* ps = root.get("policies");
  if (!ps || !expect_map(*ps, "policies", "a mapping of policy names to policies such as {base: hedging, delta: 0.5}")) return;
  for (const auto& e : ps->map) {
    std::string path = "policies." + e.key;
    if (policy_index_.count(e.key)) {
      err_key(e, path, "redefines the preset '" + e.key + "' (expected a new name)");
      continue;
    }
    if (!e.value->is_map()) {
      err(*e.value, path, "got " + kind_str(*e.value) + " (expected a mapping with base or mix)");
      failed_policies_.insert(e.key);
      continue;
    }
    if (auto idx = decode_policy_spec(*e.value, path)) {
      sc_.policies[static_cast<std::size_t>(*idx)].name = e.key;
      policy_index_[e.key] = *idx;
    } else {
      failed_policies_.insert(e.key);
    }
  }
}

void Decoder::decode_actors(const Node& root) {
  const Node* as = root.get("actors");
  if (!as) {
    missing(root, "", "actors", "a mapping of actor ids to actors");
    return;
  }
  if (!expect_map(*as, "actors", "a mapping of actor ids to actors")) return;
  if (as->map.size() > static_cast<std::size_t>(opts_.limits.actors)) {
    // Pair state grows with the square of the actors: refuse before allocating it.
    err(*as, "actors", "has " + std::to_string(as->map.size()) + " actors (expected at most " +
                           std::to_string(opts_.limits.actors) + "; raise the limit with --max-actors)");
    over_limit_ = true;
    return;
  }
  // First pass: ids, so later references (and other actors) can be checked.
  for (const auto& e : as->map) {
    bool ok = !e.key.empty() && std::isalpha(static_cast<unsigned char>(e.key[0]));
    for (char c : e.key) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
      err_key(e, "actors." + e.key,
              "'" + e.key + "' is not a valid actor id (expected letters, digits and _, starting with a letter)");
    }
    Actor a;
    a.id = e.key;
    a.mark = e.key_mark;
    sc_.actors.push_back(a);
  }
  if (sc_.actors.size() < 2) {
    err(*as, "actors", std::string(sc_.actors.empty() ? "has no actors" : "has only 1 actor") +
                           " (expected at least 2: the model is about how states interact)");
  }
  const std::vector<std::string> keys = {
      "name",     "gdp",      "growth",   "milex",    "capability",   "fatigue",
      "baseline_share", "max_share", "grievance", "transparency", "values_transparency",
      "trust_building", "satisfaction", "hawkishness", "policy"};
  std::size_t idx = 0;
  for (const auto& e : as->map) {
    Actor& a = sc_.actors[idx++];
    std::string path = "actors." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "an actor: a mapping with gdp, milex, policy and other actor keys")) continue;
    check_keys(m, path, keys);
    a.name = a.id;
    if (const Node* n = m.get("name"))
      if (auto v = parse_string(*n, path + ".name")) a.name = *v;
    Got gdp = required_real(m, path, "gdp", actor_range("gdp"), a.gdp);
    real(m, path, "growth", actor_range("growth"), a.growth);
    Got milex = required_real(m, path, "milex", actor_range("milex"), a.milex);
    Got cap = real(m, path, "capability", actor_range("capability"), a.capability);
    real(m, path, "fatigue", actor_range("fatigue"), a.fatigue);
    Got base = real(m, path, "baseline_share", actor_range("baseline_share"), a.baseline_share);
    Got max_share = real(m, path, "max_share", actor_range("max_share"), a.max_share);
    a.has_grievance = real(m, path, "grievance", actor_range("grievance"), a.grievance) != Got::Absent;
    if (const Node* t = m.get("transparency")) {
      if (t->is_scalar()) {
        if (auto v = parse_double(*t, path + ".transparency", kUnit))
          a.transparency_strategic = a.transparency_operational = *v;
      } else if (expect_map(*t, path + ".transparency", "a number in [0, 1], or a mapping with strategic and operational")) {
        check_keys(*t, path + ".transparency", {"strategic", "operational"});
        real(*t, path + ".transparency", "strategic", kUnit, a.transparency_strategic);
        real(*t, path + ".transparency", "operational", kUnit, a.transparency_operational);
      }
    }
    real(m, path, "values_transparency", kUnit, a.values_transparency);
    if (const Node* t = m.get("trust_building")) {
      if (t->is_scalar() && t->scalar == "top_down") a.trust_building = TrustStyle::TopDown;
      else if (t->is_scalar() && t->scalar == "bottom_up") a.trust_building = TrustStyle::BottomUp;
      else {
        std::string near = t->is_scalar() ? closest_match(t->scalar, {"top_down", "bottom_up"}) : "";
        err(*t, path + ".trust_building",
            "got " + kind_str(*t) +
                (near.empty() ? " (expected top_down or bottom_up)" : " (did you mean '" + near + "'?)"));
      }
    }
    real(m, path, "satisfaction", actor_range("satisfaction"), a.satisfaction);
    real(m, path, "hawkishness", kUnit, a.hawkishness);
    if (const Node* p = m.get("policy")) {
      if (auto pi = decode_policy_spec(*p, path + ".policy")) a.policy = *pi;
    } else {
      missing(m, path, "policy",
              "a policy name such as balance_of_power, security_community or hedging");
    }
    // Derived defaults and cross-checks, only when their inputs were valid (else they are reported).
    // A cross-check is reported at the value a variant changed, if one did, so that it names the variant.
    // The first of `keys` written by a variant, else the first written at all.
    auto pick = [&](std::initializer_list<const char*> keys) -> std::pair<const Node*, std::string> {
      for (const char* k : keys)
        if (const Node* n = m.get(k); n && !n->variant.empty()) return {n, k};
      for (const char* k : keys)
        if (const Node* n = m.get(k)) return {n, k};
      return {&m, ""};
    };
    if (gdp == Got::Ok && milex == Got::Ok && max_share != Got::Bad) {
      double share = a.milex / a.gdp;
      if (share > a.max_share) {
        auto [n, k] = pick({"milex", "max_share", "gdp"});
        // Written once under a variant's all_actors, the path does not say which actor: the message does.
        const std::string who = n->from_all_actors ? a.id + "'s " : "";
        std::string what =
            k == "max_share"
                ? fmt_num(a.max_share) + " is below " + who + "milex / gdp = " + fmt_num(share, 4) +
                      " (expected max_share >= milex / gdp)"
            : k == "gdp"
                ? fmt_num(a.gdp) + " makes " + who + "milex " + fmt_num(a.milex) + " a share of " + fmt_num(share, 4) +
                      ", above max_share " + fmt_num(a.max_share) +
                      " (expected gdp >= milex / max_share = " + fmt_num(a.milex / a.max_share) + ")"
                : fmt_num(a.milex) + " is " + fmt_num(share, 4) + " of " + who + "gdp " + fmt_num(a.gdp) +
                      ", above max_share " + fmt_num(a.max_share) +
                      " (expected milex <= max_share * gdp = " + fmt_num(a.max_share * a.gdp) + ")";
        err(*n, path + "." + k, what);
      }
      if (base == Got::Absent) {
        a.baseline_share = share;
        if (share <= 0)
          err(*m.get("milex"), path + ".milex",
              "0 leaves the no-threat baseline share at 0 (expected milex > 0, or a baseline_share given)");
      }
    }
    if (base == Got::Ok && max_share != Got::Bad && a.baseline_share > a.max_share) {
      auto [n, k] = pick({"baseline_share", "max_share"});
      const std::string who = n->from_all_actors ? a.id + "'s " : "";
      err(*n, path + "." + k,
          k == "baseline_share"
              ? fmt_num(a.baseline_share) + " is above " + who + "max_share " + fmt_num(a.max_share) +
                    " (expected baseline_share <= max_share)"
              : fmt_num(a.max_share) + " is below " + who + "baseline_share " + fmt_num(a.baseline_share) +
                    " (expected max_share >= baseline_share)");
    }
    if (cap == Got::Absent && milex == Got::Ok) {
      if (sc_.params.arms.depreciation > 0) {
        a.capability = std::max(a.milex / sc_.params.arms.depreciation, 1e-9);
      } else {
        missing(m, path, "capability",
                actor_range("capability").expect() +
                    ": with parameters.arms.depreciation 0, the default milex / depreciation is infinite");
      }
    }
  }
}

void Decoder::decode_pair_values(const Node& m, const std::string& path, int a, int b,
                                 bool is_default) {
  std::vector<std::string> keys = kSymmetricPairKeys;
  keys.insert(keys.end(), kDirectedPairKeys.begin(), kDirectedPairKeys.end());
  check_keys(m, path, keys);
  auto mat = [&](const std::string& k) -> Matrix& {
    if (k == "proximity") return sc_.proximity;
    if (k == "alliance") return sc_.alliance;
    if (k == "interdependence") return sc_.interdependence;
    if (k == "tension") return sc_.tension;
    if (k == "dialogue") return sc_.dialogue;
    if (k == "dialogue_cap") return sc_.dialogue_cap;
    if (k == "trust") return sc_.trust;
    return sc_.operations;
  };
  const int n = sc_.n();
  auto fill = [&](const std::string& k, double v, int from, int to) {
    Matrix& M = mat(k);
    if (is_default) {
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
          if (i != j) M(i, j) = v;
    } else {
      M(from, to) = v;
    }
  };
  for (const auto& k : kSymmetricPairKeys) {
    double v = 0;
    const Node* node = m.get(k);
    if (!node) continue;
    if (auto x = parse_double(*node, sub(path, k), kUnit)) {
      v = *x;
      fill(k, v, a, b);
      if (!is_default) fill(k, v, b, a);
    }
  }
  for (const auto& k : kDirectedPairKeys) {
    const Node* node = m.get(k);
    if (!node) continue;
    std::string kp = sub(path, k);
    if (node->is_map()) {
      if (is_default) {
        err(*node, kp, "got a mapping (expected a number in [0, 1]: defaults apply to every direction)");
        continue;
      }
      const std::string& ida = sc_.actors[static_cast<std::size_t>(a)].id;
      const std::string& idb = sc_.actors[static_cast<std::size_t>(b)].id;
      for (const auto& oe : node->map) {
        if (oe.key == ida || oe.key == idb) continue;
        bool actor = sc_.actor_index(oe.key) >= 0;
        std::string near = actor ? std::string() : closest_match(oe.key, {ida, idb});
        err_key(oe, kp + "." + oe.key,
                (actor ? "'" + oe.key + "' is not in the pair " + ida + "-" + idb
                       : "unknown key '" + oe.key + "'") +
                    (near.empty() ? " (expected " + ida + " or " + idb + ": whose " + k + " it is)"
                                  : " (did you mean '" + near + "'?)"));
      }
      if (const Node* x = node->get(ida))
        if (auto v = parse_double(*x, kp + "." + ida, kUnit)) fill(k, *v, a, b);
      if (const Node* x = node->get(idb))
        if (auto v = parse_double(*x, kp + "." + idb, kUnit)) fill(k, *v, b, a);
    } else if (!node->is_scalar() && !is_default) {
      const std::string& ida = sc_.actors[static_cast<std::size_t>(a)].id;
      const std::string& idb = sc_.actors[static_cast<std::size_t>(b)].id;
      err(*node, kp, "got " + kind_str(*node) + " (expected a number in [0, 1] for both directions, or a mapping {" +
                         ida + ": ..., " + idb + ": ...} for each one's " + k + ")");
    } else if (auto v = parse_double(*node, kp, kUnit)) {
      fill(k, *v, a, b);
      if (!is_default) fill(k, *v, b, a);
    }
  }
}

void Decoder::decode_relations(const Node& root) {
  const int n = sc_.n();
  for (Matrix* M : {&sc_.proximity, &sc_.alliance, &sc_.interdependence, &sc_.trust, &sc_.tension,
                    &sc_.dialogue, &sc_.dialogue_cap, &sc_.operations})
    M->setZero(n, n);
  auto set_all = [&](Matrix& M, double v) {
    M.setConstant(v);
    M.diagonal().setZero();
  };
  set_all(sc_.proximity, kPairDefaults.at("proximity"));
  set_all(sc_.alliance, kPairDefaults.at("alliance"));
  set_all(sc_.interdependence, kPairDefaults.at("interdependence"));
  set_all(sc_.trust, kPairDefaults.at("trust"));
  set_all(sc_.tension, kPairDefaults.at("tension"));
  set_all(sc_.dialogue, kPairDefaults.at("dialogue"));
  set_all(sc_.dialogue_cap, kPairDefaults.at("dialogue_cap"));
  set_all(sc_.operations, kPairDefaults.at("operations"));
  const Node* r = root.get("relations");
  if (!r || !expect_map(*r, "relations", "a mapping with default and pairs")) return;
  check_keys(*r, "relations", {"default", "pairs"});
  if (const Node* d = r->get("default")) {
    if (expect_map(*d, "relations.default", "a mapping of relation keys such as tension: 0.1")) {
      decode_pair_values(*d, "relations.default", -1, -1, true);
      if (n >= 2) check_dialogue_cap(*d, "relations.default", sc_.dialogue(0, 1), sc_.dialogue_cap(0, 1));
    }
  }
  const Node* ps = r->get("pairs");
  if (!ps || !expect_map(*ps, "relations.pairs", "a mapping of pairs such as USA-CHN to relations"))
    return;
  std::map<std::pair<int, int>, const Entry*> seen;
  for (const auto& e : ps->map) {
    std::string path = "relations.pairs." + e.key;
    auto pr = pair_ref(e.key_mark, *e.value, path, e.key);
    if (!pr) continue;
    auto key = std::minmax(pr->first, pr->second);
    auto [it, fresh] = seen.emplace(key, &e);
    if (!fresh) {
      err_key(e, path,
              "the pair is given twice, first as '" + it->second->key + "' at line " +
                  std::to_string(it->second->key_mark.line) + " (expected each pair once, in either order)");
      continue;
    }
    if (expect_map(*e.value, path, "a mapping of relation keys such as tension: 0.3")) {
      decode_pair_values(*e.value, path, pr->first, pr->second, false);
      check_dialogue_cap(*e.value, path, sc_.dialogue(pr->first, pr->second),
                         sc_.dialogue_cap(pr->first, pr->second));
    }
  }
}

void Decoder::check_dialogue_cap(const Node& m, const std::string& path, double d, double cap) {
  // Initial dialogue may not exceed the cap. Reported where one of the two is written (a variant's first).
  const Node* dn = m.get("dialogue");
  const Node* cn = m.get("dialogue_cap");
  if ((!dn && !cn) || d <= cap + 1e-12) return;
  bool at_cap = cn && (!dn || (!cn->variant.empty() && dn->variant.empty()));
  if (at_cap)
    err(*cn, path + ".dialogue_cap",
        fmt_num(cap) + " is below dialogue " + fmt_num(d) + " (expected dialogue_cap >= dialogue)");
  else
    err(*dn, path + ".dialogue",
        fmt_num(d) + " is above dialogue_cap " + fmt_num(cap) + " (expected dialogue <= dialogue_cap)");
}

void Decoder::decode_disputes(const Node& root) {
  const Node* ds = root.get("disputes");
  if (!ds || !expect_map(*ds, "disputes", "a mapping of dispute ids to disputes")) return;
  for (const auto& e : ds->map) {
    std::string path = "disputes." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "a dispute: a mapping with parties and optionally name")) continue;
    check_keys(m, path, {"name", "parties"});
    Dispute d;
    d.id = e.key;
    d.name = e.key;
    if (const Node* nm = m.get("name"))
      if (auto v = parse_string(*nm, path + ".name")) d.name = *v;
    const Node* ps = m.get("parties");
    if (!ps) {
      missing(m, path, "parties", "a mapping of actor ids to salience");
      continue;
    }
    if (!expect_map(*ps, path + ".parties", "a mapping of actor ids to salience")) continue;
    std::vector<std::pair<const Entry*, std::string>> sides;  // party entry, side id as written
    for (const auto& pe : ps->map) {
      std::string pp = path + ".parties." + pe.key;
      int ai = actor_ref(pe.key_mark, *pe.value, pp, pe.key);
      DisputeParty party;
      party.actor = ai;
      party.side = ai;
      std::string side_id = pe.key;
      if (pe.value->is_map()) {
        check_keys(*pe.value, pp, {"salience", "side"});
        required_real(*pe.value, pp, "salience", kUnit, party.salience);
        if (const Node* s = pe.value->get("side"))
          if (auto v = parse_string(*s, pp + ".side")) side_id = *v;
      } else if (auto v = parse_double(*pe.value, pp, kUnit)) {
        party.salience = *v;
      }
      if (ai < 0) continue;
      sides.emplace_back(&pe, side_id);
      d.parties.push_back(party);
    }
    // Sides must name parties of the same dispute.
    std::set<int> distinct;
    for (std::size_t i = 0; i < d.parties.size(); ++i) {
      const auto& [pe, side_id] = sides[i];
      if (side_id == pe->key) {
        distinct.insert(d.parties[i].actor);
        continue;
      }
      const Node* sn = pe->value->get("side");
      std::vector<std::string> party_ids;
      for (const auto& x : ps->map) party_ids.push_back(x.key);
      if (std::find(party_ids.begin(), party_ids.end(), side_id) == party_ids.end()) {
        std::string near = closest_match(side_id, party_ids);
        err(*sn, path + ".parties." + pe->key + ".side",
            "'" + side_id + "' is not a party to this dispute" +
                (near.empty() ? " (expected one of: " + join(party_ids) + ")"
                              : " (did you mean '" + near + "'?)"));
        continue;
      }
      d.parties[i].side = sc_.actor_index(side_id);
      distinct.insert(d.parties[i].side);
    }
    if (d.parties.size() == sides.size() && ps->map.size() == d.parties.size() && distinct.size() < 2) {
      err(*ps, path + ".parties",
          std::string(d.parties.empty()       ? "has no parties"
                      : d.parties.size() == 1 ? "has a single party"
                                              : "has every party on one side") +
              " (expected parties on at least 2 sides: a dispute is between sides)");
    }
    sc_.disputes.push_back(std::move(d));
  }
}

std::optional<std::vector<int>> Decoder::actor_list(const Node& n, const std::string& path) {
  std::vector<const Node*> items;
  if (n.is_scalar()) items.push_back(&n);
  else if (n.is_seq()) for (const auto& x : n.seq) items.push_back(x.get());
  else {
    err(n, path, "got " + kind_str(n) + " (expected an actor id or a list of actor ids)");
    return std::nullopt;
  }
  std::vector<int> out;
  bool ok = true;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::string p = n.is_seq() ? path + "[" + std::to_string(k) + "]" : path;
    const int a = actor_ref_node(*items[k], p);
    if (a < 0) { ok = false; continue; }
    if (std::find(out.begin(), out.end(), a) != out.end()) {
      err(*items[k], p, "'" + sc_.actors[static_cast<std::size_t>(a)].id + "' is listed twice (expected each actor once)");
      ok = false;
      continue;
    }
    out.push_back(a);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<int> Decoder::duration_steps(const Node& n, const std::string& path) {
  auto years = parse_double(n, path, positive(1000, "years"));
  if (!years) return std::nullopt;
  const int steps = static_cast<int>(std::lround(*years / sc_.dt));
  if (steps < 1) {
    err(n, path, fmt_num(*years) + " years is shorter than a step (expected at least dt = " + fmt_num(sc_.dt) + ")");
    return std::nullopt;
  }
  return steps;
}

void Decoder::decode_institutions(const Node& root) {
  const Node* is = root.get("institutions");
  if (!is || !expect_map(*is, "institutions", "a mapping of institution ids to institutions")) return;
  const std::vector<std::string> kinds = {"dialogue", "cbm", "code_of_conduct", "community", "alliance"};
  for (const auto& e : is->map) {
    const std::string path = "institutions." + e.key;
    const Node& m = *e.value;
    if (!expect_map(m, path, "an institution: a mapping with kind, members and strength")) continue;
    Institution inst;
    inst.id = e.key;
    inst.name = e.key;
    inst.mark = e.key_mark;
    bool ok = true;
    const Node* kn = m.get("kind");
    std::vector<std::string> keys = {"kind", "name", "members", "strength", "start", "end"};
    if (!kn) {
      missing(m, path, "kind", "one of: " + join(kinds));
      ok = false;
    } else if (auto k = parse_string(*kn, path + ".kind")) {
      auto it = std::find(kinds.begin(), kinds.end(), *k);
      if (it == kinds.end()) {
        std::string near = closest_match(*k, kinds);
        err(*kn, path + ".kind", "unknown institution kind '" + *k + "'" +
                                     (near.empty() ? " (expected one of: " + join(kinds) + ")"
                                                   : " (did you mean '" + near + "'?)"));
        ok = false;
      } else {
        inst.kind = static_cast<InstitutionKind>(it - kinds.begin());
        if (inst.kind == InstitutionKind::CodeOfConduct) keys.insert(keys.end(), {"dispute", "binding"});
        if (inst.kind == InstitutionKind::Community) keys.push_back("decision_rule");
      }
    } else {
      ok = false;
    }
    if (ok) check_keys(m, path, keys);
    if (const Node* nm = m.get("name"))
      if (auto v = parse_string(*nm, path + ".name")) inst.name = *v;
    if (const Node* mem = m.get("members")) {
      if (auto list = actor_list(*mem, path + ".members")) {
        inst.members = *list;
        if (inst.members.size() < 2) {
          err(*mem, path + ".members", "has " + std::to_string(inst.members.size()) + " member(s) (expected at least 2)");
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      missing(m, path, "members", "a list of at least 2 actor ids");
      ok = false;
    }
    if (required_real(m, path, "strength", kUnit, inst.strength) != Got::Ok) ok = false;
    const Range years = closed(-5000, 10000, "a calendar year");
    const Got start = real(m, path, "start", years, inst.start);
    const Got end = real(m, path, "end", years, inst.end);
    if (start == Got::Bad || end == Got::Bad) ok = false;
    const bool have_start = start == Got::Ok, have_end = end == Got::Ok;
    if (have_start && have_end && inst.start >= inst.end) {
      err(*m.get("end"), path + ".end", "year " + fmt_num(inst.end) + " is not after start " + fmt_num(inst.start) +
                                          " (expected end > start)");
      ok = false;
    }
    if (ok && inst.kind == InstitutionKind::CodeOfConduct) {
      if (const Node* d = m.get("dispute")) {
        auto id = parse_string(*d, path + ".dispute");
        int found = -1;
        for (std::size_t k = 0; id && k < sc_.disputes.size(); ++k)
          if (sc_.disputes[k].id == *id) found = static_cast<int>(k);
        if (id && found < 0) {
          std::vector<std::string> ids;
          for (const auto& x : sc_.disputes) ids.push_back(x.id);
          std::string near = closest_match(*id, ids);
          err(*d, path + ".dispute", "unknown dispute '" + *id + "'" +
                                         (near.empty() ? (ids.empty() ? std::string(" (the scenario defines no disputes)")
                                                                      : " (expected one of: " + join(ids) + ")")
                                                       : " (did you mean '" + near + "'?)"));
          ok = false;
        }
        inst.dispute = found;
      } else {
        missing(m, path, "dispute", "the id of the dispute the code covers");
        ok = false;
      }
      if (const Node* b = m.get("binding")) {
        if (auto v = parse_bool(*b, path + ".binding")) inst.binding = *v; else ok = false;
      }
    }
    if (ok && inst.kind == InstitutionKind::Community) {
      if (const Node* r = m.get("decision_rule")) {
        if (r->is_scalar() && (r->scalar == "consensus" || r->scalar == "majority")) {
          inst.consensus = r->scalar == "consensus";
        } else {
          err(*r, path + ".decision_rule", "got " + kind_str(*r) + " (expected consensus or majority)");
          ok = false;
        }
      }
    }
    if (ok) sc_.institutions.push_back(std::move(inst));
    else failed_institutions_.insert(e.key);
  }
}

void Decoder::decode_outcomes(const Node& root) {
  const Node* o = root.get("outcomes");
  if (!o || !expect_map(*o, "outcomes", "a mapping with metrics, rank_by and baseline")) return;
  check_keys(*o, "outcomes", {"metrics", "rank_by", "baseline"});
  if (const Node* ms = o->get("metrics")) {
    if (!ms->is_seq()) {
      err(*ms, "outcomes.metrics", "got " + kind_str(*ms) + " (expected a list of metrics such as pair.USA-CHN.tension)");
    } else {
      for (std::size_t k = 0; k < ms->seq.size(); ++k) {
        const std::string path = "outcomes.metrics[" + std::to_string(k) + "]";
        auto text = parse_string(*ms->seq[k], path);
        if (!text) continue;
        std::string error;
        if (parse_metric(sc_, *text, error)) sc_.outcome_metrics.push_back(*text);
        else err(*ms->seq[k], path, error);
      }
    }
  }
  if (const Node* r = o->get("rank_by")) {
    if (auto text = parse_string(*r, "outcomes.rank_by")) {
      std::vector<std::string> names;
      for (const auto& b : builtin_outcomes()) names.emplace_back(b.name);
      for (const auto& m : sc_.outcome_metrics) names.push_back("final." + m);
      if (std::find(names.begin(), names.end(), *text) != names.end()) {
        sc_.rank_by = *text;
      } else {
        std::string near = closest_match(*text, names);
        err(*r, "outcomes.rank_by", "unknown outcome '" + *text + "'" +
                                        (near.empty() ? " (expected one of: " + join(names) + ")"
                                                      : " (did you mean '" + near + "'?)"));
      }
    }
  }
  if (const Node* b = o->get("baseline")) {
    if (auto text = parse_string(*b, "outcomes.baseline")) {
      sc_.baseline = *text;
      baseline_mark_ = b->mark;
      baseline_variant_ = b->variant;
    }
  }
}

std::optional<int> Decoder::decode_when(const Node& ev, const std::string& path) {
  const Node* at = ev.get("at");
  const Node* st = ev.get("step");
  const int steps = file_steps_;
  double last_year = sc_.year_of(steps - 1);
  if (at && st) {
    err(*st, path + ".step", "both at and step given (expected one of them)");
    return std::nullopt;
  }
  if (st) {
    auto v = parse_int(*st, path + ".step", 0, std::max(0, steps - 1));
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
  }
  const std::string years = "a year from " + fmt_num(sc_.start_year) + " to " + fmt_num(last_year);
  if (!at) {
    missing(ev, path, "at",
            "at: " + years + ", or step: a step from 0 to " + std::to_string(std::max(0, steps - 1)));
    return std::nullopt;
  }
  Range r;
  r.text = years;
  auto y = parse_double(*at, path + ".at", r);
  if (!y) return std::nullopt;
  double k = (*y - sc_.start_year) / sc_.dt;
  double kr = std::round(k);
  if (k < -1e-9 || kr > steps - 1 + 1e-9) {
    err(*at, path + ".at", "year " + fmt_num(*y) + " is outside the run (expected " + years + ")");
    return std::nullopt;
  }
  if (std::abs(k - kr) > 1e-6) {
    double before = sc_.year_of(static_cast<int>(std::floor(k)));
    double after = sc_.year_of(static_cast<int>(std::floor(k)) + 1);
    std::string choice = after > last_year + 1e-9 ? fmt_num(before) : fmt_num(before) + " or " + fmt_num(after);
    err(*at, path + ".at", "year " + fmt_num(*y) + " falls between steps (expected a year on a step of dt = " +
                               fmt_num(sc_.dt) + " from " + fmt_num(sc_.start_year) + ", such as " + choice + ")");
    return std::nullopt;
  }
  return static_cast<int>(kr);
}

std::optional<SetTarget> Decoder::decode_set_path(const Node& n, const std::string& path, Range& range) {
  auto text = parse_string(n, path);
  if (!text) return std::nullopt;
  SetTarget t;
  t.path = *text;
  std::vector<std::string> parts;
  {
    std::string cur;
    for (char c : *text) {
      if (c == '.') { parts.push_back(cur); cur.clear(); } else { cur += c; }
    }
    parts.push_back(cur);
  }
  const std::string expect =
      "parameters.GROUP.KEY, actors.ID.FIELD or relations.A-B.FIELD";
  if (parts.size() < 3) {
    err(n, path, "'" + *text + "' is not a settable path (expected " + expect + ")");
    return std::nullopt;
  }
  if (parts[0] == "parameters") {
    const ParamDesc* d = parts.size() == 3 ? find_parameter(parts[1], parts[2]) : nullptr;
    if (!d) {
      std::vector<std::string> all;
      for (const auto& p : parameter_table()) all.push_back("parameters." + std::string(p.group) + "." + std::string(p.key));
      std::string near = closest_match(*text, all);
      err(n, path, "unknown parameter '" + *text + "'" +
                       (near.empty() ? " (expected parameters.GROUP.KEY as listed in docs/scenario-format.md)"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    t.kind = SetTarget::Kind::Parameter;
    t.param = static_cast<int>(d - parameter_table().data());
    range = closed(d->lo, d->hi);
    return t;
  }
  if (parts[0] == "actors") {
    int a = actor_ref(n, path, parts[1]);
    if (a < 0) return std::nullopt;
    std::string field = parts[2];
    for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
    const auto& fields = actor_set_fields();
    auto it = std::find(fields.begin(), fields.end(), field);
    if (it == fields.end()) {
      std::string near = closest_match(field, fields);
      err(n, path, "unknown actor field '" + field + "'" +
                       (near.empty() ? " (expected one of: " + join(fields) + ")"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    t.kind = SetTarget::Kind::Actor;
    t.a = a;
    t.field = static_cast<int>(it - fields.begin());
    range = actor_range(field);
    return t;
  }
  if (parts[0] == "relations") {
    auto pr = pair_ref(n, path, parts[1]);
    if (!pr) return std::nullopt;
    const auto& fields = pair_set_fields();
    auto it = std::find(fields.begin(), fields.end(), parts[2]);
    if (it == fields.end()) {
      std::string near = closest_match(parts[2], fields);
      err(n, path, "unknown relation field '" + parts[2] + "'" +
                       (near.empty() ? " (expected one of: " + join(fields) + ")"
                                     : " (did you mean '" + near + "'?)"));
      return std::nullopt;
    }
    bool directed = std::find(kDirectedPairKeys.begin(), kDirectedPairKeys.end(), parts[2]) !=
                    kDirectedPairKeys.end();
    t.kind = SetTarget::Kind::Pair;
    t.field = static_cast<int>(it - fields.begin());
    t.a = pr->first;
    t.b = pr->second;
    if (directed) {
      const std::string& ida = sc_.actors[static_cast<std::size_t>(pr->first)].id;
      const std::string& idb = sc_.actors[static_cast<std::size_t>(pr->second)].id;
      const std::string stem = "relations." + parts[1] + "." + parts[2] + ".";
      const std::string both = " (expected " + stem + ida + " or " + stem + idb + ": whose " + parts[2] + " it is)";
      if (parts.size() == 3) {
        err(n, path, "'" + *text + "' needs the observer" + both);
        return std::nullopt;
      }
      if (parts.size() != 4 || (parts[3] != ida && parts[3] != idb)) {
        std::string obs = text->substr(stem.size());
        err(n, path, "'" + obs + "' is not in the pair " + parts[1] + both);
        return std::nullopt;
      }
      if (parts[3] == idb) std::swap(t.a, t.b);
    } else if (parts.size() != 3) {
      err(n, path, "'" + *text + "' is not a settable path (expected relations." + parts[1] + "." + parts[2] + ")");
      return std::nullopt;
    }
    range = kUnit;
    return t;
  }
  std::string near = closest_match(parts[0], {"parameters", "actors", "relations"});
  if (!near.empty()) near += text->substr(parts[0].size());
  err(n, path, "'" + *text + "' is not a settable path" +
                   (near.empty() ? " (expected " + expect + ")" : " (did you mean '" + near + "'?)"));
  return std::nullopt;
}

void Decoder::decode_events(const Node& root) {
  const Node* es = root.get("events");
  if (!es) return;
  if (!es->is_seq()) {
    err(*es, "events", "got " + kind_str(*es) + " (expected a sequence of events)");
    return;
  }
  // In EventType order.
  const std::vector<std::string> types = {"set", "policy_change", "trust_shock", "tension_shock", "arms_sale",
                                          "provocation", "unannounced_test", "exercise", "incident",
                                          "suspend_dialogue", "resume_dialogue", "institution_start",
                                          "institution_end"};
  for (std::size_t i = 0; i < es->seq.size(); ++i) {
    const Node& ev = *es->seq[i];
    std::string path = "events[" + std::to_string(i) + "]";
    if (!expect_map(ev, path, "an event: a mapping with type, at and the keys of its type")) continue;
    const Node* tn = ev.get("type");
    if (!tn) {
      missing(ev, path, "type", "one of: " + join(types));
      continue;
    }
    auto ts = parse_string(*tn, path + ".type");
    if (!ts) continue;
    auto ti = std::find(types.begin(), types.end(), *ts);
    if (ti == types.end()) {
      std::string near = closest_match(*ts, types);
      err(*tn, path + ".type", "unknown event type '" + *ts + "'" +
                                   (near.empty() ? " (expected one of: " + join(types) + ")"
                                                 : " (did you mean '" + near + "'?)"));
      continue;
    }
    Event e;
    e.type = static_cast<EventType>(ti - types.begin());
    e.mark = ev.mark;
    std::vector<std::string> keys = {"at", "step", "type", "label"};
    switch (e.type) {
      case EventType::Set: keys.insert(keys.end(), {"path", "value"}); break;
      case EventType::PolicyChange: keys.insert(keys.end(), {"actor", "policy"}); break;
      case EventType::TrustShock: keys.insert(keys.end(), {"from", "to", "delta"}); break;
      case EventType::TensionShock: keys.insert(keys.end(), {"pair", "delta"}); break;
      case EventType::ArmsSale:
        keys.insert(keys.end(), {"seller", "buyer", "objectors", "size", "value", "suspend_dialogue"});
        break;
      case EventType::Provocation: keys.insert(keys.end(), {"actor", "targets", "size"}); break;
      case EventType::UnannouncedTest: keys.insert(keys.end(), {"actor", "observers", "size"}); break;
      case EventType::Exercise: keys.insert(keys.end(), {"actor", "near", "dispute", "size", "duration"}); break;
      case EventType::Incident: keys.insert(keys.end(), {"initiator", "target", "severity", "level"}); break;
      case EventType::SuspendDialogue: keys.insert(keys.end(), {"pair", "duration"}); break;
      case EventType::ResumeDialogue: keys.push_back("pair"); break;
      case EventType::InstitutionStart:
      case EventType::InstitutionEnd: keys.push_back("institution"); break;
    }
    check_keys(ev, path, keys);
    auto when = decode_when(ev, path);
    bool ok = when.has_value();
    if (when) e.step = *when;
    if (const Node* l = ev.get("label"))
      if (auto v = parse_string(*l, path + ".label")) e.label = *v;
    auto need = [&](const char* key, const std::string& expected) -> const Node* {
      const Node* x = ev.get(key);
      if (!x) {
        missing(ev, path, key, expected);
        ok = false;
      }
      return x;
    };
    switch (e.type) {
      case EventType::Set: {
        const Node* p = need("path", "a path such as actors.CHN.growth");
        const Node* v = need("value", "a number");
        Range r;
        std::optional<SetTarget> t;
        if (p) t = decode_set_path(*p, path + ".path", r);
        if (p && !t) ok = false;
        if (t) e.target = *t;
        bool flag = t && t->kind == SetTarget::Kind::Parameter &&
                    parameter_table()[static_cast<std::size_t>(t->param)].kind == ParamKind::Bool;
        if (v && flag) {  // a switch such as trust.learning: true or false (1 or 0)
          bool one = v->is_scalar() && !v->quoted && v->scalar == "1";
          bool zero = v->is_scalar() && !v->quoted && v->scalar == "0";
          if (one || zero) e.value = one ? 1.0 : 0.0;
          else if (auto b = parse_bool(*v, path + ".value")) e.value = *b ? 1.0 : 0.0;
          else ok = false;
        } else if (v && t) {
          auto x = parse_double(*v, path + ".value", r);
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::PolicyChange: {
        const Node* a = need("actor", "an actor id");
        const Node* p = need("policy", "a policy name or mapping");
        if (a) { e.actor = actor_ref_node(*a, path + ".actor"); ok = ok && e.actor >= 0; }
        if (p) {
          auto pi = decode_policy_spec(*p, path + ".policy");
          if (pi) e.policy = *pi; else ok = false;
        }
        break;
      }
      case EventType::TrustShock: {
        const Node* f = need("from", "the actor whose trust changes");
        const Node* t = need("to", "the actor it trusts more or less");
        const Node* d = need("delta", "a change of log-odds in [-16, 16]");
        if (f) { e.actor = actor_ref_node(*f, path + ".from"); ok = ok && e.actor >= 0; }
        if (t) { e.partner = actor_ref_node(*t, path + ".to"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*t, path + ".to", "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id +
                                    "' is also the actor in from (expected two different actors)");
          ok = false;
        }
        if (d) {
          auto x = parse_double(*d, path + ".delta", closed(-16, 16, "log-odds"));
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::TensionShock: {
        const Node* p = need("pair", "a pair such as USA-CHN");
        const Node* d = need("delta", "a change of tension in [-1, 1]");
        if (p) {
          auto s = parse_string(*p, path + ".pair");
          auto pr = s ? pair_ref(*p, path + ".pair", *s) : std::nullopt;
          if (pr) { e.actor = pr->first; e.partner = pr->second; } else ok = false;
        }
        if (d) {
          auto x = parse_double(*d, path + ".delta", closed(-1, 1));
          if (x) e.value = *x; else ok = false;
        }
        break;
      }
      case EventType::ArmsSale: {
        const Node* seller = need("seller", "the selling actor's id");
        const Node* buyer = need("buyer", "the buying actor's id");
        const Node* obj = need("objectors", "the id (or list of ids) of the states that object");
        if (seller) { e.actor = actor_ref_node(*seller, path + ".seller"); ok = ok && e.actor >= 0; }
        if (buyer) { e.partner = actor_ref_node(*buyer, path + ".buyer"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*buyer, path + ".buyer", "is the seller too (expected two different actors)");
          ok = false;
        }
        if (obj) {
          if (auto list = actor_list(*obj, path + ".objectors")) {
            e.others = *list;
            for (int o : e.others)
              if (ok && o == e.actor) {
                err(*obj, path + ".objectors", "includes the seller (expected states that object to the sale)");
                ok = false;
              }
          } else {
            ok = false;
          }
        }
        e.value = 0.5;
        if (const Node* x = ev.get("size")) { if (auto v = parse_double(*x, path + ".size", kUnit)) e.value = *v; else ok = false; }
        if (const Node* x = ev.get("value")) { if (auto v = parse_double(*x, path + ".value", closed(0, 1e5, "billions of constant US$"))) e.amount = *v; else ok = false; }
        if (const Node* x = ev.get("suspend_dialogue")) { if (auto d = duration_steps(*x, path + ".suspend_dialogue")) e.duration = *d; else ok = false; }
        break;
      }
      case EventType::Provocation:
      case EventType::UnannouncedTest:
      case EventType::Exercise: {
        const Node* a = need("actor", "the acting state's id");
        if (a) { e.actor = actor_ref_node(*a, path + ".actor"); ok = ok && e.actor >= 0; }
        const char* list_key = e.type == EventType::Provocation ? "targets"
                               : e.type == EventType::UnannouncedTest ? "observers" : "near";
        const Node* list = ev.get(list_key);
        const Node* dispute = e.type == EventType::Exercise ? ev.get("dispute") : nullptr;
        if (list && dispute) {
          err(*dispute, path + ".dispute", "both near and dispute given (expected one of them)");
          ok = false;
        } else if (list) {
          if (auto l = actor_list(*list, path + "." + list_key)) e.others = *l; else ok = false;
        } else if (dispute) {
          // An exercise in a disputed area is conducted near every party on the other side.
          auto id = parse_string(*dispute, path + ".dispute");
          const Dispute* d = nullptr;
          std::vector<std::string> ids;
          for (const auto& x : sc_.disputes) {
            ids.push_back(x.id);
            if (id && x.id == *id) d = &x;
          }
          if (id && !d) {
            std::string near = closest_match(*id, ids);
            err(*dispute, path + ".dispute", "unknown dispute '" + *id + "'" +
                                                 (near.empty() ? " (expected one of: " + join(ids) + ")"
                                                               : " (did you mean '" + near + "'?)"));
            ok = false;
          } else if (d && e.actor >= 0) {
            int side = -1;
            for (const auto& p : d->parties) if (p.actor == e.actor) side = p.side;
            if (side < 0) {
              err(*dispute, path + ".dispute", "'" + sc_.actors[static_cast<std::size_t>(e.actor)].id +
                                                   "' is not a party to '" + *id + "' (expected a dispute it is party to)");
              ok = false;
            }
            for (const auto& p : d->parties) if (side >= 0 && p.side != side) e.others.push_back(p.actor);
          } else {
            ok = false;
          }
        } else if (e.type == EventType::UnannouncedTest) {
          for (int k = 0; k < sc_.n(); ++k) if (k != e.actor) e.others.push_back(k);  // everyone sees a test
        } else {
          if (e.type == EventType::Exercise)
            err(ev, path, "missing required key 'near' (expected near: the ids of the states it is held near, "
                          "or dispute: the id of a dispute it is party to)");
          else
            missing(ev, path, list_key, "the id (or list of ids) of the states provoked");
          ok = false;
        }
        for (int o : e.others)
          if (ok && o == e.actor) {
            err(list ? *list : ev, path + "." + list_key, "includes the actor itself (expected other states)");
            ok = false;
          }
        e.value = e.type == EventType::Exercise ? 0.3 : 0.5;
        if (const Node* x = ev.get("size")) { if (auto v = parse_double(*x, path + ".size", kUnit)) e.value = *v; else ok = false; }
        if (e.type == EventType::Exercise) {
          e.duration = std::max(1, static_cast<int>(std::lround(1.0 / sc_.dt)));
          if (const Node* x = ev.get("duration")) { if (auto d = duration_steps(*x, path + ".duration")) e.duration = *d; else ok = false; }
        }
        break;
      }
      case EventType::Incident: {
        const Node* a = need("initiator", "the id of the state whose operations caused it");
        const Node* b = need("target", "the id of the other state");
        if (a) { e.actor = actor_ref_node(*a, path + ".initiator"); ok = ok && e.actor >= 0; }
        if (b) { e.partner = actor_ref_node(*b, path + ".target"); ok = ok && e.partner >= 0; }
        if (ok && e.actor == e.partner) {
          err(*b, path + ".target", "is the initiator too (expected two different actors)");
          ok = false;
        }
        e.value = 0.3;
        if (const Node* x = ev.get("severity")) { if (auto v = parse_double(*x, path + ".severity", kUnit)) e.value = *v; else ok = false; }
        if (const Node* x = ev.get("level")) { if (auto v = parse_int(*x, path + ".level", 0, 2)) e.level = static_cast<int>(*v); else ok = false; }
        break;
      }
      case EventType::SuspendDialogue:
      case EventType::ResumeDialogue: {
        const Node* p = need("pair", "a pair such as USA-CHN");
        if (p) {
          auto sp = parse_string(*p, path + ".pair");
          auto pr = sp ? pair_ref(*p, path + ".pair", *sp) : std::nullopt;
          if (pr) { e.actor = pr->first; e.partner = pr->second; } else ok = false;
        }
        if (const Node* x = ev.get("duration")) { if (auto d = duration_steps(*x, path + ".duration")) e.duration = *d; else ok = false; }
        break;
      }
      case EventType::InstitutionStart:
      case EventType::InstitutionEnd: {
        const Node* x = need("institution", "an institution id");
        if (!x) break;
        auto id = parse_string(*x, path + ".institution");
        std::vector<std::string> ids;
        for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
          ids.push_back(sc_.institutions[k].id);
          if (id && sc_.institutions[k].id == *id) e.institution = static_cast<int>(k);
        }
        if (id && e.institution < 0 && !failed_institutions_.count(*id)) {
          std::string near = closest_match(*id, ids);
          err(*x, path + ".institution", "unknown institution '" + *id + "'" +
                                             (near.empty() ? (ids.empty() ? std::string(" (the scenario defines no institutions)")
                                                                          : " (expected one of: " + join(ids) + ")")
                                                           : " (did you mean '" + near + "'?)"));
        }
        ok = ok && e.institution >= 0;
        break;
      }
    }
    if (ok) sc_.events.push_back(e);
  }
  std::stable_sort(sc_.events.begin(), sc_.events.end(),
                   [](const Event& a, const Event& b) { return a.step < b.step; });
  // A --steps shorter than the file's ends the run before its later events.
  std::erase_if(sc_.events, [&](const Event& e) { return e.step >= sc_.steps; });
}

Scenario Decoder::decode(const Node& root) {
  if (!root.is_map()) {
    err(root, "", "the document is " + std::string(detail::kind_name(root)) +
                      " (expected a mapping with scenario, actors and the other sections)");
    return sc_;
  }
  check_keys(root, "", {"extends", "scenario", "parameters", "policies", "actors", "relations",
                        "disputes", "institutions", "events", "outcomes", "variants"});
  decode_scenario_header(root);
  decode_parameters(root);
  decode_policies(root);
  decode_actors(root);
  if (over_limit_) return sc_;
  decode_relations(root);
  decode_disputes(root);
  decode_institutions(root);
  decode_events(root);
  decode_outcomes(root);
  return sc_;
}

// ---- files, extends and variants -----------------------------------------------------------------

std::string display_join(const std::string& from_file, const std::string& rel) {
  namespace fs = std::filesystem;
  fs::path p(rel);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(from_file).parent_path() / p).lexically_normal().string();
}

/// What a node is, for messages: its text if it is a scalar, else its kind.
std::string describe(const Node& n) {
  if (n.is_scalar()) return "'" + n.scalar + "'";
  return detail::kind_name(n);
}

detail::ParseLimits parse_limits(const Limits& l) {
  return detail::ParseLimits{l.file_bytes, l.nesting, l.nodes};
}

/// Loads one file's tree with its `extends` chain merged in (variants stay as written). Sets `failed` when
/// the chain cannot be followed: then the tree is incomplete and decoding it would only report noise.
NodePtr load_tree(const std::string& text, const std::string& file, Diagnostics& diags,
                  std::vector<std::string>& chain, std::vector<SourceFile>& sources, bool& failed,
                  const Limits& limits) {
  sources.push_back(SourceFile{file, sha256_hex(text)});
  NodePtr root = detail::parse_yaml(text, file, diags, parse_limits(limits));
  if (!root) return nullptr;
  if (!root->is_map()) return root;
  const Entry* ext = root->entry("extends");
  if (!ext) return root;
  const Node& ev = *ext->value;
  failed = true;  // until the base is merged
  if (!ev.is_scalar() || ev.scalar.empty()) {
    diags.add(ev.mark, "extends", "got " + describe(ev) +
                                      " (expected the path of a scenario file, relative to this one)");
    return root;
  }
  std::string parent = display_join(file, ev.scalar);
  namespace fs = std::filesystem;
  std::error_code ec;
  auto canon = [&](const std::string& p) {
    auto c = fs::weakly_canonical(p, ec);
    return ec ? p : c.string();
  };
  std::string pc = canon(parent);
  for (const auto& c : chain) {
    if (c == pc) {
      std::string cycle;
      for (const auto& s : sources) cycle += s.path + " -> ";
      cycle += parent;
      diags.add(ev.mark, "extends", "a cycle: " + cycle + " (expected a chain of files that ends)");
      return root;
    }
  }
  if (static_cast<int>(chain.size()) >= limits.extends) {
    diags.add(ev.mark, "extends", "a chain longer than " + std::to_string(limits.extends) +
                                      " files (expected at most that; raise it with --max-extends)");
    return root;
  }
  // Past the limit the text is cut one byte over it, and the parser reports the file as too large.
  FileText pfile = read_regular_file(parent, limits.file_bytes);
  if (pfile.status != FileStatus::Ok && pfile.status != FileStatus::TooLarge) {
    diags.add(ev.mark, "extends",
              pfile.status == FileStatus::NotRegular
                  ? "'" + parent + "' " + not_regular_message(pfile.kind, "a scenario file")
              : pfile.status == FileStatus::Unreadable
                  ? "cannot read '" + parent + "' (expected a readable scenario file)"
                  : "no such file '" + parent + "' (expected the path of a scenario file, relative to this one)");
    return root;
  }
  const std::string& ptext = pfile.text;
  chain.push_back(pc);
  bool base_failed = false;
  NodePtr base = load_tree(ptext, parent, diags, chain, sources, base_failed, limits);
  chain.pop_back();
  if (!base || base_failed) return root;
  if (!base->is_map()) {
    diags.add(ev.mark, "extends",
              "'" + parent + "' is " + (base->is_null() ? "empty" : describe(*base)) +
                  " (expected a scenario: a mapping with scenario, actors and the other sections)");
    return root;
  }
  failed = false;
  // Child overrides base; `extends` itself is consumed.
  Node child = *root;
  child.map.erase(std::remove_if(child.map.begin(), child.map.end(),
                                 [](const Entry& e) { return e.key == "extends"; }),
                  child.map.end());
  NodePtr merged = detail::clone(*base);
  merged->map.erase(std::remove_if(merged->map.begin(), merged->map.end(),
                                   [](const Entry& e) { return e.key == "extends"; }),
                    merged->map.end());
  detail::merge_into(*merged, child, {"events"});
  merged->mark = root->mark;
  return merged;
}

/// Splits `variants` off the document; checks their shape. `where` is set to the `variants:` key.
std::vector<std::pair<VariantInfo, NodePtr>> take_variants(Node& root, Diagnostics& diags, Mark& where) {
  std::vector<std::pair<VariantInfo, NodePtr>> out;
  auto it = std::find_if(root.map.begin(), root.map.end(),
                         [](const Entry& e) { return e.key == "variants"; });
  if (it == root.map.end()) return out;
  NodePtr vs = it->value;
  where = it->key_mark;
  root.map.erase(it);
  if (!vs->is_map()) {
    diags.add(vs->mark, "variants", "got " + describe(*vs) +
                                        " (expected a mapping of variant names to overlays)");
    return out;
  }
  const std::vector<std::string> allowed = {"description", "scenario", "parameters", "policies",
                                            "actors",      "all_actors", "relations", "disputes",
                                            "institutions", "events"};
  for (const auto& e : vs->map) {
    std::string path = "variants." + e.key;
    VariantInfo info{e.key, ""};
    if (const std::string why = plain_name_problem(e.key, "out/NAME_VARIANT"); !why.empty()) {
      diags.add(e.key_mark, path, why);
      continue;
    }
    if (e.value->is_null()) {  // an empty overlay is the base itself, e.g. status_quo:
      auto empty = std::make_shared<Node>();
      empty->kind = Node::Kind::Map;
      empty->mark = e.key_mark;
      out.emplace_back(info, empty);
      continue;
    }
    if (!e.value->is_map()) {
      diags.add(e.value->mark, path, "got " + describe(*e.value) +
                                         " (expected a mapping that overlays the scenario)");
      continue;
    }
    bool ok = true;
    for (const auto& k : e.value->map) {
      if (std::find(allowed.begin(), allowed.end(), k.key) != allowed.end()) continue;
      std::string near = closest_match(k.key, allowed);
      diags.add(k.key_mark, path + "." + k.key,
                "unknown key '" + k.key + "'" +
                    (near.empty() ? " (expected one of: " + join(allowed) + ")"
                                  : " (did you mean '" + near + "'?)"));
      ok = false;
    }
    if (const Node* d = e.value->get("description")) {
      if (d->is_scalar()) info.description = d->scalar;
      else {
        diags.add(d->mark, path + ".description", "got " + describe(*d) + " (expected a string)");
        ok = false;
      }
    }
    if (const Node* aa = e.value->get("all_actors"); aa && !aa->is_map()) {
      diags.add(aa->mark, path + ".all_actors", "got " + describe(*aa) +
                                                    " (expected a mapping merged into every actor)");
      ok = false;
    }
    if (ok) out.emplace_back(info, e.value);
  }
  return out;
}

/// The base document with one variant's overlay applied.
NodePtr apply_variant(const Node& base, const std::string& name, const Node& overlay) {
  NodePtr doc = detail::clone(base);
  NodePtr ov = detail::clone(overlay, name);
  ov->map.erase(std::remove_if(ov->map.begin(), ov->map.end(),
                               [](const Entry& e) { return e.key == "description"; }),
                ov->map.end());
  auto aa = std::find_if(ov->map.begin(), ov->map.end(),
                         [](const Entry& e) { return e.key == "all_actors"; });
  if (aa != ov->map.end()) {
    NodePtr all = aa->value;
    Mark all_mark = aa->key_mark;
    ov->map.erase(aa);
    const Node* actors = doc->get("actors");
    if (actors && actors->is_map()) {
      auto every = std::make_shared<Node>();
      every->kind = Node::Kind::Map;
      every->mark = all->mark;
      every->variant = name;
      for (const auto& a : actors->map)
        every->map.push_back(Entry{a.key, all_mark, detail::clone(*all, name, true)});
      Node wrapper;
      wrapper.kind = Node::Kind::Map;
      wrapper.map.push_back(Entry{"actors", all_mark, every});
      detail::merge_into(*doc, wrapper, {});
    }
  }
  detail::merge_into(*doc, *ov, {"events"});
  return doc;
}

/// Throws every diagnostic collected, in file order (the file asked for, then those it extends, each by
/// position), at most Diagnostics::kMaxReported of them and a count of the rest.
void throw_in_file_order(const Diagnostics& diags, const std::vector<SourceFile>& sources) {
  if (diags.empty()) return;
  std::vector<Diagnostic> all = diags.items();
  auto rank = [&](const std::string& f) {
    for (std::size_t i = 0; i < sources.size(); ++i)
      if (sources[i].path == f) return i;
    return sources.size();
  };
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(rank(a.mark.file), a.mark.line, a.mark.col) <
           std::make_tuple(rank(b.mark.file), b.mark.line, b.mark.col);
  });
  if (all.size() > Diagnostics::kMaxReported) all.resize(Diagnostics::kMaxReported);
  const std::size_t rest = diags.size() - all.size();
  throw ScenarioError(std::move(all), rest);
}

/// Sets `value` at `path` in the document, creating maps on the way (values are checked when decoded).
void apply_overrides(Node& doc, const LoadOptions& opts, Diagnostics& diags) {
  const Mark at{"--param", 0, 0};
  auto number = [&](double v) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Scalar;
    char buf[40];
    auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
    n->scalar.assign(buf, res.ptr);
    n->mark = at;
    return n;
  };
  auto child_map = [&](Node& parent, const std::string& key) -> Node* {
    for (auto& e : parent.map)
      if (e.key == key) {
        if (!e.value->is_map()) return nullptr;
        return e.value.get();
      }
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Map;
    n->mark = at;
    parent.map.push_back(Entry{key, at, n});
    return n.get();
  };
  auto set = [&](Node& parent, const std::string& key, double v) {
    for (auto& e : parent.map)
      if (e.key == key) {
        e.value = number(v);
        return;
      }
    parent.map.push_back(Entry{key, at, number(v)});
  };
  if (!doc.is_map()) return;
  for (const auto& [path, value] : opts.overrides) {
    std::vector<std::string> parts;
    {
      std::string cur;
      for (char c : path) {
        if (c == '.') { parts.push_back(cur); cur.clear(); } else { cur += c; }
      }
      parts.push_back(cur);
    }
    const std::string expect = "parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD or policies.NAME.COEFFICIENT";
    if (parts.size() < 3) {
      diags.add(at, path, "is not a path to a value (expected " + expect + ")");
      continue;
    }
    if (parts[0] == "parameters") {
      if (parts.size() != 3 || !find_parameter(parts[1], parts[2])) {
        std::vector<std::string> all;
        for (const auto& p : parameter_table()) all.push_back("parameters." + std::string(p.group) + "." + std::string(p.key));
        std::string near = closest_match(path, all);
        diags.add(at, path, "unknown parameter" + (near.empty() ? std::string(" (expected parameters.GROUP.KEY as listed in docs/scenario-format.md)")
                                                                : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* g = child_map(doc, "parameters");
      if (g) g = child_map(*g, parts[1]);
      if (g) set(*g, parts[2], value);
    } else if (parts[0] == "actors") {
      const Node* actors = doc.get("actors");
      std::vector<std::string> ids;
      if (actors && actors->is_map())
        for (const auto& e : actors->map) ids.push_back(e.key);
      if (std::find(ids.begin(), ids.end(), parts[1]) == ids.end()) {
        std::string near = closest_match(parts[1], ids);
        diags.add(at, path, "unknown actor '" + parts[1] + "'" + (near.empty() ? " (expected one of: " + join(ids) + ")"
                                                                                : " (did you mean '" + near + "'?)"));
        continue;
      }
      std::string field = parts[2];
      for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
      const auto& fields = actor_set_fields();
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
        std::string near = closest_match(field, fields);
        diags.add(at, path, "unknown actor field '" + field + "'" + (near.empty() ? " (expected one of: " + join(fields) + ")"
                                                                                   : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* a = child_map(*child_map(doc, "actors"), parts[1]);
      if (a && parts.size() == 4) a = child_map(*a, parts[2]);
      if (a) set(*a, parts.back(), value);
    } else if (parts[0] == "relations") {
      const auto dash = parts[1].find('-');
      const Node* actors = doc.get("actors");
      auto known = [&](const std::string& id) { return actors && actors->is_map() && actors->get(id); };
      if (dash == std::string::npos || !known(parts[1].substr(0, dash)) || !known(parts[1].substr(dash + 1)) ||
          parts[1].substr(0, dash) == parts[1].substr(dash + 1)) {
        diags.add(at, path, "'" + parts[1] + "' is not a pair of this scenario (expected two different actor ids joined by '-')");
        continue;
      }
      const auto& fields = pair_set_fields();
      const bool directed = parts[2] == "trust" || parts[2] == "operations";
      if (std::find(fields.begin(), fields.end(), parts[2]) == fields.end() || (directed && parts.size() != 4) ||
          (!directed && parts.size() != 3)) {
        diags.add(at, path, "is not a relation value (expected relations.A-B.FIELD with FIELD one of: " + join(fields) +
                                "; trust and operations take the observer: relations.A-B.trust.A)");
        continue;
      }
      Node* pairs = child_map(*child_map(doc, "relations"), "pairs");
      if (!pairs) continue;
      const std::string a = parts[1].substr(0, dash), b = parts[1].substr(dash + 1);
      std::string key = parts[1];
      for (const auto& e : pairs->map)
        if (e.key == b + "-" + a) key = e.key;
      Node* p = child_map(*pairs, key);
      if (p && directed) p = child_map(*p, parts[2]);
      if (p) set(*p, parts.back(), value);
    } else if (parts[0] == "policies") {
      const bool preset = std::any_of(policy_presets().begin(), policy_presets().end(),
                                      [&](const Policy& p) { return p.name == parts[1]; });
      const auto& fields = policy_fields();
      if (parts.size() != 3 || std::none_of(fields.begin(), fields.end(), [&](const PolicyField& f) { return parts[2] == f.key; })) {
        std::vector<std::string> keys;
        for (const auto& f : fields) keys.emplace_back(f.key);
        diags.add(at, path, "is not a policy coefficient (expected policies.NAME.KEY with KEY one of: " + join(keys) + ")");
        continue;
      }
      if (preset) continue;  // the decoder applies it to the preset
      const Node* ps = doc.get("policies");
      if (!ps || !ps->is_map() || !ps->get(parts[1])) {
        std::vector<std::string> names;
        for (const auto& p : policy_presets()) names.push_back(p.name);
        if (ps && ps->is_map())
          for (const auto& e : ps->map) names.push_back(e.key);
        std::string near = closest_match(parts[1], names);
        diags.add(at, path, "unknown policy '" + parts[1] + "'" + (near.empty() ? " (expected one of: " + join(names) + ")"
                                                                                 : " (did you mean '" + near + "'?)"));
        continue;
      }
      Node* p = child_map(*child_map(doc, "policies"), parts[1]);
      if (p) set(*p, parts[2], value);
    } else {
      std::string near = closest_match(parts[0], {"parameters", "actors", "relations", "policies"});
      diags.add(at, path, "is not a path to a value" + (near.empty() ? " (expected " + expect + ")"
                                                                      : " (did you mean '" + near + "'?)"));
    }
  }
}

Scenario load_impl(const std::string& text, const std::string& file, const LoadOptions& opts) {
  Diagnostics diags;
  std::vector<std::string> chain;
  {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(file, ec);
    chain.push_back(ec ? file : c.string());
  }
  std::vector<SourceFile> sources;
  bool extends_failed = false;
  NodePtr root = load_tree(text, file, diags, chain, sources, extends_failed, opts.limits);
  if (!root && diags.empty()) diags.add(Mark{file, 1, 1}, "", "cannot be read (expected a scenario file)");
  if (!root || extends_failed) throw_in_file_order(diags, sources);
  if (root->is_null()) {
    diags.add(Mark{file, 1, 1}, "", "the file is empty (expected a mapping with scenario and actors)");
    throw_in_file_order(diags, sources);
  }
  Mark variants_mark{file, 1, 1};
  auto variants = root->is_map() ? take_variants(*root, diags, variants_mark)
                                 : std::vector<std::pair<VariantInfo, NodePtr>>{};
  if (!opts.overrides.empty()) apply_overrides(*root, opts, diags);
  Decoder base_dec(diags, opts);
  Scenario sc = base_dec.decode(*root);
  for (const auto& [info, ov] : variants) sc.variants.push_back(info);
  sc.sources = sources;
  if (!sc.baseline.empty() &&
      std::none_of(sc.variants.begin(), sc.variants.end(), [&](const VariantInfo& v) { return v.name == sc.baseline; })) {
    std::vector<std::string> names;
    for (const auto& v : sc.variants) names.push_back(v.name);
    std::string near = closest_match(sc.baseline, names);
    diags.add(base_dec.baseline_mark_, "outcomes.baseline",
              "unknown variant '" + sc.baseline + "'" +
                  (near.empty() ? (names.empty() ? std::string(" (the file defines no variants)")
                                                 : " (expected one of: " + join(names) + ")")
                                : " (did you mean '" + near + "'?)"));
  }

  // Every variant is decoded, so that `validate` checks them all and a run of one reports the others'
  // problems too. Problems of the base come back from each variant: they are reported once.
  std::set<std::string> seen;
  for (const auto& d : diags.items()) seen.insert(d.str());
  Scenario chosen;
  bool found = opts.variant.empty();
  for (const auto& [info, ov] : variants) {
    if (!opts.check_all_variants && info.name != opts.variant) continue;
    Diagnostics vd;
    NodePtr doc = apply_variant(*root, info.name, *ov);
    if (!opts.overrides.empty()) apply_overrides(*doc, opts, vd);
    Decoder vdec(vd, opts);
    Scenario vs = vdec.decode(*doc);
    for (const auto& d : vd.items()) {
      if (!seen.insert(d.str()).second) continue;
      // A problem at a node of the base that only this variant brings about: say which variant.
      std::string msg = d.path.rfind("variants.", 0) == 0 ? d.message
                                                         : "with variant '" + info.name + "': " + d.message;
      diags.add(d.mark, d.path, msg);
    }
    if (info.name == opts.variant) {
      chosen = std::move(vs);
      found = true;
    }
  }
  if (!found) {
    std::vector<std::string> names;
    for (const auto& v : sc.variants) names.push_back(v.name);
    std::string near = closest_match(opts.variant, names);
    diags.add(variants_mark, "variants",
              "unknown variant '" + opts.variant + "'" +
                  (near.empty() ? (names.empty() ? std::string(" (the file defines no variants)")
                                                 : " (expected one of: " + join(names) + ")")
                                : " (did you mean '" + near + "'?)"));
  }
  throw_in_file_order(diags, sources);
  if (!opts.variant.empty()) {
    chosen.variants = sc.variants;
    chosen.sources = sc.sources;
    chosen.variant = opts.variant;
    return chosen;
  }
  return sc;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& display_path,
                            const LoadOptions& opts) {
  return load_impl(text, display_path, opts);
}

Scenario load_scenario(const std::string& path, const LoadOptions& opts) {
  // Past the limit the text is cut one byte over it, and the parser reports the file as too large.
  const FileText file = read_regular_file(path, opts.limits.file_bytes);
  if (file.status != FileStatus::Ok && file.status != FileStatus::TooLarge) {
    throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "",
                                    file.status == FileStatus::NotRegular
                                        ? not_regular_message(file.kind, "a scenario file")
                                    : file.status == FileStatus::Unreadable
                                        ? "cannot read the file (expected a readable scenario file)"
                                        : "no such file (expected the path of a scenario file)"}});
  }
  return load_impl(file.text, path, opts);
}

std::string canonical_value_path(const std::string& path) {
  if (path.rfind("relations.", 0) != 0) return path;
  const std::size_t start = 10, end = path.find('.', start);
  const std::string pair = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const std::size_t dash = pair.find('-');
  if (dash == std::string::npos) return path;
  const std::string a = pair.substr(0, dash), b = pair.substr(dash + 1);
  if (a <= b) return path;
  return "relations." + b + "-" + a + (end == std::string::npos ? "" : path.substr(end));
}

std::string repeated_value_path(const std::vector<std::string>& paths) {
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      if (paths[j] == paths[i]) return paths[i] + " is given twice (expected each path once)";
      if (canonical_value_path(paths[j]) == canonical_value_path(paths[i]))
        return paths[i] + " is the same value as " + paths[j] + " (expected each value once)";
    }
  return {};
}

std::vector<VariantInfo> list_variants(const std::string& path) { return load_scenario(path).variants; }

}  // namespace statecraft
