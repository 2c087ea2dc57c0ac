#include "statecraft/output/explain.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "statecraft/engine/engine.hpp"
#include "statecraft/output/csv.hpp"

namespace statecraft {
namespace {

/// Sums the pair's drivers over the period and keeps the log entries that concern it.
struct PairAccount : Recorder {
  const Scenario& sc;
  ExplainOptions o;
  double tension_terms[kTensionTerms] = {};
  double trust_ab[kTrustTerms] = {}, trust_ba[kTrustTerms] = {};
  double tension0 = -1, tension1 = 0, trust_ab0 = -1, trust_ab1 = 0, trust_ba0 = -1, trust_ba1 = 0;
  double year0 = 0, year1 = 0;
  int incidents = 0, crises = 0, mids = 0;
  std::vector<std::pair<double, std::string>> notes;  // (year, line)

  PairAccount(const Scenario& s, const ExplainOptions& opts) : sc(s), o(opts) {}

  void on_step(const World& w) override {
    // Row `step` is the state at the end of the step; its drivers are the change from step - 1.
    const double y = sc.year_of(w.step);
    if (y < o.from - 1e-9 || y > o.to + 1e-9) return;
    if (tension0 < 0) {  // the first row of the period is where the account starts
      tension0 = tension1 = w.state.tension(o.a, o.b);
      trust_ab0 = trust_ab1 = w.state.trust(o.a, o.b);
      trust_ba0 = trust_ba1 = w.state.trust(o.b, o.a);
      year0 = year1 = y;
      return;
    }
    for (int k = 0; k < kTensionTerms; ++k) tension_terms[k] += w.flows.tension_terms[static_cast<std::size_t>(k)](o.a, o.b);
    for (int k = 0; k < kTrustTerms; ++k) {
      trust_ab[k] += w.flows.trust_terms[static_cast<std::size_t>(k)](o.a, o.b);
      trust_ba[k] += w.flows.trust_terms[static_cast<std::size_t>(k)](o.b, o.a);
    }
    tension1 = w.state.tension(o.a, o.b);
    trust_ab1 = w.state.trust(o.a, o.b);
    trust_ba1 = w.state.trust(o.b, o.a);
    year1 = y;
  }

  void on_log(const World& w, const LogEntry& e) override {
    // Log entries of a step belong to the row step + 1 (the change they cause shows there).
    const double y = sc.year_of(w.step);
    if (sc.year_of(w.step + 1) <= o.from + 1e-9 || y > o.to + 1e-9 - sc.dt) return;
    auto id = [&](int i) { return sc.actors[static_cast<std::size_t>(i)].id; };
    const bool pair = (e.actor == o.a && e.partner == o.b) || (e.actor == o.b && e.partner == o.a);
    if (e.kind == LogKind::Incident) {
      if (!pair) return;
      ++incidents;
      crises += e.level >= 1;
      mids += e.level >= 2;
      if (e.level >= 1 || e.event >= 0)
        notes.emplace_back(y, "incident caused by " + id(e.actor) + ", severity " + fmt(std::round(e.value * 100) / 100) +
                                  (e.level == 2 ? ", militarized dispute" : e.level == 1 ? ", crisis" : ", contained"));
      return;
    }
    if (e.kind == LogKind::StanceChange) {
      if (!pair) return;
      const Policy& p = sc.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(e.actor)])];
      notes.emplace_back(y, id(e.actor) + " turns to " + (e.value > 0 ? p.defect_name : p.cooperate_name) +
                                " toward " + id(e.partner));
      return;
    }
    if (e.event < 0) return;
    const Event& ev = sc.events[static_cast<std::size_t>(e.event)];
    bool touches = e.actor == o.a || e.actor == o.b || e.partner == o.a || e.partner == o.b ||
                   (ev.type == EventType::Set && ev.target.kind == SetTarget::Kind::Parameter);
    for (int x : ev.others) touches = touches || x == o.a || x == o.b;
    if (!touches) return;
    notes.emplace_back(y, std::string(event_type_name(ev.type)) + ": " + event_summary(sc, ev) +
                              (ev.label.empty() ? "" : " (" + ev.label + ")"));
  }
};

std::string signed_fmt(double x) {
  const double r = std::round(x * 1000) / 1000;
  return (r > 0 ? "+" : "") + fmt(r == 0 ? 0.0 : r);
}

template <typename Term, int N>
void terms_lines(std::ostringstream& os, const double (&v)[N]) {
  std::vector<std::pair<double, std::string>> up, down;
  for (int k = 0; k < N; ++k) {
    if (std::abs(v[k]) < 5e-4) continue;
    (v[k] > 0 ? up : down).emplace_back(v[k], term_name(static_cast<Term>(k)));
  }
  auto by_size = [](const auto& x, const auto& y) { return std::abs(x.first) > std::abs(y.first); };
  std::sort(up.begin(), up.end(), by_size);
  std::sort(down.begin(), down.end(), by_size);
  auto line = [&](const char* head, const auto& list) {
    os << "    " << head;
    if (list.empty()) os << " nothing";
    for (std::size_t i = 0; i < list.size(); ++i)
      os << (i ? ", " : " ") << list[i].second << " " << signed_fmt(list[i].first);
    os << "\n";
  };
  line("raised by: ", up);
  line("lowered by:", down);
}

std::string moved(double a, double b) {
  const double d = std::round((b - a) * 1000) / 1000;
  if (d == 0) return "held at " + fmt(std::round(b * 1000) / 1000);
  return std::string(d > 0 ? "rose" : "fell") + " from " + fmt(std::round(a * 1000) / 1000) + " to " +
         fmt(std::round(b * 1000) / 1000);
}

}  // namespace

std::string explain_pair(const Scenario& sc, const ExplainOptions& opts) {
  PairAccount acc(sc, opts);
  Engine engine(sc, opts.run);
  engine.run(&acc);
  const std::string a = sc.actors[static_cast<std::size_t>(opts.a)].id;
  const std::string b = sc.actors[static_cast<std::size_t>(opts.b)].id;
  std::ostringstream os;
  os << a << "-" << b << " in " << sc.name << (sc.variant.empty() ? "" : " [" + sc.variant + "]") << ", "
     << fmt(acc.year0) << " to " << fmt(acc.year1) << "\n\n";
  os << "Tension " << moved(acc.tension0, acc.tension1) << ".\n";
  terms_lines<TensionTerm>(os, acc.tension_terms);
  os << a << "'s trust in " << b << " " << moved(acc.trust_ab0, acc.trust_ab1) << " (terms in log-odds).\n";
  terms_lines<TrustTerm>(os, acc.trust_ab);
  os << b << "'s trust in " << a << " " << moved(acc.trust_ba0, acc.trust_ba1) << " (terms in log-odds).\n";
  terms_lines<TrustTerm>(os, acc.trust_ba);
  os << "\nIncidents between them: " << acc.incidents;
  if (acc.incidents > 0)
    os << ", of which " << acc.crises << " escalated to a crisis or beyond and " << acc.mids
       << " to a militarized dispute";
  os << ".\n";
  if (!acc.notes.empty()) {
    os << "\nEvents that touched the pair:\n";
    for (const auto& [y, line] : acc.notes) os << "  " << fmt(y) << "  " << line << "\n";
  }
  return os.str();
}

}  // namespace statecraft
