#!/usr/bin/python3
"""Tests of tools/fuzz_dynamics.py's judgement, on made-up results: a classifier that passed everything would
let the fuzzer pass everything too.

    test_fuzz_dynamics.py --source SRC

Each test lays out a case directory as a run would leave it (the scenario files, maybe `out/` with files, maybe
a staging directory), with an exit code and streams, and checks what classify() makes of it. Also checked: the
ranges read from the loader's diagnostics, and the edges taken from them.
"""

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
F = None  # tools/fuzz_dynamics.py, imported once the source directory is known

HEADER = "step,year,actor,policy,gdp,milex,share\n"
ROW = "1,2001,A,hedging,1000,20,0.02\n"


class Classify(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="test_fuzz_dynamics_")
        for f in ("seed.yaml", "case.yaml"):
            open(os.path.join(self.dir, f), "w").close()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def outputs(self, actors=HEADER + ROW, manifest='{"steps": 1}\n'):
        self.write("out/actors.csv", actors)
        self.write("out/manifest.json", manifest)

    def judge(self, code, stderr="", stdout="", timed_out=False):
        return F.classify(F.Result(code, timed_out, stdout, stderr, self.dir))

    # -- clean runs and what spoils them

    def test_a_complete_finite_output_is_a_clean_run(self):
        self.outputs()
        self.assertEqual(self.judge(0, stdout="statecraft: wrote out/\n"), ("run", ""))

    def test_nan_in_a_csv(self):
        self.outputs(HEADER + "1,2001,A,hedging,0,0,-nan\n")
        self.assertEqual(self.judge(0), ("defect", "actors.csv line 2 holds a value that is not finite: "
                                                   "1,2001,A,hedging,0,0,-nan"))

    def test_infinity_in_the_middle_of_a_row(self):
        self.outputs()
        self.write("out/ensemble.csv", "step,metric,mean,sd\n5,region.total_milex,1e156,inf\n")
        self.assertEqual(self.judge(0), ("defect", "ensemble.csv line 2 holds a value that is not finite: "
                                                   "5,region.total_milex,1e156,inf"))

    def test_words_that_begin_like_inf_are_not_infinities(self):
        self.outputs(HEADER + "1,2001,A,influence,1000,20,0.02\n")
        self.assertEqual(self.judge(0), ("run", ""))

    def test_nan_in_the_manifest(self):
        self.outputs(manifest='{"x": NaN}\n')
        self.assertEqual(self.judge(0), ("defect", "manifest.json is not JSON with finite numbers: NaN is not "
                                                   "finite"))

    def test_an_empty_file(self):
        self.outputs()
        self.write("out/events.csv", "")
        self.assertEqual(self.judge(0), ("defect", "events.csv is empty"))

    def test_a_file_cut_mid_line(self):
        self.outputs(HEADER + "1,2001,A,hedg")
        self.assertEqual(self.judge(0), ("defect", "actors.csv is cut (no final line end)"))

    def test_a_file_cut_at_a_line_end(self):
        self.outputs(HEADER + "1,2001,A,hedging\n")
        self.assertEqual(self.judge(0), ("defect", "actors.csv is cut: its last row has 4 fields, the header 7"))

    def test_exit_0_without_outputs(self):
        self.assertEqual(self.judge(0), ("defect", "exit 0 without an output directory"))

    def test_exit_0_leaving_a_staging_directory(self):
        self.outputs()
        self.write(".out.partial-123/actors.csv", HEADER)
        self.assertEqual(self.judge(0), ("defect", "left behind ['.out.partial-123']"))

    def test_exit_0_with_a_message(self):
        self.outputs()
        self.assertEqual(self.judge(0, stderr="warning: something\n"),
                         ("defect", "exit 0 with a message on stderr: warning: something"))

    def test_a_sanitizer_report_whatever_the_exit_code(self):
        self.outputs()
        report = "sim/engine/engine.cpp:12:3: runtime error: signed integer overflow\n"
        self.assertEqual(self.judge(0, stderr=report), ("defect", "sanitizer report: " + report.strip()))

    # -- signals and hangs

    def test_an_abort_seen_through_a_shell(self):
        self.assertEqual(self.judge(134, "terminate called after throwing an instance of 'X'\n"),
                         ("defect", "killed by signal 6 (exit 134)"))

    def test_a_segfault_seen_directly(self):
        self.assertEqual(self.judge(-11), ("defect", "killed by signal 11 (exit 139)"))

    def test_a_timeout_is_a_hang(self):
        self.assertEqual(self.judge(None, timed_out=True), ("defect", "hang: no exit before the timeout"))

    # -- refusals

    def test_one_diagnostic_per_problem_is_a_clean_refusal(self):
        err = ("case.yaml:3:12: actors.A.growth: 0.6 is out of range (expected a number in [-0.5, 0.5])\n"
               "seed.yaml:9:7: scenario.dt: 0 is out of range (expected a number in (0, 1])\n")
        self.assertEqual(self.judge(2, err), ("refusal", "invalid"))

    def test_the_count_of_problems_past_the_fiftieth_is_allowed(self):
        err = "case.yaml:3:12: events[0].at: year 1 is outside the run\n... and 23 more problems\n"
        self.assertEqual(self.judge(2, err), ("refusal", "invalid"))

    def test_a_refusal_line_without_a_position(self):
        err = "case.yaml: something is wrong\n"
        self.assertEqual(self.judge(2, err), ("defect", "exit 2 with a message that is not one line per "
                                                        "problem: case.yaml: something is wrong"))

    def test_a_refusal_that_wrote_output(self):
        self.outputs()
        err = "case.yaml:3:12: actors.A.growth: 0.6 is out of range\n"
        self.assertEqual(self.judge(2, err), ("defect", "exit 2 that wrote output: ['out']"))

    def test_a_run_failure_naming_step_and_mechanism_is_a_clean_refusal(self):
        err = "statecraft: error: step 726: economy: gdp of A collapsed to 0 (8.4e-309 bn)\n"
        self.assertEqual(self.judge(1, err), ("refusal", "run failure"))

    def test_a_batch_names_the_run_that_failed(self):
        err = ("statecraft: error: run 0 failed (nothing was written): step 726: economy: gdp of A collapsed to 0 "
               "(8.4e-309 bn)\n")
        self.assertEqual(self.judge(1, err), ("refusal", "run failure"))

    def test_a_run_failure_without_a_step(self):
        err = "statecraft: error: out/actors.csv: write failed\n"
        self.assertEqual(self.judge(1, err), ("defect", "exit 1 with a message that is not one line per problem: "
                                                        "statecraft: error: out/actors.csv: write failed"))

    def test_a_run_failure_of_two_lines(self):
        err = "statecraft: error: step 1: trust: trust of A in B is not finite (nan)\nmore\n"
        self.assertEqual(self.judge(1, err), ("defect", "exit 1 with a message that is not one line per problem: "
                                                        "more"))

    def test_a_run_failure_that_left_a_staging_directory(self):
        self.write(".out.partial-7/actors.csv", HEADER)
        err = "statecraft: error: step 1: trust: trust of A in B is not finite (nan)\n"
        self.assertEqual(self.judge(1, err), ("defect", "exit 1 that wrote output: ['.out.partial-7']"))

    def test_another_exit_code(self):
        self.assertEqual(self.judge(3, "odd\n"), ("defect", "exit 3: odd"))


