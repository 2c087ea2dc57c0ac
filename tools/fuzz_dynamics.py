#!/usr/bin/python3
"""Fuzzes the dynamics: valid scenarios with numbers at the edges of their ranges, run through the real CLI.

    tools/fuzz_dynamics.py [--seconds N] [--cases N] [--seed S] [--save DIR] [--statecraft BIN] [--jobs J]
    tools/fuzz_dynamics.py --seed S --case K            # run case K of seed S again, alone

Each case takes a bundled scenario (scenarios/*.yaml) as its seed and sets one to three numbers to an edge of
the range the loader accepts for them, or just outside it: the bounds, the next doubles either side, a relative
1e-9 either side, 0, and for numbers without an upper bound 1e6, 1e300 and the largest double. The numbers are
those the seed writes and those it leaves to their defaults (every parameter, actor field, relation and
scenario key the loader knows). Ranges come from the loader itself: the value is set once to a word, and
`statecraft validate` says what it expected instead ("(expected a number in [0, 1])"); what it says is cached.
A case is a single run (`run case.yaml --out out`) or a batch (`... --runs 2 --jobs 2`), of the base scenario
or of a variant, sometimes with `--steps N` (up to 20,000 steps for small scenarios), under a timeout.

Every case is classified:
  clean run      exit 0, every output file complete (ends in a newline, the last CSV row as wide as the
                 header, manifest.json readable) and every value finite; nothing on stderr;
  clean refusal  exit 2 with one `file:line:col: ...` line per problem on stderr, or exit 1 with one
                 `statecraft: error: step N: MECHANISM: ...` line (a batch puts `run K failed (nothing was written): `
                 before `step`); either way nothing written;
  defect         anything else: a signal or abort (exit 134, 139), a timeout (a hang), exit 0 with a value
                 that is not finite or a file that is empty or cut, exit 1 or 2 that wrote output or left a
                 staging directory, a message that is not one line per problem, a sanitizer report.

A defect's files are saved under --save (case-SEED-K/: the seed, case.yaml which extends it, the command, and
what happened), a reproducer is printed, and the script exits 1. The cases are determined by --seed: case K of
seed S is the same case on every machine (the ranges come from the binary under test). docs/testing.md.
"""

import argparse
import concurrent.futures
import csv
import glob
import hashlib
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import yaml

sys.dont_write_bytecode = True

PROBE = "fuzz_probe_value"  # a plain word: the loader says what it expected instead
UNKNOWN = "fuzz_probe_key"  # an unknown key: the loader lists the keys it knows
BIG = sys.float_info.max
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
NONFINITE = re.compile(r"(^|,)[-+]?(nan|inf|infinity)(?=,|$)", re.IGNORECASE | re.MULTILINE)
DIAGNOSTIC = re.compile(r"^.+:\d+:\d+: \S.*$")
MORE = re.compile(r"^\.\.\. and (1 more problem|\d+ more problems)$")  # the loader reports 50 problems, then counts the rest
# The guard's line; a batch says first which run failed ("run 0 failed (nothing was written): step ...").
RUN_FAILURE = re.compile(r"^statecraft: error: ([^:]* failed \(nothing was written\): )?step \d+: [a-z][a-z ]*: \S.*$")
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error: |ThreadSanitizer")
STEP_CHOICES = [1, 2, 3, 100, 1000, 3000, 20000]
MAX_ROWS = 2_000_000  # a single run's drivers.csv is about steps * 25 n^2 rows: keep it to this
MAX_BATCH_STEPS = 20_000


# ---- ranges, as the loader states them ---------------------------------------------------------------------


class Range:
    """What the loader accepts for one value: reals [lo, hi] (lo possibly open, hi possibly absent), or whole
    numbers."""

    def __init__(self, lo, hi, lo_open=False, whole=False):
        self.lo, self.hi, self.lo_open, self.whole = lo, hi, lo_open, whole

    def to_json(self):
        return [self.lo, self.hi, self.lo_open, self.whole]

    @staticmethod
    def from_json(v):
        return None if v is None else Range(*v)


