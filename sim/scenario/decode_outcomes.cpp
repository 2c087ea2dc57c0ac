// The `outcomes:` section: metrics, the outcome that ranks variants, the baseline variant.
#include "decoder.hpp"
#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/sections.hpp"

#include <algorithm>

namespace statecraft::detail {

void Decoder::decode_outcomes(const Node& root) {
  const Node* o = root.get("outcomes");
  if (!o || !expect_map(*o, "outcomes", "a mapping with metrics, rank_by and baseline")) return;
  check_keys(*o, "outcomes", key_names(outcomes_keys()));
  if (const Node* ms = o->get("metrics")) {
    if (!ms->is_seq()) {
      err(*ms, "outcomes.metrics", "got " + kind_str(*ms) + " (expected a list of metrics such as pair.USA-CHN.tension)");
    } else {
      for (std::size_t k = 0; k < ms->seq.size(); ++k) {
        const std::string path = "outcomes.metrics[" + std::to_string(k) + "]";
        auto text = parse_string(*ms->seq[k], path);
        if (!text) continue;
        std::string error;
        if (parse_metric(sc_, *text, error)) sc_.outcome_metrics.push_back(*text);
        else err(*ms->seq[k], path, error);
      }
    }
  }
  if (const Node* r = o->get("rank_by")) {
    if (auto text = parse_string(*r, "outcomes.rank_by")) {
      std::vector<std::string> names;
      for (const auto& b : builtin_outcomes()) names.emplace_back(b.name);
      for (const auto& m : sc_.outcome_metrics) names.push_back("final." + m);
      if (std::find(names.begin(), names.end(), *text) != names.end()) {
        sc_.rank_by = *text;
      } else {
        std::string near = closest_match(*text, names);
        err(*r, "outcomes.rank_by", "unknown outcome '" + *text + "'" +
                                        (near.empty() ? " (expected one of: " + join(names) + ")"
                                                      : " (did you mean '" + near + "'?)"));
      }
    }
  }
  if (const Node* b = o->get("baseline")) {
    if (auto text = parse_string(*b, "outcomes.baseline")) {
      sc_.baseline = *text;
      baseline_mark_ = b->mark;
    }
  }
}

}  // namespace statecraft::detail
