#!/usr/bin/python3
"""Tests of the Python module (python/, docs/python.md) against the real statecraft binary.

    test_module.py --statecraft BIN --source SRC --work DIR GROUP

GROUP is one of run, errors, batches, interrupt, ema, notebook; tests/CMakeLists.txt registers each as a
ctest test (python_GROUP), with PYTHONPATH pointing at the module in the build tree.

What is checked: a run's five tables equal the CLI's CSVs cell by cell to the CSVs' printed digits (numbers
formatted as the CLI formats them, NaN for an empty cell), for several bundled scenarios and variants, and
with values set by path against the same values written in a file; ensembles, comparisons and sweeps equal
the CLI's CSVs the same way, and are bit-identical on one thread and two; errors carry exactly the CLI's
diagnostics (the whole invalid-scenario corpus, and bad paths given to set=); Ctrl-C stops a batch with
KeyboardInterrupt; the EMA Workbench-style model function works when called as the Workbench calls it
(tests/python/ema_harness.py); the tutorial notebook runs without a cell error.
"""

import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

import pandas as pd

sys.dont_write_bytecode = True

ARGS = None
statecraft = None  # imported in main(), once PYTHONPATH is known to be right


def cli(*args, check=True):
    cmd = [ARGS.statecraft] + [str(a) for a in args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ARGS.source)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return r


def scenario(name):
    return os.path.join(ARGS.source, "scenarios", name + ".yaml")


def work(name):
    path = os.path.join(ARGS.work, name)
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def printed(x):
    """A value as the CLI's CSVs print it: numbers with up to 10 significant digits, NaN as an empty cell."""
    if isinstance(x, str):
        return x
    if isinstance(x, float) or hasattr(x, "dtype") and x.dtype.kind == "f":
        x = float(x)
        if math.isnan(x):
            return ""
        return "0" if x == 0 else format(x, ".10g")
    return str(int(x))


