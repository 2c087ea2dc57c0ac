#include "statecraft/output/recorder.hpp"

#include "statecraft/output/csv.hpp"

namespace statecraft {

TrendRecorder::TrendRecorder(const Scenario& sc, TrendStreams out, Format format)
    : sc_(sc), out_(out), format_(format) {
  header();
}

std::string TrendRecorder::year(int step) const { return fmt(sc_.year_of(step)); }

std::string TrendRecorder::policy_name(const World& w, int i) const {
  return sc_.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(i)])].name;
}

namespace {

/// One actor's values, in the order of kActorColumns.
std::array<std::string, kActorColumns.size()> actor_values(const World& w, int i, const std::string& policy,
                                                        const std::string& bloc) {
  return {csv_field(policy), fmt(w.state.gdp(i)), fmt(w.state.milex(i)), fmt(w.state.milex(i) / w.state.gdp(i)),
          fmt(w.state.capability(i)), fmt(w.perceived.power(i)), fmt(w.flows.milex_growth(i)), fmt(w.state.hawkishness(i)),
          fmt(w.state.transparency_strategic(i)), fmt(w.state.transparency_operational(i)), bloc};
}

/// The policy `a` acts on toward `b`: its own, or for a conditional policy the stance it has taken.
std::string stance_name(const Scenario& sc, const World& w, int a, int b) {
  const Policy& p = sc.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(a)])];
  if (!p.conditional) return p.name;
  return w.state.stance(a, b) > 0 ? p.defect_name : p.cooperate_name;
}

/// One pair's values, in the order of kPairColumns.
std::array<std::string, kPairColumns.size()> pair_values(const Scenario& sc, const World& w, int a, int b) {
  const double level = w.flows.incident_level(a, b);
  return {fmt(w.state.tension(a, b)),    fmt(w.state.trust(a, b)),      fmt(w.state.trust(b, a)),
          fmt(w.perceived.threat(a, b)),     fmt(w.perceived.threat(b, a)),     fmt(w.decisions.operations(a, b)),
          fmt(w.decisions.operations(b, a)), fmt(w.state.dialogue(a, b)),   fmt(w.state.alliance(a, b)),
          fmt(w.state.interdependence(a, b)), fmt(w.flows.risk(a, b)), fmt(w.flows.incident_rate(a, b)),
          fmt(w.flows.incidents(a, b)), level >= 0 ? fmt(level) : std::string(),
          csv_field(stance_name(sc, w, a, b)), csv_field(stance_name(sc, w, b, a))};
}

/// The region's values, in the order of kRegionColumns.
std::array<std::string, kRegionColumns.size()> region_values(const World& w) {
  RegionStats r = region_stats(w);
  return {fmt(r.mean_tension), fmt(r.max_tension), fmt(r.total_milex), fmt(r.arms_growth),
          fmt(r.sc_index),     fmt(r.mean_trust),   fmt(r.cumulative_risk), fmt(r.incidents),
          fmt(r.crises),       fmt(r.militarized_disputes), fmt(r.blocs), fmt(r.largest_bloc),
          fmt(r.bipolarity)};
}

}  // namespace

void TrendRecorder::header() {
  const int n = sc_.n();
  auto pair_name = [&](int a, int b) {
    return sc_.actors[static_cast<std::size_t>(a)].id + "-" + sc_.actors[static_cast<std::size_t>(b)].id;
  };
  if (format_ == Format::Tidy) {
    if (out_.actors) *out_.actors << tidy_header(TrendFile::Actors) << '\n';
    if (out_.pairs) *out_.pairs << tidy_header(TrendFile::Pairs) << '\n';
    if (out_.drivers) *out_.drivers << tidy_header(TrendFile::Drivers) << '\n';
  } else {
    if (out_.actors) {
      std::vector<std::string> ids;
      for (const auto& a : sc_.actors) ids.push_back(a.id);
      *out_.actors << wide_header(TrendFile::Actors, ids) << '\n';
    }
    if (out_.pairs) {
      std::vector<std::string> pairs;
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) pairs.push_back(pair_name(a, b));
      *out_.pairs << wide_header(TrendFile::Pairs, pairs) << '\n';
    }
    // One column per pair and term: the terms are the engine's, not columns of the table.
    if (out_.drivers) {
      *out_.drivers << "step,year";
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          for (int k = 0; k < kTensionTerms; ++k)
            *out_.drivers << ",tension." << pair_name(a, b) << '.' << term_name(static_cast<TensionTerm>(k));
      for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
          if (a != b)
            for (int k = 0; k < kTrustTerms; ++k)
              *out_.drivers << ",trust." << pair_name(a, b) << '.' << term_name(static_cast<TrustTerm>(k));
      *out_.drivers << '\n';
    }
  }
  // The same in both layouts.
  if (out_.region) *out_.region << tidy_header(TrendFile::Region) << '\n';
  if (out_.events) *out_.events << tidy_header(TrendFile::Events) << '\n';
}

