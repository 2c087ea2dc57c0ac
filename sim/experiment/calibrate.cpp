#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/output/recorder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <Eigen/Dense>
#include <nlopt.hpp>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/output_dir.hpp"
#include "statecraft/util/file.hpp"
#include "statecraft/util/sha256.hpp"

namespace fs = std::filesystem;

namespace statecraft {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

/// The shortest text that reads back as exactly `x`.
std::string exact(double x) {
  if (x == 0) return "0";
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// ---- the observed CSV ------------------------------------------------------------------------------

struct Field {
  std::string text;
  int col = 1;  ///< 1-based column of its first character
};

/// Splits one CSV line (RFC 4180 quoting, no newlines inside fields). `ok` is false on a stray quote.
std::vector<Field> csv_fields(const std::string& line, bool& ok) {
  std::vector<Field> out;
  ok = true;
  std::size_t i = 0;
  while (true) {
    Field f;
    f.col = static_cast<int>(i) + 1;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        f.text += line[i++];
      }
      if (!closed || (i < line.size() && line[i] != ',')) ok = false;
      while (i < line.size() && line[i] != ',') ++i;
    } else {
      while (i < line.size() && line[i] != ',') f.text += line[i++];
    }
    out.push_back(f);
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return out;
}

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

std::vector<Observation> parse_observations(const std::string& text, const std::string& file, const Scenario& sc,
                                            bool log_space) {
  Diagnostics diags;
  std::vector<Observation> rows;
  const std::vector<std::string> columns = {"year", "actor", "metric", "value", "weight"};
  const std::string header_hint = "a header year,actor,metric,value[,weight]";
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : text) {
      if (c == '\n') {
        if (!cur.empty() && cur.back() == '\r') cur.pop_back();
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) lines.push_back(cur);
  }
  if (lines.empty() || std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return trim(l).empty(); })) {
    diags.add(Mark{file, 1, 1}, "", "the file is empty (expected " + header_hint + ", then one row per observation)");
    diags.throw_if_any();
  }
  if (lines[0].size() >= 3 && lines[0].compare(0, 3, "\xEF\xBB\xBF") == 0) lines[0].erase(0, 3);  // a UTF-8 BOM
  // Header: every column named once; year, actor, metric and value required.
  bool ok = true;
  const std::vector<Field> head = csv_fields(lines[0], ok);
  std::map<std::string, std::size_t> where;
  bool header_ok = ok;
  if (!ok) {
    diags.add(Mark{file, 1, 1}, "", "the header has a stray quote (expected " + header_hint + ")");
  }
  for (std::size_t c = 0; c < head.size(); ++c) {
    const std::string name = trim(head[c].text);
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      const std::string near = closest_match(name, columns);
      diags.add(Mark{file, 1, head[c].col}, name.empty() ? "header" : name,
                (name.empty() ? std::string("an empty column name") : "unknown column " + quoted(name)) +
                    (near.empty() ? " (expected the columns year, actor, metric, value and optionally weight)"
                                  : " (did you mean " + quoted(near) + "?)"));
      header_ok = false;
      continue;
    }
    if (where.count(name)) {
      diags.add(Mark{file, 1, head[c].col}, name,
                "the column is named twice (expected each of year, actor, metric, value, weight once)");
      header_ok = false;
      continue;
    }
    where[name] = c;
  }
  for (const char* need : {"year", "actor", "metric", "value"}) {
    if (!where.count(need)) {
      diags.add(Mark{file, 1, 1}, need, "the column is missing (expected " + header_hint + ")");
      header_ok = false;
    }
  }
  if (!header_ok) diags.throw_if_any();

  std::vector<std::string> ids;
  for (const auto& a : sc.actors) ids.push_back(a.id);
  const auto& metrics = actor_metric_fields();
  const double first_year = sc.year_of(0), last_year = sc.year_of(sc.steps);
  std::map<std::tuple<int, int, int>, int> seen;  // (step, actor, field) -> line
  for (std::size_t li = 1; li < lines.size(); ++li) {
    const int line = static_cast<int>(li) + 1;
    if (trim(lines[li]).empty()) continue;
    bool row_ok = true;
    const std::vector<Field> f = csv_fields(lines[li], row_ok);
    if (!row_ok) {
      diags.add(Mark{file, line, 1}, "", "a stray quote (expected fields quoted as a whole, \"\" for a quote inside)");
      continue;
    }
    if (f.size() != head.size()) {
      diags.add(Mark{file, line, 1}, "",
                std::to_string(f.size()) + (f.size() == 1 ? " field" : " fields") + " (expected " +
                    std::to_string(head.size()) + ", one per column of the header)");
      continue;
    }
    auto cell = [&](const std::string& name) -> const Field& { return f[where.at(name)]; };
    auto mark = [&](const std::string& name) { return Mark{file, line, cell(name).col}; };
    Observation o;
    o.line = line;
    bool good = true;
    // year
    {
      const std::string s = trim(cell("year").text);
      double y = 0;
      if (!parse_number(s, y) || !std::isfinite(y)) {
        diags.add(mark("year"), "year",
                  (s.empty() ? std::string("is empty") : quoted(s) + " is not a year") +
                      " (expected a year such as " + fmt(first_year) + ")");
        good = false;
      } else if (y < first_year - 1e-9 || y > last_year + 1e-9) {
        diags.add(mark("year"), "year",
                  s + " is outside the scenario's years (expected " + fmt(first_year) + " to " + fmt(last_year) + ")");
        good = false;
      } else {
        const double k = (y - sc.start_year) / sc.dt;
        const double r = std::round(k);
        if (std::abs(k - r) > 1e-6) {
          diags.add(mark("year"), "year",
                    s + " is not the year of a step (expected " + fmt(sc.start_year) + " plus a multiple of dt = " +
                        fmt(sc.dt) + ")");
          good = false;
        } else {
          o.year = sc.year_of(static_cast<int>(r));
          o.step = static_cast<int>(r);
        }
      }
    }
    // actor
    {
      const std::string s = trim(cell("actor").text);
      o.actor = sc.actor_index(s);
      if (o.actor < 0) {
        const std::string near = closest_match(s, ids);
        diags.add(mark("actor"), "actor",
                  (s.empty() ? std::string("is empty") : "unknown actor " + quoted(s)) +
                      (near.empty() ? " (expected one of: " + join(ids) + ")" : " (did you mean " + quoted(near) + "?)"));
        good = false;
      }
    }
    // metric
    {
      const std::string s = trim(cell("metric").text);
      auto it = std::find(metrics.begin(), metrics.end(), s);
      if (it == metrics.end()) {
        const std::string near = closest_match(s, metrics);
        diags.add(mark("metric"), "metric",
                  (s.empty() ? std::string("is empty") : "unknown metric " + quoted(s)) +
                      (near.empty() ? " (expected an actor metric: " + join(metrics) + ")"
                                    : " (did you mean " + quoted(near) + "?)"));
        good = false;
      } else {
        o.field = static_cast<int>(it - metrics.begin());
      }
    }
    // value
    {
      const std::string s = trim(cell("value").text);
      double v = 0;
      if (s.empty()) {
        diags.add(mark("value"), "value", "is empty (expected a number; leave out the row of a missing observation)");
        good = false;
      } else if (!parse_number(s, v)) {
        diags.add(mark("value"), "value", quoted(s) + " is not a number (expected a finite number)");
        good = false;
      } else if (!std::isfinite(v)) {
        diags.add(mark("value"), "value", s + " is not finite (expected a finite number)");
        good = false;
      } else if (log_space && v <= 0) {
        diags.add(mark("value"), "value", s + " has no logarithm (expected a positive number with --log)");
        good = false;
      } else {
        o.value = v;
      }
    }
    // weight
    if (where.count("weight")) {
      const std::string s = trim(cell("weight").text);
      double v = 1;
      if (s.empty()) {
        diags.add(mark("weight"), "weight", "is empty (expected a finite number >= 0)");
        good = false;
      } else if (!parse_number(s, v)) {
        diags.add(mark("weight"), "weight", quoted(s) + " is not a number (expected a finite number >= 0)");
        good = false;
      } else if (!std::isfinite(v) || v < 0) {
        diags.add(mark("weight"), "weight", s + " is not a weight (expected a finite number >= 0)");
        good = false;
      } else {
        o.weight = v;
      }
    }
    if (!good) continue;
    auto [it, fresh] = seen.emplace(std::make_tuple(o.step, o.actor, o.field), line);
    if (!fresh) {
      diags.add(mark("year"), "year",
                fmt(o.year) + ", " + sc.actors[static_cast<std::size_t>(o.actor)].id + ", " +
                    metrics[static_cast<std::size_t>(o.field)] + " is given twice, first at line " +
                    std::to_string(it->second) + " (expected one row per year, actor and metric)");
      continue;
    }
    rows.push_back(o);
  }
  if (diags.empty() && rows.empty())
    diags.add(Mark{file, 1, 1}, "", "has no observations (expected rows of year,actor,metric,value after the header)");
  diags.throw_if_any();
  return rows;
}

