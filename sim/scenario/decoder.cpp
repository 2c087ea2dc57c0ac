// The decoder's core: reporting with positions and key paths, reading scalars under a Range, and references
// to actors and pairs. The sections of a file are decoded in decode_SECTION.cpp.
#include "decoder.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "statecraft/util/number.hpp"

namespace statecraft::detail {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string plain_name_problem(const std::string& name, const char* what) {
  const bool plain =
      !name.empty() && name.size() <= 100 && name.front() != '.' && name.front() != '-' &&
      std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
      });
  if (plain) return "";
  return "'" + name + "' is not a plain name (expected up to 100 ASCII letters, digits, '_', '-' and '.', not " +
         "starting with '.' or '-': it names the default output directory " + what + ")";
}

std::string id_problem(const std::string& id, const char* what, const char* named_by) {
  const bool plain = !id.empty() && id.size() <= 100 && id.front() != '-' &&
                     std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
  if (plain) return "";
  // Files written before ids were restricted used display names as ids ("ASEAN Regional Forum").
  const bool display_name = std::any_of(id.begin(), id.end(), [](unsigned char c) { return c == ' ' || c >= 0x80; });
  return "'" + id + "' is not a valid " + what + " id (expected up to 100 ASCII letters, digits, '_' and '-', " +
         "not starting with '-': " + named_by + " name it" +
         (display_name ? std::string("; a display name such as this goes in the ") + what + "'s name:" : "") + ")";
}

// ---- reporting -------------------------------------------------------------------------------
std::string Decoder::prefixed(const Node& n, const std::string& path) {
  if (n.variant.empty()) return path;
  std::string p = path;
  if (n.from_all_actors && p.rfind("actors.", 0) == 0) {
    // Written once under all_actors and merged into every actor: name it as written, once.
    std::size_t dot = p.find('.', 7);
    p = "all_actors" + (dot == std::string::npos ? std::string() : p.substr(dot));
  }
  return "variants." + n.variant + "." + p;
}
void Decoder::err(const Node& n, const std::string& path, const std::string& msg) {
  diags_.add(n.mark, prefixed(n, path), msg);
}
void Decoder::err_key(const Entry& e, const std::string& path, const std::string& msg) {
  diags_.add(e.key_mark, prefixed(*e.value, path), msg);
}
/// Reports at `m`, a position within `ctx` (a key, say): `ctx` says which variant it came from.
void Decoder::err_at(const Mark& m, const Node& ctx, const std::string& path, const std::string& msg) {
  diags_.add(m, prefixed(ctx, path), msg);
}

