#include <cmath>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flags.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/settable.hpp"
#include "statecraft/util/printable.hpp"

namespace statecraft::cli {
namespace {

const char* kind_name(PathKind k) {
  switch (k) {
    case PathKind::Parameter: return "parameter";
    case PathKind::Actor: return "actor";
    case PathKind::Pair: return "pair";
    case PathKind::Policy: return "policy";
    case PathKind::Institution: return "institution";
  }
  return "?";
}

/// An institution's open start or end is held as -1e18 or 1e18, which no one wrote: it is shown as its default
/// says ("always active", "never ends"), and is null in JSON.
bool unbounded(const SettablePath& p) { return p.value && std::fabs(*p.value) >= 1e17; }

std::string type_name(const FieldDesc& d) { return d.type == ValueType::Switch ? "switch" : "number"; }

std::string uses(const SettablePath& p) {
  std::string s;
  if (p.event) s += "event";
  if (p.param) s += std::string(s.empty() ? "" : ",") + "param";
  if (p.fit) s += std::string(s.empty() ? "" : ",") + "fit";
  return s;
}

nlohmann::ordered_json as_json(const std::vector<SettablePath>& rows, const Scenario* sc) {
  nlohmann::ordered_json paths = nlohmann::ordered_json::array();
  for (const SettablePath& p : rows) {
    nlohmann::ordered_json j = {{"path", p.path}, {"kind", kind_name(p.kind)}, {"type", type_name(p.desc)},
                                {"unit", p.desc.unit}};
    if (p.desc.type == ValueType::Switch) {
      j["range"] = nullptr;
    } else {
      // An unbounded side is null: JSON has no infinity.
      const Range& r = p.desc.range;
      auto bound = [](double x) {
        return std::abs(x) == std::numeric_limits<double>::max() ? nlohmann::ordered_json(nullptr)
                                                                 : nlohmann::ordered_json(x);
      };
      j["range"] = {{"min", bound(r.lo)}, {"max", bound(r.hi)}, {"min_open", r.lo_open}};
    }
    j["default"] = p.desc.default_value;
    if (sc) j["value"] = p.value && !unbounded(p) ? nlohmann::ordered_json(*p.value) : nlohmann::ordered_json(nullptr);
    j["event"] = p.event;
    j["param"] = p.param;
    j["fit"] = p.fit;
    j["meaning"] = p.desc.doc;
    paths.push_back(j);
  }
  nlohmann::ordered_json out;
  if (sc) {
    out["scenario"] = sc->name;
    out["variant"] = sc->variant.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(sc->variant);
  }
  out["paths"] = paths;
  return out;
}

void as_table(std::ostream& os, const std::vector<SettablePath>& rows, const Scenario* sc) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> head = {"path", "type", "unit", "range", "default"};
  if (sc) head.emplace_back("value");
  head.insert(head.end(), {"set by", "meaning"});
  cells.push_back(head);
  for (const SettablePath& p : rows) {
    std::vector<std::string> r = {p.path, type_name(p.desc), p.desc.unit, range_text(p.desc), p.desc.default_value};
    if (sc)
      r.push_back(!p.value       ? ""
                  : unbounded(p) ? p.desc.default_value
                  : p.desc.type == ValueType::Switch ? (*p.value != 0 ? "true" : "false")
                                                     : fmt(*p.value));
    r.insert(r.end(), {uses(p), p.desc.doc});
    cells.push_back(r);
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& r : cells)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < cells[i].size(); ++c) {
      line += cells[i][c];
      if (c + 1 < cells[i].size()) line += std::string(width[c] - cells[i][c].size() + 2, ' ');
    }
    os << line << "\n";
    if (i == 0) {
      std::string rule;
      for (std::size_t c = 0; c < width.size(); ++c) rule += std::string(width[c], '-') + (c + 1 < width.size() ? "  " : "");
      os << rule << "\n";
    }
  }
}

}  // namespace

Action add_params(CLI::App& app) {
  struct Opts {
    std::string file, variant;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file: list the paths of its own actors, pairs, policies and institutions");
  add_variant(app, o->variant, "List the paths of the scenario with this variant applied");
  app.add_flag("--json", o->json, "Print JSON instead of a table");
  app.footer(
      "Example: statecraft params\n"
      "Example: statecraft params scenarios/security_dilemma.yaml --json");
  return [o]() {
    if (o->file.empty() && !o->variant.empty())
      throw UsageError("--variant: needs a scenario FILE (expected statecraft params FILE --variant NAME)");
    std::optional<Scenario> sc;
    if (!o->file.empty()) {
      LoadOptions lo;
      lo.limits = cli_limits().load;
      lo.variant = o->variant;
      lo.variant_given_by = "--variant";
      sc = load_scenario(o->file, lo);
    }
    const std::vector<SettablePath> rows = sc ? settable_paths(*sc) : settable_paths();
    if (o->json) std::cout << as_json(rows, sc ? &*sc : nullptr).dump(2) << "\n";
    else {
      std::ostringstream table;  // printable: institution and dispute ids are the file's text
      as_table(table, rows, sc ? &*sc : nullptr);
      std::cout << printable_lines(table.str());
    }
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
