// Each institution kind and each event kind has the effect the model gives it, in the expected direction
// and of plausible size (issue 3): shown by running the same small world with and without it.
#include <gtest/gtest.h>

#include <cmath>

#include "../test_util.hpp"

namespace statecraft {
namespace {

/// Three neighbours: A balances, B hedges, C seeks a security community; A and B dispute a reef.
std::string world(const std::string& extra, int steps = 20, bool incidents = true) {
  return "scenario: {name: w, start_year: 2000, steps: " + std::to_string(steps) + ", seed: 5}\n" +
         "parameters: {trust: {arms_noise: 0}" + (incidents ? "" : ", incidents: {rate: 0}") + "}\n" +
         "actors:\n"
         "  A: {gdp: 1000, milex: 20, growth: 0.02, policy: balance_of_power}\n"
         "  B: {gdp: 800, milex: 15, growth: 0.03, policy: hedging}\n"
         "  C: {gdp: 400, milex: 6, growth: 0.02, policy: security_community}\n"
         "relations:\n"
         "  default: {proximity: 0.8, trust: 0.45, tension: 0.3, dialogue: 0.1, operations: 0.2}\n"
         "disputes: {reef: {parties: {A: 0.8, B: 0.6}}}\n" +
         extra;
}

Scenario load(const std::string& text) { return load_scenario_text(text, "w.yaml"); }

/// Final world of one run.
World final_world(const Scenario& sc, std::uint64_t run = 0) {
  Engine e(sc, run);
  e.run();
  return e.world();
}

/// Mean over runs of a function of the final world.
template <typename F>
double mean_final(const Scenario& sc, int runs, F f) {
  double s = 0;
  for (int r = 0; r < runs; ++r) s += f(final_world(sc, static_cast<std::uint64_t>(r)));
  return s / runs;
}

/// Counts incidents per pair over a run.
struct Incidents : Recorder {
  Matrix count = Matrix::Zero(3, 3);
  void on_step(const World&) override {}
  void on_log(const World&, const LogEntry& e) override {
    if (e.kind == LogKind::Incident) {
      count(e.actor, e.partner) += 1;
      count(e.partner, e.actor) += 1;
    }
  }
};

// ---- institutions ---------------------------------------------------------------------------------

TEST(InstitutionDialogue, SetsAFloorUnderDialogueAndLowersTension) {
  const Scenario base = load(world("", 20, false));
  const Scenario with = load(world("institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.6}}\n", 20, false));
  const World w0 = final_world(base), w1 = final_world(with);
  EXPECT_LT(w0.state.dialogue(0, 1), 0.3) << "a balancer offers little dialogue";
  EXPECT_GE(w1.state.dialogue(0, 1), 0.6);
  EXPECT_LT(w1.state.tension(0, 1), w0.state.tension(0, 1));
  EXPECT_GT(w1.state.trust(0, 1), w0.state.trust(0, 1));
}

TEST(InstitutionCbm, MitigatesIncidentsAndBuildsTrust) {
  const Scenario base = load(world(""));
  const Scenario with = load(world("institutions: {incsea: {kind: cbm, members: [A, B], strength: 0.8}}\n"));
  double n0 = 0, n1 = 0;
  for (int r = 0; r < 200; ++r) {
    Incidents c0, c1;
    Engine(base, static_cast<std::uint64_t>(r)).run(&c0);
    Engine(with, static_cast<std::uint64_t>(r)).run(&c1);
    n0 += c0.count(0, 1);
    n1 += c1.count(0, 1);
  }
  // The rate falls by half the mitigation (0.4); operations move too, so allow a band around 0.6.
  EXPECT_GT(n0, 500);
  EXPECT_GT(n1 / n0, 0.45);
  EXPECT_LT(n1 / n0, 0.75);
  EXPECT_GT(mean_final(with, 50, [](const World& w) { return w.state.trust(0, 1); }),
            mean_final(base, 50, [](const World& w) { return w.state.trust(0, 1); }));
}

TEST(InstitutionCodeOfConduct, BindingCoversTheDisputeMoreThanNonBinding) {
  const Scenario base = load(world("", 20, false));
  const Scenario soft = load(world(
      "institutions: {doc: {kind: code_of_conduct, members: [A, B], strength: 1, dispute: reef}}\n", 20, false));
  const Scenario hard = load(world(
      "institutions: {coc: {kind: code_of_conduct, members: [A, B], strength: 1, dispute: reef, binding: true}}\n",
      20, false));
  Engine e0(base), e1(soft), e2(hard);
  e0.step();
  e1.step();
  e2.step();
  const auto disputes = static_cast<int>(TensionTerm::Disputes);
  EXPECT_GT(e0.world().flows.tension_terms[disputes](0, 1), 0.0);
  EXPECT_NEAR(e1.world().flows.tension_terms[disputes](0, 1), 0.6 * e0.world().flows.tension_terms[disputes](0, 1), 1e-12);
  EXPECT_EQ(e2.world().flows.tension_terms[disputes](0, 1), 0.0);
  EXPECT_LT(e2.world().decisions.operations(0, 1), e1.world().decisions.operations(0, 1));
  EXPECT_LT(e1.world().decisions.operations(0, 1), e0.world().decisions.operations(0, 1));
  EXPECT_LT(final_world(hard).state.tension(0, 1), final_world(soft).state.tension(0, 1));
  EXPECT_LT(final_world(soft).state.tension(0, 1), final_world(base).state.tension(0, 1));
}

TEST(InstitutionCommunity, RelievesTensionAndConsensusDilutesIt) {
  const Scenario base = load(world("", 20, false));
  const Scenario majority = load(world(
      "institutions: {eac: {kind: community, members: [A, B, C], strength: 0.6}}\n", 20, false));
  const Scenario consensus = load(world(
      "institutions: {eac: {kind: community, members: [A, B, C], strength: 0.6, decision_rule: consensus}}\n", 20,
      false));
  Engine e(majority);
  e.step();
  EXPECT_LT(e.world().flows.tension_terms[static_cast<int>(TensionTerm::Institutions)](0, 1), 0.0);
  EXPECT_NEAR(e.world().institutions.prior(0, 1) - Engine(base).world().institutions.prior(0, 1), 0.6, 1e-12) << "the prior is raised";
  const double t0 = final_world(base).state.tension(0, 1), tm = final_world(majority).state.tension(0, 1),
               tc = final_world(consensus).state.tension(0, 1);
  EXPECT_LT(tm, tc);
  EXPECT_LT(tc, t0);
}

TEST(InstitutionAlliance, HoldsTheTreatyFloorOnlyWhileActive) {
  const Scenario sc = load(world(
      "institutions: {pact: {kind: alliance, members: [B, C], strength: 0.7, start: 2005, end: 2010}}\n", 20, false));
  Engine e(sc);
  const World& w = e.world();
  while (w.step < sc.steps) {
    e.step();
    const double year = sc.year_of(w.step);
    if (year >= 2006 && year <= 2010) {
      EXPECT_GE(w.state.alliance(1, 2), 0.7) << year;
    }
    if (year < 2005) {
      EXPECT_LT(w.state.alliance(1, 2), 0.7) << year;
    }
  }
  EXPECT_LT(w.state.alliance(1, 2), 0.7) << "after the treaty ends the alliance decays";
}

// ---- events -------------------------------------------------------------------------------------

TEST(EventArmsSale, ObjectorLosesTrustInTheSellerAndSuspendsDialogue) {
  const Scenario sc = load(world(
      "events:\n  - {at: 2005, type: arms_sale, seller: A, buyer: B, objectors: C, size: 0.5, value: 3,"
      " suspend_dialogue: 3}\n", 20, false));
  Engine e(sc);
  while (sc.year_of(e.world().step) < 2005) e.step();
  const double capability = e.world().state.capability(1);
  e.step();
  const World& w = e.world();
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](2, 0), -2.0 * 0.5);
  EXPECT_EQ(w.decisions.offer(2, 0), 0.0) << "C suspends dialogue with A";
  EXPECT_GT(w.state.capability(1), capability + 2.9 - 0.11 * capability) << "the buyer gains the value";
  for (int k = 0; k < 3; ++k) e.step();
  EXPECT_GT(e.world().decisions.offer(2, 0), 0.0) << "after three years the suspension ends";
}

