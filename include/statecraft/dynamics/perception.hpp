#pragma once
// Perceive (MODEL.md section 4): power shares, burden shares, allied capability, and Walt's balance of threat
// with its rivalry weights, from the state at the start of a step.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the state; writes the perception. Capabilities are positive, so no division is by zero.
void perceive(const State& s, const Parameters::Power& power, Perception& out);

}  // namespace statecraft