/// The observed CSV's text, read under the loader's rules (a regular file within --max-file-size).
static std::string read_observed_text(const std::string& path, std::size_t max_bytes) {
  const FileText file = read_regular_file(path, max_bytes);
  switch (file.status) {
    case FileStatus::Ok: return file.text;
    case FileStatus::TooLarge:
      throw ScenarioError({Diagnostic{Mark{path, 1, 1}, "",
                                      "the file is larger than " + std::to_string(max_bytes) +
                                          " bytes (expected at most that; raise it with --max-file-size)"}});
    case FileStatus::NotRegular:
      throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", not_regular_message(file.kind, "a CSV file of observations")}});
    case FileStatus::Unreadable:
      throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", "cannot read the file (expected a readable CSV file)"}});
    case FileStatus::Missing: break;
  }
  throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", "no such file (expected a CSV file of observations)"}});
}

std::vector<Observation> read_observations(const std::string& path, const Scenario& sc, bool log_space,
                                           std::size_t max_bytes) {
  return parse_observations(read_observed_text(path, max_bytes), path, sc, log_space);
}

// ---- what is fitted ---------------------------------------------------------------------------------

std::optional<std::vector<FitParam>> parse_fit_params(const std::string& text, std::string& error) {
  std::vector<FitParam> out;
  for (const std::string& item : split(text, ',')) {
    FitParam p;
    const auto eq = item.find('=');
    p.path = trim(item.substr(0, eq));
    if (p.path.empty()) {
      error = quoted(text) + " has an empty path (expected PATH[=LO:HI], comma-separated, e.g. actors.CHN.fatigue)";
      return std::nullopt;
    }
    if (eq != std::string::npos) {
      const std::vector<std::string> b = split(item.substr(eq + 1), ':');
      double lo = 0, hi = 0;
      if (b.size() != 2 || !parse_number(trim(b[0]), lo) || !parse_number(trim(b[1]), hi) || !std::isfinite(lo) ||
          !std::isfinite(hi)) {
        error = p.path + ": " + quoted(item.substr(eq + 1)) + " is not a range (expected LO:HI with finite numbers)";
        return std::nullopt;
      }
      if (!(lo < hi)) {
        error = p.path + ": the range " + trim(b[0]) + ":" + trim(b[1]) + " is empty (expected LO < HI)";
        return std::nullopt;
      }
      p.lo = lo;
      p.hi = hi;
    }
    out.push_back(p);
  }
  std::vector<std::string> paths;
  for (const auto& q : out) paths.push_back(q.path);
  error = repeated_value_path(paths);  // relations.A-B.x and relations.B-A.x too: one value fitted twice
  if (!error.empty()) return std::nullopt;
  return out;
}

namespace {

const std::string& metric_name(int field) { return actor_metric_fields()[static_cast<std::size_t>(field)]; }

/// Whether two scenarios hold the same values wherever a fitted path or a default derived from one can
/// land: every actor field, every policy's coefficients, every parameter, the institutions' strengths and
/// calendars, the initial pair matrices.
bool same_values(const Scenario& a, const Scenario& b) {
  if (a.actors.size() != b.actors.size()) return false;
  auto same_policy = [](const Policy& p, const Policy& q) {
    if (p.conditional != q.conditional || p.defect_below != q.defect_below || p.engage_above != q.engage_above)
      return false;
    for (const auto& f : policy_fields())
      if (p.params.*f.member != q.params.*f.member || p.defect.*f.member != q.defect.*f.member) return false;
    return true;
  };
  for (std::size_t i = 0; i < a.actors.size(); ++i) {
    const Actor &x = a.actors[i], &y = b.actors[i];
    if (x.gdp != y.gdp || x.growth != y.growth || x.milex != y.milex || x.capability != y.capability ||
        x.fatigue != y.fatigue || x.baseline_share != y.baseline_share || x.max_share != y.max_share ||
        x.grievance != y.grievance || x.has_grievance != y.has_grievance || x.satisfaction != y.satisfaction ||
        x.hawkishness != y.hawkishness || x.transparency_strategic != y.transparency_strategic ||
        x.transparency_operational != y.transparency_operational || x.values_transparency != y.values_transparency ||
        x.trust_building != y.trust_building ||
        !same_policy(a.policies[static_cast<std::size_t>(x.policy)], b.policies[static_cast<std::size_t>(y.policy)]))
      return false;
  }
  // Policies that events switch actors to.
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t k = 0; k < a.events.size(); ++k)
    if (a.events[k].type == EventType::PolicyChange &&
        !same_policy(a.policies[static_cast<std::size_t>(a.events[k].policy)],
                     b.policies[static_cast<std::size_t>(b.events[k].policy)]))
      return false;
  Parameters pa = a.params, pb = b.params;
  for (const auto& d : parameter_table())
    if (d.ref(pa) != d.ref(pb)) return false;
  if (a.institutions.size() != b.institutions.size()) return false;
  for (std::size_t k = 0; k < a.institutions.size(); ++k) {
    const Institution &x = a.institutions[k], &y = b.institutions[k];
    if (x.strength != y.strength || x.start != y.start || x.end != y.end) return false;
  }
  return a.proximity == b.proximity && a.alliance == b.alliance && a.interdependence == b.interdependence &&
         a.trust == b.trust && a.tension == b.tension && a.dialogue == b.dialogue && a.dialogue_cap == b.dialogue_cap &&
         a.operations == b.operations;
}

/// Runs the model for given values of the fitted paths and reads the observed metrics.
///
/// Each value set is a scenario loaded with the values as overrides (validated, defaults re-derived), unless
/// setting the values directly on the scenario loaded once gives the same scenario at two probe points: then
/// that fast path is taken (a YAML load costs ten times a run of the backtest), and only the estimate is
/// loaded and validated.
class Model {
 public:
  Model(const CalibrationSpec& spec, std::vector<ValuePath> paths, const std::vector<Observation>& obs)
      : spec_(spec), paths_(std::move(paths)), obs_(obs) {
    // The file was loaded and checked once already; this copy is for loads with overrides.
    text_ = read_regular_file(spec.file, spec.load.limits.file_bytes).text;
  }

  /// Takes the fast path if it gives the loader's scenario at both probes.
  void try_fast_path(const std::vector<double>& a, const std::vector<double>& b) {
    auto la = loaded(a), lb = loaded(b);
    if (!la || !lb) return;
    base_ = *la;
    auto fa = direct(a), fb = direct(b);
    fast_ = fa && fb && same_values(*fa, *la) && same_values(*fb, *lb);
    if (!fast_) base_.reset();
  }
  bool fast() const { return fast_; }

