// The engine's guard (docs/model.md, "The guard"): after every step, and before the first, every value a run
// writes must be finite and every economy must still hold its military spending, or the run stops with a
// RunError naming the step, the mechanism that produced the bad value, and the actor or pair.
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>

#include "statecraft/engine/engine.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft {
namespace {

/// Below this, the smallest normal double, a GDP has collapsed: a subnormal GDP has lost its precision, and
/// its ratios (its burden share, its growth) are rounding noise.
constexpr double kSmallestGdp = std::numeric_limits<double>::min();

const char* const kEconomyHint = "; check its growth and parameters.economy)";

/// A bad value as a message shows it: nan, inf, -inf, or its digits.
std::string show(double x) {
  if (std::isnan(x)) return "nan";
  std::ostringstream o;
  o.precision(10);
  o << x;
  return o.str();
}

bool bad(double x) { return !std::isfinite(x); }

/// Looks for the first bad value, mechanism by mechanism in the order a step computes them, so that what it
/// names is the cause rather than one of its consequences (a GDP of 0 makes trust NaN in the same step).
class Search {
 public:
  Search(const Scenario& sc, const World& w, bool drivers) : sc_(sc), w_(w), drivers_(drivers) {}

  std::optional<std::string> first() const {
    using Check = std::optional<std::string> (Search::*)() const;
    for (Check check : {&Search::economy, &Search::arms, &Search::dialogue_and_alliances, &Search::trust,
                        &Search::tension, &Search::actors, &Search::perception, &Search::decisions,
                        &Search::risk, &Search::drivers})
      if (auto found = (this->*check)()) return found;
    return std::nullopt;
  }

 private:
  const Scenario& sc_;
  const World& w_;
  bool drivers_;

  const std::string& id(int i) const { return sc_.actors[static_cast<std::size_t>(i)].id; }
  std::string pair(int i, int j) const { return id(i) + "-" + id(j); }

  /// "WHAT of WHO is not finite (VALUE)" for the first bad entry of `v`; in() puts the mechanism before it.
  std::optional<std::string> vector(const Vector& v, const std::string& what) const {
    for (int i = 0; i < w_.n; ++i)
      if (bad(v(i))) return what + " of " + id(i) + " is not finite (" + show(v(i)) + ")";
    return std::nullopt;
  }
  /// The same for a symmetric matrix, over its upper triangle.
  std::optional<std::string> symmetric(const Matrix& m, const std::string& what) const {
    for (int i = 0; i < w_.n; ++i)
      for (int j = i + 1; j < w_.n; ++j)
        if (bad(m(i, j))) return what + " of " + pair(i, j) + " is not finite (" + show(m(i, j)) + ")";
    return std::nullopt;
  }
  /// The same for a directed matrix: `what(i, j)` names the entry.
  template <class Name>
  std::optional<std::string> directed(const Matrix& m, Name what) const {
    for (int i = 0; i < w_.n; ++i)
      for (int j = 0; j < w_.n; ++j)
        if (i != j && bad(m(i, j))) return what(i, j) + " is not finite (" + show(m(i, j)) + ")";
    return std::nullopt;
  }
  static std::optional<std::string> in(const char* mechanism, std::optional<std::string> found) {
    if (found) return std::string(mechanism) + ": " + *found;
    return std::nullopt;
  }

  // Economy before arms, though arms is computed first: spending cannot leave its ceiling, a share of the
  // last GDP, unless that GDP was already bad, and a collapse is what makes spending exceed GDP.
  std::optional<std::string> economy() const {
    const World& w = w_;
    for (int i = 0; i < w.n; ++i)
      if (bad(w.state.gdp(i))) return "economy: gdp of " + id(i) + " is not finite (" + show(w.state.gdp(i)) + kEconomyHint;
    for (int i = 0; i < w.n; ++i)
      if (w.state.gdp(i) < kSmallestGdp)
        return "economy: gdp of " + id(i) + " collapsed to 0 (" + show(w.state.gdp(i)) + " bn" + kEconomyHint;
    for (int i = 0; i < w.n; ++i)
      if (w.perceived.share(i) > 1)
        return "economy: gdp of " + id(i) + " fell below its military spending (burden share " + show(w.perceived.share(i)) +
               ", above 1" + kEconomyHint;
    // Perception divides by this sum for the power shares.
    if (const double total = w.state.gdp.sum(); bad(total)) {  // each finite, their sum past the largest double
      int largest = 0;
      for (int i = 1; i < w.n; ++i)
        if (w.state.gdp(i) > w.state.gdp(largest)) largest = i;
      return "economy: total gdp of the region is not finite (" + show(total) + ": the largest, " + id(largest) +
             "'s, is " + show(w.state.gdp(largest)) + " bn; check " + id(largest) +
             "'s growth, the others', and parameters.economy)";
    }
    return in("economy", vector(w.flows.gdp_growth, "gdp growth"));
  }

