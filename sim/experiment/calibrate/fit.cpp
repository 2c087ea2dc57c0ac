// The fit: weighted least squares of the observations on the fitted values by NLopt's BOBYQA (Powell 2009),
// then standard errors sigma^2 (J^T J)^-1 with J the Jacobian of the weighted residuals at the optimum.
#include <algorithm>
#include <cmath>
#include <optional>

#include <Eigen/Dense>
#include <nlopt.hpp>

#include "statecraft/output/csv.hpp"
#include "common.hpp"
#include "stages.hpp"

namespace statecraft::calib {
namespace {

/// The sum of squares as the optimizer sees it: a function of z, the values in units of their steps.
struct Objective {
  const Model* model;
  const std::vector<Observation>* obs;
  std::vector<char> use;  ///< fitted observations
  bool log_space = false;
  std::vector<double> x0, scale;  ///< theta = x0 + scale * z
  std::vector<double> lo, hi;     ///< the bounds in units of z
  double penalty = 1e300;
  int evals = 0, failed = 0;
  const std::atomic<bool>* stop = nullptr;  ///< a signal asks to stop: the next model run throws

  std::vector<double> theta(const std::vector<double>& z) const {
    std::vector<double> t(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) t[i] = x0[i] + scale[i] * z[i];
    return t;
  }
  /// Weighted residuals sqrt(w) (observed - simulated) of the fitted observations, or nullopt.
  std::optional<std::vector<double>> residuals(const std::vector<double>& th, std::string* why = nullptr) const {
    throw_if_stopped(stop);
    auto sim = model->simulate(th, use, why);
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

/// The objective from the values' starts and bounds. The search's unit step for each value: a tenth of the
/// value, or of the range when the value is 0, at least a thousandth of the range (up to 1) so that a value
/// starting near 0 can move; at most a quarter of the range.
Objective make_objective(const CalibrationSpec& spec, const Model& model, const std::vector<Observation>& obs,
                         const std::vector<char>& use, const std::vector<ParamEstimate>& params) {
  Objective obj{&model, &obs, use, spec.log_space, {}, {}, {}, {}};
  obj.stop = spec.stop;
  for (const ParamEstimate& e : params) {
    const double range = std::min(1.0, e.hi - e.lo);
    double s = e.start != 0 ? std::max(0.1 * std::abs(e.start), 1e-3 * range) : 0.1 * range;
    s = std::min(s, 0.25 * (e.hi - e.lo));
    obj.x0.push_back(e.start);
    obj.scale.push_back(s);
    obj.lo.push_back((e.lo - e.start) / s);
    obj.hi.push_back((e.hi - e.start) / s);
  }
  return obj;
}

/// "actors.A.growth=0.49, parameters.trust.forgetting=0.2": the values of a point of the search.
std::string values_text(const std::vector<ParamEstimate>& params, const std::vector<double>& theta) {
  std::string text;
  for (std::size_t i = 0; i < params.size(); ++i)
    text += (i ? ", " : "") + params[i].path + "=" + format_number(theta[i]);
  return text;
}

/// Why the sum of squares is not finite at the start, as a run failure's message: the observation whose weighted
/// residual squares to the most (past the largest number, or the largest of a sum that overflows), with the
/// advice that fits its cause: its weight when the residual alone squares to a number, else --log.
std::string overflowing_residual(const Objective& obj, const std::vector<double>& residuals) {
  std::size_t fitted = 0, worst = 0;
  double largest = -1, worst_residual = 0;
  for (std::size_t k = 0; k < obj.obs->size(); ++k) {
    if (!obj.use[k]) continue;
    const double residual = residuals[fitted++];
    if (residual * residual > largest && largest != HUGE_VAL) {  // the first infinite one stays the worst
      largest = residual * residual;
      worst = k;
      worst_residual = residual;
    }
  }
  if (largest < 0) return "the sum of squares is not finite at the fit's starting values";
  const Observation& o = (*obj.obs)[worst];
  // The residuals are weighted by sqrt(weight): a heavy weight can make a modest residual overflow.
  const double plain = worst_residual / std::sqrt(o.weight), plain_square = plain * plain;
  const bool by_weight = o.weight > 1 && std::isfinite(plain_square);
  return "the sum of squares is not finite at the fit's starting values: the residual of line " +
         std::to_string(o.line) + " of the observations (" + format_number(o.year) + ", observed " +
         format_number(o.value) + (by_weight ? ", weight " + format_number(o.weight) : std::string()) + ") " +
         (std::isfinite(largest) ? "has the largest of the squares, whose sum passes the largest number"
                                 : "squares past the largest number") +
         (by_weight ? " (expected a smaller weight: without it the square is " + format_number(plain_square) + ")"
                    : " (expected --log for values this large)");
}

/// Checks that the starting values make a scenario, takes the model's fast path if it is exact there and half
/// a step away, and scores the start: its sum of squares, and the penalty of a run that fails.
void score_start(Objective& obj, Model& model, CalibrationResult& r) {
  const std::vector<double>& x0 = obj.x0;
  std::string why;
  if (!model.loaded(x0, &why)) throw ScenarioError({Diagnostic{Mark{"--fit", 0, 0}, "", why}});
  std::vector<double> probe(x0.size());
  for (std::size_t i = 0; i < x0.size(); ++i)
    probe[i] = x0[i] + 0.5 * obj.scale[i] <= r.params[i].hi ? x0[i] + 0.5 * obj.scale[i] : x0[i] - 0.5 * obj.scale[i];
  model.try_fast_path(x0, probe);
  std::string failure;
  auto r0 = obj.residuals(x0, &failure);
  if (!r0) throw RunError("the scenario cannot be run at the fit's starting values (" + values_text(r.params, x0) +
                          "): " + failure);
  for (double x : *r0) r.ssr_start += x * x;
  // A sum of squares that is not finite at the start leaves the search nothing to compare: every point would
  // score the same, and it would "converge" where it began.
  if (!std::isfinite(r.ssr_start)) throw RunError(overflowing_residual(obj, *r0));
  obj.penalty = std::max(1e6 * (1 + r.ssr_start), 1e30);
}

/// One BOBYQA search from `z` (updated) with at most `left` model runs; returns the sum of squares it reached.
double bobyqa(Objective& obj, int round, int left, std::vector<double>& z, nlopt::result& res,
              const CalibrationSpec& spec, CalibrationResult& r) {
  const std::size_t p = z.size();
  nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(p));
  opt.set_lower_bounds(obj.lo);
  opt.set_upper_bounds(obj.hi);
  opt.set_min_objective(nlopt_objective, &obj);
  opt.set_xtol_abs(1e-9);
  opt.set_ftol_rel(1e-10);
  opt.set_maxeval(left);
  std::vector<double> step(p);
  for (std::size_t i = 0; i < p; ++i) step[i] = std::min(round == 0 ? 1.0 : 0.1, 0.25 * (obj.hi[i] - obj.lo[i]));
  opt.set_initial_step(step);
  double f = 0;
  try {
    res = opt.optimize(z, f);
  } catch (const nlopt::roundoff_limited&) {
    res = nlopt::ROUNDOFF_LIMITED;
    f = obj.ssr(obj.theta(z));
  } catch (const std::exception& e) {
    r.warnings.push_back(std::string("the optimizer stopped: ") + e.what());
    throw_if_stopped(spec.stop);
    res = nlopt::FAILURE;
    f = obj.ssr(obj.theta(z));
  }
  return f;
}

/// BOBYQA in units of `scale`, restarted from its optimum until a restart gains nothing (at most four
/// searches); returns the best z.
std::vector<double> minimise(Objective& obj, const CalibrationSpec& spec, CalibrationResult& r) {
  const std::size_t p = obj.x0.size();
  std::vector<double> z(p, 0.0);
  double best = r.ssr_start;
  nlopt::result res = nlopt::SUCCESS;
  for (int round = 0; round < 4; ++round) {
    const int left = spec.max_evals - obj.evals;
    if (left <= 2 * static_cast<int>(p) + 2) {
      res = nlopt::MAXEVAL_REACHED;
      break;
    }
    std::vector<double> zz = z;
    const double f = bobyqa(obj, round, left, zz, res, spec, r);
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
  return z;
}

/// The estimates within their bounds, with a warning for each at a bound and for estimates that, each within
/// its range, do not make a valid scenario together.
std::vector<double> set_estimates(const std::vector<double>& theta, const Model& model, CalibrationResult& r) {
  for (std::size_t i = 0; i < r.params.size(); ++i) {
    ParamEstimate& e = r.params[i];
    e.estimate = std::clamp(theta[i], e.lo, e.hi);
    const double tol = 1e-6 * std::max(1.0, std::abs(e.hi - e.lo));
    e.at_bound = e.estimate - e.lo < tol || e.hi - e.estimate < tol;
    if (e.at_bound)
      r.warnings.push_back(e.path + " is at a bound of its range (" + fmt(e.lo) + ":" + fmt(e.hi) +
                           "): its standard error assumes an interior optimum");
  }
  std::vector<double> est;
  for (const auto& e : r.params) est.push_back(e.estimate);
  std::string why;
  if (!model.loaded(est, &why))
    r.warnings.push_back("the estimates do not make a valid scenario (the values were searched one by one within "
                         "their ranges): " + why);
  return est;
}

/// The Jacobian of the weighted residuals (n of them) at `est` by central differences of a ten-thousandth of
/// each value's step, or nullopt if the model cannot be run there.
std::optional<Eigen::MatrixXd> jacobian(const Objective& obj, const std::vector<double>& est,
                                        const std::vector<ParamEstimate>& params, std::size_t n) {
  const std::size_t p = params.size();
  Eigen::MatrixXd J(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p));
  for (std::size_t i = 0; i < p; ++i) {
    const ParamEstimate& e = params[i];
    const double h = 1e-4 * obj.scale[i];
    double up = std::min(est[i] + h, e.hi), dn = std::max(est[i] - h, e.lo);
    std::vector<double> tu = est, td = est;
    tu[i] = up;
    td[i] = dn;
    auto ru = obj.residuals(tu), rd = obj.residuals(td);
    if (!ru || !rd || up == dn) return std::nullopt;
    for (std::size_t k = 0; k < n; ++k)
      J(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i)) = -((*ru)[k] - (*rd)[k]) / (up - dn);
  }
  return J;
}

/// Standard errors and correlations from sigma^2 (J^T J)^-1, the columns of J scaled to unit norm first so that
/// the rank test does not depend on the values' units; a warning for each value the data cannot estimate.
void covariance(const Eigen::MatrixXd& J, CalibrationResult& r) {
  const std::size_t p = r.params.size();
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
    return;
  }
  const Eigen::MatrixXd Js = J * norms.cwiseInverse().asDiagonal();
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(Js);
  qr.setThreshold(1e-10);
  if (qr.rank() < static_cast<Eigen::Index>(p)) {
    r.identified = false;
    r.warnings.push_back("the fitted values are not identified: some combination of them leaves the simulated "
                         "series unchanged (fit fewer values, or add observations that separate them)");
    return;
  }
  const auto P = static_cast<Eigen::Index>(p);
  const Eigen::MatrixXd inv = (Js.transpose() * Js).ldlt().solve(Eigen::MatrixXd::Identity(P, P));
  const Eigen::MatrixXd cov =
      r.sigma * r.sigma * norms.cwiseInverse().asDiagonal() * inv * norms.cwiseInverse().asDiagonal();
  auto at = [&](std::size_t i, std::size_t j) { return cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)); };
  r.correlation.assign(p, std::vector<double>(p, 0.0));
  for (std::size_t i = 0; i < p; ++i) r.params[i].se = std::sqrt(std::max(0.0, at(i, i)));
  for (std::size_t i = 0; i < p; ++i)
    for (std::size_t j = 0; j < p; ++j) {
      const double d = std::sqrt(at(i, i) * at(j, j));
      r.correlation[i][j] = d > 0 ? at(i, j) / d : 0.0;
      if (j > i && std::abs(r.correlation[i][j]) > 0.99)
        r.warnings.push_back(r.params[i].path + " and " + r.params[j].path + " are nearly collinear (correlation " +
                             fmt(std::round(r.correlation[i][j] * 1000) / 1000) + "): the data barely tell them apart");
    }
}