def read_csv_text(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


class Case(unittest.TestCase):
    maxDiff = 4000

    def assertFrameIsCsv(self, frame, path):
        """The DataFrame has the CSV's columns in order and, cell by cell, its printed values."""
        header, rows = read_csv_text(path)
        self.assertEqual(list(frame.columns), header, path)
        self.assertEqual(len(frame), len(rows), path)
        columns = [frame[c].tolist() for c in frame.columns]
        for r, row in enumerate(rows):
            got = [printed(col[r]) for col in columns]
            if got != row:
                self.fail(f"{path}: row {r + 2} differs:\n  csv:    {row}\n  python: {got}")

    def assertFramesIdentical(self, a, b):
        """Bit for bit: the same columns, dtypes and values (NaN where NaN)."""
        self.assertEqual(list(a.columns), list(b.columns))
        for c in a.columns:
            self.assertEqual(a[c].dtype, b[c].dtype, c)
            if a[c].dtype.kind == "f":
                self.assertEqual(a[c].to_numpy().tobytes(), b[c].to_numpy().tobytes(), c)
            else:
                self.assertEqual(a[c].tolist(), b[c].tolist(), c)


class Run(Case):
    TABLES = ("actors", "pairs", "region", "events", "drivers")

    def check_run(self, name, variant=None, steps=None, seed=None):
        out = work(f"run/{name}_{variant}")
        args = [scenario(name), "--out", out]
        args += ["--variant", variant] if variant else []
        args += ["--steps", steps] if steps else []
        args += ["--seed", seed] if seed is not None else []
        cli("run", *args)
        r = statecraft.run(statecraft.load(scenario(name)), variant=variant, steps=steps, seed=seed)
        for t in self.TABLES:
            self.assertFrameIsCsv(getattr(r, t), os.path.join(out, t + ".csv"))
        return r

    def test_bundled_scenarios_equal_the_cli(self):
        r = self.check_run("asia_pacific_2012")
        self.assertGreater(len(r.events), 0)
        self.assertTrue(r.pairs.incident_level.isna().any())  # empty cells are NaN, and were compared
        import numpy as np
        # No -0.0, which the CSV writes as 0 and pandas' to_csv as -0.0 (cumulative_risk at step 0, driver terms).
        for t in self.TABLES:
            frame = getattr(r, t)
            for c in frame.columns:
                if frame[c].dtype.kind == "f":
                    zeros = frame[c][frame[c] == 0]
                    self.assertFalse(np.signbit(zeros).any(), f"{t}.{c} holds -0.0")
        self.check_run("asia_pacific_2012", "all_security_community", steps=15, seed=7)
        self.check_run("security_dilemma", "mixed")
        self.check_run("korean_peninsula", "sanctions")
        self.check_run("richardson_1909")

    def test_full_precision(self):
        r = statecraft.run(scenario("security_dilemma"), variant="mixed")
        t = r.pairs.tension
        self.assertEqual(t.dtype.kind, "f")
        # More digits than the CSV's ten: at least one value differs from its printed form.
        self.assertTrue(any(float(printed(x)) != x for x in t))
        self.assertEqual(r.region.step.dtype.kind, "i")

    def test_set_equals_the_same_values_in_a_file(self):
        d = work("run/set")
        os.makedirs(d)
        path = os.path.join(d, "changed.yaml")
        with open(path, "w") as f:
            f.write(f"extends: {scenario('asia_pacific_2012')}\n"
                    "actors:\n  KOR: {growth: 0.05}\n"
                    "parameters:\n  trust: {forgetting: 0.2}\n")
        cli("run", path, "--out", f"{d}/cli")
        sc = statecraft.load(scenario("asia_pacific_2012"))
        # KOR's growth is set by one event, which a set value outlives (as the CLI's --set): the same run as
        # the file without it.
        with open(path, "w") as f:
            f.write(f"extends: {scenario('asia_pacific_2012')}\n"
                    "parameters:\n  trust: {forgetting: 0.2}\n")
        cli("run", path, "--set", "actors.KOR.growth=0.05", "--out", f"{d}/cli", "--force")
        import warnings
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            r = statecraft.run(sc, set={"actors.KOR.growth": 0.05, "parameters.trust.forgetting": 0.2})
        self.assertEqual(len(said), 1)
        self.assertIn("warning: the set event of actors.KOR.growth in ", str(said[0].message))
        self.assertTrue(str(said[0].message).endswith(" is skipped: --set sets actors.KOR.growth for the whole run"))
        # The warning names the caller's line (this file), not the package's.
        self.assertEqual(os.path.abspath(said[0].filename), os.path.abspath(__file__))
        self.assertTrue(issubclass(said[0].category, statecraft.StatecraftWarning))
        self.assertTrue(issubclass(statecraft.StatecraftWarning, UserWarning))
        with warnings.catch_warnings(record=True) as said:  # deeper in the package too (model_function's ensemble)
            warnings.simplefilter("always")
            statecraft.model_function(sc, runs=1)(**{"actors.KOR.growth": 0.05})
        self.assertTrue(said)
        self.assertEqual({os.path.abspath(w.filename) for w in said}, {os.path.abspath(__file__)})
        for t in self.TABLES:
            self.assertFrameIsCsv(getattr(r, t), os.path.join(d, "cli", t + ".csv"))
        plain = statecraft.run(sc)
        self.assertFalse(plain.region.mean_tension.equals(r.region.mean_tension))

    def test_scenario_attributes(self):
        sc = statecraft.load(scenario("asia_pacific_2012"))
        self.assertEqual(sc.name, "asia_pacific_2012")
        self.assertIn("status_quo", sc.variants)
        self.assertEqual(list(sc.actors.index[:2]), ["USA", "CHN"])
        self.assertIn("gdp", sc.actors.columns)
        p = sc.params().set_index("path")
        self.assertAlmostEqual(p.loc["actors.CHN.gdp", "value"], sc.actors.loc["CHN", "gdp"])
        self.assertIn("parameters.trust.forgetting", p.index)
        self.assertIn("relations.USA-CHN.trust.USA", p.index)
        # Every path listed can be set to its own value, and the run is then the same (for values no set event
        # changes: a set value holds for the whole run, so CHN's growth would no longer follow its events).
        some = p.loc[["actors.CHN.gdp", "relations.USA-CHN.dialogue_cap", "policies.balance_of_power.k"]]
        same = statecraft.run(sc, steps=5, set=dict(some.value))
        self.assertTrue(same.pairs.equals(statecraft.run(sc, steps=5).pairs))


class Errors(Case):
    def test_invalid_corpus_gives_the_clis_diagnostics(self):
        corpus = os.path.join(ARGS.source, "tests", "scenarios", "invalid")
        names = sorted(f[:-5] for f in os.listdir(corpus) if f.endswith(".yaml"))
        self.assertGreater(len(names), 100)
        os.chdir(ARGS.source)  # messages name the files as given, relative to the project root
        for name in names:
            rel = f"tests/scenarios/invalid/{name}.yaml"
            with open(os.path.join(corpus, name + ".expected")) as f:  # the CLI's, whose limits are flags
                expected = re.sub(r"--max-([a-z-]+)", lambda m: f"statecraft.limits['{m[1].replace('-', '_')}']",
                                  f.read())
            with self.subTest(name), self.assertRaises(statecraft.ScenarioError) as cm:
                statecraft.load(rel)
            e = cm.exception
            self.assertEqual(str(e) + "\n", expected)
            lines = expected.splitlines()
            self.assertEqual([str(d) for d in e.diagnostics], lines[:len(e.diagnostics)])
            for d in e.diagnostics:  # the attributes say the same as the line
                text = (f"{d.file}:{d.line}:{d.column}: " if d.line else f"{d.file}: " if d.file else "")
                text += (f"{d.path}: " if d.path else "") + d.message
                self.assertEqual(text, str(d))

    def test_arguments_are_checked_as_the_cli_checks_its_flags(self):
        s = scenario("security_dilemma")
        cases = [
            (lambda: statecraft.run(s, steps=0), "steps: 0 is out of range (expected an integer from 1 to 2147483647)"),
            (lambda: statecraft.run(s, seed=1.5), "seed: 1.5 is not an integer (expected an integer from 0 to "
                                                  "18446744073709551615)"),
            (lambda: statecraft.run(s, seed=-1), "seed: -1 is out of range (expected an integer from 0 to "
                                                 "18446744073709551615)"),
            (lambda: statecraft.ensemble(s, 2.5, progress=False), "runs: 2.5 is not an integer (expected an integer "
                                                                  "of at least 1)"),
            (lambda: statecraft.sweep(s, {"parameters.trust.forgetting": (0.1, 0.2, 2.5)}, runs=1, progress=False),
             "params: parameters.trust.forgetting: points: 2.5 is not an integer (expected an integer from 2 to "
             "10000)"),
            (lambda: statecraft.ensemble(s, 2**64, progress=False), "runs: 18446744073709551616 is above "
                                                                    "18446744073709551615 (expected at most "
                                                                    "18446744073709551615)"),
            (lambda: statecraft.ensemble(s, 3, jobs=2**40, progress=False), "jobs: 1099511627776 is above 1024 "
                                                                            "(expected at most 1024)"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": 0.05}, progress=False),
             "params: actors.A.growth: 0.05 is not a range (expected (low, high) or (low, high, points))"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": (0, 0.1, 1)}, progress=False),
             "params: actors.A.growth: points: 1 is out of range (expected an integer from 2 to 10000)"),
            (lambda: statecraft.run(s, set={"actors.A.growth": "1e-999"}),
             "--set: actors.A.growth: '1e-999' is too close to 0 to represent (expected a finite number)"),
            (lambda: statecraft.run(s, set={"actors.A.growth": True}),
             "--set: actors.A.growth: True is a switch's value (expected a finite number: actors.A.growth is not a "
             "switch)"),
            (lambda: statecraft.compare(s, {"both_sc", "both_bop"}, runs=2, progress=False),
             "variants: a set has no order, and a set of strings takes another from one run of Python to the next "
             "(expected a list, a tuple or a comma-separated string)"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": (0.0, 0.02)}, design="lhsx", progress=False),
             "design: unknown design 'lhsx' (expected \"grid\", \"lhs\", \"sobol\", a DataFrame of points or the path "
             "of a CSV file of them)"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": (0.02, 0.02)}, progress=False),
             "params: the range 0.02:0.02 holds one value (expected LO < HI; a value that holds for every point is "
             "set={PATH: VALUE})"),
            # Numbers as text are read as the CLI reads them, not as float() does.
            (lambda: statecraft.run(s, set={"actors.A.gdp": "3_000"}),
             "--set: actors.A.gdp: '3_000' is not a number (expected a finite number, or True or False for "
             "a switch)"),
            (lambda: statecraft.run(s, set={"actors.A.growth": " 0.03 "}),
             "--set: actors.A.growth: ' 0.03 ' is not a number (expected a finite number, or True or False for "
             "a switch)"),
            (lambda: statecraft.run(s, set={"actors.A.growth": "nan"}),
             "--set: actors.A.growth: 'nan' is not finite (expected a finite number)"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": (None, 0.05)}, progress=False),
             "params: actors.A.growth: None is not a number (expected (low, high) or (low, high, points) of numbers)"),
            (lambda: statecraft.sweep(s, {"actors.A.growth": ("a", 0.05)}, progress=False),
             "params: actors.A.growth: 'a' is not a number (expected (low, high) or (low, high, points) of numbers)"),
            (lambda: ranked_by(""), "outcome: is empty (expected an outcome's name; leave outcome out, or None, for "
                                    "the default)"),
            # model_function's arguments are checked when it is made, not inside the Workbench's experiments.
            (lambda: statecraft.model_function(s, runs=0), "runs: 0 is below 1 (expected at least 1)"),
            (lambda: statecraft.model_function(s, jobs=0), "jobs: 0 is below 1 (expected at least 1)"),
            (lambda: statecraft.model_function(s, steps=0),
             "steps: 0 is out of range (expected an integer from 1 to 2147483647)"),
            (lambda: statecraft.model_function(s, variant="nope"),
             "variant: unknown variant 'nope' (expected one of: both_sc, both_hedging, mixed, both_bop)"),
        ]
        ranked_by = statecraft.compare(s, runs=2, steps=2, progress=False).ranked
        for call, message in cases:
            with self.subTest(message), self.assertRaises(ValueError) as cm:
                call()
            self.assertEqual(str(cm.exception), message)
        with self.assertRaises(ValueError) as cm:  # only a grid has points per parameter
            statecraft.sweep(s, {"parameters.trust.forgetting": (0.1, 0.2, 3)}, design="lhs", runs=1, progress=False)
        self.assertEqual(str(cm.exception), "params: parameters.trust.forgetting: points go with a grid (expected "
                                            "(low, high) with design='lhs')")
        # Names are str (or None, the default), and params a dict or a list of the CLI's --param texts.
        for call, message in (
                (lambda: statecraft.compare(s, baseline=1, progress=False),
                 "baseline: expected a variant's name (a str), got int"),
                (lambda: statecraft.compare(s, rank_by=["tension_final"], progress=False),
                 "rank_by: expected an outcome's name (a str), got list"),
                (lambda: statecraft.sweep(s, pd.DataFrame({"actors.A.growth": [0.01]}), progress=False),
                 "params: expected a dict of path -> (low, high[, points]) or a list of 'PATH=LO:HI[:N]', got "
                 "DataFrame (a DataFrame of points goes in design=)"),
                (lambda: statecraft.ensemble(s, 3, metrics=5, progress=False),
                 "metrics: expected a list of names (str) or a comma-separated str, got int"),
                (lambda: statecraft.compare(s, variants=5, progress=False),
                 "variants: expected a list of names (str) or a comma-separated str, got int"),
                (lambda: statecraft.ensemble(s, 3, metrics=[None], progress=False),
                 "metrics: expected a list of names (str) or a comma-separated str, got NoneType in the list"),
                (lambda: ranked_by(5), "outcome: expected an outcome's name (a str), got int"),
                (lambda: statecraft.sweep(s, design=None, progress=False),
                 'design: expected "grid", "lhs", "sobol", a DataFrame of points or the path of a CSV file of them, '
                 "got NoneType"),
                (lambda: statecraft.load(None),
                 "scenario: expected a Scenario or the path of a scenario file (a str or os.PathLike), got NoneType"),
                (lambda: statecraft.run(5),
                 "scenario: expected a Scenario or the path of a scenario file (a str or os.PathLike), got int"),
                (lambda: statecraft.ensemble(s, None, progress=False),
                 "runs: expected an integer of at least 1, got NoneType"),
                (lambda: statecraft.sweep(s, {"actors.A.growth": (0, 0.1)}, bootstrap=None, progress=False),
                 "bootstrap: expected an integer of at least 10, got NoneType")):
            with self.subTest(message), self.assertRaises(TypeError) as cm:
                call()
            self.assertEqual(str(cm.exception), message)
        self.assertEqual(len(statecraft.sweep(s, "actors.A.growth=0:0.1:2", runs=1, steps=1, progress=False).points), 2)
        self.assertEqual(statecraft.compare(s, runs=2, steps=1, adjust=None, progress=False).summary.to_csv(),
                         statecraft.compare(s, runs=2, steps=1, progress=False).summary.to_csv())
        # metrics=None is no metrics, in model_function as in ensemble; bytes name a file as a str does.
        self.assertEqual(statecraft.model_function(s, metrics=None, runs=2, steps=2)(),
                         statecraft.model_function(s, runs=2, steps=2)())
        self.assertEqual(repr(statecraft.load(os.fsencode(s))), repr(statecraft.load(s)))
        # A whole float is an integer, as 1e3 is on the command line.
        self.assertEqual(len(statecraft.run(s, steps=3.0).region), 4)
        # A string of names is the CLI's comma-separated list, not its characters.
        one = statecraft.ensemble(s, 2, steps=3, metrics="relations.A-B.tension", progress=False)
        self.assertIn("final.relations.A-B.tension", one.outcomes.columns)
        c = statecraft.compare(s, "both_bop,both_sc", steps=3, runs=2, progress=False)
        self.assertEqual(sorted(set(c.summary.variant)), ["both_bop", "both_sc"])

    def test_a_switch_is_set_by_a_bool(self):
        # set= and model_function take True/False for a switch, as a file's true/false; 0.5 is refused.
        s = scenario("security_dilemma")
        frozen = statecraft.run(s, set={"parameters.trust.learning": False}, steps=10)
        learning = statecraft.run(s, set={"parameters.trust.learning": True}, steps=10)
        self.assertFalse(frozen.pairs.equals(learning.pairs))
        self.assertTrue(learning.pairs.equals(statecraft.run(s, steps=10).pairs))  # true is the default
        f = statecraft.model_function(s, runs=2, steps=5)
        self.assertEqual(f(**{"parameters.trust.learning": True}), f())
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, set={"parameters.trust.learning": 0.5}, steps=2)
        self.assertEqual(str(cm.exception), "--set: parameters.trust.learning: 0.5 is not a switch's value "
                                            "(expected true or false, or 1 or 0)")

    def test_an_unknown_variant_is_the_arguments_mistake(self):
        # As the CLI's --variant: reported at the argument, not at the file's variants: line.
        s = scenario("asia_pacific_2012")
        for call in (lambda: statecraft.run(s, variant="east_asia_comunity", steps=1),
                     lambda: statecraft.ensemble(s, 2, variant="east_asia_comunity", steps=1, progress=False)):
            with self.assertRaises(statecraft.ScenarioError) as cm:
                call()
            self.assertEqual(str(cm.exception), "variant: unknown variant 'east_asia_comunity' "
                                                "(did you mean 'east_asia_community'?)")

    def test_a_value_only_variants_have_names_the_argument_that_sets_it_there(self):
        # The CLI says --variant; Python's argument is variant=.
        s = scenario("asia_pacific_2012")
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, set={"institutions.east_asia_community.strength": 0.5}, steps=1)
        self.assertEqual(str(cm.exception),
                         "--set: institutions.east_asia_community.strength: only the variants east_asia_community, "
                         "east_asia_community_consensus, patchwork have it (expected "
                         "variant='east_asia_community', or another of them, to set it there)")

    def test_misspelt_key_suggestion(self):
        os.chdir(ARGS.source)
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.load("tests/scenarios/invalid/actor_key_misspelt.yaml")
        d = cm.exception.diagnostics[0]
        self.assertEqual((d.file, d.line, d.column, d.path), ("tests/scenarios/invalid/actor_key_misspelt.yaml", 6, 21,
                                                               "actors.USA.miliex"))
        self.assertEqual(d.message, "unknown key 'miliex' (did you mean 'milex'?)")
        self.assertEqual(d.suggestion, "did you mean 'milex'?")

    def test_wrong_types_of_variant_set_and_thresholds_say_what_was_expected(self):
        s = scenario("security_dilemma")
        with self.assertRaises(TypeError) as cm:
            statecraft.run(s, variant=["both_bop"], steps=1)
        self.assertEqual(str(cm.exception), "variant: expected a variant's name (a str), got list")
        with self.assertRaises(TypeError) as cm:
            statecraft.run(s, set="actors.A.growth=0.01", steps=1)
        self.assertEqual(str(cm.exception), "set: expected a mapping of paths to numbers (a dict, or a pandas Series "
                                            "such as a row of a design), got str")
        with self.assertRaises(ValueError) as cm:
            statecraft.run(s, set={"actors.A.growth": "abc"}, steps=1)
        self.assertEqual(str(cm.exception), "--set: actors.A.growth: 'abc' is not a number (expected a finite number, "
                                            "or True or False for a switch)")
        # thresholds= as set=: a mapping, of numbers of any kind or as text (a bool is not one).
        with self.assertRaises(TypeError) as cm:
            statecraft.compare(s, runs=2, steps=1, thresholds=["tension_final"], progress=False)
        self.assertEqual(str(cm.exception), "thresholds: expected a mapping of outcomes to numbers, e.g. "
                                            "{'tension_final': 0.005}, got list")
        import numpy as np
        for bad in ("x", True, np.True_, 10**400):
            with self.assertRaises(ValueError) as cm:
                statecraft.compare(s, runs=2, steps=1, thresholds={"tension_final": bad}, progress=False)
            self.assertEqual(str(cm.exception), f"thresholds: tension_final: {bad!r} is not a number (expected a "
                                                "number >= 0, e.g. {'tension_final': 0.005})")
        import decimal
        expected = statecraft.compare(s, runs=2, steps=1, thresholds={"tension_final": 0.5}, progress=False)
        for same in (np.float64(0.5), np.array(0.5), decimal.Decimal("0.5"), "0.5"):
            self.assertEqual(statecraft.compare(s, runs=2, steps=1, thresholds={"tension_final": same},
                                                progress=False).summary.to_csv(), expected.summary.to_csv(), same)
        with self.assertRaises(ValueError) as cm:
            statecraft.run(s, set={"actors.A.growth": 10**400}, steps=1)
        self.assertTrue(str(cm.exception).startswith("--set: actors.A.growth: 1000"), str(cm.exception))
        # A row of a design, as pandas gives it, is a mapping of paths to values.
        row = pd.DataFrame({"actors.A.growth": [0.01, 0.02]}).iloc[1]
        self.assertTrue(statecraft.run(s, set=row, steps=3).pairs.equals(
            statecraft.run(s, set={"actors.A.growth": 0.02}, steps=3).pairs))

    def test_switches_are_true_or_false(self):
        """uncertain=, explain= and progress= take True or False (numpy's too; progress None too), not a truth:
        'no' is not taken as True."""
        import numpy as np
        s = scenario("security_dilemma")
        for name, call in (("uncertain", lambda v: statecraft.ensemble(s, 2, steps=1, uncertain=v, progress=False)),
                           ("explain", lambda v: statecraft.compare(s, runs=2, steps=1, explain=v, progress=False)),
                           ("progress", lambda v: statecraft.ensemble(s, 2, steps=1, progress=v))):
            with self.assertRaises(TypeError) as cm:
                call("no")
            expected = "True, False or None (automatic)" if name == "progress" else "True or False"
            self.assertEqual(str(cm.exception), f"{name}: expected {expected}, got str")
            call(np.False_)
        self.assertEqual(statecraft.ensemble(s, 2, steps=1, progress=False).summary.to_csv(),
                         statecraft.ensemble(s, 2, steps=1, progress=np.False_).summary.to_csv())

    def test_a_suggestion_holds_a_half_open_interval_whole(self):
        s = scenario("security_dilemma")
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, set={"actors.A.gdp": -1}, steps=1)
        d = cm.exception.diagnostics[0]
        self.assertTrue(d.suggestion.startswith("expected a number in (0, "), d.suggestion)
        self.assertEqual(d.message, f"-1 is out of range ({d.suggestion})")

    def test_set_errors_are_the_clis(self):
        """set= reports a bad path or value as the CLI's --set does, every problem at once."""
        s = scenario("security_dilemma")
        r = cli("run", s, "--set", "actors.C.growth=0", "--set", "parameters.trust.forgeting=0.1",
                "--out", work("errors/set"), check=False)
        self.assertEqual(r.returncode, 2)
        # The CLI prefixes a message that is not about a place in a file (docs/cli.md, Messages); Python's
        # exception carries the message itself.
        cli_lines = [line.removeprefix("statecraft: error: ") for line in r.stderr.splitlines()]
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, set={"actors.C.growth": 0, "parameters.trust.forgeting": 0.1})
        e = cm.exception
        self.assertEqual(str(e).splitlines(), cli_lines[:2])
        self.assertEqual(str(e).splitlines()[1],
                         "--set: parameters.trust.forgeting: unknown parameter (did you mean "
                         "'parameters.trust.forgetting'?)")
        self.assertEqual(e.diagnostics[1].suggestion, "did you mean 'parameters.trust.forgetting'?")
        self.assertEqual(e.diagnostics[0].path, "actors.C.growth")
        # compare's set= too, in every variant: an unknown path and a value out of range together, each once.
        r = cli("compare", s, "--runs", "2", "--set", "actors.C.growth=0", "--set", "actors.A.growth=0.9",
                "--out", work("errors/set_compare"), check=False)
        self.assertEqual(r.returncode, 2)
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.compare(s, runs=2, set={"actors.C.growth": 0, "actors.A.growth": 0.9}, progress=False)
        self.assertEqual(str(cm.exception).splitlines(),
                         [line.removeprefix("statecraft: error: ") for line in r.stderr.splitlines()])
        self.assertEqual(len(cm.exception.diagnostics), 2)
        # A value out of range: the loader's own message, at the path.
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, set={"actors.A.growth": 0.9})
        self.assertEqual(str(cm.exception),
                         "--set: actors.A.growth: 0.9 is out of range (expected a number in [-0.5, 0.5], per year)")

    def test_other_errors(self):
        s = scenario("asia_pacific_2012")
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, variant="status_qou", steps=2)
        self.assertIn("did you mean 'status_quo'?", str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            statecraft.ensemble(s, 2, steps=2, metrics=["relations.USA-XXX.tension"], progress=False)
        self.assertTrue(str(cm.exception).startswith("metrics: "), str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            statecraft.compare(s, ["status_quo", "patchwork"], baseline="nope", runs=2, steps=2, progress=False)
        self.assertEqual(str(cm.exception), "baseline: 'nope' is not among the variants compared (expected one of: "
                                            "status_quo, patchwork)")
        with self.assertRaises(ValueError) as cm:
            statecraft.compare(s, ["status_quo", "patchwork"], rank_by="final.relations.USA-CHN.tension", runs=2, steps=2,
                               progress=False)
        self.assertEqual(str(cm.exception), "rank_by: unknown outcome 'final.relations.USA-CHN.tension' (expected "
                                            "metrics=['relations.USA-CHN.tension'] as well: a final. outcome is the last "
                                            "value of a metric the batch summarises)")
        with self.assertRaises(ValueError) as cm:
            statecraft.compare(s, ["status_quo", "patchwork"], rank_by="tension_finl", runs=2, steps=2, progress=False)
        self.assertEqual(str(cm.exception), "rank_by: unknown outcome 'tension_finl' (did you mean 'tension_final'?)")
        with self.assertRaises(ValueError):
            statecraft.sweep(s, {"actors.CHN.growth": (0.08, 0.02)}, steps=2, progress=False)
        # As the CLI's flags: a comparison needs two runs to pair.
        with self.assertRaises(ValueError) as cm:
            statecraft.compare(s, ["status_quo", "patchwork"], runs=1, steps=2, progress=False)
        self.assertEqual(str(cm.exception), "runs: 1 is below 2 (expected at least 2)")
        with self.assertRaises(ValueError):
            statecraft.ensemble(s, 0, steps=2, progress=False)

    def test_limits_are_the_clis_and_python_raises_them(self):
        """statecraft.limits holds the CLI's --max- defaults; a refusal says how Python raises it, and raising
        it lets the same call through, for that call and the ones after."""
        saved = dict(statecraft.limits)
        self.addCleanup(lambda: (statecraft.limits.clear(), statecraft.limits.update(saved)))
        help_text = cli("--help").stdout
        for name, value in statecraft.limits.items():
            self.assertRegex(help_text, rf"--max-{name.replace('_', '-')} [^\n]*\(default {value}\)", name)
        s = scenario("security_dilemma")
        statecraft.limits["steps"] = 40  # the file's own
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.run(s, steps=41)
        self.assertEqual(str(cm.exception), "steps: 41 is above the limit of 40 steps (expected at most that; raise "
                                            "it with statecraft.limits['steps'])")
        statecraft.limits["steps"] = 41
        self.assertEqual(len(statecraft.run(s, steps=41).region), 42)
        statecraft.limits["steps"] = 39
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.load(s)  # the file's steps, at its line
        self.assertRegex(str(cm.exception), r"^.*security_dilemma.yaml:\d+:\d+: scenario.steps: 40 is out of range "
                                            r"\(expected a whole number in \[1, 39\]; raise the limit with "
                                            r"statecraft.limits\['steps'\]\)$")
        statecraft.limits.update(saved)
        statecraft.limits["actors"] = 1
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.ensemble(s, 2, steps=2, progress=False)
        self.assertIn("(expected at most 1; raise the limit with statecraft.limits['actors'])", str(cm.exception))
        statecraft.limits.update(saved)
        statecraft.limits["nesting"] = 2
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.compare(s, runs=2, steps=2, progress=False)
        self.assertIn("(expected at most that; raise it with statecraft.limits['nesting'])", str(cm.exception))
        statecraft.limits.update(saved)
        statecraft.limits["step"] = 3
        with self.assertRaises(ValueError) as cm:
            statecraft.run(s, steps=2)
        self.assertEqual(str(cm.exception), "statecraft.limits: unknown limit 'step' (expected one of: file_size, "
                                            "nodes, nesting, actors, steps, extends, points, output_size)")
        del statecraft.limits["step"]
        statecraft.limits["file_size"] = 0.5
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, {"actors.A.growth": (0, 0.01, 2)}, steps=2, progress=False)
        self.assertEqual(str(cm.exception), "statecraft.limits['file_size']: 0.5 is not an integer (expected an "
                                            "integer from 1 to 9223372036854775807)")

    def test_a_sweep_too_large_and_a_run_too_long_are_refused_before_they_start(self):
        """points and output_size, as the CLI's --max-points and --max-output-size: a design is refused before it is
        built (a grid multiplies its points), a run before its tables fill the memory."""
        saved = dict(statecraft.limits)
        self.addCleanup(lambda: (statecraft.limits.clear(), statecraft.limits.update(saved)))
        s = scenario("security_dilemma")
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, {"actors.A.growth": (0, 0.01, 1000), "actors.B.growth": (0, 0.01, 1000),
                                 "actors.C.growth": (0, 0.01, 1000)}, steps=2, runs=1, progress=False)
        self.assertEqual(str(cm.exception), "params: the grid design has 1000000000 points, above the limit of 1000000 "
                                            "(expected at most that; raise it with statecraft.limits['points'])")
        statecraft.limits["points"] = 3
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, design=pd.DataFrame({"actors.A.growth": [0.01, 0.02, 0.03, 0.04]}), steps=2, runs=1,
                             progress=False)
        self.assertEqual(str(cm.exception), "design: the design of points has 4 points, above the limit of 3 "
                                            "(expected at most that; raise it with statecraft.limits['points'])")
        statecraft.limits["points"] = 4
        self.assertEqual(len(statecraft.sweep(s, {"actors.A.growth": (0, 0.01, 2), "actors.B.growth": (0, 0.01, 2)},
                                              steps=2, runs=1, progress=False).points), 4)
        statecraft.limits["output_size"] = 1000
        with self.assertRaises(ValueError) as cm:
            statecraft.run(s, steps=2)
        self.assertRegex(str(cm.exception), r"^the tables, as CSV files, would take about [0-9.]+ kB, above the "
                                            r"limit of 1 kB \(expected at most that; raise it with "
                                            r"statecraft.limits\['output_size'\]\)$")
        statecraft.limits["output_size"] = saved["output_size"]
        self.assertEqual(len(statecraft.run(s, steps=2).region), 3)

    def test_design_of_points_errors(self):
        """A design of points is read as the CLI reads --design-file: NaN is an empty value at its row and
        column, whatever pandas wrote for it, and samples= beside it is refused."""
        import pandas as pd
        s = scenario("security_dilemma")
        two = pd.DataFrame({"actors.A.growth": [0.01, 0.02], "parameters.trust.forgetting": [0.1, math.nan]})
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.sweep(s, design=two, steps=2, runs=1, progress=False)
        self.assertEqual(str(cm.exception),
                         "design:3:6: parameters.trust.forgetting: an empty value (expected a finite number)")
        # A frame of one column writes NaN as "", which is empty too.
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.sweep(s, design=pd.DataFrame({"actors.A.growth": [math.nan, 0.02]}), steps=2, runs=1,
                             progress=False)
        self.assertEqual(str(cm.exception), "design:2:1: actors.A.growth: an empty value (expected a finite number)")
        # A file as Excel ("CSV UTF-8": a byte-order mark) and R (every cell quoted) write it.
        path = work("errors/quoted.csv")
        two.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_ALL)
        with open(path, "rb") as f:
            self.assertTrue(f.read().startswith(b'\xef\xbb\xbf"actors.A.growth",'))
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.sweep(s, design=path, steps=2, runs=1, progress=False)
        self.assertEqual(str(cm.exception),
                         f"{path}:3:8: parameters.trust.forgetting: an empty value (expected a finite number)")
        # samples= asks for another design, even at the value lhs and sobol take by default.
        for design in (two.fillna(0.2), path):
            for samples in (4, 64):
                with self.subTest(design=type(design).__name__, samples=samples), \
                        self.assertRaises(ValueError) as cm:
                    statecraft.sweep(s, design=design, samples=samples, steps=2, runs=1, progress=False)
                self.assertEqual(str(cm.exception),
                                 "samples: cannot be given with a design of points (expected one or the other: the points are the design)")
        # A grid's points are each params entry's: samples= beside it would be lost.
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, {"parameters.trust.forgetting": (0.1, 0.2, 2)}, samples=8, steps=2, runs=1,
                             progress=False)
        self.assertEqual(str(cm.exception), 'samples: a grid takes no samples (expected design="lhs" or "sobol" with it, '
                                            "or points in each params entry)")

    def test_an_empty_variant_is_refused(self):
        """variant="" as the CLI's --variant '': a mistake (an empty variable), not the base scenario."""
        for call in (lambda: statecraft.run(scenario("security_dilemma"), variant="", steps=2),
                     lambda: statecraft.ensemble(scenario("security_dilemma"), 2, variant="", steps=2, progress=False)):
            with self.assertRaises(ValueError) as cm:
                call()
            self.assertEqual(str(cm.exception), "variant: is empty (expected a variant's name; leave variant out, or "
                                                "None, for the base scenario)")

    def test_an_empty_name_is_refused(self):
        """baseline="", rank_by="", better="", adjust="" as the CLI's --baseline '': a mistake, not the default."""
        s = scenario("security_dilemma")
        expected = {"baseline": "a variant's name", "rank_by": "an outcome's name", "better": "'lower' or 'higher'",
                    "adjust": "none, bonferroni or holm", "rank_criterion": "mean, regret, max-regret or p-best"}
        for name, what in expected.items():
            with self.assertRaises(ValueError) as cm:
                statecraft.compare(s, runs=2, steps=2, progress=False, **{name: ""})
            self.assertEqual(str(cm.exception), f"{name}: is empty (expected {what}; leave {name} out, or None, for "
                                                "the default)")
        # An empty name in a list, as the CLI's --variants a,,b; an empty path, naming the argument.
        for call, message in (
                (lambda: statecraft.compare(s, ["both_sc", ""], runs=2, progress=False),
                 "variants: ['both_sc', ''] has an empty name in it (expected names separated by single commas, or "
                 "a list of names)"),
                (lambda: statecraft.compare(s, "", runs=2, progress=False),
                 "variants: '' has an empty name in it (expected names separated by single commas, or a list of "
                 "names)"),
                (lambda: statecraft.ensemble(s, 2, metrics="region.mean_tension,", progress=False),
                 "metrics: 'region.mean_tension,' has an empty name in it (expected names separated by single "
                 "commas, or a list of names)"),
                (lambda: statecraft.sweep(s, design="", progress=False),
                 'design: is empty (expected "grid", "lhs", "sobol", a DataFrame of points or the path of a CSV file '
                 "of them)"),
                (lambda: statecraft.load(""), "scenario: is empty (expected the path of a scenario file)"),
                (lambda: statecraft.run(""), "scenario: is empty (expected the path of a scenario file)")):
            with self.assertRaises(ValueError) as cm:
                call()
            self.assertEqual(str(cm.exception), message)
        result = statecraft.compare(s, runs=2, steps=2, progress=False)
        with self.assertRaises(ValueError) as cm:
            result.ranked(better="")
        self.assertEqual(str(cm.exception), "better: is empty (expected 'lower' or 'higher'; leave better out, or "
                                            "None, for the default)")

    def test_a_design_file_is_read_as_the_cli_reads_it(self):
        """Only a regular file within limits["file_size"] (a FIFO would block for ever, /dev/zero fill the memory),
        and every problem said whole and printable, as the CLI prints it: a NUL in a value neither cuts the
        message short nor reaches the terminal, nor does an escape sequence."""
        s = scenario("security_dilemma")
        fifo = work("errors/points.fifo")
        if os.path.exists(fifo):
            os.remove(fifo)
        os.mkfifo(fifo)
        for path, what in ((fifo, "is a FIFO, not a regular file"), ("/dev/zero", "is a character device, not a regular file"),
                           (os.path.dirname(fifo), "is a directory")):
            with self.subTest(path=path), self.assertRaises(statecraft.ScenarioError) as cm:
                statecraft.sweep(s, design=path, steps=2, runs=1, progress=False)
            self.assertEqual(str(cm.exception), f"{path}: {what} (expected a CSV file of design points)")
        control = work("errors/control.csv")
        with open(control, "wb") as f:
            f.write(b"actors.A.growth\n0.1\x00\n0.1\x1b[31m\n")
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.sweep(s, design=control, steps=2, runs=1, progress=False)
        expected = (f"{control}:2:1: actors.A.growth: '0.1\\x00' is not a number (expected a finite number)\n"
                    f"{control}:3:1: actors.A.growth: '0.1\\x1b[31m' is not a number (expected a finite number)")
        self.assertEqual(str(cm.exception), expected)
        self.assertEqual(cli("sweep", s, "--design-file", control, check=False).stderr, expected + "\n")
        self.assertEqual([d.message for d in cm.exception.diagnostics][0],
                         "'0.1\x00' is not a number (expected a finite number)", "the diagnostics keep the raw text")
        saved = dict(statecraft.limits)
        self.addCleanup(lambda: (statecraft.limits.clear(), statecraft.limits.update(saved)))
        statecraft.limits["file_size"] = 20
        with self.assertRaises(statecraft.ScenarioError) as cm:
            statecraft.sweep(s, design=control, steps=2, runs=1, progress=False)
        self.assertTrue(str(cm.exception).endswith(f"the file is larger than 20 bytes (expected at most that; raise it "
                                                   "with statecraft.limits['file_size'])"), str(cm.exception))

    def test_a_value_set_and_swept_is_refused_as_the_cli_does(self):
        """set= and params= (or a design) naming one value: the CLI's --set message, with the argument names."""
        s = scenario("asia_pacific_2012")
        tail = " (expected a path in one of them, not both)"
        r = cli("sweep", s, "--param", "actors.CHN.growth=0:0.1:2", "--set", "actors.CHN.growth=0.05", check=False)
        self.assertEqual((r.returncode, r.stderr),
                         (2, "statecraft: error: --set: actors.CHN.growth is also swept by --param" + tail + "\n"))
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, {"actors.CHN.growth": (0, 0.1, 2)}, set={"actors.CHN.growth": 0.05}, progress=False)
        self.assertEqual(str(cm.exception), "set: actors.CHN.growth is also swept by params" + tail)
        import pandas as pd
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, design=pd.DataFrame({"relations.USA-CHN.proximity": [0.2, 0.4]}),
                             set={"relations.CHN-USA.proximity": 0.3}, progress=False)
        self.assertEqual(str(cm.exception), "set: relations.CHN-USA.proximity is also swept by design, as "
                                            "relations.USA-CHN.proximity" + tail)
        # Every one at once, a line each.
        with self.assertRaises(ValueError) as cm:
            statecraft.sweep(s, {"actors.CHN.growth": (0, 0.1, 2), "actors.USA.growth": (0, 0.1, 2)},
                             set={"actors.USA.growth": 0.01, "actors.CHN.growth": 0.05}, progress=False)
        self.assertEqual(str(cm.exception).splitlines(),
                         ["set: actors.USA.growth is also swept by params" + tail,
                          "set: actors.CHN.growth is also swept by params" + tail])