  /// The scenario with these values through the loader, or nullopt (with the reason) if it does not validate.
  std::optional<Scenario> loaded(const std::vector<double>& theta, std::string* why = nullptr) const {
    LoadOptions lo = spec_.load;
    lo.check_all_variants = false;
    lo.overrides.clear();
    for (std::size_t i = 0; i < paths_.size(); ++i) lo.overrides.emplace_back(paths_[i].path, theta[i]);
    try {
      return load_scenario_text(text_, spec_.file, lo);
    } catch (const ScenarioError& e) {
      if (why) *why = e.what();
      return std::nullopt;
    }
  }

  /// The scenario with these values, by the fast path when it is on.
  std::optional<Scenario> scenario(const std::vector<double>& theta, std::string* why = nullptr) const {
    if (fast_) return direct(theta);
    return loaded(theta, why);
  }

  /// Simulated values of the observations (those with `use[k]`, others left NaN), or nullopt if the
  /// scenario does not validate or the run fails.
  std::optional<std::vector<double>> simulate(const std::vector<double>& theta, const std::vector<char>& use,
                                              std::string* why = nullptr) const {
    auto sc = scenario(theta, why);
    if (!sc) return std::nullopt;
    return run(*sc, use, why);
  }

  std::optional<std::vector<double>> run(const Scenario& sc, const std::vector<char>& use,
                                         std::string* why = nullptr) const {
    int last = 0;
    for (std::size_t k = 0; k < obs_.size(); ++k)
      if (use[k]) last = std::max(last, obs_[k].step);
    std::vector<std::vector<std::size_t>> by_step(static_cast<std::size_t>(last) + 1);
    for (std::size_t k = 0; k < obs_.size(); ++k)
      if (use[k]) by_step[static_cast<std::size_t>(obs_[k].step)].push_back(k);
    std::vector<double> out(obs_.size(), kNaN);
    try {
      Engine engine(sc, 0);
      engine.set_record_drivers(false);
      for (int s = 0; s <= last; ++s) {
        if (s > 0) engine.step();
        for (std::size_t k : by_step[static_cast<std::size_t>(s)]) {
          MetricRef m;
          m.scope = MetricRef::Scope::Actor;
          m.a = obs_[k].actor;
          m.field = obs_[k].field;
          out[k] = metric_value(engine.world(), m);
        }
      }
    } catch (const RunError& e) {
      if (why) *why = e.what();
      return std::nullopt;
    }
    return out;
  }

 private:
  const CalibrationSpec& spec_;
  std::vector<ValuePath> paths_;  ///< parsed against the scenario; .path as written, for the loader
  const std::vector<Observation>& obs_;
  std::string text_;
  std::optional<Scenario> base_;
  bool fast_ = false;

  std::optional<Scenario> direct(const std::vector<double>& theta) const {
    if (!base_) return std::nullopt;
    Scenario sc = *base_;
    for (std::size_t i = 0; i < paths_.size(); ++i)
      if (!set_value(sc, paths_[i], theta[i])) return std::nullopt;
    return sc;
  }
};

/// Interrupted once a signal asked the calibration to stop. (Inside the optimizer NLopt catches it and
/// stops; calibrate() throws it again when the optimizer returns.)
void throw_if_stopped(const std::atomic<bool>* stop) {
  if (stop && stop->load()) throw Interrupted("interrupted; nothing was written");
}

double transform(double v, bool log_space) { return log_space ? std::log(std::max(v, 1e-300)) : v; }

struct Objective {
  const Model* model;
  const std::vector<Observation>* obs;
  std::vector<char> use;  ///< fitted observations
  bool log_space = false;
  std::vector<double> x0, scale;  ///< theta = x0 + scale * z
  double penalty = 1e300;
  int evals = 0, failed = 0;
  const std::atomic<bool>* stop = nullptr;  ///< a signal asks to stop: the next model run throws

  std::vector<double> theta(const std::vector<double>& z) const {
    std::vector<double> t(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) t[i] = x0[i] + scale[i] * z[i];
    return t;
  }
  /// Weighted residuals sqrt(w) (observed - simulated) of the fitted observations, or nullopt.
  std::optional<std::vector<double>> residuals(const std::vector<double>& th) const {
    throw_if_stopped(stop);
    auto sim = model->simulate(th, use);
    if (!sim) return std::nullopt;
    std::vector<double> r;
    for (std::size_t k = 0; k < obs->size(); ++k)
      if (use[k]) {
        const Observation& o = (*obs)[k];
        const double res = transform(o.value, log_space) - transform((*sim)[k], log_space);
        r.push_back(std::sqrt(o.weight) * res);
      }
    return r;
  }
  double ssr(const std::vector<double>& th) {
    ++evals;
    auto r = residuals(th);
    if (!r) {
      ++failed;
      return penalty;
    }
    double s = 0;
    for (double x : *r) s += x * x;
    return std::isfinite(s) ? s : penalty;
  }
};

double nlopt_objective(unsigned n, const double* z, double* grad, void* data) {
  (void)grad;  // BOBYQA is derivative-free
  auto* obj = static_cast<Objective*>(data);
  return obj->ssr(obj->theta(std::vector<double>(z, z + n)));
}

const char* stop_reason(nlopt::result r) {
  switch (r) {
    case nlopt::SUCCESS: return "converged";
    case nlopt::STOPVAL_REACHED: return "reached the stopping value";
    case nlopt::FTOL_REACHED: return "converged (the sum of squares stopped changing)";
    case nlopt::XTOL_REACHED: return "converged (the estimates stopped changing)";
    case nlopt::MAXEVAL_REACHED: return "stopped at the limit of model runs (--max-evals)";
    case nlopt::MAXTIME_REACHED: return "stopped at the time limit";
    case nlopt::ROUNDOFF_LIMITED: return "stopped by round-off (the optimum is as precise as the model allows)";
    case nlopt::FORCED_STOP: return "stopped";
    default: return "failed";
  }
}

/// Ordinary least squares of y on x: intercept, slope, their standard errors and R^2.
struct Line {
  double a = 0, b = 0, se_a = kNaN, se_b = kNaN, r2 = kNaN;
};
Line ols(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  Line l;
  l.b = sxx > 0 ? sxy / sxx : 0;
  l.a = my - l.b * mx;
  double sse = 0;
  for (std::size_t i = 0; i < n; ++i) sse += std::pow(y[i] - l.a - l.b * x[i], 2);
  if (n > 2 && sxx > 0) {
    const double s2 = sse / static_cast<double>(n - 2);
    l.se_b = std::sqrt(s2 / sxx);
    l.se_a = std::sqrt(s2 * (1.0 / static_cast<double>(n) + mx * mx / sxx));
  }
  if (syy > 0) l.r2 = 1 - sse / syy;
  return l;
}

}  // namespace

// ---- calibration ------------------------------------------------------------------------------------