TEST(EventProvocation, RaisesTensionAndCutsTargetsTrust) {
  const Scenario sc = load(world(
      "events:\n  - {at: 2003, type: provocation, actor: A, targets: [B, C], size: 0.8, label: a sinking}\n", 20,
      false));
  Engine e(sc);
  for (int k = 0; k < 3; ++k) e.step();
  const double tension = e.world().state.tension(0, 1);
  e.step();
  const World& w = e.world();
  EXPECT_NEAR(w.flows.tension_terms[static_cast<int>(TensionTerm::Events)](0, 1), 0.5 * 0.8 * (1 - tension), 1e-12);
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](1, 0), -2.0 * 0.8);
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](2, 0), -2.0 * 0.8);
  EXPECT_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](0, 1), 0.0) << "the provoker's own trust is untouched";
}

TEST(EventUnannouncedTest, ObserversLoseTrustAndTheTesterTransparency) {
  const Scenario sc = load(world("events:\n  - {at: 2001, type: unannounced_test, actor: B, size: 1}\n", 20, false));
  Engine e(sc);
  e.step();
  const double chi = e.world().state.transparency_strategic(1);
  e.step();
  const World& w = e.world();
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](0, 1), -1.0);
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](2, 1), -1.0);
  EXPECT_LT(w.state.transparency_strategic(1), chi);
}