class OldSpellings(Case):
    def test_deprecated_tables_say_so_when_read(self):
        s = scenario("security_dilemma")
        e = statecraft.ensemble(s, 2, steps=2, progress=False)
        with self.assertWarns(FutureWarning) as w:
            outcomes = e.outcomes
        self.assertEqual(str(w.warning), "EnsembleResult.outcomes is deprecated and kept for one release (expected "
                                         "experiments, which holds the same runs with their inputs: docs/python.md)")
        self.assertEqual(os.path.abspath(w.filename), os.path.abspath(__file__))
        self.assertEqual(len(outcomes), 2)
        c = statecraft.compare(s, runs=2, steps=2, progress=False)
        with self.assertWarns(FutureWarning):
            self.assertEqual(len(c.runs), len(c.experiments))

    def test_old_metric_and_outcome_spellings_work_with_a_future_warning(self):
        import warnings
        s = scenario("security_dilemma")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            e = statecraft.ensemble(s, 2, steps=3, metrics=["pair.A-B.tension"], progress=False)
            c = statecraft.compare(s, ["both_sc", "mixed"], rank_by="final.pair.A-B.tension",
                                   thresholds={"final.pair.A-B.tension": 0.01}, runs=2, steps=3,
                                   metrics=["relations.A-B.tension"], progress=False)
        texts = [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]
        self.assertIn("metrics: 'pair.A-B.tension' is the old spelling of "
                      "'relations.A-B.tension' (accepted until the next release; write relations.A-B.tension, "
                      "docs/outputs.md)", texts)
        self.assertTrue(any(t.startswith("rank_by: 'final.pair.A-B.tension'") for t in texts))
        self.assertTrue(any(t.startswith("thresholds: 'final.pair.A-B.tension'") for t in texts))
        with self.assertWarns(FutureWarning):  # ranked() reads the old spelling as rank_by= does
            self.assertTrue(c.ranked("final.pair.A-B.tension").equals(c.ranked("final.relations.A-B.tension")))
        self.assertIn("final.relations.A-B.tension", list(e.outcomes.columns))
        self.assertIn("relations.A-B.tension", set(e.trends["metric"]))
        self.assertIn("final.relations.A-B.tension", set(c.summary["outcome"]))


