#pragma once
// Domestic politics (MODEL.md section 3): hawkishness follows a share (domestic.tension_weight) of the mean
// tension the state faces, so that the feedback from tension to firmness stays bounded.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the state's tension; writes its hawkishness.
void update_hawkishness(const Parameters::Domestic& p, double dt, State& s);

}  // namespace statecraft
