#pragma once
// Domestic politics (MODEL.md section 3): hawkishness follows the mean tension the state faces.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the state's tension; writes its hawkishness.
void update_hawkishness(const Parameters::Domestic& p, double dt, State& s);

}  // namespace statecraft
