#pragma once
// Tension (MODEL.md section 6): friction (mutual threat, uncovered dispute friction, an arms race) against
// relief (dialogue, shared crisis management, mutual trust, a base relief), plus this step's incident jumps.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the state (tension, dialogue, updated trust, style), the perceived threat, the institutions (uncovered
/// friction, crisis relief), the flows (growth of spending and output, incident jumps); writes the state's
/// tension, the raw tension and (with `record_drivers`) every tension term but incidents and events.
void update_tension(World& w, double dt, bool record_drivers);

}  // namespace statecraft