def parse_expectation(message):
    """The range in a diagnostic's "(expected ...)", or None if it does not state one (a string, a bool)."""
    m = re.search(r"expected an? (.*)", message)
    if not m:
        return None
    e = m.group(1)
    patterns = [
        (r"^whole number in \[(-?\d+), (-?\d+)\]", lambda g: Range(int(g[0]), int(g[1]), whole=True)),
        (r"^number in ([\[(])(\S+), (\S+?)\]", lambda g: Range(float(g[1]), float(g[2]), g[0] == "(")),
        (r"^number (>=|>) (\S+?)[,)]", lambda g: Range(float(g[1]), None, g[0] == ">")),
        (r"^finite number", lambda g: Range(-BIG, BIG)),
        (r"^year from (\S+) to (\S+?)[,)]", lambda g: Range(float(g[0]), float(g[1]))),
    ]
    for pattern, make in patterns:
        m = re.match(pattern, e)
        if m:
            return make(m.groups())
    return None


def edges(r):
    """(value text, label) of every edge of `r`, inside first, then outside."""
    if r.whole:
        inside = [(r.lo, "lo"), (r.hi, "hi"), (r.lo + 1, "lo+1"), (r.hi - 1, "hi-1")]
        outside = [(r.lo - 1, "lo-1"), (r.hi + 1, "hi+1")]
        return [(str(v), l) for v, l in inside], [(str(v), l) for v, l in outside]
    inside, outside = [], []

    def add(v, label):
        if math.isfinite(v):
            ok = (v > r.lo if r.lo_open else v >= r.lo) and (r.hi is None or v <= r.hi)
            (inside if ok else outside).append((repr(v), label))

    def step(x, up):  # x moved by a relative 1e-9 (by 1e-9 from 0)
        if x == 0:
            return 1e-9 if up else -1e-9
        return x * (1 + 1e-9 if (x > 0) == up else 1 - 1e-9)

    add(r.lo, "lo")
    add(math.nextafter(r.lo, math.inf), "lo+ulp")
    add(math.nextafter(r.lo, -math.inf), "lo-ulp")
    add(step(r.lo, True), "lo+1e-9")
    add(step(r.lo, False), "lo-1e-9")
    if r.hi is not None:
        add(r.hi, "hi")
        add(math.nextafter(r.hi, -math.inf), "hi-ulp")
        add(math.nextafter(r.hi, math.inf), "hi+ulp")
        add(step(r.hi, False), "hi-1e-9")
        add(step(r.hi, True), "hi+1e-9")
    else:
        for v, label in [(1e6, "1e6"), (1e300, "1e300"), (BIG, "max")]:
            add(v, label)
    if r.lo <= 0 and (r.hi is None or r.hi >= 0):
        add(0.0, "0")
    return unique(inside), unique(outside)


def unique(values):
    """The (text, label) pairs with the first label of each text."""
    seen = {}
    for text, label in values:
        seen.setdefault(text, label)
    return list(seen.items())


# ---- seeds ----------------------------------------------------------------------------------------------------


