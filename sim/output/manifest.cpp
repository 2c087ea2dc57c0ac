#include "statecraft/output/manifest.hpp"

#include <algorithm>
#include <cmath>

#include "statecraft/engine/engine.hpp"
#include "statecraft/engine/start.hpp"
#include "statecraft/output/csv.hpp"

namespace statecraft {

Manifest manifest_head(const std::string& command) {
  Manifest m;
  m["program"] = "statecraft";
  m["version"] = STATECRAFT_VERSION;
  m["model"] = kModelVersion;
  m["format_version"] = kOutputFormatVersion;
  if (!command.empty()) m["command"] = command;
  return m;
}

Manifest scenario_ref(const Scenario& sc, const std::string& scenario_path) {
  Manifest s;
  s["path"] = scenario_path;
  s["name"] = sc.name;
  s["sha256"] = sc.sources.empty() ? "" : sc.sources.front().sha256;
  return s;
}

void add_provenance(Manifest& m, const Scenario& sc, const std::string& scenario_path) {
  m["scenario"] = scenario_ref(sc, scenario_path);
  Manifest sources = Manifest::array();
  for (const auto& src : sc.sources) {
    Manifest f;
    f["path"] = src.path;
    f["sha256"] = src.sha256;
    sources.push_back(std::move(f));
  }
  m["sources"] = std::move(sources);
  m["variant"] = sc.variant.empty() ? Manifest(nullptr) : Manifest(sc.variant);
}

Manifest parameters_of(const Parameters& p) {
  Parameters copy = p;  // the table's accessors take a mutable Parameters
  Manifest groups = Manifest::object();
  for (const auto& d : parameter_table()) {
    const double v = d.ref(copy);
    Manifest& group = groups[std::string(d.group)];
    if (d.kind == ParamKind::Bool)
      group[std::string(d.key)] = v > 0;
    else
      group[std::string(d.key)] = v;
  }
  return groups;
}

Manifest policies_of(const Scenario& sc) {
  Manifest policies = Manifest::object();
  for (const auto& pol : sc.policies) {
    Manifest coefficients = Manifest::object();
    for (const auto& f : policy_fields()) coefficients[f.key] = pol.params.*f.member;
    // Inline policies built on the same preset share a name ("hedging+custom"): the last one is kept, as
    // every JSON reader kept it when the manifest listed the name twice.
    policies[pol.name] = std::move(coefficients);
  }
  return policies;
}

Manifest actors_of(const Scenario& sc) {
  Manifest actors = Manifest::object();
  for (const auto& a : sc.actors) {
    Manifest x;
    x["name"] = a.name;
    x["policy"] = sc.policies[static_cast<std::size_t>(a.policy)].name;
    x["gdp"] = a.gdp;
    x["growth"] = a.growth;
    x["milex"] = a.milex;
    x["capability"] = a.capability;
    x["fatigue"] = a.fatigue;
    x["baseline_share"] = a.baseline_share;
    x["max_share"] = a.max_share;
    x["grievance"] = a.has_grievance ? Manifest(a.grievance) : Manifest(nullptr);
    x["transparency"] = {{"strategic", a.transparency_strategic}, {"operational", a.transparency_operational}};
    x["values_transparency"] = a.values_transparency;
    x["trust_building"] = a.trust_building == TrustStyle::TopDown ? "top_down" : "bottom_up";
    x["satisfaction"] = a.satisfaction;
    x["hawkishness"] = a.hawkishness;
    actors[a.id] = std::move(x);
  }
  return actors;
}

/// The values a consistent start derived (docs/model.md, "A consistent start"): results about the scenario
/// worth reading (a reaction or a friction scaled far below 1 says the model over-predicts hostility against
/// the record), and what a run of this manifest started from. Derived, as the engine does, from the scenario
/// without its variant.
void add_start(Manifest& m, const Scenario& sc) {
  const StartValues v = derive_start(sc.base ? *sc.base : sc);
  Manifest actors = Manifest::object(), pairs = Manifest::object();
  for (int i = 0; i < sc.n(); ++i)
    actors[sc.actors[static_cast<std::size_t>(i)].id] = {{"baseline_share", v.baseline_share(i)},
                                                         {"reaction_scale", v.reaction_scale(i)}};
  auto trust = [](double logodds) { return 1 / (1 + std::exp(-logodds)); };
  for (int i = 0; i < sc.n(); ++i)
    for (int j = i + 1; j < sc.n(); ++j)
      pairs[sc.actors[static_cast<std::size_t>(i)].id + "-" + sc.actors[static_cast<std::size_t>(j)].id] = {
          {"friction_scale", v.friction_scale(i, j)},
          {"background_friction", v.background_friction(i, j)},
          {"trust_prior_ab", trust(v.base_prior(i, j))},
          {"trust_prior_ba", trust(v.base_prior(j, i))}};
  m["start_actors"] = std::move(actors);
  m["start_pairs"] = std::move(pairs);
}

Manifest run_manifest(const Scenario& sc, const std::string& scenario_path, Format format,
                      const std::vector<std::string>& files) {
  Manifest m = manifest_head("");
  add_provenance(m, sc, scenario_path);
  m["seed"] = sc.seed;
  m["start_year"] = sc.start_year;
  m["steps"] = sc.steps;
  m["dt"] = sc.dt;
  m["format"] = format == Format::Tidy ? "tidy" : "wide";
  m["files"] = files;
  m["parameters"] = parameters_of(sc.params);
  m["policies"] = policies_of(sc);
  m["actors"] = actors_of(sc);
  if (sc.params.start.consistent > 0) add_start(m, sc);
  return m;
}

namespace {

void write_inline(std::string& out, const Manifest& v);

/// A string, number, boolean or null. Numbers that are not integers are written as in the CSVs, so that a
/// value reads the same in both; the rest as the library writes them.
void write_leaf(std::string& out, const Manifest& v) {
  if (v.is_number_float())
    out += fmt(v.get<double>());
  else
    out += v.dump(-1, ' ', false, Manifest::error_handler_t::replace);
}

void write_key(std::string& out, const std::string& key) {
  write_leaf(out, Manifest(key));
  out += ": ";
}

/// An object or array on one line: `{"a": 1, "b": [2, 3]}`.
void write_inline(std::string& out, const Manifest& v) {
  if (v.is_object()) {
    out += '{';
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it != v.begin()) out += ", ";
      write_key(out, it.key());
      write_inline(out, it.value());
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it != v.begin()) out += ", ";
      write_inline(out, *it);
    }
    out += ']';
  } else {
    write_leaf(out, v);
  }
}

/// Whether a member is a table of named entries (parameter groups, policies, actors): one line each.
bool is_table(const Manifest& v) {
  return v.is_object() && !v.empty() && std::all_of(v.begin(), v.end(), [](const Manifest& x) { return x.is_object(); });
}

}  // namespace

void write_manifest(std::ostream& os, const Manifest& m) {
  std::string out = "{";
  for (auto it = m.begin(); it != m.end(); ++it) {
    out += it == m.begin() ? "\n  " : ",\n  ";
    write_key(out, it.key());
    if (!is_table(it.value())) {
      write_inline(out, it.value());
      continue;
    }
    const Manifest& table = it.value();
    out += '{';
    for (auto row = table.begin(); row != table.end(); ++row) {
      out += row == table.begin() ? "\n    " : ",\n    ";
      write_key(out, row.key());
      write_inline(out, row.value());
    }
    out += "\n  }";
  }
  out += "\n}\n";
  os << out;
}

}  // namespace statecraft
