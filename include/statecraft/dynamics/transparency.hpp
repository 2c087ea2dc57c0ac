#pragma once
// Transparency (MODEL.md section 4): each actor's strategic and operational transparency rises toward 1 by
// the effort its policy makes.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the decisions' effort; writes the state's transparencies.
void raise_transparency(const Decisions& d, double dt, State& s);

}  // namespace statecraft
