#pragma once
// Every coefficient of the model, grouped by mechanism, with its default. One table (parameter_table)
// describes each one: the loader decodes and range-checks from it, `set` events address it, the manifest
// writes it, and docs/scenario-format.md lists it. Add a coefficient here and everything follows.
#include <span>
#include <string_view>

namespace statecraft {

struct Parameters {
  struct Arms {
    double depreciation = 0.10;  ///< delta_K, capital depreciation per year
    double in_money = 0.0;       ///< 1: the reference's Richardson form in billions; 0: in burden shares
    double share_reaction = 1.2; ///< c_R: reaction to rivals' burden shares, weighted by threat
  } arms;
  struct Power {
    double econ_weight = 0.5;  ///< w_econ, weight of GDP (vs capability) in power shares
  } power;
  struct Economy {
    double burden_drag = 0.05;   ///< growth lost per unit of burden share above baseline (judgement: docs/model.md)
    double tension_drag = 0.02;  ///< growth lost per unit of exposure-weighted tension
    double growth_noise = 0.0;   ///< s.d. of yearly growth shocks
  } economy;
  struct Dialogue {
    double build = 0.5;           ///< rate at which mutual offers build dialogue
    double decay = 0.2;           ///< yearly decay of dialogue
    double style_mismatch = 0.7;  ///< q when trust-building styles differ
    double unreturned = 0.1;      ///< weight of the unreturned part of a dialogue offer
  } dialogue;
  struct Trust {
    double learning = 1.0;        ///< 1 updates beliefs, 0 freezes them (`learning: false`)
    double forgetting = 0.2;      ///< pull of log-odds back toward the prior, per year
    double arms_change = 4.0;     ///< weight of the arms-change signal
    double arms_noise = 0.05;     ///< s.d. of the misreading of arms changes at zero transparency
    double arms_level = 0.1;      ///< weight of the arms-level signal
    double dialogue = 0.3;        ///< weight of the dialogue signal
    double interdependence = 0.2; ///< weight of the interdependence signal
    double alliance = 0.3;        ///< weight of the alliance signal
    double cooperation = 0.2;     ///< weight of the cooperation signal (shared confidence-building measures)
    double incident = 1.0;        ///< weight of the incident signal
    double balancing = 1.0;       ///< weight of the balancing-against signal
    double surveillance = 0.3;    ///< weight of the operations signal: routine operations above their baseline
    double restraint = 0.05;      ///< weight of the restraint signal: a burden share below a defensive state's
    double restraint_reference = 0.3;  ///< reaction k of that defensive state (the balance_of_power preset's)
    double bound = 8.0;           ///< log-odds are clamped to [-bound, bound]
  } trust;
  struct Tension {
    double threat = 1.0;       ///< friction per unit of mean mutual threat
    double disputes = 0.5;     ///< friction per unit of dispute friction
    double arms_race = 1.0;    ///< friction per unit of mean growth of spending in excess of GDP growth
    double base_relief = 0.1;  ///< relief that is always there
    double dialogue = 0.5;     ///< relief per unit of dialogue
    double trust = 0.3;        ///< relief per unit of mean mutual trust
    double institutions = 0.3; ///< relief per unit of shared crisis-management strength
  } tension;
  struct Operations {
    double code_of_conduct = 0.7;      ///< share of operations a fully covering code of conduct removes
    double binding_coverage = 1.0;     ///< coverage of a dispute by a binding code of conduct
    double nonbinding_coverage = 0.4;  ///< coverage by a non-binding one
  } operations;
  struct Incidents {
    double rate = 0.75;            ///< incidents per year per unit of proximity and joint operations
    double mitigation = 0.5;       ///< share of the rate removed by full confidence-building mitigation
    double severity_alpha = 2.0;   ///< severity ~ Beta(alpha, beta)
    double severity_beta = 5.0;
    double escalation_base = 1.0;  ///< escalation probability esc (base + tension)
    double jump_base = 0.2;        ///< tension jump s (jump_base + jump_per_level L)(1 - tension)
    double jump_per_level = 0.3;
  } incidents;
  struct Alliances {
    double decay = 0.1;            ///< yearly pull of alliance strength back toward its treaty floor
    double rival_threshold = 0.15; ///< a pair with a rivalry weight above this either way does not ally
    double bloc_threshold = 0.5;   ///< alliance strength that joins two actors in one bloc
  } alliances;
  struct Institutions {
    double community_prior = 1.0;  ///< log-odds a community of strength 1 adds to members' trust priors
    double forum_relief = 0.5;     ///< crisis-management relief a dialogue forum of strength 1 gives its members
    double forum_prior = 1.0;      ///< log-odds a dialogue forum of strength 1 adds to members' trust priors
  } institutions;
  struct Events {
    double arms_sale_trust = 2.0;     ///< log-odds of trust the objector loses per unit of sale size
    double provocation_trust = 2.0;   ///< log-odds of trust each target loses per unit of size
    double provocation_tension = 0.5; ///< tension jump per unit of size, times (1 - tension)
    double test_trust = 1.0;          ///< log-odds each observer loses per unit of an unannounced test
    double test_transparency = 0.1;   ///< strategic transparency the tester loses per unit of size
  } events;
  struct Domestic {
    double adjustment = 0.2;       ///< yearly rate at which hawkishness follows the tension faced
    double tension_weight = 0.5;   ///< hawkishness settles at this share of the mean tension faced
    double escalation_gain = 1.0;  ///< esc_eff = esc (1 + gain h)
    double reaction_gain = 0.5;    ///< k_eff = k (1 + gain h)
  } domestic;
  struct Transition {
    double war_per_dispute = 0.02;  ///< wars per militarized dispute (COW MID 5.0, reciprocated, 1990-2014)
    double parity_gain = 1.0;       ///< risk multiplied by 1 + gain parity^exponent dissatisfaction
    double exponent = 2.0;          ///< power of parity
    double distrust_gate = 0.5;     ///< a pair without a dispute carries risk only below this trust either way
  } transition;
  struct Start {
    double consistent = 0.0;      ///< 1: derive the unobserved start values so that the first step is at rest
    double baseline_floor = 0.5;  ///< a derived baseline share is at least this share of the initial one
  } start;
  struct Region {
    double community_trust = 0.7;    ///< both trusts above this for a security-community pair
    double community_tension = 0.2;  ///< tension below this for a security-community pair
  } region;
};

/// How a parameter's value is read and checked.
enum class ParamKind { Real, Bool };

/// Description of one coefficient: where it lives, its range, what it means.
struct ParamDesc {
  std::string_view group;
  std::string_view key;
  ParamKind kind;
  double lo;
  double hi;
  std::string_view meaning;
  double& (*ref)(Parameters&);
};

/// The table of every coefficient, in documentation order.
std::span<const ParamDesc> parameter_table();

/// Finds `group.key`, or nullptr.
const ParamDesc* find_parameter(std::string_view group, std::string_view key);

}  // namespace statecraft
