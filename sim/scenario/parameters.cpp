#include "statecraft/scenario/parameters.hpp"

#include <array>


namespace statecraft {
namespace {


#define STATECRAFT_PARAM(GROUP, KEY, KIND, LO, HI, MEANING) \
  ParamDesc { #GROUP, #KEY, ParamKind::KIND, LO, HI, MEANING, \
              [](Parameters& p) -> double& { return p.GROUP.KEY; } }

const std::array kTable = {
    STATECRAFT_PARAM(arms, depreciation, Real, 0.0, 1.0, "capital depreciation per year (delta_K)"),
    STATECRAFT_PARAM(arms, in_money, Bool, 0.0, 1.0, "true: the reference's Richardson reaction in billions, with a hard ceiling (the analytic cases); false: in burden shares with a soft ceiling"),
    STATECRAFT_PARAM(arms, share_reaction, Real, 0.0, 100.0, "reaction to rivals' burden shares weighted by the threat each poses (c_R)"),
    STATECRAFT_PARAM(power, econ_weight, Real, 0.0, 1.0, "weight of GDP against capability in power shares"),
    STATECRAFT_PARAM(economy, burden_drag, Real, 0.0, 10.0, "growth lost per unit of burden share above baseline"),
    STATECRAFT_PARAM(economy, tension_drag, Real, 0.0, 1.0, "growth lost per unit of exposure-weighted tension"),
    STATECRAFT_PARAM(economy, growth_noise, Real, 0.0, 1.0, "standard deviation of yearly growth shocks"),
    STATECRAFT_PARAM(dialogue, build, Real, 0.0, 10.0, "rate at which mutual offers build dialogue"),
    STATECRAFT_PARAM(dialogue, decay, Real, 0.0, 10.0, "yearly decay of dialogue"),
    STATECRAFT_PARAM(dialogue, unreturned, Real, 0.0, 1.0, "weight of the unreturned part of a dialogue offer: dialogue builds on min + unreturned (max - min) of the two offers"),
    STATECRAFT_PARAM(dialogue, style_mismatch, Real, 0.0, 1.0, "effect of dialogue across different trust-building styles"),
    STATECRAFT_PARAM(trust, learning, Bool, 0.0, 1.0, "false freezes every trust at its initial value"),
    STATECRAFT_PARAM(trust, forgetting, Real, 0.0, 10.0, "yearly pull of log-odds back toward the prior"),
    STATECRAFT_PARAM(trust, arms_change, Real, 0.0, 100.0, "weight of the arms-change signal"),
    STATECRAFT_PARAM(trust, arms_noise, Real, 0.0, 1.0, "misreading of arms changes at zero transparency (s.d.)"),
    STATECRAFT_PARAM(trust, arms_level, Real, 0.0, 10.0, "weight of the arms-level signal"),
    STATECRAFT_PARAM(trust, dialogue, Real, 0.0, 10.0, "weight of the dialogue signal"),
    STATECRAFT_PARAM(trust, interdependence, Real, 0.0, 10.0, "weight of the interdependence signal"),
    STATECRAFT_PARAM(trust, alliance, Real, 0.0, 10.0, "weight of the alliance signal"),
    STATECRAFT_PARAM(trust, cooperation, Real, 0.0, 10.0, "weight of the cooperation signal of shared confidence-building measures"),
    STATECRAFT_PARAM(trust, incident, Real, 0.0, 10.0, "weight of the incident signal"),
    STATECRAFT_PARAM(trust, balancing, Real, 0.0, 10.0, "weight of the balancing-against signal"),
    STATECRAFT_PARAM(trust, surveillance, Real, 0.0, 10.0, "weight of the operations signal: the other's routine operations near you above its baseline"),
    STATECRAFT_PARAM(trust, restraint, Real, 0.0, 10.0, "weight of the restraint signal: the other's burden share below what a defensive state would carry"),
    STATECRAFT_PARAM(trust, restraint_reference, Real, 0.0, 1.0, "the reaction k of the defensive state restraint is measured against (the balance_of_power preset's)"),
    STATECRAFT_PARAM(trust, bound, Real, 1.0, 30.0, "log-odds are kept within [-bound, bound]"),
    STATECRAFT_PARAM(tension, threat, Real, 0.0, 10.0, "friction per unit of mean mutual threat"),
    STATECRAFT_PARAM(tension, disputes, Real, 0.0, 10.0, "friction per unit of dispute friction"),
    STATECRAFT_PARAM(tension, arms_race, Real, 0.0, 10.0, "friction per unit of mean growth of spending in excess of GDP growth"),
    STATECRAFT_PARAM(tension, base_relief, Real, 0.0, 10.0, "relief that is always there"),
    STATECRAFT_PARAM(tension, dialogue, Real, 0.0, 10.0, "relief per unit of dialogue"),
    STATECRAFT_PARAM(tension, trust, Real, 0.0, 10.0, "relief per unit of mean mutual trust"),
    STATECRAFT_PARAM(tension, institutions, Real, 0.0, 10.0, "relief per unit of shared crisis-management strength"),
    STATECRAFT_PARAM(operations, code_of_conduct, Real, 0.0, 1.0, "share of operations a fully covering code of conduct removes"),
    STATECRAFT_PARAM(operations, binding_coverage, Real, 0.0, 1.0, "coverage of a dispute by a binding code of conduct"),
    STATECRAFT_PARAM(operations, nonbinding_coverage, Real, 0.0, 1.0, "coverage of a dispute by a non-binding code of conduct"),
    STATECRAFT_PARAM(incidents, rate, Real, 0.0, 100.0, "incidents per year per unit of proximity and joint operations (0 turns incidents off)"),
    STATECRAFT_PARAM(incidents, mitigation, Real, 0.0, 1.0, "share of the incident rate removed by full mitigation"),
    STATECRAFT_PARAM(incidents, severity_alpha, Real, 0.01, 100.0, "severity ~ Beta(alpha, beta): alpha"),
    STATECRAFT_PARAM(incidents, severity_beta, Real, 0.01, 100.0, "severity ~ Beta(alpha, beta): beta"),
    STATECRAFT_PARAM(incidents, escalation_base, Real, 0.0, 10.0, "escalation probability is esc (escalation_base + tension)"),
    STATECRAFT_PARAM(incidents, jump_base, Real, 0.0, 10.0, "tension jump per unit of severity of a contained incident"),
    STATECRAFT_PARAM(incidents, jump_per_level, Real, 0.0, 10.0, "extra tension jump per level of escalation"),
    STATECRAFT_PARAM(alliances, decay, Real, 0.0, 10.0, "yearly pull of alliance strength back toward its treaty floor"),
    STATECRAFT_PARAM(alliances, rival_threshold, Real, 0.0, 1.0, "pairs with a rivalry weight above this either way do not ally"),
    STATECRAFT_PARAM(alliances, bloc_threshold, Real, 0.0, 1.0, "alliance strength above which two actors are in one bloc"),
    STATECRAFT_PARAM(institutions, forum_relief, Real, 0.0, 10.0, "crisis-management relief a dialogue forum of strength 1 gives its members"),
    STATECRAFT_PARAM(institutions, forum_prior, Real, 0.0, 10.0, "log-odds a dialogue forum of strength 1 adds to its members' trust priors"),
    STATECRAFT_PARAM(institutions, community_prior, Real, 0.0, 10.0, "log-odds a community of strength 1 adds to its members' trust priors"),
    STATECRAFT_PARAM(events, arms_sale_trust, Real, 0.0, 16.0, "log-odds of trust the objector loses per unit of sale size"),
    STATECRAFT_PARAM(events, provocation_trust, Real, 0.0, 16.0, "log-odds of trust each target loses per unit of provocation size"),
    STATECRAFT_PARAM(events, provocation_tension, Real, 0.0, 1.0, "tension jump per unit of provocation size, times (1 - tension)"),
    STATECRAFT_PARAM(events, test_trust, Real, 0.0, 16.0, "log-odds each observer loses per unit of an unannounced test"),
    STATECRAFT_PARAM(events, test_transparency, Real, 0.0, 1.0, "strategic transparency the tester loses per unit of test size"),
    STATECRAFT_PARAM(domestic, adjustment, Real, 0.0, 10.0, "yearly rate at which hawkishness follows the tension faced"),
    STATECRAFT_PARAM(domestic, tension_weight, Real, 0.0, 1.0, "hawkishness settles at this share of the mean tension the state faces"),
    STATECRAFT_PARAM(domestic, escalation_gain, Real, 0.0, 10.0, "escalation propensity gained per unit of hawkishness"),
    STATECRAFT_PARAM(domestic, reaction_gain, Real, 0.0, 10.0, "Richardson reaction gained per unit of hawkishness"),
    STATECRAFT_PARAM(transition, war_per_dispute, Real, 0.0, 1.0, "wars per militarized dispute: the share of reciprocated disputes that reached war (COW MID 5.0, 1990-2014: 6 of 300)"),
    STATECRAFT_PARAM(transition, parity_gain, Real, 0.0, 100.0, "risk multiplied by 1 + gain x parity^exponent x the challenger's dissatisfaction (power transition)"),
    STATECRAFT_PARAM(transition, exponent, Real, 0.0, 16.0, "power of parity in the transition multiplier"),
    STATECRAFT_PARAM(transition, distrust_gate, Real, 0.0, 1.0, "a pair with no dispute carries war risk only as its lower trust falls below this"),
    STATECRAFT_PARAM(start, consistent, Bool, 0.0, 1.0, "true: derive baseline shares, trust priors and frictions so that the recorded start is at rest (docs/model.md)"),
    STATECRAFT_PARAM(start, baseline_floor, Real, 0.0, 1.0, "a derived baseline share is at least this share of the initial one; below it the reaction is scaled"),
    STATECRAFT_PARAM(region, community_trust, Real, 0.0, 1.0, "both trusts above this for a security-community pair"),
    STATECRAFT_PARAM(region, community_tension, Real, 0.0, 1.0, "tension below this for a security-community pair"),
};

#undef STATECRAFT_PARAM

}  // namespace

std::span<const ParamDesc> parameter_table() { return kTable; }

const ParamDesc* find_parameter(std::string_view group, std::string_view key) {
  for (const auto& d : kTable)
    if (d.group == group && d.key == key) return &d;
  return nullptr;
}

}  // namespace statecraft
