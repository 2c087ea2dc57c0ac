#include "statecraft/dynamics/transparency.hpp"

#include <algorithm>

namespace statecraft {

void raise_transparency(const Decisions& d, double dt, State& s) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    s.transparency_strategic(i) = std::min(1.0, s.transparency_strategic(i) + dt * d.effort(i));
    s.transparency_operational(i) = std::min(1.0, s.transparency_operational(i) + dt * d.effort(i));
  }
}

}  // namespace statecraft
