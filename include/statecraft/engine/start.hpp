#pragma once
// A consistent start (docs/model.md, "A consistent start"; `parameters.start.consistent`). The recorded start of
// a scenario (2012's spending, trust and tension) is data, but the values the dynamics need besides it (each
// state's no-threat baseline share, the priors trust is pulled back to, the friction that sustains each pair's
// tension) are not observed. Left at their defaults, the first step jumps toward wherever the dynamics would
// rather be. Derived instead so that the recorded start is at rest, in expectation, under the scenario's own
// policies: spending neither rises nor falls, trust holds, tension holds. Variants start from the values of
// the scenario without them, so what a variant changes shows as change.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// The start values that put `observed` at rest (see above). Baseline shares the file gives are kept; where a
/// derived baseline would fall below `start.baseline_floor` of the initial share, it stays there and the
/// state's reaction is scaled down instead (a reaction scale below 1 says the model over-predicts its
/// hostility). In the money form of arms (`arms.in_money`) spending is left as given.
StartValues derive_start(const Scenario& observed);

}  // namespace statecraft
