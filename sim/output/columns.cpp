#include "statecraft/output/columns.hpp"

namespace statecraft {

const TrendTable& trend_table(TrendFile f) {
  static const TrendTable tables[] = {
      {"actors.csv", kActorKeys, kActorColumns},
      {"pairs.csv", kPairKeys, kPairColumns},
      {"region.csv", {}, kRegionColumns},
      {"events.csv", {}, kEventColumns},
      {"drivers.csv", {}, kDriverColumns},
  };
  return tables[static_cast<int>(f)];
}

namespace {

void append(std::string& out, std::span<const Column> columns) {
  for (const auto& c : columns) {
    if (!out.empty()) out += ',';
    out += c.name;
  }
}

}  // namespace

std::string tidy_header(TrendFile f) {
  const TrendTable& t = trend_table(f);
  std::string out;
  append(out, kTimeColumns);
  append(out, t.keys);
  append(out, t.values);
  return out;
}

std::string wide_header(TrendFile f, const std::vector<std::string>& entities) {
  std::string out;
  append(out, kTimeColumns);
  for (const auto& e : entities)
    for (const auto& c : trend_table(f).values) {
      out += ',';
      out += e;
      out += '.';
      out += c.name;
    }
  return out;
}

}  // namespace statecraft
