#pragma once
// Arms (docs/model.md, "Arms"). By default in burden shares s = M/Y: each state reacts to its rivals' shares,
// weighted by the threat each poses (Walt), against a rising marginal cost near its ceiling, and tires back
// toward its baseline share:
//     ds/dt = R (1 - s/cap) - a (s - b),   R = c_R 2 sum_j k_ij theta_ij s_j,
// stepped exactly over dt (the solution of this linear equation), so a share approaches its ceiling but never
// reaches it, and a small state does not answer a large rival with several times its own budget. With
// `arms.in_money` the reference's Richardson form in billions (MODEL.md section 4), kept for the analytic cases.
// Capability accumulates spending.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// R_i of the share form: the reaction of actor i to its rivals' burden shares, weighted by threat.
double share_reaction(const State& s, const Perception& seen, const Decisions& d, const Parameters::Arms& p, int i);

/// Proposes the step's spending. Reads the state (spending, GDP, fatigue, baseline, grievance, ceiling), the
/// perceived threat, rivalry and shares, and the decisions' reactions. In shares: writes flows.next_share,
/// which settle_spending() turns into money once the economy has proposed its output; in money: writes
/// flows.next_milex.
void propose_arms(const State& s, const Perception& seen, const Decisions& d, const Parameters::Arms& p, double dt,
                  Flows& flows);

/// In shares, the new spending is the new share of the new output: flows.next_milex from flows.next_share and
/// flows.next_gdp. (Nothing to do in money.)
void settle_spending(const Parameters::Arms& p, Flows& flows);

/// Capability depreciates and accumulates the new spending, which becomes the state's.
void commit_arms(const Flows& flows, const Parameters::Arms& p, double dt, State& s);

}  // namespace statecraft
