#include <iostream>

#include "commands.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft::cli {
namespace {

/// Prints rows as aligned columns under a title.
void table(std::ostream& os, const std::string& title, const std::vector<std::vector<std::string>>& rows) {
  os << "\n" << title << "\n";
  if (rows.empty()) return;
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], r[c].size());
    }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line = " ";
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      line += " " + rows[i][c];
      if (c + 1 < rows[i].size()) line += std::string(width[c] - rows[i][c].size(), ' ');
    }
    os << line << "\n";
    if (i == 0) {
      std::string rule = " ";
      for (std::size_t c = 0; c < width.size(); ++c) rule += " " + std::string(width[c], '-');
      os << rule << "\n";
    }
  }
}

std::string pct(double x) { return fmt(std::round(x * 1000) / 10) + "%"; }

}  // namespace

Action add_describe(CLI::App& app) {
  struct Opts {
    std::string file, variant;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file")->required();
  app.add_option("--variant", o->variant, "Describe the scenario with this variant applied");
  app.footer("Example: statecraft describe scenarios/asia_pacific_2012.yaml --variant all_security_community");
  return [o]() {
    LoadOptions lo;
    lo.limits = cli_limits().load;
    lo.variant = o->variant;
    Scenario sc = load_scenario(o->file, lo);
    auto& os = std::cout;
    os << sc.name << (sc.variant.empty() ? "" : " [variant " + sc.variant + "]") << "\n";
    if (!sc.description.empty()) os << "  " << sc.description << "\n";
    os << "  " << sc.steps << " steps of " << fmt(sc.dt) << " year(s) from " << fmt(sc.start_year)
       << " to " << fmt(sc.year_of(sc.steps)) << ", seed " << sc.seed << "\n";
    auto id = [&](int i) { return sc.actors[static_cast<std::size_t>(i)].id; };

    std::vector<std::vector<std::string>> rows = {
        {"id", "name", "gdp (bn)", "milex (bn)", "share", "baseline", "policy", "trust-building"}};
    for (const auto& a : sc.actors)
      rows.push_back({a.id, a.name, fmt(a.gdp), fmt(a.milex), pct(a.milex / a.gdp), pct(a.baseline_share),
                      sc.policies[static_cast<std::size_t>(a.policy)].name,
                      a.trust_building == TrustStyle::TopDown ? "top_down" : "bottom_up"});
    table(os, "Actors", rows);

    rows = {{"policy", "k", "omega", "delta", "esc", "eta", "transparency_effort"}};
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
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
