// Set events that would replace a swept or fitted value: left out (statecraft/experiment/held_values.hpp).
#include "statecraft/experiment/held_values.hpp"

#include <algorithm>

#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft {
namespace {

/// Whether an event's target and a held path name the same value (or the held one every actor's).
bool same_value(const ValuePath& event, const ValuePath& held) {
  if (event.kind != held.kind) return false;
  switch (event.kind) {
    case PathKind::Parameter: return event.param == held.param;
    case PathKind::Actor:
      return event.actor_field == held.actor_field && (held.a == ValuePath::kEveryActor || event.a == held.a);
    case PathKind::Pair:
      if (event.pair_field != held.pair_field) return false;
      if (describe(event.pair_field).directed) return event.a == held.a && event.b == held.b;  // a: the observer
      return std::minmax(event.a, event.b) == std::minmax(held.a, held.b);
    case PathKind::Institution:
      return event.institution == held.institution && event.institution_field == held.institution_field;
    case PathKind::Policy: return false;  // no event sets these (docs/paths.md)
  }
  return false;
}

}  // namespace

std::vector<SkippedEvent> hold_values(Scenario& sc, const std::vector<std::string>& paths) {
  const PathNames names = path_names(sc);
  std::vector<std::pair<ValuePath, std::string>> held;
  for (const auto& text : paths) {
    std::vector<std::string> errors;
    if (auto p = parse_value_path(text, names, PathUse::Fit, errors)) held.emplace_back(*p, text);
  }
  std::vector<SkippedEvent> skipped;
  if (held.empty()) return skipped;
  std::vector<Event> kept;
  for (Event& e : sc.events) {
    const auto hit = std::find_if(held.begin(), held.end(), [&](const auto& h) {
      return e.type == EventType::Set && same_value(e.target, h.first);
    });
    if (hit == held.end()) kept.push_back(std::move(e));
    else skipped.push_back(SkippedEvent{e.mark, e.target.path, sc.year_of(e.step), hit->second});
  }
  sc.events = std::move(kept);
  return skipped;
}

std::string skipped_event_warning(const SkippedEvent& e, const std::string& flag) {
  return e.mark.file + ":" + std::to_string(e.mark.line) + ":" + std::to_string(e.mark.col) +
         ": warning: the set event of " + e.path + " in " + fmt(e.year) + " is skipped: " + flag + " sets " + e.held +
         " for the whole run";
}

std::string held_and_swept(const std::vector<std::string>& held, const std::vector<std::string>& swept,
                           const std::string& swept_by) {
  for (const auto& h : held)
    for (const auto& s : swept) {
      if (canonical_value_path(h) != canonical_value_path(s)) continue;
      return h + " is also swept by " + swept_by + (s == h ? "" : ", as " + s) +
             " (expected a path in one of them, not both)";
    }
  return {};
}

}  // namespace statecraft
