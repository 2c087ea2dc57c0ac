#pragma once
// The stages of calibrate() after the observations are read: the fit (fit.cpp) and the scores of the fitted
// model (scores.cpp). Each fills its part of the result.
#include <vector>

#include "statecraft/experiment/calibrate.hpp"
#include "model.hpp"

namespace statecraft::calib {

/// Fits the values of `r.params` (their starts and bounds set) to the observations with `use[k]`: least
/// squares by BOBYQA, then standard errors and correlations from the Jacobian at the optimum. Fills the
/// estimates, ssr_start, ssr, sigma, evals, stop, identified, correlation and warnings; returns the estimates.
std::vector<double> fit_values(const CalibrationSpec& spec, Model& model, const std::vector<Observation>& obs,
                               const std::vector<char>& use, CalibrationResult& r);

/// The fitted model against every observation: residual rows, the fit per series and sample with the pooled
/// R^2, and forecast errors of held-out years against naive baselines.
void score_fit(const CalibrationSpec& spec, const Model& model, const std::vector<Observation>& obs,
               const std::vector<char>& use, const std::vector<double>& estimates, CalibrationResult& r);

}  // namespace statecraft::calib
