#include "statecraft/output/recorder.hpp"

#include <initializer_list>
#include <stdexcept>

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
std::array<Cell, kActorColumns.size()> actor_values(const World& w, int i, const std::string& policy,
                                                    const std::string& bloc) {
  return {Cell::str(policy), Cell::num(w.state.gdp(i)), Cell::num(w.state.milex(i)),
          Cell::num(w.state.milex(i) / w.state.gdp(i)), Cell::num(w.state.capability(i)),
          Cell::num(w.perceived.power(i)), Cell::num(w.flows.milex_growth(i)), Cell::num(w.state.hawkishness(i)),
          Cell::num(w.state.transparency_strategic(i)), Cell::num(w.state.transparency_operational(i)),
          Cell::str(bloc)};
}

/// The policy `a` acts on toward `b`: its own, or for a conditional policy the stance it has taken.
std::string stance_name(const Scenario& sc, const World& w, int a, int b) {
  const Policy& p = sc.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(a)])];
  if (!p.conditional) return p.name;
  return w.state.stance(a, b) > 0 ? p.defect_name : p.cooperate_name;
}

/// One pair's values, in the order of kPairColumns.
std::array<Cell, kPairColumns.size()> pair_values(const Scenario& sc, const World& w, int a, int b) {
  const double level = w.flows.incident_level(a, b);
  return {Cell::num(w.state.tension(a, b)),         Cell::num(w.state.trust(a, b)),
          Cell::num(w.state.trust(b, a)),           Cell::num(w.perceived.threat(a, b)),
          Cell::num(w.perceived.threat(b, a)),      Cell::num(w.decisions.operations(a, b)),
          Cell::num(w.decisions.operations(b, a)),  Cell::num(w.state.dialogue(a, b)),
          Cell::num(w.state.alliance(a, b)),        Cell::num(w.state.interdependence(a, b)),
          Cell::num(w.flows.risk(a, b)),            Cell::num(w.flows.incident_rate(a, b)),
          Cell::num(w.flows.incidents(a, b)),       level >= 0 ? Cell::num(level) : Cell::no_number(),
          Cell::str(stance_name(sc, w, a, b)),      Cell::str(stance_name(sc, w, b, a))};
}

/// The region's values, in the order of kRegionColumns.
std::array<Cell, kRegionColumns.size()> region_values(const World& w) {
  RegionStats r = region_stats(w);
  return {Cell::num(r.mean_tension), Cell::num(r.max_tension), Cell::num(r.total_milex), Cell::num(r.arms_growth),
          Cell::num(r.sc_index),     Cell::num(r.mean_trust),  Cell::num(r.cumulative_risk), Cell::num(r.incidents),
          Cell::num(r.crises),       Cell::num(r.militarized_disputes), Cell::num(r.blocs), Cell::num(r.largest_bloc),
          Cell::num(r.bipolarity)};
}

/// One event's values, in the order of kEventColumns.
std::array<Cell, kEventColumns.size()> event_values(const Scenario& sc, const World& w, const LogEntry& e) {
  auto id = [&](int i) { return i >= 0 ? sc.actors[static_cast<std::size_t>(i)].id : std::string(); };
  const Event* ev = e.event >= 0 ? &sc.events[static_cast<std::size_t>(e.event)] : nullptr;
  auto ids = [&](const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : " ") + id(x);
    return s;
  };
  std::string detail;
  Cell value = Cell::num(e.value), level = Cell::no_number();
  switch (e.kind) {
    case LogKind::Set: detail = ev ? ev->target.path : ""; break;
    case LogKind::PolicyChange:
      detail = sc.policies[static_cast<std::size_t>(e.value)].name;
      value = Cell::no_number();
      break;
    case LogKind::StanceChange: {
      const Policy& p = sc.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(e.actor)])];
      detail = e.value > 0 ? p.defect_name : p.cooperate_name;
      break;
    }
    case LogKind::Incident:
      level = Cell::num(e.level);
      detail = e.level == 0 ? "contained" : e.level == 1 ? "crisis" : "militarized dispute";
      if (!ev) detail += ", drawn";
      break;
    case LogKind::ArmsSale: detail = ev ? "objected by " + ids(ev->others) : ""; break;
    case LogKind::Provocation: detail = ev ? "against " + ids(ev->others) : ""; break;
    case LogKind::UnannouncedTest: detail = ev ? "seen by " + ids(ev->others) : ""; break;
    case LogKind::Exercise: detail = ev ? "near " + ids(ev->others) + " for " + std::to_string(ev->duration) + (ev->duration == 1 ? " step" : " steps") : ""; break;
    case LogKind::InstitutionStart:
    case LogKind::InstitutionEnd:
      detail = ev ? sc.institutions[static_cast<std::size_t>(ev->institution)].id : "";
      value = Cell::no_number();
      break;
    case LogKind::SuspendDialogue:
    case LogKind::ResumeDialogue:
      value = Cell::no_number();
      break;
    case LogKind::TrustShock:
    case LogKind::TensionShock: break;
  }
  if (ev && !ev->label.empty()) detail = detail.empty() ? ev->label : detail + ": " + ev->label;
  return {Cell::str(std::string(log_kind_name(e.kind))), Cell::str(id(e.actor)), Cell::str(id(e.partner)), value,
          level, Cell::str(detail)};
}