  std::optional<std::string> arms() const {
    const World& w = w_;
    if (auto found = vector(w.state.milex, "milex")) return in("arms", found);
    if (auto found = vector(w.state.capability, "capability")) return in("arms", found);
    if (auto found = vector(w.flows.milex_growth, "milex_growth")) return in("arms", found);
    if (const double total = w.state.capability.sum(); bad(total))
      return "arms: total capability of the region is not finite (" + show(total) + ")";
    const ArmsTotals totals = arms_totals(w);
    if (bad(totals.milex)) return "arms: total_milex of the region is not finite (" + show(totals.milex) + ")";
    if (bad(totals.weighted_growth))
      return "arms: arms_growth of the region is not finite (the spending-weighted sum of milex_growth is " +
             show(totals.weighted_growth) + ")";
    return std::nullopt;
  }

  std::optional<std::string> dialogue_and_alliances() const {
    if (auto found = symmetric(w_.state.dialogue, "dialogue")) return in("dialogue", found);
    return in("alliances", symmetric(w_.state.alliance, "alliance"));
  }

  /// Trust before its bound holds every signal: name the first bad one if drivers were kept.
  std::optional<std::string> trust() const {
    const World& w = w_;
    for (int i = 0; i < w.n; ++i)
      for (int j = 0; j < w.n; ++j) {
        if (i == j || !bad(w.flows.raw_logodds(i, j))) continue;
        return "trust: trust of " + id(i) + " in " + id(j) + " is not finite (" + trust_cause(i, j) + ")";
      }
    auto name = [&](int i, int j) { return "trust of " + id(i) + " in " + id(j); };
    if (auto found = directed(w.state.logodds, name)) return in("trust", found);
    return in("trust", directed(w.state.trust, name));
  }
  std::string trust_cause(int i, int j) const {
    if (drivers_)
      for (int k = 0; k < kTrustTerms; ++k) {
        const double v = w_.flows.trust_terms[static_cast<std::size_t>(k)](i, j);
        if (bad(v)) return std::string("its ") + term_name(static_cast<TrustTerm>(k)) + " signal is " + show(v);
      }
    return "its log-odds are " + show(w_.flows.raw_logodds(i, j)) + " before the bound";
  }

  /// Tension before its bounds holds every term: name the first bad one if drivers were kept.
  std::optional<std::string> tension() const {
    const World& w = w_;
    for (int i = 0; i < w.n; ++i)
      for (int j = i + 1; j < w.n; ++j) {
        if (!bad(w.flows.raw_tension(i, j))) continue;
        return "tension: tension of " + pair(i, j) + " is not finite (" + tension_cause(i, j) + ")";
      }
    return in("tension", symmetric(w.state.tension, "tension"));
  }
  std::string tension_cause(int i, int j) const {
    if (drivers_)
      for (int k = 0; k < kTensionTerms; ++k) {
        const double v = w_.flows.tension_terms[static_cast<std::size_t>(k)](i, j);
        if (bad(v)) return std::string("its ") + term_name(static_cast<TensionTerm>(k)) + " term is " + show(v);
      }
    return show(w_.flows.raw_tension(i, j)) + " before the bounds";
  }

  std::optional<std::string> actors() const {
    if (auto found = vector(w_.state.hawkishness, "hawkishness")) return in("domestic politics", found);
    if (auto found = vector(w_.state.transparency_strategic, "transparency_strategic")) return in("transparency", found);
    return in("transparency", vector(w_.state.transparency_operational, "transparency_operational"));
  }

