#pragma once
// The columns of the trend CSVs (actors.csv, pairs.csv, region.csv, events.csv, drivers.csv) in one table.
// The recorder writes each file's values in the table's order; the headers of the tidy and wide layouts and
// of a batch's runs/*.csv are built from it; docs/outputs.md documents exactly these columns, with these
// units (TrendColumns.DocsListExactlyTheTablesColumns checks it).
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace statecraft {

/// The layout of the trend files: one row per step and entity (tidy), or one row per step (wide).
enum class Format { Tidy, Wide };

/// Which end of a metric is better for the region's peace, the lens of the built-in outcomes: lower (tension,
/// spending and arms, incidents), higher (trust, dialogue, the security-community index), or neither (a state's
/// output and power share, alliances and blocs: good for some and a threat to others, or a matter of theory). Ranking
/// variants by the final value of a metric of neither kind needs the analyst to say which end is better.
enum class Better : unsigned char { Neither, Lower, Higher };

/// One column: its name in the header, its unit (empty where none applies), what it holds, which end of it is
/// better (metrics only), and whether it can never be negative (a count, a rate, an amount of money or capital):
/// the final value of such a metric gets a mean interval cut at 0 (docs/experiments.md, "Intervals and
/// differences that count"). Shares and levels within [0, 1] are known from their unit; a growth rate (`per
/// year` too) can be negative.
struct Column {
  std::string_view name, unit, meaning;
  Better better = Better::Neither;
  bool never_negative = false;
};

inline constexpr bool kNeverNegative = true;

/// The columns every trend file starts with.
inline constexpr std::array<Column, 2> kTimeColumns = {{
    {"step", "", "steps from 0 (the initial state) to scenario.steps"},
    {"year", "", "start_year + step * dt"},
}};

inline constexpr std::array<Column, 1> kActorKeys = {{{"actor", "", "actor id"}}};

inline constexpr std::array<Column, 11> kActorColumns = {{
    {"policy", "", "the policy it follows: a preset, a named policy, BASE+custom or mix(m)"},
    {"gdp", "bn constant US$", "economic output Y", Better::Neither, kNeverNegative},
    {"milex", "bn constant US$ / year", "military expenditure M", Better::Lower, kNeverNegative},
    {"share", "fraction", "burden share M / Y", Better::Lower},
    {"capability", "bn constant US$", "military capital stock K", Better::Lower, kNeverNegative},
    {"power", "fraction", "power share from output and capability; sums to 1 over actors"},
    {"milex_growth", "per year", "relative change of M in the step that ended here; 0 at step 0", Better::Lower},
    {"hawkishness", "[0, 1]", "domestic pressure for firmness h", Better::Lower},
    {"transparency_strategic", "[0, 1]", "how readable its intentions are", Better::Higher},
    {"transparency_operational", "[0, 1]", "how readable its capabilities are", Better::Higher},
    {"bloc", "", "the id of the first member of its alliance bloc (its own when it stands alone)"},
}};

inline constexpr std::array<Column, 2> kPairKeys = {{
    {"a", "", "the pair's first actor, in scenario order"},
    {"b", "", "the pair's second actor"},
}};

inline constexpr std::array<Column, 16> kPairColumns = {{
    {"tension", "[0, 1]", "tension", Better::Lower},
    {"trust_ab", "[0, 1]", "a's belief that b is a security seeker", Better::Higher},
    {"trust_ba", "[0, 1]", "b's belief that a is a security seeker", Better::Higher},
    {"threat_ab", "[0, 1)", "threat a perceives from b", Better::Lower},
    {"threat_ba", "[0, 1)", "threat b perceives from a", Better::Lower},
    {"operations_ab", "[0, 1]", "a's military activity near b", Better::Lower},
    {"operations_ba", "[0, 1]", "b's military activity near a", Better::Lower},
    {"dialogue", "[0, 1]", "intensity of security dialogue", Better::Higher},
    {"alliance", "[0, 1]", "alliance strength"},
    {"interdependence", "[0, 1]", "economic interdependence", Better::Higher},
    {"risk", "per year", "risk of war between the two: expected disputes times wars per dispute, raised near parity",
     Better::Lower, kNeverNegative},
    {"incident_rate", "per year", "the pair's incident rate in the step that ended here; 0 at step 0", Better::Lower,
     kNeverNegative},
    {"incidents", "count", "incidents between the pair in the step, drawn and forced", Better::Lower, kNeverNegative},
    {"incident_level", "0, 1, 2", "highest level of the step's incidents; empty when there was none"},
    {"stance_ab", "", "the policy a acts on toward b"},
    {"stance_ba", "", "the policy b acts on toward a"},
}};

inline constexpr std::array<Column, 13> kRegionColumns = {{
    {"mean_tension", "[0, 1]", "mean tension over all pairs", Better::Lower},
    {"max_tension", "[0, 1]", "highest tension of any pair", Better::Lower},
    {"total_milex", "bn / year", "sum of military expenditure", Better::Lower, kNeverNegative},
    {"arms_growth", "per year", "spending-weighted mean of the actors' milex_growth", Better::Lower},
    {"sc_index", "[0, 1]", "share of pairs that form a security community", Better::Higher},
    {"mean_trust", "[0, 1]", "mean of both directions' trust over all pairs", Better::Higher},
    {"cumulative_risk", "[0, 1]", "probability of at least one war in the region so far", Better::Lower},
    {"incidents", "count", "incidents in the step", Better::Lower, kNeverNegative},
    {"crises", "count", "pairs whose worst incident of the step reached level 1 or more", Better::Lower,
     kNeverNegative},
    {"militarized_disputes", "count", "pairs whose worst incident of the step reached level 2", Better::Lower,
     kNeverNegative},
    {"blocs", "count", "alliance blocs with at least two members", Better::Neither, kNeverNegative},
    {"largest_bloc", "[0, 1]", "power share of the largest bloc"},
    {"bipolarity", "[0, 1]", "4 P1 P2 from the power shares of the two largest blocs"},
}};

inline constexpr std::array<Column, 6> kEventColumns = {{
    {"type", "", "the event's type, incident for a drawn incident, or stance_change"},
    {"actor", "", "the first actor involved; empty when none"},
    {"partner", "", "the second actor involved; empty when none"},
    {"value", "", "the new value, change, size or severity; empty where it has none"},
    {"level", "", "for incidents: 0 contained, 1 crisis, 2 militarized dispute"},
    {"detail", "", "the path, policy, actors or institution concerned, then the event's label"},
}};

inline constexpr std::array<Column, 5> kDriverColumns = {{
    {"quantity", "", "tension or trust"},
    {"actor", "", "for tension the pair's first actor; for trust the observer"},
    {"partner", "", "for tension the pair's second actor; for trust the observed"},
    {"term", "", "the term of the model"},
    {"value", "", "its contribution: tension units, or log-odds"},
}};

enum class TrendFile { Actors, Pairs, Region, Events, Drivers };

/// The trend files a batch keeps per run with --keep-runs (runs/NAME), in their order there.
inline constexpr std::array<TrendFile, 4> kRunsFiles = {TrendFile::Actors, TrendFile::Pairs, TrendFile::Region,
                                                        TrendFile::Events};

/// A trend file: its name, the keys that say what a row is about (after step and year), and its values.
struct TrendTable {
  std::string_view file;
  std::span<const Column> keys;
  std::span<const Column> values;
};
const TrendTable& trend_table(TrendFile f);

/// The tidy layout's header, without the line end: step, year, the keys, then the values.
std::string tidy_header(TrendFile f);

/// The wide layout's header of actors.csv or pairs.csv, without the line end: step, year, then
/// `ENTITY.COLUMN` for each entity (actor id, or pair `A-B`) and each value column.
std::string wide_header(TrendFile f, const std::vector<std::string>& entities);

}  // namespace statecraft
