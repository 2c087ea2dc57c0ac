#include <cmath>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flags.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/util/printable.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft::cli {
namespace {

/// A cell of a table on one line: the lines of a text of several (a variant's block-scalar description) joined
/// by a space, its closing newlines dropped.
std::string one_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string out;
  for (const char c : text)
    if (c != '\n') out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  return out;
}

/// Prints rows as aligned columns under a title. The cells are made printable first and measured as a terminal
/// shows them (an escaped control is four columns, "Ç" one, "中" two), so that names of any script line up.
void table(std::ostream& os, const std::string& title, std::vector<std::vector<std::string>> rows) {
  os << "\n" << title << "\n";
  if (rows.empty()) return;
  std::vector<std::size_t> width;
  for (auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) {
      r[c] = printable(one_line(r[c]));
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], display_width(r[c]));
    }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line = " ";
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      line += " " + rows[i][c];
      if (c + 1 < rows[i].size()) line += std::string(width[c] - display_width(rows[i][c]), ' ');
    }
    os << line << "\n";
    if (i == 0) {
      std::string rule = " ";
      for (std::size_t c = 0; c < width.size(); ++c) rule += " " + std::string(width[c], '-');
      os << rule << "\n";
    }
  }
}

/// A text of several lines (a block scalar `description: |`) with every line after the first indented as the
/// first is (a blank line left blank), and without the block's closing newlines.
std::string indented(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string out;
  for (std::size_t k = 0; k < text.size(); ++k) {
    out += text[k];
    if (text[k] == '\n' && k + 1 < text.size() && text[k + 1] != '\n') out += "  ";
  }
  return out;
}

std::string pct(double x) { return fmt(std::round(x * 1000) / 10) + "%"; }

using json = nlohmann::ordered_json;

/// A year, or null for an institution's open calendar.
json year_or_null(double y) { return std::abs(y) >= 1e17 ? json(nullptr) : json(y); }

