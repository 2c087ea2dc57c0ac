#pragma once
// Scenario values by path, as the calibration reads, checks and sets them (scenario_paths.cpp).
#include <string>
#include <vector>

#include "statecraft/experiment/calibrate.hpp"

namespace statecraft::calib {

/// A fitted value's current value in `sc` and the range the loader accepts for it (with the bounds the
/// other values of the scenario imply: baseline_share <= max_share, milex <= max_share gdp). Returns false
/// for a path it cannot read (the loader then says what is wrong with it).
bool value_and_range(const Scenario& sc, const std::string& path, double& value, double& lo, double& hi);

/// The loader's message for a path it rejects, re-addressed to --fit.
std::vector<Diagnostic> path_errors(const CalibrationSpec& spec, const std::string& path);

/// Whether two scenarios hold the same values wherever a fitted path or a default derived from one can
/// land: every actor field, every policy's coefficients, every parameter, the initial pair matrices.
bool same_values(const Scenario& a, const Scenario& b);

/// Sets a fitted path's value directly on a loaded scenario (no defaults re-derived, nothing checked).
bool set_direct(Scenario& sc, const std::string& path, double v);

}  // namespace statecraft::calib
