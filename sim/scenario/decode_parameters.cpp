// The `parameters:` section, read from parameter_table().
#include "decoder.hpp"

#include <algorithm>

namespace statecraft::detail {

void Decoder::decode_parameters(const Node& root) {
  const Node* p = root.get("parameters");
  if (!p || !expect_map(*p, "parameters", "a mapping of parameter groups, e.g. trust: {forgetting: 0.2}")) return;
  std::vector<std::string> groups;
  for (const auto& d : parameter_table())
    if (std::find(groups.begin(), groups.end(), d.group) == groups.end())
      groups.emplace_back(d.group);
  check_keys(*p, "parameters", groups);
  for (const auto& g : p->map) {
    if (std::find(groups.begin(), groups.end(), g.key) == groups.end()) continue;
    std::string gpath = "parameters." + g.key;
    if (!expect_map(*g.value, gpath, "a mapping of the " + g.key + " parameters to their values")) continue;
    std::vector<std::string> keys;
    for (const auto& d : parameter_table())
      if (d.group == g.key) keys.emplace_back(d.key);
    check_keys(*g.value, gpath, keys);
    for (const auto& e : g.value->map) {
      const ParamDesc* d = find_parameter(g.key, e.key);
      if (!d) continue;
      std::string kpath = gpath + "." + e.key;
      if (d->kind == ParamKind::Bool) {
        if (auto b = parse_bool(*e.value, kpath)) d->ref(sc_.params) = *b ? 1.0 : 0.0;
      } else if (auto v = parse_double(*e.value, kpath, Range::closed(d->lo, d->hi))) {
        d->ref(sc_.params) = *v;
      }
    }
  }
}

}  // namespace statecraft::detail
