// The `institutions:` section, read from institution_fields().
#include "decoder.hpp"

#include <algorithm>
#include <stdexcept>

namespace statecraft::detail {

namespace {

std::vector<std::string> institution_kinds() {
  std::vector<std::string> kinds;
  for (int k = 0; k < kInstitutionKinds; ++k) kinds.emplace_back(institution_kind_name(static_cast<InstitutionKind>(k)));
  return kinds;
}

/// The keys an institution of this kind takes (of any kind, without one), in file order.
std::vector<std::string> institution_keys(std::optional<InstitutionKind> kind) {
  std::vector<std::string> keys;
  for (const auto& f : institution_fields())
    if (!f.only_for || !kind || *f.only_for == *kind) keys.push_back(f.desc.name);
  return keys;
}

const FieldDesc& institution_field_desc(const std::string& name) {
  for (const auto& f : institution_fields())
    if (f.desc.name == name) return f.desc;
  throw std::logic_error("institution_fields: no key '" + name + "'");
}

}  // namespace

void Decoder::decode_institutions(const Node& root) {
  const Node* is = root.get("institutions");
  if (!is || !expect_map(*is, "institutions", "a mapping of institution ids to institutions")) return;
  for (const auto& e : is->map) {
    const std::string path = "institutions." + e.key;
    if (const std::string why = id_problem(e.key, "institution", "paths and events"); !why.empty()) {
      err_key(e, path, why);
      failed_institutions_.insert(e.key);
      continue;
    }
    if (!expect_map(*e.value, path, "an institution: a mapping with kind, members and strength")) {
      failed_institutions_.insert(e.key);
      continue;
    }
    Institution inst;
    inst.id = e.key;
    inst.name = e.key;
    inst.mark = e.key_mark;
    if (decode_institution(*e.value, path, inst)) sc_.institutions.push_back(std::move(inst));
    else failed_institutions_.insert(e.key);
  }
}

bool Decoder::decode_institution(const Node& m, const std::string& path, Institution& inst) {
  // Without a kind, the keys are checked against those of every kind first, so that a misspelt `kind` is
  // reported as the unknown key it is, with its suggestion, and not as a missing kind.
  if (!m.get("kind")) check_keys(m, path, institution_keys(std::nullopt));
  const std::optional<InstitutionKind> kind = decode_institution_kind(m, path);
  bool ok = kind.has_value();
  if (kind) {
    inst.kind = *kind;
    check_keys(m, path, institution_keys(*kind));
  }
  if (const Node* nm = m.get("name"))
    if (auto v = parse_string(*nm, path + ".name")) inst.name = *v;
  if (const Node* mem = m.get("members")) {
    if (auto list = actor_list(*mem, path + ".members")) {
      inst.members = *list;
      if (inst.members.size() < 2) {
        err(*mem, path + ".members", "has " + std::to_string(inst.members.size()) + " member(s) (expected at least 2)");
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    missing(m, path, "members", "a list of at least 2 actor ids");
    ok = false;
  }
  if (required_real(m, path, "strength", describe(InstitutionField::Strength).desc.range, inst.strength) != Got::Ok)
    ok = false;
  ok = decode_institution_calendar(m, path, inst) && ok;
  if (ok && inst.kind == InstitutionKind::CodeOfConduct) ok = decode_code_of_conduct(m, path, inst);
  if (ok && inst.kind == InstitutionKind::Community) {
    if (const Node* r = m.get("decision_rule")) {
      const std::vector<std::string>& rules = institution_field_desc("decision_rule").choices;
      if (r->is_scalar() && std::find(rules.begin(), rules.end(), r->scalar) != rules.end()) {
        inst.consensus = r->scalar == "consensus";
      } else {
        err(*r, path + ".decision_rule", "got " + kind_str(*r) + " (expected " + join(rules, " or ") + ")");
        ok = false;
      }
    }
  }
  return ok;
}

std::optional<InstitutionKind> Decoder::decode_institution_kind(const Node& m, const std::string& path) {
  const std::vector<std::string> kinds = institution_kinds();
  const Node* kn = m.get("kind");
  if (!kn) {
    missing(m, path, "kind", "one of: " + join(kinds));
    return std::nullopt;
  }
  auto k = parse_string(*kn, path + ".kind");
  if (!k) return std::nullopt;
  auto it = std::find(kinds.begin(), kinds.end(), *k);
  if (it == kinds.end()) {
    std::string near = closest_match(*k, kinds);
    err(*kn, path + ".kind", "unknown institution kind '" + *k + "'" +
                                 (near.empty() ? " (expected one of: " + join(kinds) + ")"
                                               : " (did you mean '" + near + "'?)"));
    return std::nullopt;
  }
  return static_cast<InstitutionKind>(it - kinds.begin());
}

bool Decoder::decode_institution_calendar(const Node& m, const std::string& path, Institution& inst) {
  const Got start = real(m, path, "start", describe(InstitutionField::Start).desc.range, inst.start);
  const Got end = real(m, path, "end", describe(InstitutionField::End).desc.range, inst.end);
  if (start == Got::Bad || end == Got::Bad) return false;
  if (start == Got::Ok && end == Got::Ok && inst.start >= inst.end) {
    err(*m.get("end"), path + ".end", "year " + format_number(inst.end) + " is not after start " +
                                        format_number(inst.start) + " (expected end > start)");
    return false;
  }
  return true;
}

bool Decoder::decode_code_of_conduct(const Node& m, const std::string& path, Institution& inst) {
  bool ok = true;
  if (const Node* d = m.get("dispute")) {
    const std::optional<int> found = find_dispute(*d, path + ".dispute");
    ok = found.has_value();
    inst.dispute = found.value_or(-1);
  } else {
    missing(m, path, "dispute", "the id of the dispute the code covers");
    ok = false;
  }
  if (const Node* b = m.get("binding")) {
    if (auto v = parse_bool(*b, path + ".binding")) inst.binding = *v;
    else ok = false;
  }
  return ok;
}

}  // namespace statecraft::detail