TEST(EventExercise, SpikesOperationsForItsLengthThenEnds) {
  const Scenario sc = load(world(
      "events:\n  - {at: 2002, type: exercise, actor: B, dispute: reef, size: 0.4, duration: 2}\n", 20, false));
  const Scenario base = load(world("", 20, false));
  Engine e(sc), b(base);
  for (int k = 0; k < 2; ++k) e.step(), b.step();
  e.step(), b.step();  // 2002 -> 2003: under way
  EXPECT_GT(e.world().decisions.operations(1, 0), b.world().decisions.operations(1, 0) + 0.2);
  EXPECT_EQ(e.world().decisions.operations(1, 2), b.world().decisions.operations(1, 2)) << "C is not a party to the reef";
  e.step(), b.step();
  e.step(), b.step();  // the exercise has ended
  EXPECT_LT(std::abs(e.world().state.exercise_operations(1, 0)), 1e-12);
}

TEST(EventIncident, ForcedIncidentJumpsTensionAndIsLogged) {
  const Scenario sc = load(world(
      "events:\n  - {at: 2001, type: incident, initiator: A, target: B, severity: 0.5, level: 2}\n", 20, false));
  Incidents counter;
  Engine e(sc);
  e.step(&counter);
  const double tau = e.world().state.tension(0, 1);
  e.step(&counter);
  const World& w = e.world();
  EXPECT_EQ(counter.count(0, 1), 1.0);
  EXPECT_NEAR(w.flows.tension_terms[static_cast<int>(TensionTerm::Incidents)](0, 1), 0.5 * (0.2 + 0.3 * 2) * (1 - tau), 1e-12);
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Incident)](1, 0), -1.0 * 0.5 * 3);
  EXPECT_DOUBLE_EQ(w.flows.trust_terms[static_cast<int>(TrustTerm::Incident)](0, 1), -1.0 * 0.5 * 3) << "B escalated too";
  EXPECT_EQ(w.flows.incident_level(0, 1), 2.0);
}

TEST(EventSuspendResumeDialogue, DialogueFallsWhileSuspendedAndRecoversAfter) {
  const Scenario sc = load(world(
      "events:\n  - {at: 2002, type: suspend_dialogue, pair: B-C}\n"
      "  - {at: 2008, type: resume_dialogue, pair: B-C}\n", 20, false));
  Engine e(sc);
  const World& w = e.world();
  while (sc.year_of(w.step) < 2002) e.step();
  const double before = w.state.dialogue(1, 2);
  while (sc.year_of(w.step) < 2008) e.step();
  const double suspended = w.state.dialogue(1, 2);
  EXPECT_LT(suspended, before * 0.5);
  while (w.step < sc.steps) e.step();
  EXPECT_GT(w.state.dialogue(1, 2), before);
}

TEST(EventInstitutionStartEnd, OverrideTheCalendar) {
  const Scenario sc = load(world(
      "institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.7, start: 2030}}\n"
      "events:\n  - {at: 2003, type: institution_start, institution: talks}\n"
      "  - {at: 2010, type: institution_end, institution: talks}\n", 20, false));
  Engine e(sc);
  const World& w = e.world();
  while (sc.year_of(w.step) < 2004) e.step();
  EXPECT_GE(w.state.dialogue(0, 1), 0.7);
  while (sc.year_of(w.step) < 2015) e.step();
  EXPECT_LT(w.state.dialogue(0, 1), 0.5);
}

TEST(EventSetInstitution, StrengthAndCalendarApplyFromTheirStepOn) {
  // A treaty of strength 0.3 raised to 0.8 in 2005 holds the alliance at 0.8 from then on; moving its end to
  // 2010 in 2008 ends it there, after which the alliance decays.
  const Scenario sc = load(world(
      "institutions: {pact: {kind: alliance, members: [B, C], strength: 0.3}}\n"
      "events:\n  - {at: 2005, type: set, path: institutions.pact.strength, value: 0.8}\n"
      "  - {at: 2008, type: set, path: institutions.pact.end, value: 2010}\n", 20, false));
  Engine e(sc);
  const World& w = e.world();
  while (w.step < sc.steps) {
    e.step();
    const double year = sc.year_of(w.step);
    if (year <= 2005) {
      EXPECT_LT(w.state.alliance(1, 2), 0.8) << year;
    }
    if (year >= 2006 && year <= 2010) {
      EXPECT_GE(w.state.alliance(1, 2), 0.8) << year;
    }
  }
  EXPECT_LT(w.state.alliance(1, 2), 0.8) << "after its new end the alliance decays";
  // The scenario keeps its own values: a set event changes the running world only.
  EXPECT_EQ(sc.institutions[0].strength, 0.3);
}

TEST(EventSetInstitution, ACommunityMadeStrongerRelievesMoreTension) {
  const std::string community = "institutions: {forum: {kind: community, members: [A, B, C], strength: 0.1}}\n";
  const Scenario weak = load(world(community, 20, false));
  const Scenario strong =
      load(world(community + "events:\n  - {at: 2002, type: set, path: institutions.forum.strength, value: 1}\n", 20,
                 false));
  EXPECT_LT(final_world(strong).state.tension(0, 1), final_world(weak).state.tension(0, 1));
}

}  // namespace
}  // namespace statecraft