class Ranges(unittest.TestCase):
    def test_the_loaders_expectations(self):
        cases = {
            "f:1:2: a: 'p' is not a number (expected a number in [-0.5, 0.5], per year)": [-0.5, 0.5, False, False],
            "f:1:2: a: 'p' is not a number (expected a number in (0, 1])": [0.0, 1.0, True, False],
            "f:1:2: a: 'p' is not a number (expected a number > 0, years)": [0.0, None, True, False],
            "f:1:2: a: 'p' is not a number (expected a number >= 0)": [0.0, None, False, False],
            "f:1:2: a: 'p' is not a whole number (expected a whole number in [1, 100000])": [1, 100000, False, True],
            "f:1:2: a: 'p' is not a number (expected a year from 2012 to 2051)": [2012.0, 2051.0, False, False],
        }
        for message, expected in cases.items():
            self.assertEqual(F.parse_expectation(message).to_json(), expected, message)
        self.assertIsNone(F.parse_expectation("f:1:2: a: unknown policy 'p' (expected one of: x, y)"))

    def test_edges_of_a_half_open_range(self):
        inside, outside = F.edges(F.Range(0.0, 1.0, lo_open=True))
        self.assertEqual(inside, [("5e-324", "lo+ulp"), ("1e-09", "lo+1e-9"), ("1.0", "hi"),
                                  ("0.9999999999999999", "hi-ulp"), ("0.999999999", "hi-1e-9")])
        self.assertEqual(outside, [("0.0", "lo"), ("-5e-324", "lo-ulp"), ("-1e-09", "lo-1e-9"),
                                   ("1.0000000000000002", "hi+ulp"), ("1.000000001", "hi+1e-9")])

    def test_edges_of_whole_numbers(self):
        self.assertEqual(F.edges(F.Range(1, 100000, whole=True)),
                         ([("1", "lo"), ("100000", "hi"), ("2", "lo+1"), ("99999", "hi-1")],
                          [("0", "lo-1"), ("100001", "hi+1")]))


def main():
    global F
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    args, rest = p.parse_known_args()
    spec = importlib.util.spec_from_file_location("fuzz_dynamics",
                                                  os.path.join(args.source, "tools", "fuzz_dynamics.py"))
    F = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(F)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