/// Each driver term's row of a step: quantity, actor, partner, term and value, for every pair (tension) and
/// ordered pair (trust), in the order of drivers.csv.
template <class Emit>
void driver_rows(const Scenario& sc, const World& w, Emit&& emit) {
  const int n = w.n;
  const auto& ids = sc.actors;
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b)
      for (int k = 0; k < kTensionTerms; ++k)
        emit("tension", ids[static_cast<std::size_t>(a)].id, ids[static_cast<std::size_t>(b)].id,
             term_name(static_cast<TensionTerm>(k)), w.flows.tension_terms[static_cast<std::size_t>(k)](a, b));
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      if (a != b)
        for (int k = 0; k < kTrustTerms; ++k)
          emit("trust", ids[static_cast<std::size_t>(a)].id, ids[static_cast<std::size_t>(b)].id,
               term_name(static_cast<TrustTerm>(k)), w.flows.trust_terms[static_cast<std::size_t>(k)](a, b));
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
        for (const auto& v : actor_values(w, i, policy_name(w, i), bloc_id(i))) *out_.actors << ',' << csv_text(v);
        *out_.actors << '\n';
      }
    if (out_.pairs)
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) {
          *out_.pairs << lead << ',' << ids[static_cast<std::size_t>(a)].id << ','
                      << ids[static_cast<std::size_t>(b)].id;
          for (const auto& v : pair_values(sc_, w, a, b)) *out_.pairs << ',' << csv_text(v);
          *out_.pairs << '\n';
        }
    if (out_.drivers && w.step > 0)
      driver_rows(sc_, w, [&](const char* quantity, const std::string& actor, const std::string& partner,
                              const char* term, double value) {
        *out_.drivers << lead << ',' << quantity << ',' << actor << ',' << partner << ',' << term << ','
                      << fmt(value) << '\n';
      });
  } else {
    if (out_.actors) {
      *out_.actors << lead;
      for (int i = 0; i < n; ++i)
        for (const auto& v : actor_values(w, i, policy_name(w, i), bloc_id(i))) *out_.actors << ',' << csv_text(v);
      *out_.actors << '\n';
    }
    if (out_.pairs) {
      *out_.pairs << lead;
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          for (const auto& v : pair_values(sc_, w, a, b)) *out_.pairs << ',' << csv_text(v);
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
    for (const auto& v : region_values(w)) *out_.region << ',' << csv_text(v);
    *out_.region << '\n';
  }
}

void TrendRecorder::on_log(const World& w, const LogEntry& e) {
  if (!out_.events) return;
  *out_.events << w.step << ',' << year(w.step);
  for (const auto& v : event_values(sc_, w, e)) *out_.events << ',' << csv_text(v);
  *out_.events << '\n';
}

namespace {

/// A table with the tidy layout's columns of `f` (step, year, the keys, then the values), of these kinds.
Table tidy_table(TrendFile f, std::initializer_list<Cell::Kind> kinds) {
  const TrendTable& t = trend_table(f);
  std::vector<std::pair<std::string, Cell::Kind>> cols = {{"step", Cell::Kind::Integer}, {"year", Cell::Kind::Number}};
  auto kind = kinds.begin();
  for (const auto& c : t.keys) cols.emplace_back(std::string(c.name), *kind++);
  for (const auto& c : t.values) cols.emplace_back(std::string(c.name), *kind++);
  if (kind != kinds.end()) throw std::logic_error("tidy_table: more kinds than columns");
  return Table(std::move(cols));
}

constexpr Cell::Kind N = Cell::Kind::Number, T = Cell::Kind::Text;

}  // namespace

TableRecorder::TableRecorder(const Scenario& sc) : sc_(sc) {
  tables_.actors = tidy_table(TrendFile::Actors, {T, T, N, N, N, N, N, N, N, N, N, T});
  tables_.pairs = tidy_table(TrendFile::Pairs, {T, T, N, N, N, N, N, N, N, N, N, N, N, N, N, N, T, T});
  tables_.region = tidy_table(TrendFile::Region, {N, N, N, N, N, N, N, N, N, N, N, N, N});
  tables_.events = tidy_table(TrendFile::Events, {T, T, T, N, N, T});
  tables_.drivers = tidy_table(TrendFile::Drivers, {T, T, T, T, N});
}

void TableRecorder::on_step(const World& w) {
  const int n = w.n;
  const auto& ids = sc_.actors;
  const Cell step = Cell::whole(w.step), year = Cell::num(sc_.year_of(w.step));
  const std::vector<int> bloc = blocs(w);
  std::vector<Cell> row;
  auto start = [&] {
    row.clear();
    row.push_back(step);
    row.push_back(year);
  };
  auto add = [&](const auto& values) { row.insert(row.end(), values.begin(), values.end()); };
  for (int i = 0; i < n; ++i) {
    start();
    row.push_back(Cell::str(ids[static_cast<std::size_t>(i)].id));
    const std::string& policy = sc_.policies[static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(i)])].name;
    add(actor_values(w, i, policy, ids[static_cast<std::size_t>(bloc[static_cast<std::size_t>(i)])].id));
    tables_.actors.add_row(row);
  }
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b) {
      start();
      row.push_back(Cell::str(ids[static_cast<std::size_t>(a)].id));
      row.push_back(Cell::str(ids[static_cast<std::size_t>(b)].id));
      add(pair_values(sc_, w, a, b));
      tables_.pairs.add_row(row);
    }
  start();
  add(region_values(w));
  tables_.region.add_row(row);
  if (w.step > 0)
    driver_rows(sc_, w, [&](const char* quantity, const std::string& actor, const std::string& partner,
                            const char* term, double value) {
      start();
      add(std::array<Cell, 5>{Cell::str(quantity), Cell::str(actor), Cell::str(partner), Cell::str(term),
                              Cell::num(value)});
      tables_.drivers.add_row(row);
    });
}

void TableRecorder::on_log(const World& w, const LogEntry& e) {
  std::vector<Cell> row = {Cell::whole(w.step), Cell::num(sc_.year_of(w.step))};
  for (auto& v : event_values(sc_, w, e)) row.push_back(std::move(v));
  tables_.events.add_row(row);
}

}  // namespace statecraft
