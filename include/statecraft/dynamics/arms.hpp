#pragma once
// Arms (Richardson, MODEL.md section 4): each state reacts to its rivals' spending, tires of its own, and
// keeps up its grievance; spending stays within [0, max_share GDP]; capability accumulates spending.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Proposes the step's spending. Reads the state (spending, GDP, fatigue, baseline, grievance, ceiling), the
/// perceived rivalry and the decisions' reactions; writes flows.next_milex.
void propose_arms(const State& s, const Perception& seen, const Decisions& d, double dt, Flows& flows);

/// Capability depreciates and accumulates the new spending, which becomes the state's.
void commit_arms(const Flows& flows, const Parameters::Arms& p, double dt, State& s);

}  // namespace statecraft