CalibrationResult calibrate(const CalibrationSpec& spec) {
  CalibrationResult r;
  {
    LoadOptions lo = spec.load;
    lo.overrides.clear();
    r.scenario = load_scenario(spec.file, lo);
  }
  const Scenario& sc = r.scenario;
  if (spec.params.empty()) throw UsageError("--fit: nothing to fit (expected at least one PATH)");
  // Paths and bounds, every problem at once.
  std::vector<Diagnostic> bad;
  std::vector<ValuePath> targets;
  const Mark at{"--fit", 0, 0};
  const PathNames names = path_names(sc);
  // Each --fit path parsed; actors.*.FIELD stands for the field of every actor, in the scenario's order.
  struct Fitted {
    FitParam param;
    std::optional<ValuePath> path;
    std::vector<std::string> errors;  ///< why the path names nothing to fit, in the order given
  };
  std::vector<Fitted> expanded;
  for (const auto& p : spec.params) {
    Fitted f{p, std::nullopt, {}};
    f.path = parse_value_path(p.path, names, PathUse::Fit, f.errors);
    if (!f.path) {
      expanded.push_back(std::move(f));
      continue;
    }
    for (const ValuePath& one : expand_every_actor(*f.path, names)) {
      FitParam q = p;
      q.path = one.path;
      auto listed = [&](const FitParam& x) { return x.path == q.path; };
      const bool every = f.path->kind == PathKind::Actor && f.path->a == ValuePath::kEveryActor;
      if (every && (std::any_of(expanded.begin(), expanded.end(), [&](const Fitted& x) { return listed(x.param); }) ||
                    std::any_of(spec.params.begin(), spec.params.end(), listed)))
        continue;
      expanded.push_back(Fitted{q, one, {}});
    }
  }
  for (const auto& [p, path, errors] : expanded) {
    ParamEstimate e;
    e.path = p.path;
    for (const std::string& why : errors) bad.push_back(Diagnostic{at, p.path, why});
    if (!path) continue;
    if (is_switch(*path)) {
      bad.push_back(Diagnostic{at, p.path, "is a switch, not a number (expected a coefficient to fit)"});
      continue;
    }
    const std::optional<double> start = value_of(sc, *path);
    if (!start) {
      bad.push_back(Diagnostic{at, p.path, "a conditional policy takes its coefficients from its cooperate and defect "
                                           "policies (expected a policy that does not switch)"});
      continue;
    }
    e.start = *start;
    const auto [lo, hi] = feasible_range(sc, *path);
    e.lo = p.lo ? std::max(*p.lo, lo) : lo;
    e.hi = p.hi ? std::min(*p.hi, hi) : hi;
    if (!(e.lo < e.hi)) {
      bad.push_back(Diagnostic{Mark{"--fit", 0, 0}, p.path,
                               (p.lo ? "the range " + fmt(*p.lo) + ":" + fmt(*p.hi) + " lies outside the values it can take"
                                     : std::string("no value can be fitted with the scenario's other values")) +
                                   " (expected values from " + fmt(lo) + " to " + fmt(hi) + ")"});
      continue;
    }
    if (e.start < e.lo || e.start > e.hi) {
      r.warnings.push_back(p.path + ": the scenario's value " + fmt(e.start) + " is outside " + fmt(e.lo) + ":" +
                           fmt(e.hi) + "; the search starts from the nearest bound");
      e.start = std::clamp(e.start, e.lo, e.hi);
    }
    r.params.push_back(e);
    targets.push_back(*path);
  }
  if (!bad.empty()) throw ScenarioError(bad);

  const std::vector<Observation> obs = read_observations(spec.observed, sc, spec.log_space, spec.load.limits.file_bytes);
  std::vector<char> use(obs.size()), all(obs.size(), 1);
  for (std::size_t k = 0; k < obs.size(); ++k) {
    const double y = obs[k].year;
    use[k] = (!spec.from || y >= *spec.from - 1e-9) && (!spec.to || y <= *spec.to + 1e-9) && obs[k].weight > 0;
    r.n_fit += use[k] ? 1 : 0;
  }
  r.n_holdout = obs.size() - r.n_fit;
  const std::size_t p = r.params.size();
  if (r.n_fit == 0)
    throw UsageError("no observation of " + spec.observed + " falls in the fitted years" +
                     (spec.from || spec.to ? " (" + (spec.from ? fmt(*spec.from) : std::string("start")) + " to " +
                                                 (spec.to ? fmt(*spec.to) : std::string("end")) + ")"
                                           : std::string()) +
                     " with a positive weight (expected some to fit)");

  Model model(spec, targets, obs);
  Objective obj{&model, &obs, use, spec.log_space, {}, {}};
  obj.stop = spec.stop;
  std::vector<double> x0(p), lo(p), hi(p), scale(p);
  for (std::size_t i = 0; i < p; ++i) {
    const ParamEstimate& e = r.params[i];
    x0[i] = e.start;
    // The search's unit step: a tenth of the value, or of the range when the value is 0, at least a thousandth
    // of the range (up to 1) so that a value starting near 0 can move; at most a quarter of the range.
    const double range = std::min(1.0, e.hi - e.lo);
    double s = e.start != 0 ? std::max(0.1 * std::abs(e.start), 1e-3 * range) : 0.1 * range;
    s = std::min(s, 0.25 * (e.hi - e.lo));
    scale[i] = s;
    lo[i] = (e.lo - e.start) / s;
    hi[i] = (e.hi - e.start) / s;
  }
  obj.x0 = x0;
  obj.scale = scale;
  {
    std::string why;
    if (!model.loaded(x0, &why)) throw ScenarioError({Diagnostic{Mark{"--fit", 0, 0}, "", why}});
    std::vector<double> probe(p);
    for (std::size_t i = 0; i < p; ++i)
      probe[i] = x0[i] + 0.5 * scale[i] <= r.params[i].hi ? x0[i] + 0.5 * scale[i] : x0[i] - 0.5 * scale[i];
    model.try_fast_path(x0, probe);
    auto r0 = obj.residuals(x0);
    if (!r0) throw RunError("the scenario cannot be run with its own values");
    for (double x : *r0) r.ssr_start += x * x;
    obj.penalty = std::max(1e6 * (1 + r.ssr_start), 1e30);
  }

  // BOBYQA (Powell 2009) in units of `scale`, restarted from its optimum until a restart gains nothing.
  std::vector<double> z(p, 0.0);
  double best = r.ssr_start;
  nlopt::result res = nlopt::SUCCESS;
  for (int round = 0; round < 4; ++round) {
    const int left = spec.max_evals - obj.evals;
    if (left <= 2 * static_cast<int>(p) + 2) {
      res = nlopt::MAXEVAL_REACHED;
      break;
    }
    nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(p));
    opt.set_lower_bounds(lo);
    opt.set_upper_bounds(hi);
    opt.set_min_objective(nlopt_objective, &obj);
    opt.set_xtol_abs(1e-9);
    opt.set_ftol_rel(1e-10);
    opt.set_maxeval(left);
    std::vector<double> step(p);
    for (std::size_t i = 0; i < p; ++i) step[i] = std::min(round == 0 ? 1.0 : 0.1, 0.25 * (hi[i] - lo[i]));
    opt.set_initial_step(step);
    std::vector<double> zz = z;
    double f = 0;
    try {
      res = opt.optimize(zz, f);
    } catch (const nlopt::roundoff_limited&) {
      res = nlopt::ROUNDOFF_LIMITED;
      f = obj.ssr(obj.theta(zz));
    } catch (const std::exception& e) {
      r.warnings.push_back(std::string("the optimizer stopped: ") + e.what());
      throw_if_stopped(spec.stop);
      res = nlopt::FAILURE;
      f = obj.ssr(obj.theta(zz));
    }
    const bool gained = f < best * (1 - 1e-12) - 1e-300;
    if (f <= best) {
      best = f;
      z = zz;
    }
    if (!gained || res == nlopt::MAXEVAL_REACHED) break;
  }
  r.stop = stop_reason(res);
  if (res == nlopt::MAXEVAL_REACHED)
    r.warnings.push_back("the optimizer used every model run it was allowed (--max-evals " +
                         std::to_string(spec.max_evals) + "): the estimates may not be the optimum");
  const std::vector<double> theta = obj.theta(z);
  for (std::size_t i = 0; i < p; ++i) {
    ParamEstimate& e = r.params[i];
    e.estimate = std::clamp(theta[i], e.lo, e.hi);
    const double tol = 1e-6 * std::max(1.0, std::abs(e.hi - e.lo));
    e.at_bound = e.estimate - e.lo < tol || e.hi - e.estimate < tol;
    if (e.at_bound)
      r.warnings.push_back(e.path + " is at a bound of its range (" + fmt(e.lo) + ":" + fmt(e.hi) +
                           "): its standard error assumes an interior optimum");
  }
  std::vector<double> est(p);
  for (std::size_t i = 0; i < p; ++i) est[i] = r.params[i].estimate;
  {
    std::string why;
    if (!model.loaded(est, &why))
      r.warnings.push_back("the estimates do not make a valid scenario (the values were searched one by one within "
                           "their ranges): " + why);
  }

  // Standard errors: sigma^2 (J^T J)^-1, J the Jacobian of the weighted residuals by central differences.
  auto r_hat = obj.residuals(est);
  if (!r_hat) throw RunError("the fitted scenario cannot be run");
  r.ssr = 0;
  for (double x : *r_hat) r.ssr += x * x;
  r.evals = obj.evals;
  r.failed_evals = obj.failed;
  const std::size_t n = r_hat->size();
  Eigen::MatrixXd J(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p));
  bool jac_ok = true;
  for (std::size_t i = 0; i < p && jac_ok; ++i) {
    const ParamEstimate& e = r.params[i];
    const double h = 1e-4 * scale[i];
    double up = std::min(est[i] + h, e.hi), dn = std::max(est[i] - h, e.lo);
    std::vector<double> tu = est, td = est;
    tu[i] = up;
    td[i] = dn;
    auto ru = obj.residuals(tu), rd = obj.residuals(td);
    if (!ru || !rd || up == dn) {
      jac_ok = false;
      break;
    }
    for (std::size_t k = 0; k < n; ++k)
      J(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i)) = -((*ru)[k] - (*rd)[k]) / (up - dn);
  }
  for (auto& e : r.params) e.se = kNaN;
  r.sigma = n > p ? std::sqrt(r.ssr / static_cast<double>(n - p)) : kNaN;
  if (!jac_ok) {
    r.identified = false;
    r.warnings.push_back("the model could not be run next to the optimum: no standard errors");
  } else if (n <= p) {
    r.identified = false;
    r.warnings.push_back(std::to_string(n) + " observations for " + std::to_string(p) +
                         " values: no degrees of freedom left for standard errors (expected more observations)");
  } else {
    Eigen::VectorXd norms = J.colwise().norm().transpose();
    bool zero_col = false;
    for (Eigen::Index i = 0; i < norms.size(); ++i)
      if (!(norms(i) > 0)) {
        zero_col = true;
        r.warnings.push_back(r.params[static_cast<std::size_t>(i)].path +
                             " does not change the simulated series at all: it cannot be estimated from these data");
      }
    if (zero_col) {
      r.identified = false;
    } else {
      const Eigen::MatrixXd Js = J * norms.cwiseInverse().asDiagonal();
      Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(Js);
      qr.setThreshold(1e-10);
      if (qr.rank() < static_cast<Eigen::Index>(p)) {
        r.identified = false;
        r.warnings.push_back("the fitted values are not identified: some combination of them leaves the simulated "
                             "series unchanged (fit fewer values, or add observations that separate them)");
      } else {
        const Eigen::MatrixXd inv =
            (Js.transpose() * Js).ldlt().solve(Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(p),
                                                                         static_cast<Eigen::Index>(p)));
        const Eigen::MatrixXd cov = r.sigma * r.sigma * norms.cwiseInverse().asDiagonal() * inv *
                                    norms.cwiseInverse().asDiagonal();
        r.correlation.assign(p, std::vector<double>(p, 0.0));
        for (std::size_t i = 0; i < p; ++i)
          r.params[i].se = std::sqrt(std::max(0.0, cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i))));
        for (std::size_t i = 0; i < p; ++i)
          for (std::size_t j = 0; j < p; ++j) {
            const double d = std::sqrt(cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) *
                                       cov(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j)));
            r.correlation[i][j] = d > 0 ? cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) / d : 0.0;
            if (j > i && std::abs(r.correlation[i][j]) > 0.99)
              r.warnings.push_back(r.params[i].path + " and " + r.params[j].path + " are nearly collinear (correlation " +
                                   fmt(std::round(r.correlation[i][j] * 1000) / 1000) +
                                   "): the data barely tell them apart");
          }
      }
    }
  }

  // Every observed year with the fitted values.
  auto sim = model.simulate(est, all);
  if (!sim) throw RunError("the fitted scenario cannot be run to the last observed year");
  for (std::size_t k = 0; k < obs.size(); ++k) {
    ResidualRow row;
    row.obs = obs[k];
    row.fitted = use[k];
    row.simulated = (*sim)[k];
    row.residual = transform(obs[k].value, spec.log_space) - transform((*sim)[k], spec.log_space);
    r.rows.push_back(row);
  }

  // Fit per series and sample; pooled R^2 of the fitted sample.
  std::vector<std::tuple<int, int, bool>> keys;
  for (const auto& row : r.rows) {
    auto key = std::make_tuple(row.obs.actor, row.obs.field, row.fitted);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  double sst_pooled = 0, ssr_pooled = 0;
  for (const auto& [a, f, fitted] : keys) {
    SeriesFit s;
    s.actor = a;
    s.field = f;
    s.fitted = fitted;
    double wsum = 0, mean = 0, ssr = 0, sse = 0;
    for (const auto& row : r.rows)
      if (row.obs.actor == a && row.obs.field == f && row.fitted == fitted) {
        s.n += 1;
        wsum += row.obs.weight;
        mean += row.obs.weight * transform(row.obs.value, spec.log_space);
        ssr += row.obs.weight * row.residual * row.residual;
        sse += row.residual * row.residual;
      }
    mean = wsum > 0 ? mean / wsum : 0;
    double sst = 0;
    for (const auto& row : r.rows)
      if (row.obs.actor == a && row.obs.field == f && row.fitted == fitted)
        sst += row.obs.weight * std::pow(transform(row.obs.value, spec.log_space) - mean, 2);
    s.rmse = std::sqrt(sse / static_cast<double>(s.n));
    s.r2 = sst > 0 ? 1 - ssr / sst : kNaN;
    if (fitted) {
      sst_pooled += sst;
      ssr_pooled += ssr;
    }
    r.series.push_back(s);
  }
  r.r2 = sst_pooled > 0 ? 1 - ssr_pooled / sst_pooled : kNaN;

  // Forecasts of the years after the fitted ones, against naive baselines built on the fitted years only.
  if (spec.to) {
    for (const auto& [a, f, fitted] : keys) {
      if (fitted) continue;
      std::vector<double> years, ys;
      for (const auto& row : r.rows)
        if (row.obs.actor == a && row.obs.field == f && row.fitted) {
          years.push_back(row.obs.year);
          ys.push_back(transform(row.obs.value, spec.log_space));
        }
      ForecastScore fs;
      fs.actor = a;
      fs.field = f;
      std::vector<std::size_t> order(years.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return years[x] < years[y]; });
      const bool baselines = years.size() >= 2;
      double drift = 0, last_y = 0, last_v = 0;
      Line trend;
      if (baselines) {
        const std::size_t f0 = order.front(), f1 = order.back();
        last_y = years[f1];
        last_v = ys[f1];
        drift = (ys[f1] - ys[f0]) / (years[f1] - years[f0]);
        trend = ols(years, ys);
      }
      auto back = [&](double v) { return spec.log_space ? std::exp(v) : v; };
      double m_ape = 0, m_sl = 0, rw_ape = 0, rw_sl = 0, tr_ape = 0, tr_sl = 0;
      bool logs_ok = true;
      for (auto& row : r.rows) {
        if (row.obs.actor != a || row.obs.field != f || row.fitted || row.obs.year <= *spec.to) continue;
        const double o = row.obs.value;
        fs.n += 1;
        auto ape = [&](double pred) { return std::abs(pred - o) / std::abs(o); };
        auto sl = [&](double pred) {
          if (!(pred > 0) || !(o > 0)) {
            logs_ok = false;
            return 0.0;
          }
          return std::pow(std::log(pred) - std::log(o), 2);
        };
        m_ape += ape(row.simulated);
        m_sl += sl(row.simulated);
        if (baselines) {
          row.random_walk = back(last_v + drift * (row.obs.year - last_y));
          row.trend = back(trend.a + trend.b * row.obs.year);
          rw_ape += ape(*row.random_walk);
          rw_sl += sl(*row.random_walk);
          tr_ape += ape(*row.trend);
          tr_sl += sl(*row.trend);
        }
      }
      if (fs.n == 0) continue;
      const double nn = static_cast<double>(fs.n);
      fs.model_mape = 100 * m_ape / nn;
      fs.model_rmse_log = logs_ok ? std::sqrt(m_sl / nn) : kNaN;
      fs.rw_mape = baselines ? 100 * rw_ape / nn : kNaN;
      fs.rw_rmse_log = baselines && logs_ok ? std::sqrt(rw_sl / nn) : kNaN;
      fs.trend_mape = baselines ? 100 * tr_ape / nn : kNaN;
      fs.trend_rmse_log = baselines && logs_ok ? std::sqrt(tr_sl / nn) : kNaN;
      r.forecasts.push_back(fs);
    }
  }
  return r;
}