void TrendRecorder::on_step(const World& w) {
  const int n = w.n;
  const std::string lead = std::to_string(w.step) + "," + year(w.step);
  const auto& ids = sc_.actors;
  const std::vector<int> bloc = blocs(w);
  auto bloc_id = [&](int i) { return ids[static_cast<std::size_t>(bloc[static_cast<std::size_t>(i)])].id; };
  if (format_ == Format::Tidy) {
    if (out_.actors)
      for (int i = 0; i < n; ++i) {
        *out_.actors << lead << ',' << ids[static_cast<std::size_t>(i)].id;
        for (const auto& v : actor_values(w, i, policy_name(w, i), bloc_id(i))) *out_.actors << ',' << v;
        *out_.actors << '\n';
      }
    if (out_.pairs)
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) {
          *out_.pairs << lead << ',' << ids[static_cast<std::size_t>(a)].id << ','
                      << ids[static_cast<std::size_t>(b)].id;
          for (const auto& v : pair_values(sc_, w, a, b)) *out_.pairs << ',' << v;
          *out_.pairs << '\n';
        }
    if (out_.drivers && w.step > 0) {
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          for (int k = 0; k < kTensionTerms; ++k)
            *out_.drivers << lead << ",tension," << ids[static_cast<std::size_t>(a)].id << ','
                          << ids[static_cast<std::size_t>(b)].id << ',' << term_name(static_cast<TensionTerm>(k))
                          << ',' << fmt(w.flows.tension_terms[static_cast<std::size_t>(k)](a, b)) << '\n';
      for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
          if (a != b)
            for (int k = 0; k < kTrustTerms; ++k)
              *out_.drivers << lead << ",trust," << ids[static_cast<std::size_t>(a)].id << ','
                            << ids[static_cast<std::size_t>(b)].id << ',' << term_name(static_cast<TrustTerm>(k))
                            << ',' << fmt(w.flows.trust_terms[static_cast<std::size_t>(k)](a, b)) << '\n';
    }
  } else {
    if (out_.actors) {
      *out_.actors << lead;
      for (int i = 0; i < n; ++i)
        for (const auto& v : actor_values(w, i, policy_name(w, i), bloc_id(i))) *out_.actors << ',' << v;
      *out_.actors << '\n';
    }
    if (out_.pairs) {
      *out_.pairs << lead;
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          for (const auto& v : pair_values(sc_, w, a, b)) *out_.pairs << ',' << v;
      *out_.pairs << '\n';
    }
    if (out_.drivers && w.step > 0) {
      *out_.drivers << lead;
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          for (int k = 0; k < kTensionTerms; ++k)
            *out_.drivers << ',' << fmt(w.flows.tension_terms[static_cast<std::size_t>(k)](a, b));
      for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
          if (a != b)
            for (int k = 0; k < kTrustTerms; ++k)
              *out_.drivers << ',' << fmt(w.flows.trust_terms[static_cast<std::size_t>(k)](a, b));
      *out_.drivers << '\n';
    }
  }
  if (out_.region) {
    *out_.region << lead;
    for (const auto& v : region_values(w)) *out_.region << ',' << v;
    *out_.region << '\n';
  }
}

void TrendRecorder::on_log(const World& w, const LogEntry& e) {
  if (!out_.events) return;
  auto id = [&](int i) { return i >= 0 ? sc_.actors[static_cast<std::size_t>(i)].id : std::string(); };
  const Event* ev = e.event >= 0 ? &sc_.events[static_cast<std::size_t>(e.event)] : nullptr;
  auto ids = [&](const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : " ") + id(x);
    return s;
  };
  std::string detail, value = fmt(e.value), level;
  switch (e.kind) {
    case LogKind::Set: detail = ev ? ev->target.path : ""; break;
    case LogKind::PolicyChange:
      detail = sc_.policies[static_cast<std::size_t>(e.value)].name;
      value = "";
      break;
    case LogKind::StanceChange: {
      const Policy& p = sc_.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(e.actor)])];
      detail = e.value > 0 ? p.defect_name : p.cooperate_name;
      break;
    }
    case LogKind::Incident:
      level = std::to_string(e.level);
      detail = e.level == 0 ? "contained" : e.level == 1 ? "crisis" : "militarized dispute";
      if (!ev) detail += ", drawn";
      break;
    case LogKind::ArmsSale: detail = ev ? "objected by " + ids(ev->others) : ""; break;
    case LogKind::Provocation: detail = ev ? "against " + ids(ev->others) : ""; break;
    case LogKind::UnannouncedTest: detail = ev ? "seen by " + ids(ev->others) : ""; break;
    case LogKind::Exercise: detail = ev ? "near " + ids(ev->others) + " for " + std::to_string(ev->duration) + " steps" : ""; break;
    case LogKind::InstitutionStart:
    case LogKind::InstitutionEnd:
      detail = ev ? sc_.institutions[static_cast<std::size_t>(ev->institution)].id : "";
      value = "";
      break;
    case LogKind::SuspendDialogue:
    case LogKind::ResumeDialogue:
      value = "";
      break;
    case LogKind::TrustShock:
    case LogKind::TensionShock: break;
  }
  if (ev && !ev->label.empty()) detail = detail.empty() ? ev->label : detail + ": " + ev->label;
  *out_.events << w.step << ',' << year(w.step) << ',' << log_kind_name(e.kind) << ',' << id(e.actor) << ','
               << id(e.partner) << ',' << value << ',' << level << ',' << csv_field(detail) << '\n';
}

}  // namespace statecraft
