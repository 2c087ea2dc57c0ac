#pragma once
// Scheduled events (MODEL.md section 7) and the one table of their types: each type's name, the keys it takes
// (required or optional, with ranges and defaults) and the line that says what an event does. The decoder reads
// events from the table, docs/scenario-format.md lists it (a test holds the two together), and the engine's log
// kinds are made from the same list of types (world.hpp). Adding a type: its line in STATECRAFT_EVENT_TYPES, its
// entry in event_types() (sim/scenario/events.cpp), and what the engine does with it.
#include <string>
#include <vector>

#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/scenario/range.hpp"

namespace statecraft {

/// Every event type, in table order: X(Enumerator) for each. World's LogKind is made from it too.
#define STATECRAFT_EVENT_TYPES(X)                                                                            \
  X(Set) X(PolicyChange) X(TrustShock) X(TensionShock) X(ArmsSale) X(Provocation) X(UnannouncedTest) X(Exercise) \
  X(Incident) X(SuspendDialogue) X(ResumeDialogue) X(InstitutionStart) X(InstitutionEnd)
#define STATECRAFT_EVENT_ENUMERATOR(type) type,
#define STATECRAFT_EVENT_COUNT(type) +1

enum class EventType : int { STATECRAFT_EVENT_TYPES(STATECRAFT_EVENT_ENUMERATOR) };
inline constexpr int kEventTypes = 0 STATECRAFT_EVENT_TYPES(STATECRAFT_EVENT_COUNT);

/// A scheduled event; which fields matter depends on the type, as listed.
struct Event {
  EventType type = EventType::Set;
  int step = 0;      ///< applies at the start of the step leaving this step index
  Mark mark;
  std::string label; ///< optional free text
  SetTarget target;  ///< Set
  /// Set: new value; TrustShock: log-odds change; TensionShock: tension change; ArmsSale, Provocation,
  /// UnannouncedTest, Exercise: size in [0, 1]; Incident: severity.
  double value = 0;
  /// PolicyChange: actor; TrustShock: the truster; TensionShock, SuspendDialogue, ResumeDialogue: first of
  /// the pair; ArmsSale: seller; Provocation, UnannouncedTest, Exercise: the actor; Incident: initiator.
  int actor = -1;
  /// TrustShock: the trusted; TensionShock, SuspendDialogue, ResumeDialogue: second of the pair;
  /// ArmsSale: buyer; Incident: the other side.
  int partner = -1;
  int policy = -1;   ///< PolicyChange: index into policies
  std::vector<int> others;  ///< ArmsSale: objectors; Provocation: targets; UnannouncedTest: observers; Exercise: toward
  int duration = 0;  ///< steps: ArmsSale suspension, Exercise length, SuspendDialogue (0 = until resumed)
  double amount = 0; ///< ArmsSale: value in bn added to the buyer's capability
  int level = 0;     ///< Incident: 0 contained, 1 crisis, 2 militarized dispute
  int institution = -1;  ///< InstitutionStart / InstitutionEnd
};

/// How the decoder reads an event key, and what of the Event it fills.
enum class EventKeyType {
  Actor,        ///< an actor id: into `actor` or `partner` (EventKey::actor)
  Actors,       ///< an actor id or a list of them, each once: into `others`
  Pair,         ///< A-B: into `actor` and `partner`
  Policy,       ///< a policy spec: into `policy`
  Number,       ///< a number in the key's range: into `value` or `amount` (EventKey::number)
  Level,        ///< a whole number 0, 1 or 2: into `level`
  Years,        ///< a duration in years, in whole steps (at least one): into `duration`
  Dispute,      ///< a dispute the actor is party to: into `others`, every party on the other side
  Institution,  ///< an institution id: into `institution`
  Path,         ///< where a set event writes (docs/paths.md): into `target`
  Value,        ///< a set event's new value, in its path's range: into `value`
};

/// One key an event type takes, besides at, step, type and label.
struct EventKey {
  const char* name;
  EventKeyType type;
  bool required = false;
  const char* expected = "";         ///< required: what the message for a missing key says was expected
  Range range = {};                  ///< Number: what it accepts
  double fallback = 0;               ///< Number: the value when absent; Years: the duration in years (0: none)
  const char* default_text = "";     ///< for the docs
  const char* doc = "";              ///< one line, for the docs
  int Event::*actor = nullptr;       ///< Actor: where the id goes
  double Event::*number = nullptr;   ///< Number: where the value goes
  /// Actor into `partner`, Actors: the problem when it names the event's own actor ({id}: its id).
  const char* not_the_actor = "";
  bool others_by_default = false;    ///< Actors: every other actor when absent
  /// The name of a later key that may stand instead of this one: one of the two is required, not both.
  const char* or_instead = "";
};

/// One event type.
struct EventTypeDesc {
  EventType type;
  const char* name;           ///< as in the file, the event log and `describe`
  const char* doc;            ///< one line: what it does
  std::vector<EventKey> keys; ///< in the order the decoder reads and lists them
  /// One line saying what an event does, e.g. "USA sells arms to TWN (size 0.5); CHN objects".
  std::string (*summary)(const Scenario& sc, const Event& e);
};

/// Every event type, in EventType order.
const std::vector<EventTypeDesc>& event_types();
const EventTypeDesc& describe(EventType t);
const char* event_type_name(EventType t);

/// One line saying what an event does (its type's summary).
std::string event_summary(const Scenario& sc, const Event& e);

}  // namespace statecraft
