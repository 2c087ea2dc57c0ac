// Set events that would replace a swept or fitted value: left out (statecraft/experiment/held_values.hpp).
#include "statecraft/experiment/held_values.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/scenario/range.hpp"

namespace statecraft {
namespace {

/// Appends the names of `from` that `into` lacks, in their order.
void add_new_names(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& name : from)
    if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

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

std::vector<std::string> held_and_swept(const std::vector<std::string>& held, const std::vector<std::string>& swept,
                                        const std::string& swept_by) {
  std::vector<std::string> both;
  for (const auto& h : held)
    for (const auto& s : swept)
      if (canonical_value_path(h) == canonical_value_path(s)) {
        both.push_back(h + " is also swept by " + swept_by + (s == h ? "" : ", as " + s) +
                       " (expected a path in one of them, not both)");
        break;
      }
  return both;
}

std::vector<std::string> held_and_drawn(const std::vector<std::string>& held, const std::vector<const Scenario*>& variants,
                                        const std::string& drawn_by) {
  std::vector<std::string> both;
  for (const auto& path : held) {
    std::string drawn;  // the uncertain path of the first variant that draws it
    std::vector<std::string> drawing;  // the variants that declare it
    for (const Scenario* v : variants)
      for (const auto& in : v->uncertain)
        if (canonical_value_path(in.path) == canonical_value_path(path)) {
          if (drawn.empty()) drawn = in.path;
          drawing.push_back("'" + (v->variant.empty() ? std::string("the base") : v->variant) + "'");
          break;
        }
    if (drawn.empty()) continue;
    // Declared by only some of the variants compared: say which, as the file does not at the top.
    std::string where;
    if (drawing.size() < variants.size())
      for (std::size_t k = 0; k < drawing.size(); ++k)
        where += (k == 0 ? (drawing.size() == 1 ? " in variant " : " in variants ")
                         : k + 1 == drawing.size() ? " and " : ", ") + drawing[k];
    both.push_back(path + " is drawn by " + drawn_by + " (" + drawn + " is declared uncertain" + where +
                   "; expected a value that is either set or drawn)");
  }
  return both;
}

ScenarioError with_drawn_problems(const ScenarioError& e, const std::vector<std::string>& more) {
  std::vector<Diagnostic> all = e.diagnostics();
  for (const auto& line : more) all.push_back(Diagnostic{kSetMark, "", line});
  return ScenarioError(std::move(all), e.dropped());
}

std::string start_after_run(const Scenario& sc, const std::string& path, double value) {
  if (sc.actors.empty()) return "";
  std::vector<std::string> unused;
  const auto p = parse_value_path(path, path_names(sc), PathUse::Override, unused);
  const double last = sc.year_of(sc.steps);
  if (!p || p->kind != PathKind::Institution || p->institution_field != InstitutionField::Start ||
      !(value > last + 1e-9 * std::max(1.0, std::fabs(last))))
    return "";
  return format_number(last);
}

std::vector<Diagnostic> set_value_problems(const SetAcrossVariants& across,
                                           const std::vector<std::vector<Diagnostic>>& refused) {
  // A problem as every variant says it: without the loader's "with variant 'NAME': ".
  const auto unqualified = [](Diagnostic d) {
    const std::string with = "with variant '";
    if (d.message.rfind(with, 0) == 0)
      if (const auto end = d.message.find("': ", with.size()); end != std::string::npos)
        d.message.erase(0, end + 3);
    return d;
  };
  std::map<std::string, std::size_t> variants_with;  // per problem, unqualified: how many variants refused it
  for (const auto& problems : refused) {
    std::set<std::string> own;
    for (const Diagnostic& d : problems) own.insert(unqualified(d).str());
    for (const auto& text : own) ++variants_with[text];
  }
  std::vector<Diagnostic> out = across.problems;
  std::set<std::string> said;
  for (const Diagnostic& d : out) said.insert(d.str());
  for (const auto& problems : refused)
    for (const Diagnostic& d : problems) {
      const Diagnostic plain = unqualified(d);
      const Diagnostic& shown = variants_with[plain.str()] == refused.size() ? plain : d;
      if (said.insert(shown.str()).second) out.push_back(shown);
    }
  // A problem of the whole command (no place, no path: "the values set make the scenario invalid, as above")
  // closes the list, after every variant's problems it sums up.
  std::stable_partition(out.begin(), out.end(), [](const Diagnostic& d) { return d.mark.line > 0 || !d.path.empty(); });
  return out;
}

SetAcrossVariants set_across_variants(const std::vector<Scenario>& variants, const std::vector<std::string>& paths,
                                      const std::string& flag) {
  SetAcrossVariants out;
  PathNames every_name;  // every variant's names, the first's first: a path none has is checked against them all
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const PathNames names = path_names(variants[v]);
    out.applies.emplace_back();
    for (std::size_t k = 0; k < paths.size(); ++k) {
      std::vector<std::string> errors;
      out.applies[v].push_back(parse_value_path(paths[k], names, PathUse::Override, errors).has_value());
    }
    add_new_names(every_name.actors, names.actors);
    add_new_names(every_name.policies, names.policies);
    add_new_names(every_name.institutions, names.institutions);
  }
  for (std::size_t k = 0; k < paths.size(); ++k) {
    std::string skipped;
    std::size_t lacking = 0;
    for (std::size_t v = 0; v < variants.size(); ++v)
      if (!out.applies[v][k]) {
        skipped += (skipped.empty() ? "" : ", ") + (variants[v].variant.empty() ? "the base" : variants[v].variant);
        ++lacking;
      }
    if (lacking == variants.size()) {
      std::vector<std::string> why;
      if (parse_value_path(paths[k], every_name, PathUse::Override, why))  // its names are in different variants
        why.push_back("no compared variant has all of its names (expected a path that one variant has)");
      for (const auto& e : why) out.problems.push_back(Diagnostic{Mark{flag, 0, 0}, paths[k], e});
    } else if (lacking > 0) {
      out.notes.push_back(paths[k] + " is set only in the variants that have it (not in " + skipped + ")");
    }
  }
  return out;
}

}  // namespace statecraft