// ---- the fitted scenario ------------------------------------------------------------------------------

namespace {

/// A small YAML tree for fitted.yaml: mappings in insertion order, scalar leaves with comments.
struct YNode {
  // Keys and children side by side: std::vector allows an incomplete element type, std::pair does not
  // (clang's libstdc++ checks), so the children cannot be pairs.
  std::vector<std::string> keys;
  std::vector<YNode> children;
  std::string scalar;
  std::string comment;
  bool leaf = false;

  YNode& at(const std::string& key) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return children[i];
    keys.push_back(key);
    children.emplace_back();
    return children.back();
  }
  void set(const std::vector<std::string>& path, const std::string& value, const std::string& note) {
    YNode* n = this;
    for (const auto& p : path) n = &n->at(p);
    n->keys.clear();
    n->children.clear();
    n->leaf = true;
    n->scalar = value;
    n->comment = note;
  }
  void emit(std::ostream& os, int depth) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const YNode& v = children[i];
      os << std::string(static_cast<std::size_t>(2 * depth), ' ') << keys[i] << ":";
      if (v.leaf) {
        os << " " << v.scalar;
        if (!v.comment.empty()) os << "  # " << v.comment;
        os << "\n";
      } else {
        os << "\n";
        v.emit(os, depth + 1);
      }
    }
  }
};