class Seed:
    """A bundled scenario: its text, the numbers it writes (path -> span of text), its actors, pairs, variants."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.digest = hashlib.sha256(self.text.encode()).hexdigest()[:12]  # a cached range is of this text
        self.numbers = {}  # path tuple -> (start, end, in a sequence)
        self._walk(yaml.compose(self.text), (), False)
        doc = yaml.safe_load(self.text)
        self.actors = sorted(doc["actors"])
        # Pairs as the seed names them (a pair named the other way round would be a second entry).
        self.written_pairs = sorted(((doc.get("relations") or {}).get("pairs") or {}).keys())
        self.variants = sorted((doc.get("variants") or {}).keys())
        self.steps = int((doc.get("scenario") or {}).get("steps", 40))

    def _walk(self, node, path, in_sequence):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                self._walk(v, path + (k.value,), in_sequence)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self._walk(v, path + (i,), True)
        elif isinstance(node, yaml.ScalarNode) and node.style is None and NUMBER.fullmatch(node.value):
            self.numbers[path] = (node.start_mark.index, node.end_mark.index, in_sequence)

    def pairs(self):
        named = {frozenset(p.split("-")) for p in self.written_pairs}
        unnamed = [f"{a}-{b}" for i, a in enumerate(self.actors) for b in self.actors[i + 1 :]
                   if frozenset((a, b)) not in named]
        return self.written_pairs + unnamed

    def generalised(self, path):
        """The path with actor ids and pair names as *: ranges do not depend on which actor."""
        ids = set(self.actors) | set(self.pairs())
        return ".".join("*" if p in ids else str(p) for p in path)


# ---- cases: the files and the command -------------------------------------------------------------------------


def plain(key):
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", str(key)) else json.dumps(str(key))


def overlay_text(values):
    """YAML that extends seed.yaml and sets each (path -> text) of `values`, mappings nested."""
    tree = {}
    for path, text in values.items():
        node = tree
        for p in path[:-1]:
            node = node.setdefault(p, {})
        node[path[-1]] = text
    lines = ["extends: seed.yaml"]

    def emit(node, indent):
        for k, v in node.items():
            if isinstance(v, dict):
                lines.append(" " * indent + plain(k) + ":")
                emit(v, indent + 2)
            else:
                lines.append(" " * indent + plain(k) + ": " + v)

    emit(tree, 0)
    return "\n".join(lines) + "\n"


def write_case(directory, seed, values):
    """seed.yaml (the seed, numbers inside sequences edited in place) and case.yaml (the rest, over it)."""
    text, edits, over = seed.text, [], {}
    for path, value in values.items():
        span = seed.numbers.get(path)
        if span and span[2]:
            edits.append((span[0], span[1], value))
        else:
            over[path] = value
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "seed.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(directory, "case.yaml"), "w", encoding="utf-8") as f:
        f.write(overlay_text(over))


class Prober:
    """Asks the loader what each value may be, and which keys a mapping may hold; remembers the answers."""

    def __init__(self, statecraft, work, cache_file):
        self.statecraft, self.work, self.cache_file = statecraft, work, cache_file
        self.lock = threading.Lock()
        self.count = 0
        self.cache = {}
        if cache_file and os.path.exists(cache_file):
            with open(cache_file, encoding="utf-8") as f:
                self.cache = json.load(f)

    def save(self):
        if self.cache_file:
            with open(self.cache_file, "w", encoding="utf-8") as f:
                json.dump(self.cache, f, indent=0, sort_keys=True)

    def _validate(self, seed, values):
        with self.lock:
            self.count += 1
            d = os.path.join(self.work, f"probe-{self.count}")
        write_case(d, seed, values)
        r = subprocess.run([self.statecraft, "validate", "case.yaml"], cwd=d, capture_output=True, text=True,
                           timeout=60)
        shutil.rmtree(d, ignore_errors=True)
        return r.stderr.splitlines()

    def range(self, seed, path):
        key = f"range {seed.name}@{seed.digest} {seed.generalised(path)}"
        if key not in self.cache:
            lines = self._validate(seed, {path: PROBE})
            found = [parse_expectation(line) for line in lines if f"'{PROBE}'" in line]
            self.cache[key] = found[0].to_json() if found and found[0] else None
        return Range.from_json(self.cache[key])

    def keys(self, seed, path):
        key = f"keys {seed.name}@{seed.digest} {seed.generalised(path)}"
        if key not in self.cache:
            lines = self._validate(seed, {path + (UNKNOWN,): "0"})
            listed = [re.search(r"expected one of: (.*)\)", line) for line in lines if UNKNOWN in line]
            self.cache[key] = sorted(listed[0].group(1).split(", ")) if listed and listed[0] else []
        return self.cache[key]


class Case:
    """One case: a seed, values to set, a variant, the mode, and --steps."""

    def __init__(self, seed_number, index, seed, values, variant, batch, steps):
        self.seed_number, self.index, self.seed = seed_number, index, seed
        self.values, self.variant, self.batch, self.steps = values, variant, batch, steps

    def args(self):
        a = ["run", "case.yaml", "--out", "out"]
        if self.variant:
            a += ["--variant", self.variant]
        if self.steps:
            a += ["--steps", str(self.steps)]
        if self.batch:
            a += ["--runs", "2", "--jobs", "2"]
        return a

    def describe(self):
        mode = "batch" if self.batch else "single run"
        variant = f" [{self.variant}]" if self.variant else ""
        values = ", ".join(f"{'.'.join(map(str, p))}={v} ({label})" for p, (v, label) in self.values.items())
        return f"{mode} of {self.seed.name}{variant}: {values}"


def choose_path(rng, prober, seed, variant):
    """A path to set: a number the seed writes (in the base or the variant run), or a key left to its default."""
    written = [p for p in sorted(seed.numbers, key=str) if p[0] != "variants" or (variant and p[1] == variant)]
    if rng.random() < 0.5:
        return rng.choice(written)
    containers = [("parameters",), ("actors", rng.choice(seed.actors)), ("relations", "pairs", rng.choice(seed.pairs())),
                  ("scenario",)]
    container = rng.choice(containers)
    if container == ("parameters",):
        groups = prober.keys(seed, container)
        container = container + (rng.choice(groups),) if groups else container
    keys = prober.keys(seed, container)
    if not keys:
        return rng.choice(written)
    path = container + (rng.choice(keys),)
    inner = prober.keys(seed, path) if prober.range(seed, path) is None else []
    return path + (rng.choice(inner),) if inner else path  # transparency: {strategic, operational}


def make_case(seed_number, index, seeds, prober):
    """Case `index` of `seed_number`: everything it does is drawn from a generator seeded with both."""
    rng = random.Random(f"{seed_number}-{index}")
    seed = rng.choice(seeds)
    variant = rng.choice(seed.variants) if seed.variants and rng.random() < 0.3 else None
    batch = rng.random() < 2 / 9
    values = {}
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        for _attempt in range(10):  # some keys are not numbers (name, policy): draw again
            path = choose_path(rng, prober, seed, variant)
            r = prober.range(seed, path)
            if r is not None and path not in values:
                inside, outside = edges(r)
                pool = inside if inside and (not outside or rng.random() < 0.75) else outside
                values[path] = rng.choice(pool)
                break
    steps = rng.choice(STEP_CHOICES) if rng.random() < 0.5 else None
    return Case(seed_number, index, seed, values, variant, batch, capped_steps(seed, values, batch, steps))


def capped_steps(seed, values, batch, steps):
    """--steps for the case: `steps`, or fewer if a single run would write more than MAX_ROWS rows of drivers
    (about 25 n^2 a step), or a batch run more than MAX_BATCH_STEPS; the file's own steps count too."""
    n = len(seed.actors)
    cap = MAX_BATCH_STEPS if batch else max(1, min(MAX_BATCH_STEPS, MAX_ROWS // (25 * n * n)))
    file_steps = seed.steps
    text = values.get(("scenario", "steps"), ("", ""))[0]
    if re.fullmatch(r"-?\d+", text):
        file_steps = int(text)
    return cap if (steps or file_steps) > cap else steps


# ---- running and judging --------------------------------------------------------------------------------------


class Result:
    """What a run did: exit code (None after a timeout), its streams, and where it ran."""

    def __init__(self, code, timed_out, stdout, stderr, directory, inputs=("seed.yaml", "case.yaml")):
        self.code, self.timed_out, self.stdout, self.stderr = code, timed_out, stdout, stderr
        self.directory, self.inputs = directory, inputs


def run_case(statecraft, case, directory, timeout):
    write_case(directory, case.seed, {p: v for p, (v, _) in case.values.items()})
    p = subprocess.Popen([statecraft] + case.args(), cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, text=True, errors="replace", start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return Result(p.returncode, False, out, err, directory)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # the process group this script made for it
        out, err = p.communicate()
        return Result(None, True, out, err, directory)


def problems_in_file(path):
    """Why a written file is not complete and finite, or None."""
    with open(path, "rb") as f:
        data = f.read()
    name = os.path.basename(path)
    if not data:
        return f"{name} is empty"
    if not data.endswith(b"\n"):
        return f"{name} is cut (no final line end)"
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".json"):
        def nonfinite(token):
            raise ValueError(f"{token} is not finite")

        try:
            json.loads(text, parse_constant=nonfinite)
        except ValueError as e:
            return f"{name} is not JSON with finite numbers: {e}"
        return None
    if not name.endswith(".csv"):
        return None
    m = NONFINITE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return f"{name} line {line} holds a value that is not finite: {text.splitlines()[line - 1][:200]}"
    lines = text.splitlines()
    header, last = next(csv.reader([lines[0]])), next(csv.reader(io.StringIO(lines[-1] + "\n")))
    if len(lines) > 1 and len(last) != len(header):
        return f"{name} is cut: its last row has {len(last)} fields, the header {len(header)}"
    return None


def leftovers(result):
    """Entries of the case directory that the run made other than `out`."""
    return sorted(e for e in os.listdir(result.directory) if e not in result.inputs and e != "out")


def written_problems(result):
    out = os.path.join(result.directory, "out")
    if not os.path.isdir(out):
        return "exit 0 without an output directory"
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs)
    if not files:
        return "exit 0 with an empty output directory"
    for f in files:
        why = problems_in_file(f)
        if why:
            return why
    return None


def classify(result):
    """("run", ""), ("refusal", "invalid" | "run failure") or ("defect", why)."""
    r = result
    if r.timed_out:
        return "defect", "hang: no exit before the timeout"
    if SANITIZER.search(r.stderr):
        return "defect", "sanitizer report: " + next(l for l in r.stderr.splitlines() if SANITIZER.search(l))
    if r.code < 0 or r.code >= 128:
        signum = -r.code if r.code < 0 else r.code - 128
        return "defect", f"killed by signal {signum} (exit {r.code if r.code > 0 else 128 + signum})"
    left = leftovers(r)
    if r.code == 0:
        why = written_problems(r) or (f"left behind {left}" if left else None)
        if not why and r.stderr:
            why = "exit 0 with a message on stderr: " + r.stderr.splitlines()[0]
        return ("defect", why) if why else ("run", "")
    if r.code not in (1, 2):
        return "defect", f"exit {r.code}: {r.stderr.strip()[:300]}"
    written = left + (["out"] if os.path.exists(os.path.join(r.directory, "out")) else [])
    if written:
        return "defect", f"exit {r.code} that wrote output: {written}"
    bad = bad_message_line(r.code, r.stderr.splitlines())
    if bad is not None:
        return "defect", f"exit {r.code} with a message that is not one line per problem: {bad[:300]}"
    return "refusal", "invalid" if r.code == 2 else "run failure"


def bad_message_line(code, lines):
    """The first line of a refusal's message that is out of place, or None if the message is as it should be:
    one diagnostic per problem (exit 2), or the one line of the run's failure (exit 1)."""
    if code == 2 and len(lines) > 1 and MORE.match(lines[-1]):
        lines = lines[:-1]
    if not lines:
        return "(no message)"
    if code == 1 and len(lines) > 1:
        return lines[1]
    good = DIAGNOSTIC if code == 2 else RUN_FAILURE
    return next((line for line in lines if not good.match(line)), None)


# ---- the loop -------------------------------------------------------------------------------------------------


def save_defect(case, result, why, save, statecraft):
    d = os.path.abspath(os.path.join(save, f"case-{case.seed_number}-{case.index}"))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for f in result.inputs:
        shutil.copy(os.path.join(result.directory, f), d)
    command = " ".join([os.path.abspath(statecraft)] + case.args())
    with open(os.path.join(d, "command"), "w", encoding="utf-8") as f:
        f.write(f"cd {d} && rm -rf out && {command}\n")
    with open(os.path.join(d, "result.txt"), "w", encoding="utf-8") as f:
        f.write(f"{case.describe()}\n{why}\nexit: {result.code}\nstderr:\n{result.stderr[-4000:]}")
    return f"(cd {d} && rm -rf out && {command})"


def one(args, seeds, prober, index, work):
    case = make_case(args.seed, index, seeds, prober)
    d = os.path.join(work, f"case-{index}")
    result = run_case(args.statecraft, case, d, args.timeout)
    kind, why = classify(result)
    line = None
    if args.verbose:
        said = f" ({why}: {result.stderr.splitlines()[0][:200]})" if kind == "refusal" else ""
        line = f"case {index}: {kind}{said}: {case.describe()}"
    if kind == "defect":
        line = f"defect: case {index}: {why}\n  {case.describe()}\n  reproduce: " + save_defect(
            case, result, why, args.save, args.statecraft)
    shutil.rmtree(d, ignore_errors=True)
    return index, case.batch, kind, why, line


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--statecraft", default=os.path.join(root, "build", "statecraft"), help="binary under test")
    p.add_argument("--scenarios", default=os.path.join(root, "scenarios"), help="directory of the seeds")
    p.add_argument("--seed", type=int, default=1, help="which cases (default 1)")
    p.add_argument("--seconds", type=float, help="stop starting cases after this long")
    p.add_argument("--cases", type=int, help="stop after this many cases (default 100 without --seconds)")
    p.add_argument("--case", type=int, help="run only this case (its number in the sequence of --seed)")
    p.add_argument("--save", default="fuzz_dynamics_findings", help="where defects are saved")
    p.add_argument("--timeout", type=float, default=60, help="seconds a case may take before it counts as a hang")
    p.add_argument("--jobs", type=int, default=1, help="cases run at once")
    p.add_argument("--cache", help="file to keep the loader's ranges in across runs")
    p.add_argument("--verbose", action="store_true", help="print every case and what it came to")
    a = p.parse_args(argv)
    if a.cases is None and a.seconds is None and a.case is None:
        a.cases = 100
    return a


def run_cases(args, seeds, prober, work):
    """Runs the cases (--jobs at a time, until --cases or --seconds) and yields what each came to."""
    start = time.monotonic()
    indices = iter([args.case]) if args.case is not None else itertools.count()

    def more():
        if args.seconds is not None and time.monotonic() - start >= args.seconds:
            return None
        k = next(indices, None)
        return None if k is None or (args.cases is not None and k >= args.cases) else k

    jobs = max(1, args.jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = set()
        while True:
            while len(pending) < jobs and (k := more()) is not None:
                pending.add(pool.submit(one, args, seeds, prober, k, work))
            if not pending:
                return
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for f in done:
                yield f.result()


def main(argv):
    args = parse_args(argv)
    start = time.monotonic()
    seeds = [Seed(f) for f in sorted(glob.glob(os.path.join(args.scenarios, "*.yaml")))]
    work = tempfile.mkdtemp(prefix="fuzz_dynamics_")
    prober = Prober(args.statecraft, work, args.cache)
    counts = {"single": 0, "batch": 0, "run": 0, "invalid": 0, "run failure": 0, "defect": 0}
    try:
        for _index, batch, kind, why, line in run_cases(args, seeds, prober, work):
            counts["batch" if batch else "single"] += 1
            counts[why if kind == "refusal" else kind] += 1
            if line:
                print(line, flush=True)
    finally:
        prober.save()
        shutil.rmtree(work, ignore_errors=True)
    c = counts
    print(f"fuzz_dynamics: seed {args.seed}, {c['single'] + c['batch']} cases in {time.monotonic() - start:.0f} s "
          f"({c['single']} single runs, {c['batch']} batches): {c['run']} clean runs, "
          f"{c['invalid'] + c['run failure']} clean refusals ({c['invalid']} invalid, {c['run failure']} run "
          f"failures), {c['defect']} defects")
    return 1 if c["defect"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