  std::optional<std::string> perception() const {
    const World& w = w_;
    if (auto found = vector(w.perceived.power, "power")) return in("perception", found);
    for (int i = 0; i < w.n; ++i)
      for (int j = 0; j < w.n; ++j) {
        if (i == j || !bad(w.perceived.threat(i, j))) continue;
        // Threat is K_j / (Kt_i + K_j): 0 / 0 when neither side nor i's allies has any capability left.
        const bool none = w.perceived.allied_capability(i) + w.state.capability(j) == 0;
        return "perception: threat to " + id(i) + " from " + id(j) + " is not finite (" + show(w.perceived.threat(i, j)) +
               (none ? ": neither has any capability, nor have " + id(i) + "'s allies" : std::string()) + ")";
      }
    return std::nullopt;
  }

  std::optional<std::string> decisions() const {
    const World& w = w_;
    auto name = [&](int i, int j) { return "operations of " + id(i) + " near " + id(j); };
    if (auto found = directed(w.decisions.operations, name)) return in("decisions", found);
    return in("incidents", symmetric(w.flows.incident_rate, "incident_rate"));
  }

  std::optional<std::string> risk() const {
    const World& w = w_;
    if (auto found = symmetric(w.flows.risk, "risk")) return in("risk", found);
    if (bad(w.state.log_survival))
      return "risk: cumulative_risk of the region is not finite (its log of survival is " + show(w.state.log_survival) +
             ")";
    return std::nullopt;
  }

  /// Every term also adds into trust or tension before the bounds, checked above, so this finds nothing today;
  /// it keeps the promise for a term that may one day be written without adding in.
  std::optional<std::string> drivers() const {
    if (!drivers_) return std::nullopt;
    for (int k = 0; k < kTensionTerms; ++k) {
      const std::string what = std::string("the ") + term_name(static_cast<TensionTerm>(k)) + " term of tension";
      if (auto found = symmetric(w_.flows.tension_terms[static_cast<std::size_t>(k)], what)) return in("tension", found);
    }
    for (int k = 0; k < kTrustTerms; ++k) {
      auto name = [&](int i, int j) {
        return std::string("the ") + term_name(static_cast<TrustTerm>(k)) + " signal of " + id(i) + "'s trust in " +
               id(j);
      };
      if (auto found = directed(w_.flows.trust_terms[static_cast<std::size_t>(k)], name)) return in("trust", found);
    }
    return std::nullopt;
  }
};

}  // namespace

bool Engine::state_is_sound() const {
  const World& w = world_;
  // The common path: a few sums, each of them finite only if every value it adds is; the search runs only
  // when one is not. They hold every value a run writes, or values each of them is computed from without a
  // clamp that could hide a NaN or an infinity:
  //   - GDP and capability summed as perception sums them for the power shares; military spending and its
  //     weighted growth summed as region.csv sums them; power, burden share, hawkishness, transparency;
  //   - dialogue, alliance, threat (operations and incident rates are clamped from threat and inputs);
  //   - trust before its bound (every trust signal adds into it, and trust is its logistic) and tension
  //     before its bounds (every tension term adds into it);
  //   - the log of the survival probability, into which every pair's risk adds (the cumulative risk).
  // Interdependence, proximity and the other inputs change only through events, whose values the loader
  // has checked. The pair matrices are added in one pass: a third of the cost of five sums.
  const double pairs = (w.state.dialogue + w.state.alliance + w.perceived.threat + w.flows.raw_logodds + w.flows.raw_tension).sum();
  const double actors =
      (w.perceived.power + w.perceived.share + w.state.hawkishness + w.state.transparency_strategic + w.state.transparency_operational).sum();
  const ArmsTotals arms = arms_totals(w);
  const double sum = w.state.log_survival + w.state.gdp.sum() + w.state.capability.sum() + arms.milex + arms.weighted_growth +
                     actors + pairs;
  // Economies of normal size that still hold their spending (a NaN share is caught by the sum).
  return std::isfinite(sum) && w.state.gdp.minCoeff() >= kSmallestGdp && w.perceived.share.maxCoeff() <= 1.0;
}

void Engine::check_state() const {
  if (state_is_sound()) return;
  // The sum may also overflow with every value finite: then nothing is found, and nothing is wrong.
  if (auto found = Search(*sc_, world_, record_drivers_).first())
    throw RunError("step " + std::to_string(world_.step) + ": " + *found);
}

}  // namespace statecraft
