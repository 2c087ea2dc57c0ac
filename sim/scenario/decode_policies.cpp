// The `policies:` section and policy specs wherever a policy is expected.
#include "decoder.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/scenario/sections.hpp"

namespace statecraft::detail {

std::optional<int> Decoder::policy_named(const Node& at, const std::string& path, const std::string& name) {
  auto it = policy_index_.find(name);
  if (it != policy_index_.end()) return it->second;
  if (failed_policies_.count(name)) return std::nullopt;  // its own problems are reported already
  std::vector<std::string> names;
  for (const auto& [k, v] : policy_index_) names.push_back(k);
  std::string near = closest_match(name, names);
  err(at, path, "unknown policy '" + name + "'" +
                    (near.empty() ? " (expected one of: " + join(names) + ")" : " (did you mean '" + near + "'?)"));
  return std::nullopt;
}

std::optional<int> Decoder::decode_policy_spec(const Node& n, const std::string& path) {
  if (n.is_scalar()) return policy_named(n, path, n.scalar);
  if (!n.is_map()) {
    err(n, path, "got " + kind_str(n) + " (expected a policy name, or a mapping with base or mix)");
    return std::nullopt;
  }
  check_keys(n, path, key_names(policy_spec_fields()));
  Policy pol;
  bool ok = decode_policy_base(n, path, pol);
  bool customised = false;
  // Reciprocity first, so that a coefficient's message names what the policy switches between; each part's
  // problems are found whatever the other's.
  bool reciprocity_ok = ok;
  decode_reciprocity(n, path, pol, reciprocity_ok, customised);
  decode_policy_coefficients(n, path, pol, ok, customised);
  ok = ok && reciprocity_ok;
  if (ok && pol.conditional && pol.defect_below > pol.engage_above) {
    const Node* v = n.get("defect_below") ? n.get("defect_below") : n.get("engage_above");
    err(*v, sub(path, n.get("defect_below") ? "defect_below" : "engage_above"),
        "defect_below " + format_number(pol.defect_below) + " is above engage_above " + format_number(pol.engage_above) +
            " (expected defect_below <= engage_above)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  if (customised) pol.name += "+custom";
  sc_.policies.push_back(pol);
  return static_cast<int>(sc_.policies.size() - 1);
}

bool Decoder::decode_policy_base(const Node& n, const std::string& path, Policy& pol) {
  const Node* base = n.get("base");
  const Node* mix = n.get("mix");
  if (base && mix) {
    err(*mix, sub(path, "mix"), "both base and mix given (expected one of them)");
    return false;
  }
  if (base) {
    auto name = parse_string(*base, sub(path, "base"));
    auto idx = name ? policy_named(*base, sub(path, "base"), *name) : std::nullopt;
    if (!idx) return false;
    pol = sc_.policies[static_cast<std::size_t>(*idx)];  // a conditional base stays conditional
    return true;
  }
  if (mix) {
    auto m = parse_double(*mix, sub(path, "mix"), kUnit);
    if (!m) return false;
    const auto& bop = policy_presets()[0].params;
    const auto& scp = policy_presets()[1].params;
    for (const auto& f : policy_fields()) pol.params.*f.member = *m * (scp.*f.member) + (1 - *m) * (bop.*f.member);
    pol.name = "mix(" + format_number(*m) + ")";
    return true;
  }
  err(n, path, "has neither base nor mix (expected base: a policy name, or mix: a number in [0, 1])");
  return false;
}

void Decoder::decode_policy_coefficients(const Node& n, const std::string& path, Policy& pol, bool& ok,
                                         bool& customised) {
  for (const auto& f : policy_fields()) {
    const Node* v = n.get(f.key);
    if (!v) continue;
    customised = true;
    if (pol.conditional && ok) {
      // Given outside the file (--set, --param, a design's cell): no key of the file to write instead.
      const bool outside = v->mark.file != n.mark.file;
      err(*v, sub(path, f.key),
          outside ? conditional_coefficient_problem(pol, f.key)
                  : "a conditional policy takes its coefficients from its cooperate and defect policies (expected "
                    "cooperate: or defect: a policy name)");
      ok = false;
    } else if (auto x = parse_double(*v, sub(path, f.key), kUnit)) {
      pol.params.*f.member = *x;
    } else {
      ok = false;
    }
  }
}

void Decoder::decode_reciprocity(const Node& n, const std::string& path, Policy& pol, bool& ok, bool& customised) {
  // Reciprocity: which policies a conditional one switches between, and when.
  for (const char* key : {"cooperate", "defect", "defect_below", "engage_above"}) {
    const Node* v = n.get(key);
    if (!v) continue;
    customised = true;
    if (!pol.conditional) {
      if (ok)
        err(*v, sub(path, key), std::string("applies to a conditional policy only (expected base: conditional)"));
      ok = false;
      continue;
    }
    if (std::string(key) == "cooperate" || std::string(key) == "defect") {
      auto name = parse_string(*v, sub(path, key));
      auto idx = name ? policy_named(*v, sub(path, key), *name) : std::nullopt;
      if (!idx) {
        ok = false;
        continue;
      }
      const Policy& other = sc_.policies[static_cast<std::size_t>(*idx)];
      if (other.conditional) {
        err(*v, sub(path, key), "'" + *name + "' is itself conditional (expected a policy that does not switch)");
        ok = false;
        continue;
      }
      if (std::string(key) == "cooperate") {
        pol.params = other.params;
        pol.cooperate_name = other.name;
      } else {
        pol.defect = other.params;
        pol.defect_name = other.name;
      }
    } else if (auto x = parse_double(*v, sub(path, key), kUnit)) {
      (std::string(key) == "defect_below" ? pol.defect_below : pol.engage_above) = *x;
    } else {
      ok = false;
    }
  }
}

void Decoder::decode_policies(const Node& root) {
  for (const auto& p : policy_presets()) {
    policy_index_[p.name] = static_cast<int>(sc_.policies.size());
    sc_.policies.push_back(p);
  }
  // Overrides of a preset's coefficients (sweeps): everything built on the preset sees them.
  for (const auto& [path, value, at] : preset_overrides_) {
    Policy& pol = sc_.policies[static_cast<std::size_t>(path.policy)];
    if (pol.conditional) {
      diags_.add(at, path.path, conditional_coefficient_problem(pol, field_name(path)));
    } else if (!value_range(path).contains(value)) {
      diags_.add(at, path.path, format_number(value) + " is out of range (expected " + value_range(path).expect() + ")");
    } else {
      set_value(sc_, path, value);
    }
  }
  const Node* ps = root.get("policies");
  if (!ps || !expect_map(*ps, "policies", "a mapping of policy names to policies such as {base: hedging, delta: 0.5}")) return;
  for (const auto& e : ps->map) {
    std::string path = "policies." + e.key;
    if (policy_index_.count(e.key)) {
      err_key(e, path, "redefines the preset '" + e.key + "' (expected a new name)");
      continue;
    }
    if (!e.value->is_map()) {
      err(*e.value, path, "got " + kind_str(*e.value) + " (expected a mapping with base or mix)");
      failed_policies_.insert(e.key);
      continue;
    }
    if (auto idx = decode_policy_spec(*e.value, path)) {
      sc_.policies[static_cast<std::size_t>(*idx)].name = e.key;
      policy_index_[e.key] = *idx;
    } else {
      failed_policies_.insert(e.key);
    }
  }
}

}  // namespace statecraft::detail