std::string relative_to(const std::string& file, const std::string& dir) {
  std::error_code ec;
  fs::path abs_file = fs::weakly_canonical(fs::absolute(file, ec), ec);
  fs::path abs_dir = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  fs::path rel = abs_file.lexically_relative(abs_dir);
  return rel.empty() ? abs_file.string() : rel.generic_string();
}

std::string se_note(const ParamEstimate& e) {
  std::string s = "fitted";
  if (std::isfinite(e.se)) s += ", SE " + fmt(e.se);
  s += "; was " + fmt(e.start);
  if (e.at_bound) s += "; at a bound";
  return s;
}

}  // namespace

std::string fitted_yaml(const CalibrationSpec& spec, const CalibrationResult& r, const std::string& dir) {
  const Scenario& sc = r.scenario;
  const std::string base = relative_to(spec.file, dir);
  const std::string display = (fs::path(dir) / "fitted.yaml").string();
  YNode doc;
  std::vector<std::string> notes;
  // Under variants.V when a variant was calibrated, so that `--variant V` of the fitted file is the fit.
  std::vector<std::string> root;
  if (!spec.load.variant.empty()) root = {"variants", spec.load.variant};
  auto under = [&](std::vector<std::string> path) {
    std::vector<std::string> full = root;
    full.insert(full.end(), path.begin(), path.end());
    return full;
  };
  std::vector<std::pair<std::string, double>> overrides;
  for (const auto& e : r.params) overrides.emplace_back(e.path, e.estimate);
  // The fitted model itself, to write what a preset's coefficient changed and to check the file against.
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  lo.overrides = overrides;
  const Scenario fitted = load_scenario(spec.file, lo);
  const std::size_t presets = policy_presets().size();
  auto is_preset = [&](const std::string& name) {
    return std::any_of(policy_presets().begin(), policy_presets().end(), [&](const Policy& p) { return p.name == name; });
  };

  for (const auto& e : r.params) {
    const std::vector<std::string> parts = split(e.path, '.');
    const std::string v = exact(e.estimate), note = se_note(e);
    if (parts[0] == "parameters" || parts[0] == "actors" || parts[0] == "institutions") {
      doc.set(under(parts), v, note);
    } else if (parts[0] == "relations") {
      // The pair under the key the file uses: A-B or B-A (a pair given both ways is an error).
      std::string key = parts[1];
      const auto dash = key.find('-');
      const std::string flipped = key.substr(dash + 1) + "-" + key.substr(0, dash);
      std::vector<std::string> rest(parts.begin() + 2, parts.end());
      auto try_key = [&](const std::string& k) {
        YNode probe;
        std::vector<std::string> path = {"relations", "pairs", k};
        path.insert(path.end(), rest.begin(), rest.end());
        probe.set(path, v, "");
        std::ostringstream os;
        os << "extends: " << base << "\n";
        probe.emit(os, 0);
        LoadOptions plo = spec.load;
        plo.check_all_variants = false;
        plo.overrides.clear();
        try {
          (void)load_scenario_text(os.str(), display, plo);
          return true;
        } catch (const ScenarioError&) {
          return false;
        }
      };
      if (!try_key(key) && try_key(flipped)) key = flipped;
      std::vector<std::string> path = {"relations", "pairs", key};
      path.insert(path.end(), rest.begin(), rest.end());
      doc.set(under(path), v, note);
    } else if (parts[0] == "policies" && !is_preset(parts[1])) {
      doc.set(under(parts), v, note);
    } else if (parts[0] == "policies") {
      // A preset cannot be redefined in a file: write what its new coefficient changed, policy by policy.
      const std::string& preset = parts[1];
      const std::string& coef = parts[2];
      double PolicyParams::*member = nullptr;
      for (const auto& f : policy_fields())
        if (coef == f.key) member = f.member;
      std::set<std::string> named_seen;
      for (std::size_t i = presets; i < sc.policies.size() && i < fitted.policies.size(); ++i) {
        const Policy& before = sc.policies[i];
        const Policy& after = fitted.policies[i];
        const bool named = !is_preset(before.name) && before.name.find('+') == std::string::npos &&
                           named_seen.insert(before.name).second;
        if (!named) continue;
        if (after.params.*member != before.params.*member)
          doc.set(under({"policies", before.name, coef}), exact(after.params.*member),
                  "from " + e.path + " (" + note + ")");
        if (before.conditional && after.defect.*member != before.defect.*member)
          notes.push_back("policy " + before.name + " switches to a policy built on " + preset +
                          ": fitted.yaml cannot carry the preset's new " + coef);
      }
      for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        const int pi = sc.actors[a].policy;
        const Policy& before = sc.policies[static_cast<std::size_t>(pi)];
        const Policy& after = fitted.policies[static_cast<std::size_t>(pi)];
        const std::string& id = sc.actors[a].id;
        if (static_cast<std::size_t>(pi) < presets && before.name == preset) {
          doc.set(under({"actors", id, "policy", "base"}), preset, "");
          doc.set(under({"actors", id, "policy", coef}), v, "from " + e.path + " (" + note + ")");
        } else if (static_cast<std::size_t>(pi) >= presets &&
                   (is_preset(before.name) || before.name.find('+') != std::string::npos) &&
                   after.params.*member != before.params.*member) {
          doc.set(under({"actors", id, "policy", coef}), exact(after.params.*member),
                  "from " + e.path + " (" + note + ")");
        }
      }
    }
  }

  std::ostringstream os;
  os << "# " << sc.name << (sc.variant.empty() ? "" : " [" + sc.variant + "]") << " with values fitted by statecraft calibrate\n";
  os << "# to " << spec.observed << (spec.log_space ? " (in logs)" : "") << ": " << r.n_fit << " observations";
  if (spec.from && spec.to)
    os << " of " << fmt(*spec.from) << " to " << fmt(*spec.to);
  else if (spec.to)
    os << " up to " << fmt(*spec.to);
  else if (spec.from)
    os << " from " << fmt(*spec.from);
  os << "; sum of squares " << fmt(r.ssr_start) << " -> " << fmt(r.ssr) << ", R^2 " << fmt(r.r2) << ".\n";
  os << "# Each fitted value is followed by its standard error (sigma^2 (J^T J)^-1) and the value it replaced.\n";
  if (!spec.load.variant.empty())
    os << "# The fit is of the variant '" << spec.load.variant << "': run this file with --variant "
       << spec.load.variant << ".\n";
  for (const auto& n : notes) os << "# WARNING: " << n << "\n";
  os << "extends: " << base << "\n";
  YNode head;
  head.set({"scenario", "name"}, sc.name + "_fitted", "");
  head.emit(os, 0);
  doc.emit(os, 0);
  std::string text = os.str();

  // It must load back to the fitted model: the same scenario values give the same series.
  std::string problem;
  try {
    LoadOptions back = spec.load;
    back.check_all_variants = false;
    back.overrides.clear();
    Scenario again = load_scenario_text(text, display, back);
    if (!same_values(again, fitted)) problem = "it does not load back to the fitted values";
  } catch (const ScenarioError& e) {
    problem = std::string("it does not load: ") + e.what();
  }
  if (!problem.empty()) {
    text = "# WARNING: this file does not reproduce the fit (" + problem +
           "); use calibration.csv's values with --param instead.\n" + text;
  }
  return text;
}

