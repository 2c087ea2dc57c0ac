#pragma once
// Whether two scenarios hold the same values (same_values.cpp).
#include "statecraft/scenario/scenario.hpp"

namespace statecraft::calib {

/// Whether two scenarios hold the same values wherever a fitted path or a default derived from one can
/// land: every actor field, every policy's coefficients, every parameter, the institutions' strengths and
/// calendars, the initial pair matrices.
bool same_values(const Scenario& a, const Scenario& b);

}  // namespace statecraft::calib