/// The sum of squares at the estimates and, where the data allow, standard errors.
void standard_errors(const Objective& obj, const std::vector<double>& est, CalibrationResult& r) {
  auto r_hat = obj.residuals(est);
  if (!r_hat) throw RunError("the fitted scenario cannot be run");
  r.ssr = 0;
  for (double x : *r_hat) r.ssr += x * x;
  r.evals = obj.evals;
  r.failed_evals = obj.failed;
  const std::size_t n = r_hat->size(), p = r.params.size();
  const std::optional<Eigen::MatrixXd> J = jacobian(obj, est, r.params, n);
  for (auto& e : r.params) e.se = kNaN;
  r.sigma = n > p ? std::sqrt(r.ssr / static_cast<double>(n - p)) : kNaN;
  if (!J) {
    r.identified = false;
    r.warnings.push_back("the model could not be run next to the optimum: no standard errors");
  } else if (n <= p) {
    r.identified = false;
    r.warnings.push_back(std::to_string(n) + " observations for " + std::to_string(p) +
                         " values: no degrees of freedom left for standard errors (expected more observations)");
  } else {
    covariance(*J, r);
  }
}

}  // namespace

std::vector<double> fit_values(const CalibrationSpec& spec, Model& model, const std::vector<Observation>& obs,
                               const std::vector<char>& use, CalibrationResult& r) {
  Objective obj = make_objective(spec, model, obs, use, r.params);
  score_start(obj, model, r);
  const std::vector<double> z = minimise(obj, spec, r);
  const std::vector<double> est = set_estimates(obj.theta(z), model, r);
  standard_errors(obj, est, r);
  return est;
}

}  // namespace statecraft::calib