// ---- writing and reporting ----------------------------------------------------------------------------

namespace {

std::string num(double x) { return std::isfinite(x) ? fmt(x) : ""; }

const char* sample_name(const ResidualRow& row, const CalibrationSpec& spec) {
  if (row.fitted) return "fit";
  if (spec.to && row.obs.year > *spec.to) return "forecast";
  if (spec.from && row.obs.year < *spec.from) return "before";
  return "unweighted";
}

}  // namespace

namespace {

/// What every calibration manifest starts with: the program, the command, the scenario, the observed data.
void manifest_head(std::ostream& os, const CalibrationSpec& spec, const Scenario& sc, const char* command) {
  const std::string data = read_observed_text(spec.observed, spec.load.limits.file_bytes);
  os << "{\n  \"program\": \"statecraft\",\n  \"version\": " << json_string(STATECRAFT_VERSION) << ",\n";
  os << "  \"command\": " << json_string(command) << ",\n";
  write_scenario_provenance(os, sc, spec.file);
  os << "  \"seed\": " << sc.seed << ",\n  \"run\": 0,\n";
  os << "  \"observed\": {\"path\": " << json_string(spec.observed) << ", \"sha256\": "
     << json_string(sha256_hex(data)) << "},\n";
}

/// The last field of a manifest, the files it vouches for, and the closing brace.
void manifest_files(std::ostream& os, const std::vector<std::string>& files) {
  os << "  \"files\": [";
  for (std::size_t i = 0; i < files.size(); ++i) os << (i ? ", " : "") << json_string(files[i]);
  os << "]\n}\n";
}

}  // namespace

void write_calibration(const CalibrationSpec& spec, const CalibrationResult& r, OutputDir& dir) {
  const Scenario& sc = r.scenario;
  const std::string yaml = fitted_yaml(spec, r, dir.path());
  {
    auto& os = dir.file("calibration.csv");
    os << "param,start,estimate,se,lo,hi,at_bound\n";
    for (const auto& e : r.params)
      os << csv_field(e.path) << "," << fmt(e.start) << "," << exact(e.estimate) << "," << num(e.se) << ","
         << fmt(e.lo) << "," << fmt(e.hi) << "," << (e.at_bound ? 1 : 0) << "\n";
  }
  {
    auto& os = dir.file("residuals.csv");
    os << "year,actor,metric,sample,observed,simulated,residual,weight,random_walk,linear_trend\n";
    for (const auto& row : r.rows)
      os << fmt(row.obs.year) << "," << csv_field(sc.actors[static_cast<std::size_t>(row.obs.actor)].id) << ","
         << metric_name(row.obs.field) << "," << sample_name(row, spec) << "," << fmt(row.obs.value) << ","
         << fmt(row.simulated) << "," << fmt(row.residual) << "," << fmt(row.obs.weight) << ","
         << (row.random_walk ? fmt(*row.random_walk) : "") << "," << (row.trend ? fmt(*row.trend) : "") << "\n";
  }
  {
    auto& os = dir.file("fit.csv");
    os << "actor,metric,sample,n,rmse,r2\n";
    for (const auto& s : r.series)
      os << csv_field(sc.actors[static_cast<std::size_t>(s.actor)].id) << "," << metric_name(s.field) << ","
         << (s.fitted ? "fit" : "held_out") << "," << s.n << "," << fmt(s.rmse) << "," << num(s.r2) << "\n";
    os << "all,all,fit," << r.n_fit << "," << num(r.n_fit ? std::sqrt(r.ssr / static_cast<double>(r.n_fit)) : kNaN)
       << "," << num(r.r2) << "\n";
  }
  std::vector<std::string> files = {"calibration.csv", "residuals.csv", "fit.csv"};
  if (!r.forecasts.empty()) {
    auto& os = dir.file("forecast.csv");
    os << "actor,metric,n,model_mape,model_rmse_log,random_walk_mape,random_walk_rmse_log,linear_trend_mape,"
          "linear_trend_rmse_log\n";
    for (const auto& f : r.forecasts)
      os << csv_field(sc.actors[static_cast<std::size_t>(f.actor)].id) << "," << metric_name(f.field) << "," << f.n
         << "," << num(f.model_mape) << "," << num(f.model_rmse_log) << "," << num(f.rw_mape) << ","
         << num(f.rw_rmse_log) << "," << num(f.trend_mape) << "," << num(f.trend_rmse_log) << "\n";
    files.push_back("forecast.csv");
  }
  dir.file("fitted.yaml") << yaml;
  files.push_back("fitted.yaml");
  files.push_back("manifest.json");
  {
    auto& os = dir.file("manifest.json");
    manifest_head(os, spec, sc, "calibrate");
    os << "  \"from\": " << (spec.from ? fmt(*spec.from) : "null") << ",\n";
    os << "  \"to\": " << (spec.to ? fmt(*spec.to) : "null") << ",\n";
    os << "  \"log\": " << (spec.log_space ? "true" : "false") << ",\n";
    os << "  \"max_evals\": " << spec.max_evals << ",\n";
    os << "  \"optimizer\": \"NLopt LN_BOBYQA\",\n";
    os << "  \"fit\": [";
    for (std::size_t i = 0; i < r.params.size(); ++i)
      os << (i ? ", " : "") << "{\"path\": " << json_string(r.params[i].path) << ", \"lo\": " << fmt(r.params[i].lo)
         << ", \"hi\": " << fmt(r.params[i].hi) << "}";
    os << "],\n";
    manifest_files(os, files);
  }
  dir.commit();
}