/// The scenario as one JSON document: every value by the name the file gives it, from the tables of fields.
json describe_json(const Scenario& sc) {
  auto id = [&](int i) { return sc.actors[static_cast<std::size_t>(i)].id; };
  json out = {{"name", sc.name},
              {"variant", sc.variant.empty() ? json(nullptr) : json(sc.variant)},
              {"description", sc.description},
              {"start_year", sc.start_year},
              {"end_year", sc.year_of(sc.steps)},
              {"steps", sc.steps},
              {"dt", sc.dt},
              {"seed", sc.seed}};
  json actors = json::array();
  for (const Actor& a0 : sc.actors) {
    Actor a = a0;  // the table's references take a mutable actor
    json j = {{"id", a.id}};
    for (const ActorFieldDesc& f : actor_fields()) {
      if (f.ref) j[f.desc.name] = f.ref(a);
      else if (f.desc.type == ValueType::Text) j[f.desc.name] = a.name;
      else if (f.desc.type == ValueType::Choice) j[f.desc.name] = a.trust_building == TrustStyle::TopDown ? "top_down" : "bottom_up";
      else if (f.desc.type == ValueType::PolicySpec) j[f.desc.name] = sc.policies[static_cast<std::size_t>(a.policy)].name;
    }
    if (!a.has_grievance) j["grievance"] = nullptr;  // recomputed each step from fatigue, baseline_share and gdp
    j["share"] = a.milex / a.gdp;
    actors.push_back(j);
  }
  out["actors"] = actors;

  std::vector<bool> used(sc.policies.size(), false);
  for (const auto& a : sc.actors) used[static_cast<std::size_t>(a.policy)] = true;
  for (const auto& e : sc.events)
    if (e.type == EventType::PolicyChange) used[static_cast<std::size_t>(e.policy)] = true;
  json policies = json::array();
  for (std::size_t i = 0; i < sc.policies.size(); ++i) {
    if (!used[i]) continue;
    const Policy& pol = sc.policies[i];
    json j = {{"name", pol.name}, {"conditional", pol.conditional}};
    for (const auto& f : policy_fields()) j[f.key] = pol.params.*f.member;
    if (pol.conditional)
      j.update({{"cooperate", pol.cooperate_name}, {"defect", pol.defect_name}, {"defect_below", pol.defect_below},
                {"engage_above", pol.engage_above}});
    policies.push_back(j);
  }
  out["policies"] = policies;

  json pairs = json::array();
  for (int a = 0; a < sc.n(); ++a)
    for (int b = a + 1; b < sc.n(); ++b) {
      json j = {{"pair", id(a) + "-" + id(b)}};
      for (const PairFieldDesc& f : pair_fields()) {
        const Matrix& m = sc.*f.matrix;
        if (f.directed) j[f.desc.name] = {{id(a), m(a, b)}, {id(b), m(b, a)}};
        else j[f.desc.name] = m(a, b);
      }
      pairs.push_back(j);
    }
  out["pairs"] = pairs;

  json disputes = json::array();
  for (const Dispute& d : sc.disputes) {
    json parties = json::array();
    for (const auto& p : d.parties) parties.push_back({{"actor", id(p.actor)}, {"salience", p.salience}, {"side", id(p.side)}});
    disputes.push_back({{"id", d.id}, {"name", d.name}, {"parties", parties}});
  }
  out["disputes"] = disputes;

  json institutions = json::array();
  for (const Institution& inst : sc.institutions) {
    json members = json::array();
    for (int m : inst.members) members.push_back(id(m));
    json j = {{"id", inst.id}, {"kind", institution_kind_name(inst.kind)}, {"name", inst.name}, {"members", members},
              {"strength", inst.strength}, {"start", year_or_null(inst.start)}, {"end", year_or_null(inst.end)}};
    if (inst.kind == InstitutionKind::CodeOfConduct) {
      j["dispute"] = sc.disputes[static_cast<std::size_t>(inst.dispute)].id;
      j["binding"] = inst.binding;
    }
    if (inst.kind == InstitutionKind::Community) j["decision_rule"] = inst.consensus ? "consensus" : "majority";
    institutions.push_back(j);
  }
  out["institutions"] = institutions;

  json events = json::array();
  for (const Event& e : sc.events)
    events.push_back({{"year", sc.year_of(e.step)}, {"step", e.step}, {"type", event_type_name(e.type)},
                      {"summary", event_summary(sc, e)}, {"label", e.label}});
  out["events"] = events;

  json variants = json::array();
  for (const auto& v : sc.variants) variants.push_back({{"name", v.name}, {"description", v.description}});
  out["variants"] = variants;
  return out;
}

}  // namespace

