#pragma once
// Institutions (MODEL.md section 7): which are active at a step (by their calendar, or started and ended by
// events), and what the active ones imply for each pair: dialogue and alliance floors, incident mitigation,
// cooperation, crisis-management relief, raised trust priors, and the dispute friction codes of conduct cover.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the scenario's institutions (kind, members, rules) and disputes, the state's institution strengths,
/// calendars and overrides and its base prior, the parameters; writes the effects. They are rebuilt only when the
/// set of active institutions changed, a set event changed an institution (`out.stale`), or with `force`: returns
/// whether they were.
bool refresh_institutions(const Scenario& sc, const Parameters& p, int step, const State& s, InstitutionEffects& out,
                          bool force);

}  // namespace statecraft