class Batches(Case):
    S = None

    @classmethod
    def setUpClass(cls):
        cls.S = scenario("asia_pacific_2012")
        cls.SD = scenario("security_dilemma")

    def test_ranked_follows_the_printed_ranking(self):
        """ranked() of rank_by is the order of the table the CLI prints, whatever the criterion; another outcome
        ranks by its mean; an unknown one is named."""
        for criterion in ("max-regret", "p-best", "mean"):
            c = statecraft.compare(self.S, runs=8, steps=6, uncertain=True, rank_criterion=criterion, progress=False)
            printed = [line.split()[1] for line in c.ranking.splitlines() if line[:6].strip().isdigit()]
            self.assertEqual(list(c.ranked().variant), printed[:len(c.ranked())], criterion)
            by_mean = list(c.summary[c.summary.outcome == "tension_final"].sort_values("mean", kind="stable").variant)
            if criterion == "max-regret":  # here an order of its own: the test tells the two apart
                self.assertNotEqual(list(c.ranked().variant), by_mean)
        other = c.ranked("milex_spent")
        self.assertTrue((other["mean"].diff().dropna() >= 0).all())
        with self.assertRaises(ValueError) as cm:
            c.ranked("tension_fianl")
        self.assertEqual(str(cm.exception), "ranked: unknown outcome 'tension_fianl' (did you mean 'tension_final'?)")

    def test_each_outcome_ranks_from_its_better_end(self):
        """A final.METRIC ranks from its metric's better end (the security-community index highest first), as
        the CLI does; better= overrides it and is needed for a metric better neither way; ranked() of another
        outcome takes its own end, or better=."""
        metrics = ["region.sc_index", "actors.CHN.power"]
        c = statecraft.compare(self.S, runs=4, steps=8, metrics=metrics, rank_by="final.region.sc_index",
                               progress=False)
        out = work("batches/better")
        printed = cli("compare", self.S, "--runs", 4, "--steps", 8, "--metric", ",".join(metrics), "--rank-by",
                      "final.region.sc_index", "--out", out).stdout
        self.assertEqual(c.ranking, printed.rsplit("\nwrote ", 1)[0])
        self.assertEqual(c.better, "higher")
        self.assertEqual((c.ends["final.region.sc_index"], c.ends["final.actors.CHN.power"], c.ends["tension_final"]),
                         ("higher", "neither", "lower"))
        with open(f"{out}/manifest.json", encoding="utf-8") as f:
            self.assertEqual(json.load(f)["better"], c.ends)
        means = list(c.ranked()["mean"])
        self.assertEqual(means, sorted(means, reverse=True))
        self.assertGreater(means[0], means[-1])
        self.assertEqual(list(c.ranked("final.region.sc_index", better="lower")["mean"]), sorted(means))
        power = list(c.ranked("final.actors.CHN.power", better="higher")["mean"])
        self.assertEqual(power, sorted(power, reverse=True))
        for call, message in (
                (lambda: c.ranked("final.actors.CHN.power"),
                 "ranked: final.actors.CHN.power is better neither lower nor higher of itself (expected "
                 "better='lower' or better='higher')"),
                (lambda: c.ranked(better="up"), "better: unknown end 'up' (expected one of: lower, higher)"),
                (lambda: statecraft.compare(self.S, runs=2, steps=2, metrics=metrics, rank_by="final.actors.CHN.power",
                                            progress=False),
                 "rank_by: final.actors.CHN.power is better neither lower nor higher of itself (expected "
                 "better='lower' or better='higher' with it)"),
                (lambda: statecraft.compare(self.S, runs=2, steps=2, better="up", progress=False),
                 "better: unknown end 'up' (expected one of: lower, higher)")):
            with self.assertRaises(ValueError) as cm:
                call()
            self.assertEqual(str(cm.exception), message)
        with self.assertRaises(TypeError):
            statecraft.compare(self.S, runs=2, steps=2, better=True, progress=False)
        with self.assertWarns(statecraft.StatecraftWarning) as cm:
            statecraft.compare(self.S, ["status_quo", "patchwork"], runs=2, steps=2, better="higher", progress=False)
        self.assertEqual(str(cm.warning), "better='higher' ranks tension_final highest first, though its own better "
                                          "end is lower")
        p = statecraft.compare(self.S, ["status_quo", "patchwork"], runs=2, steps=4, metrics=metrics,
                               rank_by="final.actors.CHN.power", better="lower", progress=False)
        self.assertEqual(p.better, "lower")
        self.assertTrue(p.ranking.startswith("Variants ranked by final.actors.CHN.power (lower is better)"))
        # A relation written the other way round is the same outcome (China's trust in the US), as the metric named it.
        m = statecraft.compare(self.S, ["status_quo", "patchwork"], runs=2, steps=4,
                               metrics=["relations.CHN-USA.trust_ab"], rank_by="final.relations.USA-CHN.trust_ba",
                               thresholds={"final.relations.USA-CHN.trust_ba": 0.5}, progress=False)
        self.assertEqual(m.rank_by, "final.relations.CHN-USA.trust_ab")
        self.assertIn("a difference counts above 0.5:", m.ranking)
        mirrored = m.ranked("final.relations.USA-CHN.trust_ba")
        self.assertTrue(mirrored.equals(m.ranked("final.relations.CHN-USA.trust_ab")))
        self.assertEqual(list(m.ranked("final.relations.USA-CHN.trust_ba").outcome.unique()),
                         ["final.relations.CHN-USA.trust_ab"])

    def test_ensemble_equals_the_cli(self):
        out = work("batches/ens")
        cli("run", self.S, "--steps", 12, "--runs", 7, "--jobs", 2, "--metric", "relations.USA-CHN.tension", "--out", out)
        e = statecraft.ensemble(self.S, 7, steps=12, jobs=2, metrics=["relations.USA-CHN.tension"], progress=False)
        self.assertFrameIsCsv(e.trends, f"{out}/ensemble.csv")
        self.assertFrameIsCsv(e.outcomes, f"{out}/outcomes.csv")
        self.assertFrameIsCsv(e.experiments, f"{out}/experiments.csv")
        self.assertFrameIsCsv(e.summary, f"{out}/outcomes_summary.csv")
        one = statecraft.ensemble(self.S, 7, steps=12, jobs=1, metrics=["relations.USA-CHN.tension"], progress=False)
        for a, b in ((e.trends, one.trends), (e.outcomes, one.outcomes), (e.summary, one.summary)):
            self.assertFramesIdentical(a, b)

    def test_an_uncertain_ensemble_equals_the_cli(self):
        # uncertain=True acts as `run --runs --uncertain`: the drawn values are columns of experiments, and every
        # table is the CLI's, at any jobs; run r draws what run r of the same variant draws in compare.
        out = work("batches/ens-uncertain")
        cli("run", self.S, "--variant", "east_asia_community", "--steps", 10, "--runs", 6, "--jobs", 2, "--uncertain",
            "--out", out)
        e = statecraft.ensemble(self.S, 6, variant="east_asia_community", steps=10, jobs=2, progress=False,
                                uncertain=True)
        for frame, name in ((e.trends, "ensemble"), (e.outcomes, "outcomes"), (e.experiments, "experiments"),
                            (e.summary, "outcomes_summary")):
            self.assertFrameIsCsv(frame, f"{out}/{name}.csv")
        self.assertIn("institutions.east_asia_community.strength", e.experiments.columns)
        self.assertGreater(e.experiments["institutions.east_asia_community.strength"].nunique(), 1)
        c = statecraft.compare(self.S, ["status_quo", "east_asia_community"], steps=10, runs=6, progress=False,
                               uncertain=True)
        mine = c.experiments[c.experiments.variant == "east_asia_community"].reset_index(drop=True)
        for column in e.experiments.columns:
            if column not in ("variant", "point"):
                self.assertEqual(list(e.experiments[column]), list(mine[column]), column)
        plain = statecraft.ensemble(self.S, 3, steps=10, progress=False)
        self.assertNotIn("institutions.east_asia_community.strength", plain.experiments.columns)
        with self.assertRaises(ValueError) as cm:
            statecraft.ensemble(self.SD, 2, steps=3, progress=False, uncertain=True)
        self.assertEqual(str(cm.exception), f"uncertain: {self.SD} declares no uncertain values "
                         "(expected a file or variant with uncertain: entries)")

    def test_a_wildcard_metric_names_every_pair_as_the_cli_does(self):
        out = work("batches/wild")
        cli("run", self.S, "--steps", 3, "--runs", 2, "--metric", "relations.*.tension", "--out", out)
        e = statecraft.ensemble(self.S, 2, steps=3, metrics=["relations.*.tension"], progress=False)
        self.assertFrameIsCsv(e.outcomes, f"{out}/outcomes.csv")
        ids = ["USA", "CHN", "JPN", "KOR", "PRK", "TWN", "RUS", "IND", "AUS", "VNM", "PHL", "IDN"]
        pairs = [f"final.relations.{a}-{b}.tension" for i, a in enumerate(ids) for b in ids[i + 1:]]
        self.assertEqual([c for c in e.outcomes.columns if c.startswith("final.")], pairs)
        with self.assertRaises(ValueError) as cm:
            statecraft.ensemble(self.S, 2, steps=3, metrics=["actors.Q*.milex"], progress=False)
        self.assertEqual(str(cm.exception), "metrics: 'actors.Q*.milex' matches no metric (no actor matches 'Q*'; "
                                            "expected one of: USA, CHN, JPN, KOR, PRK, TWN, RUS, IND, AUS, VNM, PHL, "
                                            "IDN)")

    def test_compare_equals_the_cli(self):
        out = work("batches/cmp")
        variants = ["status_quo", "patchwork", "all_balance_of_power"]
        r = cli("compare", self.S, "--steps", 10, "--variants", ",".join(variants), "--runs", 6, "--jobs", 2,
                "--out", out)
        c = statecraft.compare(self.S, variants, steps=10, runs=6, jobs=2, progress=False)
        self.assertFrameIsCsv(c.summary, f"{out}/compare_summary.csv")
        self.assertFrameIsCsv(c.trends, f"{out}/compare_trends.csv")
        self.assertFrameIsCsv(c.runs, f"{out}/compare_runs.csv")
        self.assertFrameIsCsv(c.experiments, f"{out}/experiments.csv")
        self.assertEqual(c.ranking + f"\nwrote {out}/\n", r.stdout)
        self.assertEqual(c.baseline, "status_quo")
        one = statecraft.compare(self.S, variants, steps=10, runs=6, jobs=1, progress=False)
        self.assertFramesIdentical(c.summary, one.summary)
        self.assertFramesIdentical(c.runs, one.runs)
        ranked = c.ranked()
        self.assertEqual(list(ranked.variant), [line.split()[1] for line in c.ranking.splitlines()[3:6]])

    def test_compare_sets_a_path_only_in_the_variants_that_have_it(self):
        # As compare --set: the CLI's experiments.csv, one warning naming the variant without the path, and a
        # path no compared variant has refused as the CLI refuses it.
        out = work("batches/cmp-set-some")
        variants = ["status_quo", "east_asia_community"]
        path = "institutions.east_asia_community.strength"
        cli("compare", self.S, "--steps", 3, "--variants", ",".join(variants), "--runs", 2, "--set", f"{path}=0.8",
            "--out", out)
        with self.assertWarns(statecraft.StatecraftWarning) as w:
            c = statecraft.compare(self.S, variants, steps=3, runs=2, set={path: 0.8}, progress=False)
        self.assertEqual(str(w.warning), f"set: {path} is set only in the variants that have it (not in status_quo)")
        self.assertFrameIsCsv(c.experiments, f"{out}/experiments.csv")
        self.assertTrue(c.experiments[c.experiments.variant == "status_quo"][path].isna().all())
        with self.assertRaises(statecraft.ScenarioError) as e:
            statecraft.compare(self.S, ["status_quo", "china_reassures"], steps=3, runs=2, set={path: 0.8},
                               progress=False)
        self.assertTrue(str(e.exception).startswith(
            f"--set: {path}: unknown institution 'east_asia_community' (expected one of: dct, "), str(e.exception))

    def test_set_and_swept_values_warn_as_the_cli(self):
        # What the CLI's --set and --param warn of, Python says too: a set event only one compared variant writes,
        # an institution's start after the run (set or swept), and the events a sweep's params hold.
        import warnings

        def said(call):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                call()
            return [str(w.message) for w in caught]

        reform = "actors.CHN.transparency.operational"
        self.assertEqual(said(lambda: statecraft.compare(self.S, ["status_quo", "china_domestic_reform"], steps=3, runs=2,
                                                         set={reform: 0.2}, progress=False)),
                         [f"{self.S}:710:9: warning: the set event of {reform} in 2013 is skipped: --set sets {reform} "
                          "for the whole run"])
        start = "institutions.east_asia_community.start"
        self.assertEqual(said(lambda: statecraft.compare(self.S, ["status_quo", "east_asia_community"], steps=3, runs=2,
                                                         set={start: 2060}, progress=False)),
                         [f"set: {start}=2060 is after the run's last year 2015 (the institution never starts in the run)",
                          f"set: {start} is set only in the variants that have it (not in status_quo)"])
        self.assertEqual(said(lambda: statecraft.run(self.S, variant="east_asia_community", steps=3, set={start: 2060})),
                         [f"set: {start}=2060 is after the run's last year 2015 (the institution never starts in the run)"])
        self.assertEqual(said(lambda: statecraft.sweep(self.S, {"institutions.arf.start": (2013, 2060, 48)}, steps=3,
                                                       runs=1, progress=False)),
                         ["params: institutions.arf.start reaches 2060, after the run's last year 2015 (the institution "
                          "never starts at the points after it)"])
        self.assertEqual(said(lambda: statecraft.sweep(self.S, {"actors.CHN.growth": (0.02, 0.08, 2)}, steps=5, runs=1,
                                                       set={"actors.KOR.growth": 0.03}, progress=False)),
                         [f"{self.S}:612:5: warning: the set event of actors.CHN.growth in 2016 is skipped: params sets "
                          "actors.CHN.growth for the whole run"])

    def test_compare_thresholds_and_targets_as_the_cli(self):
        # A threshold given to compare() acts as --threshold, and a variant's target_tension ranks as there.
        out = work("batches/cmp-thresholds")
        variants = ["status_quo", "us_china_dialogue"]
        r = cli("compare", self.S, "--steps", 10, "--variants", ",".join(variants), "--runs", 4, "--jobs", 2,
                "--rank-by", "target_tension.us_china_dialogue", "--threshold", "target_tension.us_china_dialogue=0.5",
                "--out", out)
        c = statecraft.compare(self.S, variants, steps=10, runs=4, jobs=2, progress=False,
                               rank_by="target_tension.us_china_dialogue",
                               thresholds={"target_tension.us_china_dialogue": 0.5})
        self.assertFrameIsCsv(c.summary, f"{out}/compare_summary.csv")
        self.assertEqual(c.ranking + f"\nwrote {out}/\n", r.stdout)
        with self.assertRaises(ValueError) as e:
            statecraft.compare(self.S, variants, steps=10, runs=4, progress=False,
                               thresholds={"target_tension.status_quo": 0.1})
        self.assertTrue(str(e.exception).startswith(
            "thresholds: unknown outcome 'target_tension.status_quo' (variant 'status_quo' declares no targets"),
            str(e.exception))

    def test_compare_robust_tables_equal_the_cli(self):
        # uncertain, explain and adjust act as --uncertain, --explain and --adjust: the robust, drivers and
        # sensitivity tables are the CLI's files, the ranking its stdout; without them there are no drivers or
        # sensitivity tables.
        out = work("batches/cmp-robust")
        variants = ["status_quo", "us_china_dialogue", "east_asia_community"]
        r = cli("compare", self.S, "--steps", 10, "--variants", ",".join(variants), "--runs", 6, "--jobs", 2,
                "--uncertain", "--explain", "--adjust", "holm", "--out", out)
        c = statecraft.compare(self.S, variants, steps=10, runs=6, jobs=2, progress=False, uncertain=True,
                               explain=True, adjust="holm")
        for frame, name in ((c.summary, "compare_summary"), (c.robust, "compare_robust"), (c.runs, "compare_runs"),
                            (c.drivers, "compare_drivers"), (c.sensitivity, "compare_sensitivity"),
                            (c.experiments, "experiments")):
            self.assertFrameIsCsv(frame, f"{out}/{name}.csv")
        self.assertEqual(c.ranking + f"\nwrote {out}/\n", r.stdout)
        plain = statecraft.compare(self.S, variants, steps=10, runs=3, progress=False)
        self.assertIsNone(plain.drivers)
        self.assertIsNone(plain.sensitivity)
        self.assertEqual(list(plain.robust.variant), variants)
        with self.assertRaises(ValueError) as e:
            statecraft.compare(self.S, variants, steps=10, runs=3, progress=False, adjust="sidak")
        self.assertEqual(str(e.exception), "adjust: unknown correction 'sidak' (expected one of: none, bonferroni, holm)")
        # A value is either set or drawn, as the CLI's --set with --uncertain.
        with self.assertRaises(ValueError) as e:
            statecraft.compare(self.S, variants, steps=10, runs=3, progress=False, uncertain=True,
                               set={"institutions.arf.strength": 0.3})
        self.assertEqual(str(e.exception), "set: institutions.arf.strength is drawn by uncertain "
                         "(institutions.arf.strength is declared uncertain; expected a value that is either set or drawn)")
        # Every one at once, a line each, in the order given.
        with self.assertRaises(ValueError) as e:
            statecraft.compare(self.S, variants, steps=10, runs=3, progress=False, uncertain=True,
                               set={"institutions.dct.strength": 0.2, "institutions.arf.strength": 0.3})
        self.assertEqual(str(e.exception).splitlines(),
                         [f"set: institutions.{i}.strength is drawn by uncertain (institutions.{i}.strength is "
                          "declared uncertain; expected a value that is either set or drawn)" for i in ("dct", "arf")])
        # With a value out of range, whose load fails before the uncertain values are known: both, as the CLI.
        for call in (lambda **k: statecraft.compare(self.S, variants, **k), lambda **k: statecraft.ensemble(self.S, **k)):
            with self.assertRaises(statecraft.ScenarioError) as e:
                call(steps=10, runs=3, progress=False, uncertain=True,
                     set={"parameters.trust.forgetting": 70, "institutions.arf.strength": 0.3})
            self.assertEqual(str(e.exception).splitlines(),
                             ["--set: parameters.trust.forgetting: 70 is out of range (expected a number in [0, 10])",
                              "--set: institutions.arf.strength is drawn by uncertain (institutions.arf.strength is "
                              "declared uncertain; expected a value that is either set or drawn)"])
            self.assertEqual([(d.file, d.path) for d in e.exception.diagnostics],
                             [("--set", "parameters.trust.forgetting"), ("--set", "")])

    def test_sweeps_equal_the_cli(self):
        out = work("batches/grid")
        cli("sweep", self.S, "--steps", 8, "--param", "actors.CHN.growth=0.02:0.08:3", "--runs", 3, "--jobs", 2,
            "--out", out)
        g = statecraft.sweep(self.S, {"actors.CHN.growth": (0.02, 0.08, 3)}, steps=8, runs=3, jobs=2, progress=False)
        self.assertFrameIsCsv(g.points, f"{out}/sweep.csv")
        self.assertFrameIsCsv(g.experiments, f"{out}/experiments.csv")
        self.assertIsNone(g.sobol)
        out = work("batches/sobol")
        cli("sweep", self.S, "--steps", 8, "--param", "actors.CHN.growth=0.02:0.08", "--param",
            "parameters.trust.forgetting=0.05:0.4", "--design", "sobol", "--samples", 8, "--runs", 2,
            "--bootstrap", 50, "--jobs", 2, "--out", out)
        s = statecraft.sweep(self.S, ["actors.CHN.growth=0.02:0.08", "parameters.trust.forgetting=0.05:0.4"],
                             design="sobol", samples=8, runs=2, bootstrap=50, steps=8, jobs=2, progress=False)
        self.assertFrameIsCsv(s.points, f"{out}/sweep.csv")
        self.assertFrameIsCsv(s.sobol, f"{out}/sobol.csv")
        one = statecraft.sweep(self.S, ["actors.CHN.growth=0.02:0.08", "parameters.trust.forgetting=0.05:0.4"],
                               design="sobol", samples=8, runs=2, bootstrap=50, steps=8, jobs=1, progress=False)
        self.assertFramesIdentical(s.sobol, one.sobol)
        # samples= left out is 64, as the CLI's --samples.
        lhs = statecraft.sweep(self.S, {"actors.CHN.growth": (0.02, 0.08)}, design="lhs", runs=1, steps=2,
                               progress=False)
        self.assertEqual(len(lhs.points), 64)

    def test_set_values_and_design_points_equal_the_cli(self):
        # set= is --set (an input column of every row), design= a DataFrame or a file is --design-file.
        import pandas as pd
        out = work("batches/set")
        cli("run", self.S, "--steps", 6, "--runs", 3, "--set", "actors.CHN.growth=0.05", "--out", out)
        e = statecraft.ensemble(self.S, 3, steps=6, set={"actors.CHN.growth": 0.05}, progress=False)
        self.assertFrameIsCsv(e.experiments, f"{out}/experiments.csv")
        self.assertEqual(list(e.experiments["actors.CHN.growth"]), [0.05] * 3)
        points = pd.DataFrame({"actors.CHN.growth": [0.02, 0.06], "parameters.trust.forgetting": [0.1, 0.3]})
        path = work("batches/points.csv")
        points.to_csv(path, index=False)
        out = work("batches/design")
        cli("sweep", self.S, "--steps", 6, "--design-file", path, "--runs", 2, "--set", "actors.JPN.growth=0.01",
            "--out", out)
        for design in (points, path):
            d = statecraft.sweep(self.S, design=design, steps=6, runs=2, set={"actors.JPN.growth": 0.01},
                                 progress=False)
            self.assertFrameIsCsv(d.points, f"{out}/sweep.csv")
            self.assertFrameIsCsv(d.experiments, f"{out}/experiments.csv")
        with self.assertRaises(statecraft.ScenarioError) as err:
            statecraft.sweep(self.S, design=pd.DataFrame({"actors.CHN.growth": [0.02, 9.0]}), steps=2, progress=False)
        self.assertIn("design:3:1: actors.CHN.growth: 9 is out of range", str(err.exception))

    def test_outcome_names_come_from_the_library(self):
        e = statecraft.ensemble(self.S, 2, steps=3, progress=False)
        names = [n for n, _ in statecraft.outcomes()]
        self.assertEqual(list(e.summary.outcome[:len(names)]), names)
        self.assertEqual(list(e.outcomes.columns[1:len(names) + 1]), names)

    def test_progress_is_called(self):
        seen = []
        from statecraft import _statecraft
        args = statecraft._args(self.S, steps=3)
        _statecraft.ensemble(args, 5, [], 2, lambda done, total: seen.append((done, total)))
        self.assertEqual(seen[-1], (5, 5))