void write_midyear_manifest(std::ostream& os, const CalibrationSpec& spec, const Scenario& sc,
                            const std::vector<std::string>& files) {
  manifest_head(os, spec, sc, "calibrate --midyear");
  manifest_files(os, files);
}

std::string calibration_report(const CalibrationResult& r) {
  const Scenario& sc = r.scenario;
  std::ostringstream os;
  auto pad = [](std::string s, std::size_t w) {
    if (s.size() < w) s += std::string(w - s.size(), ' ');
    return s;
  };
  auto lpad = [](std::string s, std::size_t w) {
    if (s.size() < w) s = std::string(w - s.size(), ' ') + s;
    return s;
  };
  auto g4 = [](double x) {
    if (!std::isfinite(x)) return std::string("-");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4g", x);
    return std::string(buf);
  };
  std::size_t w = 5;
  for (const auto& e : r.params) w = std::max(w, e.path.size());
  os << "Estimates (" << r.n_fit << (r.n_fit == 1 ? " observation, " : " observations, ") << r.params.size()
     << (r.params.size() == 1 ? " value; " : " values; ") << r.stop << " after " << r.evals << " model runs):\n\n";
  os << "  " << pad("value", w) << "  " << lpad("start", 11) << "  " << lpad("estimate", 11) << "  " << lpad("SE", 11)
     << "\n";
  for (const auto& e : r.params)
    os << "  " << pad(e.path, w) << "  " << lpad(g4(e.start), 11) << "  " << lpad(g4(e.estimate), 11) << "  "
       << lpad(std::isfinite(e.se) ? g4(e.se) : "-", 11) << (e.at_bound ? "  at a bound" : "") << "\n";
  os << "\n  sum of squares " << g4(r.ssr_start) << " -> " << g4(r.ssr) << ", sigma " << g4(r.sigma) << ", R^2 "
     << g4(r.r2) << "\n\n";
  std::size_t wa = 5;
  for (const auto& a : sc.actors) wa = std::max(wa, a.id.size());
  os << "Fit per series:\n\n  " << pad("actor", wa) << "  " << pad("metric", 12) << "  " << pad("sample", 8) << "  "
     << lpad("n", 4) << "  " << lpad("RMSE", 10) << "  " << lpad("R^2", 8) << "\n";
  for (const auto& s : r.series)
    os << "  " << pad(sc.actors[static_cast<std::size_t>(s.actor)].id, wa) << "  " << pad(metric_name(s.field), 12)
       << "  " << pad(s.fitted ? "fit" : "held out", 8) << "  " << lpad(std::to_string(s.n), 4) << "  "
       << lpad(g4(s.rmse), 10) << "  " << lpad(g4(s.r2), 8) << "\n";
  if (!r.forecasts.empty()) {
    os << "\nForecast errors on the held-out years (MAPE %, RMSE of logs), against naive baselines fitted on the "
          "same years:\n\n  "
       << pad("actor", wa) << "  " << pad("metric", 8) << "  " << lpad("n", 3) << "  " << lpad("model", 15) << "  "
       << lpad("random walk", 15) << "  " << lpad("linear trend", 15) << "  best\n";
    for (const auto& f : r.forecasts) {
      auto cell = [&](double mape, double rl) { return lpad(g4(mape) + " / " + g4(rl), 15); };
      std::string best = "model";
      double b = f.model_rmse_log;
      if (f.rw_rmse_log < b) {
        b = f.rw_rmse_log;
        best = "random walk";
      }
      if (f.trend_rmse_log < b) best = "linear trend";
      os << "  " << pad(sc.actors[static_cast<std::size_t>(f.actor)].id, wa) << "  " << pad(metric_name(f.field), 8)
         << "  " << lpad(std::to_string(f.n), 3) << "  " << cell(f.model_mape, f.model_rmse_log) << "  "
         << cell(f.rw_mape, f.rw_rmse_log) << "  " << cell(f.trend_mape, f.trend_rmse_log) << "  " << best << "\n";
    }
  }
  for (const auto& wmsg : r.warnings) os << "\nwarning: " << wmsg;
  if (!r.warnings.empty()) os << "\n";
  return os.str();
}

// ---- Richardson's regression --------------------------------------------------------------------------

MidyearFit midyear_regression(const std::vector<double>& x) {
  if (x.size() < 3) throw std::invalid_argument("the mid-year regression needs at least three yearly values");
  std::vector<double> mid, inc;
  for (std::size_t t = 0; t + 1 < x.size(); ++t) {
    mid.push_back(0.5 * (x[t] + x[t + 1]));
    inc.push_back(x[t + 1] - x[t]);
  }
  const Line l = ols(mid, inc);
  if (l.b == 0) throw std::invalid_argument("the mid-year values do not vary: no line can be fitted");
  MidyearFit f;
  f.n = mid.size();
  f.slope = l.b;
  f.intercept = l.a;
  f.root = -l.a / l.b;
  f.se_slope = l.se_b;
  f.se_intercept = l.se_a;
  f.r2 = l.r2;
  f.one_year = std::expm1(l.b);
  return f;
}

RichardsonCheck richardson_check(const CalibrationSpec& spec) {
  RichardsonCheck c;
  LoadOptions lo = spec.load;
  lo.overrides.clear();
  const Scenario sc = load_scenario(spec.file, lo);
  std::vector<Observation> obs;
  for (const auto& o : read_observations(spec.observed, sc, false, spec.load.limits.file_bytes))
    if ((!spec.from || o.year >= *spec.from - 1e-9) && (!spec.to || o.year <= *spec.to + 1e-9)) obs.push_back(o);
  if (obs.empty()) throw UsageError("--midyear: no observation of " + spec.observed + " in the years asked for");
  const int field = obs.front().field;
  for (const auto& o : obs)
    if (o.field != field)
      throw UsageError("--midyear: " + spec.observed + " has both " + metric_name(field) + " and " +
                       metric_name(o.field) + " (expected one metric, summed over actors)");
  std::map<double, std::set<int>> actors_of;
  std::map<double, double> sum;
  for (const auto& o : obs) {
    actors_of[o.year].insert(o.actor);
    sum[o.year] += o.value;
  }
  const std::set<int>& first = actors_of.begin()->second;
  for (const auto& [year, set] : actors_of)
    if (set != first)
      throw UsageError("--midyear: the year " + fmt(year) + " has other actors than " + fmt(actors_of.begin()->first) +
                       " (expected the same actors every year, to sum them)");
  double prev = 0;
  bool any = false;
  for (const auto& [year, v] : sum) {
    if (any && std::abs(year - prev - 1) > 1e-9)
      throw UsageError("--midyear: the years " + fmt(prev) + " and " + fmt(year) +
                       " are not consecutive (expected one value a year)");
    c.years.push_back(year);
    c.observed.push_back(v);
    prev = year;
    any = true;
  }
  if (c.years.size() < 3) throw UsageError("--midyear: fewer than three years (expected at least three, for two increases and a line)");
  c.metric = metric_name(field);
  c.actors.assign(first.begin(), first.end());
  for (int a : c.actors) c.actor_ids.push_back(sc.actors[static_cast<std::size_t>(a)].id);
  c.fit = midyear_regression(c.observed);
  Model model(spec, {}, obs);
  auto sim = model.run(sc, std::vector<char>(obs.size(), 1));
  if (!sim) throw RunError("the scenario cannot be run to the last observed year");
  std::map<double, double> ssum;
  for (std::size_t k = 0; k < obs.size(); ++k) ssum[obs[k].year] += (*sim)[k];
  for (double y : c.years) c.simulated.push_back(ssum[y]);
  return c;
}

}  // namespace statecraft