std::string Decoder::sub(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// ---- shapes and scalars ----------------------------------------------------------------------
bool Decoder::expect_map(const Node& n, const std::string& path, const std::string& what) {
  if (n.is_map()) return true;
  err(n, path, std::string("got ") + kind_str(n) + " (expected " + what + ")");
  return false;
}

std::string Decoder::kind_str(const Node& n) {
  if (n.is_scalar()) return (n.quoted ? "the string '" : "'") + n.scalar + "'";
  return detail::kind_name(n);
}

/// Reports keys of `n` outside `allowed`, with a did-you-mean suggestion.
void Decoder::check_keys(const Node& n, const std::string& path, const std::vector<std::string>& allowed) {
  for (const auto& e : n.map) {
    if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
    if (e.key == "<<") {
      err_key(e, sub(path, e.key),
              "a YAML merge key, which this loader does not support (expected the keys written out; a "
              "variant's all_actors sets keys of every actor)");
      continue;
    }
    std::string near = closest_match(e.key, allowed);
    std::string msg = "unknown key '" + e.key + "'";
    if (!near.empty()) suggested_.emplace(&n, near);
    if (!near.empty()) msg += " (did you mean '" + near + "'?)";
    else msg += " (expected one of: " + join(allowed) + ")";
    err_key(e, sub(path, e.key), msg);
  }
}

void Decoder::missing(const Node& parent, const std::string& path, const std::string& key,
             const std::string& expected) {
  if (suggested_.count({&parent, key})) return;  // "unknown key 'miliex' (did you mean 'milex'?)" says it
  if (parent.get("<<")) return;                  // meant to come from a merge key, reported as such
  err(parent, path, "missing required key '" + key + "' (expected " + expected + ")");
}

std::optional<double> Decoder::parse_double(const Node& n, const std::string& path, const Range& r) {
  if (!n.is_scalar() || n.quoted) {
    err(n, path, "got " + kind_str(n) + " (expected " + r.expect() + ")");
    return std::nullopt;
  }
  const std::string& s = n.scalar;
  double v = 0;
  if (!parse_finite(s, v)) {
    err(n, path, "'" + s + "' " + number_problem(s) + " (expected " + r.expect() + ")");
    return std::nullopt;
  }
  if (!r.contains(v)) {
    err(n, path, format_number(v) + " is out of range (expected " + r.expect() + ")");
    return std::nullopt;
  }
  return v;
}

/// Reads `key` of map `m` into `out` if present and valid.
Got Decoder::real(const Node& m, const std::string& path, const std::string& key, const Range& r,
         double& out) {
  const Node* n = m.get(key);
  if (!n) return Got::Absent;
  auto v = parse_double(*n, sub(path, key), r);
  if (!v) return Got::Bad;
  out = *v;
  return Got::Ok;
}

Got Decoder::required_real(const Node& m, const std::string& path, const std::string& key, const Range& r,
                  double& out) {
  if (!m.get(key)) {
    missing(m, path, key, r.expect());
    return Got::Absent;
  }
  return real(m, path, key, r, out);
}

/// A whole number in [lo, hi]; `raise_flag` names the flag that raises `hi` when it is a limit.
std::optional<long long> Decoder::parse_int(const Node& n, const std::string& path, long long lo, long long hi,
                                            const std::string& raise_flag) {
  std::string expect = "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!n.is_scalar() || n.quoted) {
    err(n, path, "got " + kind_str(n) + " (expected " + expect + ")");
    return std::nullopt;
  }
  long long v = 0;
  const std::string& s = n.scalar;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec == std::errc::result_out_of_range) {
    err(n, path, "'" + s + "' is too large (expected " + expect + ")");
    return std::nullopt;
  }
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || s.empty()) {
    err(n, path, "'" + s + "' is not a whole number (expected " + expect + ")");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    const bool limit = v > hi && !raise_flag.empty();
    err(n, path, s + " is out of range (expected " + expect + (limit ? "; raise the limit with " + raise_flag : "") + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> Decoder::parse_seed(const Node& n, const std::string& path) {
  const std::string expect = "a whole number in [0, 18446744073709551615]";
  if (!n.is_scalar() || n.quoted) {
    err(n, path, "got " + kind_str(n) + " (expected " + expect + ")");
    return std::nullopt;
  }
  std::uint64_t v = 0;
  const std::string& s = n.scalar;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec == std::errc::result_out_of_range) {
    err(n, path, "'" + s + "' is too large (expected " + expect + ")");
    return std::nullopt;
  }
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || s.empty()) {
    long long neg = 0;
    auto r2 = std::from_chars(s.data(), s.data() + s.size(), neg);
    if (r2.ec == std::errc() && r2.ptr == s.data() + s.size() && neg < 0)
      err(n, path, s + " is out of range (expected " + expect + ")");
    else
      err(n, path, "'" + s + "' is not a whole number (expected " + expect + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Decoder::parse_bool(const Node& n, const std::string& path) {
  if (n.is_scalar() && !n.quoted) {
    static const std::set<std::string> t = {"true", "True", "TRUE"};
    static const std::set<std::string> f = {"false", "False", "FALSE"};
    if (t.count(n.scalar)) return true;
    if (f.count(n.scalar)) return false;
  }
  err(n, path, "got " + kind_str(n) + " (expected true or false)");
  return std::nullopt;
}

std::optional<std::string> Decoder::parse_string(const Node& n, const std::string& path) {
  if (n.is_scalar()) return n.scalar;
  err(n, path, "got " + kind_str(n) + " (expected a string)");
  return std::nullopt;
}

/// An actor id that must exist; reports unknown ids at `m` (within `ctx`) with a suggestion.
int Decoder::actor_ref(const Mark& m, const Node& ctx, const std::string& path, const std::string& id) {
  int i = sc_.actor_index(id);
  if (i >= 0) return i;
  std::vector<std::string> ids;
  for (const auto& a : sc_.actors) ids.push_back(a.id);
  std::string near = closest_match(id, ids);
  err_at(m, ctx, path, "unknown actor '" + id + "'" +
                           (near.empty() ? " (expected one of: " + join(ids) + ")"
                                         : " (did you mean '" + near + "'?)"));
  return -1;
}
int Decoder::actor_ref(const Node& n, const std::string& path, const std::string& id) {
  return actor_ref(n.mark, n, path, id);
}

int Decoder::actor_ref_node(const Node& n, const std::string& path) {
  auto s = parse_string(n, path);
  return s ? actor_ref(n, path, *s) : -1;
}

/// Parses "A-B" into two distinct actor indices; reports at `m` (within `ctx`).
std::optional<std::pair<int, int>> Decoder::pair_ref(const Mark& m, const Node& ctx, const std::string& path,
                                                     const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= text.size() ||
      text.find('-', dash + 1) != std::string::npos) {
    err_at(m, ctx, path, "'" + text + "' is not a pair (expected two actor ids joined by '-', e.g. USA-CHN)");
    return std::nullopt;
  }
  std::string a = text.substr(0, dash), b = text.substr(dash + 1);
  int ia = actor_ref(m, ctx, path, a), ib = actor_ref(m, ctx, path, b);
  if (ia < 0 || ib < 0) return std::nullopt;
  if (ia == ib) {
    err_at(m, ctx, path, "'" + text + "' pairs an actor with itself (expected two different actors)");
    return std::nullopt;
  }
  return std::make_pair(ia, ib);
}
std::optional<std::pair<int, int>> Decoder::pair_ref(const Node& at, const std::string& path, const std::string& text) {
  return pair_ref(at.mark, at, path, text);
}

std::optional<std::vector<int>> Decoder::actor_list(const Node& n, const std::string& path) {
  std::vector<const Node*> items;
  if (n.is_scalar()) items.push_back(&n);
  else if (n.is_seq()) for (const auto& x : n.seq) items.push_back(x.get());
  else {
    err(n, path, "got " + kind_str(n) + " (expected an actor id or a list of actor ids)");
    return std::nullopt;
  }
  std::vector<int> out;
  bool ok = true;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::string p = n.is_seq() ? path + "[" + std::to_string(k) + "]" : path;
    const int a = actor_ref_node(*items[k], p);
    if (a < 0) { ok = false; continue; }
    if (std::find(out.begin(), out.end(), a) != out.end()) {
      err(*items[k], p, "'" + sc_.actors[static_cast<std::size_t>(a)].id + "' is listed twice (expected each actor once)");
      ok = false;
      continue;
    }
    out.push_back(a);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<int> Decoder::duration_steps(const Node& n, const std::string& path) {
  auto years = parse_double(n, path, Range::positive(1000, "years"));
  if (!years || !calendar_known_) return std::nullopt;  // without the file's dt, steps cannot be counted
  const int steps = static_cast<int>(std::lround(*years / sc_.dt));
  if (steps < 1) {
    err(n, path, format_number(*years) + " years is shorter than a step (expected at least dt = " + format_number(sc_.dt) + ")");
    return std::nullopt;
  }
  return steps;
}

}  // namespace statecraft::detail