INTERRUPTED = r"""
import sys, statecraft
sc = statecraft.load(sys.argv[1])
try:
    statecraft.ensemble(sc, 1000000, jobs=2, progress=True)
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


INTERRUPTED_SOON = r"""
import os, signal, sys, threading, time, statecraft
sc = statecraft.load(sys.argv[1])
threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
start = time.monotonic()
try:
    CALL
except KeyboardInterrupt:
    print(f"KeyboardInterrupt after {time.monotonic() - start:.1f} s", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


class ProgressBar(Case):
    def test_the_rate_is_measured_from_the_first_runs_and_a_stopped_bar_ends_its_line(self):
        """The rate counts from the bar's first call, not from before the batch began (loading the scenario,
        checking a design's points made the first estimate far too slow); a bar a batch left unfinished (Ctrl-C)
        ends its line."""
        import io
        from statecraft import _progress

        clock = [100.0]
        saved = (_progress.time.monotonic, sys.stderr)
        self.addCleanup(lambda: (setattr(_progress.time, "monotonic", saved[0]), setattr(sys, "stderr", saved[1])))
        _progress.time.monotonic = lambda: clock[0]
        sys.stderr = io.StringIO()
        bar = _progress.Progress("terminal")
        clock[0] = 130.0  # thirty seconds of loading and checking
        bar(0, 100)
        self.assertEqual(sys.stderr.getvalue(), "\r[                              ] 0/100 runs")
        clock[0] = 135.0
        bar(0, 100)  # a sweep still checking its points: nothing run yet
        clock[0] = 136.0
        bar(50, 100)
        self.assertTrue(sys.stderr.getvalue().endswith("\r[===============               ] 50/100 runs, 50 runs/s, "
                                                       "1s left"), sys.stderr.getvalue())
        bar.close()
        self.assertTrue(sys.stderr.getvalue().endswith("left\n"))
        bar.close()
        self.assertTrue(sys.stderr.getvalue().endswith("left\n"), "once")
        done = _progress.Progress("terminal")
        clock[0] = 146.0
        done(10, 10)  # all at once: the rate over the whole batch
        self.assertTrue(sys.stderr.getvalue().endswith("] 10/10 runs, 1 runs/s, 0s left\n"), sys.stderr.getvalue())


class Interrupt(Case):
    def test_ctrl_c_stops_a_long_run_and_a_sweep_checking_its_points(self):
        """A single run of many steps, and a large sweep while it checks its points before any run, stop on Ctrl-C
        (they ran on for a minute, deaf to it)."""
        for call in ("statecraft.run(sc, steps=12000)",
                     "statecraft.sweep(sc, {'actors.CHN.growth': (0.02, 0.08)}, design='lhs', samples=20000, runs=1, "
                     "steps=2, progress=False)"):
            p = subprocess.run([sys.executable, "-c", INTERRUPTED_SOON.replace("CALL", call),
                                scenario("asia_pacific_2012")], capture_output=True, text=True, timeout=120)
            self.assertEqual(p.returncode, 3, p.stderr)
            seconds = float(p.stdout.split()[2])
            self.assertLess(seconds, 3, call)

    def test_ctrl_c_stops_a_batch(self):
        env = dict(os.environ)
        p = subprocess.Popen([sys.executable, "-c", INTERRUPTED, scenario("asia_pacific_2012")], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The progress bar says the batch is under way.
        seen = ""
        while "runs/s" not in seen:
            c = p.stderr.read(1)
            if not c:
                break
            seen += c
        self.assertIn("runs/s", seen)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        self.assertLess(time.monotonic() - sent, 10)
        self.assertEqual(out, "KeyboardInterrupt\n", err)
        self.assertEqual(p.returncode, 3)


class Ema(Case):
    def test_workbench_style_experiments(self):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import ema_harness as ema

        sc = statecraft.load(scenario("asia_pacific_2012"))
        model = ema.Model("statecraft", function=statecraft.model_function(sc, runs=3, steps=6, jobs=2))
        model.uncertainties = [ema.RealParameter("chn_growth", 0.02, 0.08, variable_name="actors.CHN.growth"),
                               ema.RealParameter("forgetting", 0.05, 0.4, variable_name="parameters.trust.forgetting")]
        model.levers = [ema.CategoricalParameter("variant", ["status_quo", "patchwork"])]
        names = [n for n, _ in statecraft.outcomes()]
        model.outcomes = [ema.ScalarOutcome(n) for n in names]
        experiments, outcomes = ema.perform_experiments(model, scenarios=3, policies=2, seed=5)
        self.assertEqual(len(experiments), 6)
        self.assertEqual(sorted(outcomes), sorted(names))
        # Each experiment's outcomes are the means of an ensemble with those values set.
        for i, x in enumerate(experiments):
            e = statecraft.ensemble(sc, 3, steps=6, variant=x["variant"], progress=False,
                                    set={"actors.CHN.growth": x["chn_growth"],
                                         "parameters.trust.forgetting": x["forgetting"]})
            means = dict(zip(e.summary.outcome, e.summary["mean"]))
            for n in names:
                self.assertEqual(outcomes[n][i], means[n], n)
        self.assertGreater(len(set(outcomes[names[0]])), 1)
        # A path the scenario does not have is the loader's error.
        model.uncertainties = [ema.RealParameter("x", 0, 1, variable_name="actors.XXX.growth")]
        with self.assertRaises(statecraft.ScenarioError):
            ema.perform_experiments(model, scenarios=1, seed=5)

    def test_the_model_and_its_scenario_go_to_other_processes(self):
        """The Workbench's multiprocessing evaluator, like concurrent.futures, pickles the model function: it
        travels (its scenario as its file), and a worker process gives what a call here gives."""
        import concurrent.futures
        import pickle

        sc = statecraft.load(scenario("security_dilemma"))
        again = pickle.loads(pickle.dumps(sc))
        self.assertEqual((again.name, again.steps, os.path.abspath(again.path)),
                         (sc.name, sc.steps, os.path.abspath(sc.path)))
        f = statecraft.model_function(sc, runs=3, steps=4, jobs=1)
        inputs = {"actors.A.growth": 0.02, "variant": "both_sc"}
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            there = pool.submit(f, **inputs).result(timeout=120)
        self.assertEqual(there, f(**inputs))
        self.assertEqual(pickle.loads(pickle.dumps(f))(**inputs), there)


class Notebook(Case):
    def test_tutorial_runs_without_error(self):
        import nbformat
        from nbclient import NotebookClient

        path = os.path.join(ARGS.source, "docs", "notebooks", "tutorial.ipynb")
        nb = nbformat.read(path, as_version=4)
        # The kernel starts beside the notebook, as Jupyter starts it: the first cell finds the repository.
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        self.assertEqual(errors, [])
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        self.assertGreaterEqual(len(images), 1)
        # The comparison drew its progress bar as a display the kernel updated, and it reached the end.
        bars = [o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                if o.get("output_type") == "display_data" and "runs/s" in o.get("data", {}).get("text/plain", "")]
        self.assertEqual(len(bars), 1, bars)
        done, total = bars[0].split("] ")[1].split(" runs")[0].split("/")
        self.assertEqual(done, total)


GROUPS = {"run": Run, "progress": ProgressBar, "errors": Errors, "old_spellings": OldSpellings, "batches": Batches, "interrupt": Interrupt, "ema": Ema,
          "notebook": Notebook}


def main():
    global ARGS, statecraft
    ap = argparse.ArgumentParser()
    ap.add_argument("--statecraft", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("group", choices=sorted(GROUPS))
    ARGS, rest = ap.parse_known_args()
    ARGS.work = os.path.join(os.path.abspath(ARGS.work), ARGS.group)
    import statecraft as module
    statecraft = module
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(GROUPS[ARGS.group])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
