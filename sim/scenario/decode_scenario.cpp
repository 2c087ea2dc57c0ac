// The document as a whole (decode), and its `scenario:` header: name, time span, seed.
#include "decoder.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "statecraft/scenario/sections.hpp"

namespace statecraft::detail {

namespace {
const FieldDesc& header_field(const std::string& name) {
  for (const auto& f : scenario_header_fields())
    if (f.name == name) return f;
  throw std::logic_error("scenario_header_fields: no key '" + name + "'");
}
}  // namespace

Scenario Decoder::decode(const Node& root) {
  if (!root.is_map()) {
    err(root, "", "the document is " + std::string(detail::kind_name(root)) +
                      " (expected a mapping with scenario, actors and the other sections)");
    return sc_;
  }
  check_keys(root, "", key_names(top_level_keys()));
  decode_scenario_header(root);
  decode_parameters(root);
  decode_policies(root);
  sc_.named_policies = static_cast<int>(sc_.policies.size());  // inline specs come later, with the actors
  decode_actors(root);
  if (over_limit_) return sc_;
  decode_relations(root);
  decode_disputes(root);
  decode_institutions(root);
  decode_events(root);
  decode_outcomes(root);
  decode_uncertain(root);
  return sc_;
}

void Decoder::decode_scenario_header(const Node& root) {
  const Node* s = root.get("scenario");
  if (!s) {
    missing(root, "", "scenario", "a mapping with at least a name");
    calendar_known_ = false;
    return;
  }
  if (!expect_map(*s, "scenario", "a mapping with name, and optionally description, start_year, steps, dt, seed")) {
    calendar_known_ = false;
    return;
  }
  check_keys(*s, "scenario", key_names(scenario_header_fields()));
  if (const Node* n = s->get("name")) {
    if (auto v = parse_string(*n, "scenario.name")) {
      if (v->empty()) err(*n, "scenario.name", "is empty (expected a short name)");
      else if (const std::string why = plain_name_problem(*v, "out/NAME"); !why.empty()) err(*n, "scenario.name", why);
      sc_.name = *v;
    }
  } else {
    missing(*s, "scenario", "name", "a short name such as asia_pacific_2012");
  }
  if (const Node* n = s->get("description"))
    if (auto v = parse_string(*n, "scenario.description")) sc_.description = *v;
  // A calendar key the file gives but that is refused leaves the run's years unknown: the events' times are then
  // checked only for what does not depend on them, not against the defaults the file meant to replace.
  if (real(*s, "scenario", "start_year", header_field("start_year").range, sc_.start_year) == Got::Bad)
    calendar_known_ = false;
  if (const Node* n = s->get("steps")) {
    // Steps given from outside (--steps, Python's steps=) are the run's, and are what the limit is checked on; the
    // file's then only has to be a number of steps.
    const long long most = opts_.steps ? std::numeric_limits<int>::max() : opts_.limits.steps;
    const std::string raise = opts_.steps ? std::string() : opts_.limits.how_to_raise("steps");
    if (auto v = parse_int(*n, "scenario.steps", 1, most, raise)) sc_.steps = static_cast<int>(*v);
    else calendar_known_ = false;
  }
  if (real(*s, "scenario", "dt", header_field("dt").range, sc_.dt) == Got::Bad) calendar_known_ = false;
  if (const Node* n = s->get("seed"))
    if (auto v = parse_seed(*n, "scenario.seed")) sc_.seed = *v;
  file_steps_ = sc_.steps;
  if (opts_.steps) {
    if (*opts_.steps > opts_.limits.steps)
      diags_.add(Mark{opts_.steps_given_by, 0, 0}, "",
                 std::to_string(*opts_.steps) + " is above the limit of " + std::to_string(opts_.limits.steps) +
                     " steps (expected at most that; raise it with " + opts_.limits.how_to_raise("steps") + ")");
    sc_.steps = *opts_.steps;
  }
  if (opts_.seed) sc_.seed = *opts_.seed;
  check_dt_separates_years(*s);
}

void Decoder::check_dt_separates_years(const Node& header) {
  // Checked after --steps, which moves the last year; without a dt key the default of 1 always separates them.
  const Node* n = header.get("dt");
  if (!n || !calendar_known_ || !(sc_.dt > 0) || sc_.steps < 1 || dt_separates_years(sc_.start_year, sc_.steps, sc_.dt)) return;
  const double least = std::max(min_dt(sc_.start_year, sc_.steps), year_resolution(sc_.year_of(sc_.steps)));
  err(*n, "scenario.dt", format_number(sc_.dt) + " is too small to tell the run's years apart in " +
                             std::to_string(kYearDigits) + " significant digits (expected at least " + format_number(least) +
                             " for " + std::to_string(sc_.steps) + " steps from " + format_number(sc_.start_year) + ")");
}

}  // namespace statecraft::detail