Action add_describe(CLI::App& app) {
  struct Opts {
    std::string file, variant;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file")->required();
  add_variant(app, o->variant, "Describe the scenario with this variant applied");
  app.add_flag("--json", o->json, "Print one JSON document: every value of the scenario, by the names of the file");
  app.footer("Example: statecraft describe scenarios/asia_pacific_2012.yaml --variant all_security_community\n"
             "Example: statecraft describe scenarios/security_dilemma.yaml --json");
  return [o]() {
    LoadOptions lo;
    lo.limits = cli_limits().load;
    lo.variant = o->variant;
    lo.variant_given_by = "--variant";
    Scenario sc = load_scenario(o->file, lo);
    if (o->json) {
      std::cout << describe_json(sc).dump(2) << "\n";
      return static_cast<int>(kOk);
    }
    // Written whole, then printable: names, descriptions and labels are the file's text, and a terminal must
    // not be sent a control sequence from a file.
    std::ostringstream os;
    os << sc.name << (sc.variant.empty() ? "" : " [variant " + sc.variant + "]") << "\n";
    if (!sc.description.empty()) os << "  " << indented(sc.description) << "\n";
    os << "  " << counted(static_cast<std::size_t>(sc.steps), "step") << " of " << fmt(sc.dt) << (sc.dt == 1 ? " year from " : " years from ") << fmt(sc.start_year)
       << " to " << fmt(sc.year_of(sc.steps)) << ", seed " << sc.seed << "\n";
    auto id = [&](int i) { return sc.actors[static_cast<std::size_t>(i)].id; };

    std::vector<std::vector<std::string>> rows = {
        {"id", "name", "gdp (bn)", "milex (bn)", "share", "baseline", "policy", "trust-building"}};
    for (const auto& a : sc.actors)
      rows.push_back({a.id, a.name, fmt(a.gdp), fmt(a.milex), pct(a.milex / a.gdp), pct(a.baseline_share),
                      sc.policies[static_cast<std::size_t>(a.policy)].name,
                      a.trust_building == TrustStyle::TopDown ? "top_down" : "bottom_up"});
    table(os, "Actors", rows);

    rows = {{"policy"}};  // a column per coefficient, headed by its key: the heading follows the table of fields
    for (const auto& f : policy_fields()) rows.front().push_back(f.key);
    std::vector<bool> used(sc.policies.size(), false);
    for (const auto& a : sc.actors) used[static_cast<std::size_t>(a.policy)] = true;
    for (const auto& e : sc.events)
      if (e.type == EventType::PolicyChange) used[static_cast<std::size_t>(e.policy)] = true;
    for (std::size_t i = 0; i < sc.policies.size(); ++i) {
      if (!used[i]) continue;
      std::vector<std::string> r = {sc.policies[i].name};
      for (const auto& f : policy_fields()) r.push_back(fmt(sc.policies[i].params.*f.member));
      rows.push_back(r);
    }
    table(os, "Policies in use", rows);

    rows = {{"pair", "proximity", "alliance", "interdep.", "tension", "trust a->b", "trust b->a", "dialogue",
             "cap"}};
    for (int a = 0; a < sc.n(); ++a)
      for (int b = a + 1; b < sc.n(); ++b)
        rows.push_back({id(a) + "-" + id(b), fmt(sc.proximity(a, b)), fmt(sc.alliance(a, b)),
                        fmt(sc.interdependence(a, b)), fmt(sc.tension(a, b)), fmt(sc.trust(a, b)),
                        fmt(sc.trust(b, a)), fmt(sc.dialogue(a, b)), fmt(sc.dialogue_cap(a, b))});
    table(os, "Pairs", rows);

    rows = {{"dispute", "name", "parties (salience, side)"}};
    for (const auto& d : sc.disputes) {
      std::string parties;
      for (const auto& p : d.parties)
        parties += (parties.empty() ? "" : ", ") + id(p.actor) + " " + fmt(p.salience) +
                   (p.side != p.actor ? " with " + id(p.side) : "");
      rows.push_back({d.id, d.name, parties});
    }
    table(os, "Disputes", rows);

    rows = {{"year", "type", "what"}};
    for (const auto& e : sc.events) {
      std::string what = event_summary(sc, e);
      if (!e.label.empty()) what += " (" + e.label + ")";
      rows.push_back({fmt(sc.year_of(e.step)), event_type_name(e.type), what});
    }
    table(os, "Events", rows);

    rows = {{"institution", "kind", "members", "strength", "from", "to", "notes"}};
    for (const auto& inst : sc.institutions) {
      std::string members;
      for (int m : inst.members) members += (members.empty() ? "" : " ") + id(m);
      std::string notes;
      if (inst.kind == InstitutionKind::CodeOfConduct)
        notes = std::string(inst.binding ? "binding" : "non-binding") + " on " +
                sc.disputes[static_cast<std::size_t>(inst.dispute)].id;
      if (inst.consensus) notes = "consensus";
      rows.push_back({inst.id, institution_kind_name(inst.kind), members, fmt(inst.strength),
                      inst.start > -1e17 ? fmt(inst.start) : "-", inst.end < 1e17 ? fmt(inst.end) : "-", notes});
    }
    table(os, "Institutions", rows);

    rows = {{"variant", "description"}};
    for (const auto& v : sc.variants) rows.push_back({v.name, v.description});
    table(os, "Variants", rows);
    std::cout << printable_lines(os.str());
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
