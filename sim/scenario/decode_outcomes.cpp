// The `outcomes:` section: metrics, the outcome that ranks variants, the baseline variant, and the practical
// thresholds of differences.
#include "decoder.hpp"
#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/sections.hpp"

#include <algorithm>
#include <limits>

namespace statecraft::detail {

namespace {
std::string warning_at(const Mark& m, const std::string& msg) {
  return m.file + ":" + std::to_string(m.line) + ":" + std::to_string(m.col) + ": warning: " + msg;
}
}  // namespace

void Decoder::decode_outcomes(const Node& root) {
  const Node* o = root.get("outcomes");
  if (!o || !expect_map(*o, "outcomes", "a mapping with metrics, rank_by, better, baseline and thresholds")) return;
  check_keys(*o, "outcomes", key_names(outcomes_keys()));
  if (const Node* ms = o->get("metrics")) {
    if (!ms->is_seq()) {
      err(*ms, "outcomes.metrics", "got " + kind_str(*ms) + " (expected a list of metrics such as relations.USA-CHN.tension)");
    } else {
      // As --metric: a metric written twice without a wildcard (or a relation written both ways) is refused at
      // its second entry; one that a wildcard names again is kept once.
      MetricList list;
      for (std::size_t k = 0; k < ms->seq.size(); ++k) {
        const std::string path = "outcomes.metrics[" + std::to_string(k) + "]";
        auto text = parse_string(*ms->seq[k], path);
        if (!text) continue;
        std::string error;
        if (auto expanded = expand_metric(sc_, *text, error)) {  // a wildcard names every metric it matches
          for (const auto& mistake : list.add(*text, *expanded)) err(*ms->seq[k], path, mistake);
          if (const auto renamed = new_metric_spelling(*text))
            sc_.warnings.push_back(warning_at(ms->seq[k]->mark, path + ": " + old_spelling_warning(*text, *renamed)));
        } else {
          err(*ms->seq[k], path, error);
        }
      }
      sc_.outcome_metrics.insert(sc_.outcome_metrics.end(), list.names.begin(), list.names.end());
    }
  }
  std::vector<std::string> names;  // the outcomes rank_by and thresholds may name
  for (const auto& b : builtin_outcomes()) names.emplace_back(b.name);
  for (const auto& m : sc_.outcome_metrics) names.push_back("final." + m);
  auto unknown = [&](const std::string& name) {
    const std::string near = closest_match(name, names);
    return "unknown outcome '" + name + "'" +
           (near.empty() ? " (expected one of: " + join(names) + ")" : " (did you mean '" + near + "'?)");
  };
  if (const Node* t = o->get("thresholds"); t && expect_map(*t, "outcomes.thresholds",
                                                           "a mapping of outcomes to thresholds, e.g. {tension_final: 0.005}")) {
    for (const auto& e : t->map) {
      const std::string path = "outcomes.thresholds." + e.key;
      const auto renamed = new_metric_spelling(e.key);
      const std::string key = outcome_as_listed(sc_, renamed ? *renamed : e.key, names);
      if (std::find(names.begin(), names.end(), key) == names.end()) {
        err_key(e, path, unknown(e.key));
        continue;
      }
      if (renamed) sc_.warnings.push_back(warning_at(e.key_mark, path + ": " + old_spelling_warning(e.key, key)));
      if (auto v = parse_double(*e.value, path, Range::closed(0, std::numeric_limits<double>::max(),
                                                              "in the outcome's unit")))
        sc_.outcome_thresholds.emplace_back(key, *v);
    }
  }
  if (const Node* r = o->get("rank_by")) {
    if (auto text = parse_string(*r, "outcomes.rank_by")) {
      if (const auto renamed = new_metric_spelling(*text)) {
        sc_.warnings.push_back(warning_at(r->mark, "outcomes.rank_by: " + old_spelling_warning(*text, *renamed)));
        text = *renamed;
      }
      text = outcome_as_listed(sc_, *text, names);  // a relation written the other way round, as listed
      if (std::find(names.begin(), names.end(), *text) != names.end()) {
        sc_.rank_by = *text;
        if (!o->get("better") && outcome_better(sc_, *text) == Better::Neither)
          err(*r, "outcomes.rank_by", better_unstated(*text, "outcomes.better: lower or higher beside it"));
      } else if (text->rfind("target_tension.", 0) == 0) {
        sc_.rank_by = *text;  // a variant's targets are known only once the variants are read (load.cpp)
        rank_by_mark_ = r->mark;
      } else {
        err(*r, "outcomes.rank_by", unknown(*text));
      }
    }
  }
  decode_rank_better(*o);
  if (const Node* b = o->get("baseline")) {
    if (auto text = parse_string(*b, "outcomes.baseline")) {
      sc_.baseline = *text;
      baseline_mark_ = b->mark;
    }
  }
}

/// `outcomes.better`: which end of the file's rank_by is better. It goes with rank_by: a command that ranks by
/// another outcome does not apply it to that one, so without rank_by it would say nothing.
void Decoder::decode_rank_better(const Node& outcomes) {
  const Node* b = outcomes.get("better");
  if (!b) return;
  const auto text = parse_string(*b, "outcomes.better");
  if (!text) return;
  if (const auto better = parse_better(*text)) sc_.rank_better = *better;
  else err(*b, "outcomes.better", "'" + *text + "' is not an end of an outcome (expected lower or higher)");
  if (!outcomes.get("rank_by"))
    err(*b, "outcomes.better", "says which end of outcomes.rank_by is better, but there is no rank_by (expected "
                               "outcomes.rank_by beside it)");
}

}  // namespace statecraft::detail
