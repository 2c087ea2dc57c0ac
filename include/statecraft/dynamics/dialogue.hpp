#pragma once
// Dialogue (MODEL.md section 4): it needs both sides' offers; institutions set a floor, law or politics a cap
// (the cap wins), and a suspension stops the talks, floors included.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the decisions' offers, the institutions' floors, the state's suspensions and caps; writes the
/// state's dialogue. `step` is the step being taken (suspensions run until a step).
void update_dialogue(const Decisions& d, const InstitutionEffects& inst, const Parameters::Dialogue& p, int step,
                     double dt, State& s);

}  // namespace statecraft
