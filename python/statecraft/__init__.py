"""Statecraft from Python: load a scenario, run it, and run ensembles, comparisons and sweeps, with the
results as pandas DataFrames. The numbers are the library's own, computed as `statecraft run`, `compare` and
`sweep` compute them (the same runs on the same threads), held at full precision. docs/python.md documents
every function; docs/notebooks/tutorial.ipynb is a worked example.

    import statecraft
    sc = statecraft.load("scenarios/asia_pacific_2012.yaml")
    r = statecraft.run(sc, variant="all_security_community", set={"actors.CHN.growth": 0.05})
    r.pairs.query("a == 'USA' and b == 'CHN'").plot(x="year", y="tension")
"""
import os

try:
    import pandas as pd

    from . import _statecraft
except ImportError as e:  # another Python than Debian's, without pandas, or one the module was not built for
    raise ImportError(f"statecraft: {e}: use Debian's /usr/bin/python3 (with python3-pandas), or a virtual "
                      "environment made from it with --system-site-packages (docs/python.md)") from e
import difflib
import numbers
import sys
import warnings

from ._errors import Diagnostic, RunError, ScenarioError, StatecraftWarning
from ._progress import Progress

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _stacklevel_outside():
    """The stacklevel that makes warnings.warn, called by our caller, name the first frame outside this package:
    the user's line (a script, a notebook cell) rather than ours."""
    frame, level = sys._getframe(2), 2  # the caller of our caller, which is warnings.warn's stacklevel 2
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame, level = frame.f_back, level + 1
    return level


class _WarningsAtTheCaller:
    """The compiled module, whose functions' warnings (raised where the C++ is called, in this file) are raised
    again at the user's line, through the user's filters."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        fn = getattr(self._module, name)
        if not callable(fn) or isinstance(fn, type):
            return fn

        def call_and_warn(*args, **kwargs):
            caught = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    return fn(*args, **kwargs)
            finally:
                for w in caught:
                    warnings.warn(w.message, w.category, stacklevel=_stacklevel_outside())
        return call_and_warn


_statecraft = _WarningsAtTheCaller(_statecraft)

__all__ = ["load", "run", "ensemble", "compare", "sweep", "model_function", "outcomes", "Scenario",
           "RunResult", "EnsembleResult", "CompareResult", "SweepResult", "ScenarioError", "RunError",
           "StatecraftWarning", "Diagnostic", "limits"]
__version__ = _statecraft.version

#: What a scenario may hold before statecraft refuses it, as the CLI's --max-file-size, --max-nesting,
#: --max-nodes, --max-actors, --max-steps and --max-extends, and how large a sweep (--max-points) and a run's
#: tables (--max-output-size) may be: raise one for the calls after it, e.g.
#: statecraft.limits["steps"] = 1_000_000 (docs/python.md, "Limits").
limits = dict(_statecraft.default_limits())

# Each limit's (lowest, highest) value, as the CLI's flags take them: extends may be 0 (no extends at all).
_LIMIT_RANGES = {"file_size": (1, 2**63 - 1), "nodes": (1, 2**63 - 1), "nesting": (1, 2**31 - 1),
                 "actors": (1, 2**31 - 1), "steps": (1, 2**31 - 1), "extends": (0, 2**31 - 1),
                 "points": (1, 2**63 - 1), "output_size": (1, 2**63 - 1)}


def _limits():
    """statecraft.limits, checked as the CLI checks its --max- flags."""
    if not isinstance(limits, dict):
        raise TypeError(f"statecraft.limits: expected a dict of limits, got {type(limits).__name__}")
    checked = {}
    for name, value in limits.items():
        if name not in _LIMIT_RANGES:
            raise ValueError(f"statecraft.limits: unknown limit {name!r} (expected one of: "
                             f"{', '.join(_LIMIT_RANGES)})")
        checked[name] = _integer(f"statecraft.limits['{name}']", value, *_LIMIT_RANGES[name])
    return checked


def _frame(columns):
    return pd.DataFrame(columns)


class Scenario:
    """A scenario file, loaded and checked (statecraft.load). The values are those of the base scenario;
    run() and the batches apply a variant, a seed, a number of steps and values set by path on top."""

    def __init__(self, path, native):
        self.path = os.fspath(path)
        self._native = native

    def __reduce__(self):
        # Pickled as its file, by its absolute path, and loaded again where it is unpickled: the EMA Workbench's
        # multiprocessing evaluator and concurrent.futures send the model (and so the scenario) to other processes.
        return load, (os.path.abspath(self.path),)

    name = property(lambda self: self._native.name, doc="the scenario's name")
    description = property(lambda self: self._native.description, doc="its description")
    start_year = property(lambda self: self._native.start_year, doc="the year of step 0")
    steps = property(lambda self: self._native.steps, doc="the number of steps")
    dt = property(lambda self: self._native.dt, doc="years per step")
    seed = property(lambda self: self._native.seed, doc="the seed of its random numbers")

    @property
    def variants(self):
        """Every variant the file defines: a dict of name -> description, in file order."""
        return dict(self._native.variants)

    @property
    def actors(self):
        """The actors as a DataFrame indexed by id: name, initial policy and every number of an actor."""
        return _frame(self._native.actors).set_index("id")

    def params(self):
        """Every value a path can set (docs/paths.md) for set=, sweep params and EMA inputs: path, kind
        (parameter, actor, pair, policy, institution), its value in this scenario, and the range a file may
        give it (low, high, and the expectation as the loader's messages say it)."""
        return _frame(self._native.params())

    def __repr__(self):
        return f"<statecraft.Scenario {self.name!r} from {self.path!r}: {len(self._native.variants)} variants>"


def load(path):
    """Loads and checks a scenario file. Raises ScenarioError with every problem found (each with its file,
    line, column, key path, message and suggestion)."""
    args = _statecraft.LoadArgs()
    args.path = _scenario_path(path)
    args.limits = _limits()
    return Scenario(args.path, _statecraft.load(args))


def _scenario_path(path):
    """The path of a scenario file as given (bytes as the file system's names decode); a wrong kind or an empty
    one is refused, naming the argument (they read as os.fspath's words, or "no such file", without one)."""
    try:
        text = os.fsdecode(os.fspath(path))
    except TypeError:
        raise TypeError("scenario: expected a Scenario or the path of a scenario file (a str or os.PathLike), got "
                        f"{type(path).__name__}") from None
    if text == "":
        raise ValueError("scenario: is empty (expected the path of a scenario file)")
    return text


def _args(scenario, variant=None, seed=None, steps=None, set=None):
    args = _statecraft.LoadArgs()
    args.path = scenario.path if isinstance(scenario, Scenario) else _scenario_path(scenario)
    if variant is not None and not isinstance(variant, str):
        raise TypeError(f"variant: expected a variant's name (a str), got {type(variant).__name__}")
    if variant == "":  # as the CLI's --variant '': it would otherwise run the base scenario
        raise ValueError("variant: is empty (expected a variant's name; leave variant out, or None, for the base "
                         "scenario)")
    args.variant = variant or ""
    args.seed = None if seed is None else _integer("seed", seed, 0, 2**64 - 1)
    args.steps = None if steps is None else _integer("steps", steps, 1, 2**31 - 1)
    args.set = _set_values(set)
    args.limits = _limits()
    return args


def _set_values(values):
    """set= as (path, number) pairs, as the CLI's --set takes them: a mapping of paths to numbers (a dict, or a
    pandas Series such as a row of a design), a switch's value True or False, a number as text ("0.05")."""
    if values is None:
        return []
    _require_mapping("set", values, "a mapping of paths to numbers (a dict, or a pandas Series such as a row of a "
                                    "design)")
    pairs = []
    for path, value in values.items():
        if _is_bool(value) and str(path) not in _statecraft.switch_paths():  # True would be read as the number 1
            raise ValueError(f"--set: {path}: {value!r} is a switch's value (expected a finite number: {path} is "
                             "not a switch)")
        not_a_number = ValueError(f"--set: {path}: {value!r} is not a number (expected a finite number, or True or "
                                  "False for a switch)")
        if isinstance(value, str) and _statecraft.number_problem(value):
            # Read as the CLI's --set reads it: float() would take "3_000" and " 0.03 ", and read "1e999" as inf
            # and "1e-999" as 0.0, which are said as --set says them
            if _statecraft.unrepresentable_number(value):
                raise ValueError(f"--set: {path}: {value!r} {_statecraft.number_problem(value)} (expected a finite "
                                 "number)")
            raise not_a_number
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise not_a_number from None
        pairs.append((str(path), number))
    return pairs


def _require_mapping(name, values, expected):
    """A TypeError unless `values` is a mapping (anything with items(), a pandas Series too; not a string)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "items"):
        raise TypeError(f"{name}: expected {expected}, got {type(values).__name__}")


def _is_bool(value):
    """Whether `value` is True or False, as Python's or numpy's (np.True_, which float() also takes as 1.0)."""
    kind = type(value)
    return isinstance(value, bool) or (kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool"))


def _switch(name, value, automatic=False):
    """An on/off argument (uncertain=, explain=, progress=) as a bool: True or False (numpy's too), or None where
    `automatic` allows it. Anything else is refused, rather than taken by its truth: progress='no' is not True."""
    if automatic and value is None:
        return None
    if not _is_bool(value):
        expected = "True, False or None (automatic)" if automatic else "True or False"
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
    return bool(value)


def _thresholds(values):
    """thresholds= as {outcome: number}, as the CLI's --threshold OUTCOME=T takes them (the range, T >= 0, is
    checked with the outcomes)."""
    if values is None:
        return {}
    _require_mapping("thresholds", values, "a mapping of outcomes to numbers, e.g. {'tension_final': 0.005}")
    checked = {}
    for name, value in values.items():
        try:
            if _is_bool(value):  # float(True) is 1.0, but True is no threshold
                raise TypeError
            checked[str(name)] = float(value)  # a number of any kind, or one as text ("0.005"), as set= takes
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"thresholds: {name}: {value!r} is not a number (expected a number >= 0, e.g. "
                             f"{{'tension_final': 0.005}})") from None
    return checked


def _whole(name, value, expected):
    """`value` as an int, refused as the CLI refuses its flag when it is not one: a fraction (2.5) is not
    truncated; a whole float (1e3) is taken."""
    if _is_bool(value) or not isinstance(value, numbers.Real):  # a wrong kind, as the Errors section says
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
    whole = isinstance(value, numbers.Integral) or float(value).is_integer()
    if not whole:
        raise ValueError(f"{name}: {value!r} is not an integer (expected {expected})")
    return int(value)


def _integer(name, value, low, high):
    """`value` as an int in [low, high], as the CLI's integer flags."""
    expected = f"an integer from {low} to {high}"
    value = _whole(name, value, expected)
    if not low <= value <= high:
        raise ValueError(f"{name}: {value} is out of range (expected {expected})")
    return value


def _names(name, values):
    """A list of names as the CLI's comma-separated flags take them: a string is one name or a comma-separated
    list ("a,b"), not its characters. An empty name ("", "a,,b", [""]) is refused as the CLI refuses
    `--variants a,,b`: dropped, it would change what runs without a word. So is a set, whose order (the table's,
    and the default baseline) would change between runs of Python."""
    if values is None:
        return []
    if isinstance(values, (set, frozenset)):  # the order names columns and the default baseline
        raise ValueError(f"{name}: a set has no order, and a set of strings takes another from one run of Python to "
                         "the next (expected a list, a tuple or a comma-separated string)")
    expected = "a list of names (str) or a comma-separated str"
    if not isinstance(values, str):
        try:
            values = list(values)
        except TypeError:
            raise TypeError(f"{name}: expected {expected}, got {type(values).__name__}") from None
        for v in values:
            if not isinstance(v, str):
                raise TypeError(f"{name}: expected {expected}, got {type(v).__name__} in the list")
    items = values.split(",") if isinstance(values, str) else values
    if "" in items:
        raise ValueError(f"{name}: {values!r} has an empty name in it (expected names separated by single commas, "
                         "or a list of names)")
    return items


def _deprecated(name, instead):
    """Says, at the caller's line, that `name` goes in the next release and what to use."""
    warnings.warn(f"{name} is deprecated and kept for one release (expected {instead}, which holds the same runs "
                  "with their inputs: docs/python.md)", FutureWarning, stacklevel=3)


def _at_least(name, value, low, high=2**64 - 1):
    """`value` as an int, refused below `low` as the CLI refuses its flag (and above `high`, the flag's largest)."""
    value = _whole(name, value, f"an integer of at least {low}")
    if value < low:
        raise ValueError(f"{name}: {value} is below {low} (expected at least {low})")
    if value > high:
        raise ValueError(f"{name}: {value} is above {high} (expected at most {high})")
    return value


def _with_progress(progress, batch):
    """Runs `batch(bar)` with the progress bar progress= asks for (None: automatic), and ends the bar's line
    however the batch ends."""
    bar = Progress.make(_switch("progress", progress, automatic=True))
    try:
        return batch(bar)
    finally:
        if bar is not None:
            bar.close()


def _jobs(jobs):
    return _at_least("jobs", jobs, 1, 1024) if jobs is not None else (os.cpu_count() or 1)


def _text(name, value, expected):
    """An argument that names something (baseline=, rank_by=, rank_criterion=, adjust=): a str, or None for the
    default. An empty str is refused, as the CLI refuses `--baseline ''`: it would otherwise mean the default."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name}: expected {expected} (a str), got {type(value).__name__}")
    if value == "":
        raise ValueError(f"{name}: is empty (expected {expected}; leave {name} out, or None, for the default)")
    return value or ""


class RunResult:
    """One run's trend tables, as `statecraft run` writes them (docs/outputs.md, tidy layout): actors, pairs,
    region, events and drivers, each a DataFrame with numbers at full precision (NaN where the CSV has an
    empty cell); `variant` (None for the base scenario) and `set` (the values set on it) say what was run."""

    def __init__(self, tables, args):
        for name in ("actors", "pairs", "region", "events", "drivers"):
            setattr(self, name, _frame(tables.pop(name)))  # each table's columns go once it is a frame
        self.variant = args.variant or None
        self.set = dict(args.set)

    def __repr__(self):
        years = self.region.year
        return (f"<statecraft.RunResult {len(self.region) - 1} steps, {years.iloc[0]:g}-{years.iloc[-1]:g}: "
                f"actors, pairs, region, events, drivers>")


def run(scenario, variant=None, seed=None, steps=None, set=None):
    """Runs a scenario once, as `statecraft run` does (run 0 of its seed), and returns its tables.

    scenario: a Scenario or a file's path; variant: the name of one of its variants; seed, steps: override the
    file's; set: {path: number} of values set on the scenario (or the variant) before it is checked, with the
    paths of docs/paths.md (`actors.CHN.growth`, `relations.USA-CHN.dialogue_cap`, `parameters.trust.forgetting`).
    """
    args = _args(scenario, variant, seed, steps, set)
    return RunResult(_statecraft.run(args), args)


class EnsembleResult:
    """An ensemble's tables (docs/experiments.md): `trends` (ensemble.csv: per step and metric, the mean, sd
    and percentiles), `experiments` (experiments.csv: one row per run, its inputs and every outcome),
    `outcomes` (outcomes.csv, the older per-run table, kept for one release), `summary` (outcomes_summary.csv:
    per outcome, the mean with its 95% interval and percentiles), and `text`, the CLI's summary line."""

    def __init__(self, r):
        t = r["tables"]
        self.trends = _frame(t["ensemble.csv"])
        self.experiments = _frame(t["experiments.csv"])
        self._outcomes = _frame(t["outcomes.csv"])
        self.summary = _frame(t["outcomes_summary.csv"])
        self.text = r["summary"]

    @property
    def outcomes(self):
        """Deprecated, kept for one release (a FutureWarning): the per-run outcomes, now in `experiments`."""
        _deprecated("EnsembleResult.outcomes", "experiments")
        return self._outcomes

    def __repr__(self):
        return f"<statecraft.EnsembleResult {len(self.experiments)} runs: {self.text}>"


def ensemble(scenario, runs=100, *, variant=None, seed=None, steps=None, set=None, metrics=(), jobs=None,
             progress=None, uncertain=False):
    """Runs a scenario `runs` times (`statecraft run --runs`), run r with the random streams of (seed, r).

    metrics: trend metrics to summarise besides the scenario's (region.NAME, actors.ID.NAME, relations.A-B.NAME);
    their final values become outcomes. jobs: threads (default every core). progress: a progress bar (None:
    in a notebook or on a terminal). uncertain: draw the scenario's uncertain: values anew in every run
    (`--uncertain`; run r draws what run r of compare(uncertain=True) draws), their values in `experiments`.
    Ctrl-C (or a notebook's interrupt) stops the batch: KeyboardInterrupt.
    """
    args = _args(scenario, variant, seed, steps, set)
    r = _with_progress(progress, lambda bar: _statecraft.ensemble(
        args, _at_least("runs", runs, 1), _names("metrics", metrics), _jobs(jobs), bar, _switch("uncertain", uncertain)))
    return EnsembleResult(r)


def _mirrored(outcome):
    """final.relations.A-B.NAME written the other way round, as rank_by= reads it: B-A, with a directed column's
    _ab and _ba swapped (China's trust in the US is CHN-USA.trust_ab and USA-CHN.trust_ba); None for others."""
    parts = outcome.split(".")
    if len(parts) != 4 or parts[:2] != ["final", "relations"] or parts[2].count("-") != 1:
        return None
    a, b = parts[2].split("-")
    column = parts[3]
    for mine, theirs in (("_ab", "_ba"), ("_ba", "_ab")):
        if column.endswith(mine):
            column = column[:-len(mine)] + theirs
            break
    return f"final.relations.{b}-{a}.{column}"


class CompareResult:
    """A comparison's tables (docs/experiments.md): `summary` (compare_summary.csv: per variant and outcome,
    the mean and the paired difference to the baseline, with 95% intervals), `robust` (compare_robust.csv: on
    the ranking outcome, the probability of being best and of beating the baseline, and regret), `trends`
    (compare_trends.csv), `experiments` (experiments.csv: per variant and run, its inputs and every outcome),
    `runs` (compare_runs.csv, the older per-run table, kept for one release), `drivers` (compare_drivers.csv,
    with explain=True, else None), `sensitivity` (compare_sensitivity.csv, with uncertain=True, else None);
    `ranking`, the CLI's table of the variants ranked by `rank_by`; `baseline`, `rank_by` and `better` (the end
    of rank_by taken as better, "lower" or "higher"), as used; `ends`, each outcome's own better end ("lower",
    "higher" or "neither", as the manifest's `better`); ranked(), the summary rows of one outcome, best first."""

    def __init__(self, r):
        t = r["tables"]
        self.summary = _frame(t["compare_summary.csv"])
        self.robust = _frame(t["compare_robust.csv"])
        self.trends = _frame(t["compare_trends.csv"])
        self.experiments = _frame(t["experiments.csv"])
        self._runs = _frame(t["compare_runs.csv"])
        self.drivers = _frame(t["compare_drivers.csv"]) if "compare_drivers.csv" in t else None
        self.sensitivity = _frame(t["compare_sensitivity.csv"]) if "compare_sensitivity.csv" in t else None
        self.ranking = r["summary"]
        self.baseline = r["baseline"]
        self.rank_by = r["rank_by"]
        self.better = r["better"]
        self.ends = dict(r["outcome_better"])
        self._ranked = list(r["ranked"])

    @property
    def runs(self):
        """Deprecated, kept for one release (a FutureWarning): the per-run table, now `experiments`."""
        _deprecated("CompareResult.runs", "experiments")
        return self._runs

    def ranked(self, outcome=None, better=None):
        """The summary rows of one outcome (default rank_by), best first: for rank_by in the order of `ranking`
        (its criterion: the mean, or regret or P(best) with rank_criterion), for another outcome by its mean,
        from its better end: `better` ("lower" or "higher"), else the outcome's own (docs/experiments.md, "Which
        end is better"); an outcome better neither way needs `better`. An outcome the comparison does not have
        is a ValueError."""
        outcome = _text("outcome", outcome, "an outcome's name")
        outcome = _statecraft.respell("ranked", outcome) if outcome else self.rank_by  # old spellings, as rank_by=
        names = list(dict.fromkeys(self.summary.outcome))
        if outcome not in names and _mirrored(outcome) in names:  # a relation written the other way round
            outcome = _mirrored(outcome)
        if outcome not in names:
            near = difflib.get_close_matches(outcome, names, n=1)
            hint = f"did you mean '{near[0]}'?" if near else "expected one of: " + ", ".join(names)
            raise ValueError(f"ranked: unknown outcome '{outcome}' ({hint})")
        better = _text("better", better, "'lower' or 'higher'") or None
        if better not in (None, "lower", "higher"):
            raise ValueError(f"better: unknown end '{better}' (expected one of: lower, higher)")
        rows = self.summary[self.summary.outcome == outcome]
        if outcome == self.rank_by and better in (None, self.better):
            place = {v: i for i, v in enumerate(self._ranked)}
            return rows.sort_values("variant", key=lambda v: v.map(place), kind="stable").reset_index(drop=True)
        better = better or self.ends.get(outcome, "neither")
        if better == "neither":
            raise ValueError(f"ranked: {outcome} is better neither lower nor higher of itself (expected "
                             "better='lower' or better='higher')")
        return rows.sort_values("mean", ascending=better == "lower", kind="stable").reset_index(drop=True)

    def __repr__(self):
        return self.ranking


def compare(scenario, variants=None, *, baseline=None, rank_by=None, thresholds=None, runs=100, seed=None,
            steps=None, set=None, metrics=(), jobs=None, progress=None, uncertain=False, rank_criterion=None,
            explain=False, adjust="none", better=None):
    """Runs every variant (or those named) `runs` times with common random numbers (`statecraft compare`).

    baseline: the variant differences are paired with (default: the file's outcomes.baseline, else
    status_quo, else the first); rank_by: the outcome that ranks them (default: outcomes.rank_by, else
    tension_final); thresholds: {outcome: T}, the practical threshold of a difference (`--threshold`, over
    the file's outcomes.thresholds); set: values set on every variant; uncertain: draw the scenario's
    uncertain: values anew in every run (`--uncertain`); rank_criterion: "mean", "regret", "max-regret" or
    "p-best" (`--rank-criterion`); explain: break the differences down by driver term (`--explain`); adjust:
    "none", "bonferroni" or "holm" (`--adjust`); better: "lower" or "higher", the better end of rank_by
    (`--better`; default: the file's outcomes.better with its rank_by, else the outcome's own), needed for a
    final.METRIC of a metric better neither way. Other arguments as ensemble().
    """
    args = _args(scenario, None, seed, steps, set)
    r = _with_progress(progress, lambda bar: _statecraft.compare(
        args, _names("variants", variants), _text("baseline", baseline, "a variant's name"),
        _text("rank_by", rank_by, "an outcome's name"), _thresholds(thresholds), _at_least("runs", runs, 2),
        _names("metrics", metrics), _jobs(jobs), bar, _switch("uncertain", uncertain),
        _text("rank_criterion", rank_criterion, "mean, regret, max-regret or p-best"), _switch("explain", explain),
        _text("adjust", adjust, "none, bonferroni or holm") or "none",
        _text("better", better, "'lower' or 'higher'") or ""))
    return CompareResult(r)


class SweepResult:
    """A sweep's tables (docs/experiments.md): `points` (sweep.csv: per design point, its values and each
    outcome's mean with its 95% interval), `experiments` (experiments.csv: per point and run, the point's
    values and every outcome), for the Sobol design `sobol` (sobol.csv), else None, and `text`, the summary the
    CLI prints ("5 points x 10 runs (grid)")."""

    def __init__(self, r):
        t = r["tables"]
        self.points = _frame(t["sweep.csv"])
        self.experiments = _frame(t["experiments.csv"])
        self.sobol = _frame(t["sobol.csv"]) if "sobol.csv" in t else None
        self.text = r["summary"]

    def __repr__(self):
        return f"<statecraft.SweepResult {self.text}>"


def _range(path, spec):
    """A params entry's range as a tuple, or the message that it is not one (a number alone, a string of it)."""
    try:
        values = tuple(spec)
    except TypeError:
        values = ()
    if len(values) not in (2, 3):
        raise ValueError(f"params: {path}: {spec!r} is not a range (expected (low, high) or (low, high, points))")
    return values


def _bound(path, value):
    """A range's end as a float: a number, or one as text read as the CLI's --param reads it."""
    problem = (_statecraft.number_problem(value) if isinstance(value, str)
               else "is not a number" if _is_bool(value) or not isinstance(value, numbers.Real) else "")
    if problem:
        raise ValueError(f"params: {path}: {value!r} {problem} (expected (low, high) or (low, high, points) of "
                         "numbers)")
    return float(value)


def _sweep_param(path, spec):
    if isinstance(spec, str):
        return f"{path}={spec}"
    values = _range(path, spec)
    text = f"{path}={_bound(path, values[0])!r}:{_bound(path, values[1])!r}"
    return text + (f":{_integer(f'params: {path}: points', values[2], 2, 10000)}" if len(values) == 3 else "")


def _design_points(design):
    """A design of points as (CSV text, name for messages), or None for a named design ("grid", "lhs",
    "sobol"): a DataFrame (columns: paths; a problem in row i is reported at design:LINE with LINE = i + 2,
    the header being line 1) or the path of a CSV file (`sweep --design-file`)."""
    if isinstance(design, str) and design in ("grid", "lhs", "sobol"):
        return None
    if hasattr(design, "to_csv"):
        return design.to_csv(index=False), "design"  # floats as repr: they read back exactly
    if not isinstance(design, (str, os.PathLike)):
        raise TypeError('design: expected "grid", "lhs", "sobol", a DataFrame of points or the path of a CSV file of '
                        f"them, got {type(design).__name__}")
    path = os.fspath(design)
    if path == "":  # as the CLI's --design-file '': an unset variable, not a file
        raise ValueError('design: is empty (expected "grid", "lhs", "sobol", a DataFrame of points or the path of a '
                         "CSV file of them)")
    if isinstance(design, str) and "/" not in path and "." not in path and not os.path.exists(path):
        # A word, not a file's name: a design's name mistyped ("lhsx"), as the CLI's --design says it.
        raise ValueError(f"design: unknown design {design!r} (expected \"grid\", \"lhs\", \"sobol\", a DataFrame of "
                         "points or the path of a CSV file of them)")
    # Read as `sweep --design-file` reads it: a regular file within limits["file_size"] (a FIFO would block,
    # /dev/zero fill the memory); anything else is the CLI's ScenarioError.
    args = _statecraft.LoadArgs()
    args.limits = _limits()
    return _statecraft.read_design_text(path, args), path


def sweep(scenario, params=None, *, design="grid", samples=None, runs=10, bootstrap=200, variant=None, seed=None,
          steps=None, set=None, metrics=(), jobs=None, progress=None):
    """Runs every point of a design `runs` times (`statecraft sweep`).

    params: {path: (low, high)} or {path: (low, high, points)} (points: a grid's, default 5), or a list of
    "PATH=LO:HI[:N]" as the CLI's --param; design: "grid", "lhs" or "sobol", or the points themselves (then
    no params): a DataFrame whose columns are paths, one row per point, or the path of such a CSV file (as
    `--design-file`; a missing value, such as NaN, is refused at its row and column); samples: points of an lhs
    design, base rows of a sobol one (default 64), not given with a grid or a design of points; bootstrap: resamples of
    the Sobol intervals; set: {path: number} held at every point (not a swept path). Other arguments as
    ensemble().
    """
    points = _design_points(design)
    # None, not 64, by default: a samples= given beside a design of points asks for another design.
    if points and samples is not None:
        raise ValueError("samples: cannot be given with a design of points (expected one or the other: the points are the design)")
    if not points and design == "grid" and samples is not None:
        raise ValueError("samples: a grid takes no samples (expected design=\"lhs\" or \"sobol\" with it, or "
                         "points in each params entry)")
    if isinstance(params, str):  # one "PATH=LO:HI[:N]", as a list of one
        params = [params]
    if params is not None and not isinstance(params, (dict, list, tuple)):
        raise TypeError(f"params: expected a dict of path -> (low, high[, points]) or a list of 'PATH=LO:HI[:N]', got "
                        f"{type(params).__name__} (a DataFrame of points goes in design=)")
    if isinstance(params, dict) and isinstance(design, str) and design in ("lhs", "sobol"):
        for path, spec in params.items():
            if not isinstance(spec, str) and len(_range(path, spec)) == 3:
                raise ValueError(f"params: {path}: points go with a grid (expected (low, high) with design={design!r})")
    if isinstance(params, dict):
        texts = [_sweep_param(path, spec) for path, spec in params.items()]
    else:
        texts = [str(p) for p in (params or [])]
    args = _args(scenario, variant, seed, steps, set)
    text, name = points if points else ("", "")
    r = _with_progress(progress, lambda bar: _statecraft.sweep(
        args, texts, "grid" if points else str(design),
        _at_least("samples", 64 if samples is None else samples, 2, 1000000), _at_least("runs", runs, 1), _at_least("bootstrap", bootstrap, 10, 100000), _names("metrics", metrics), _jobs(jobs), bar,
        text, name))
    return SweepResult(r)


def outcomes():
    """The built-in outcomes every batch reports, in order: a list of (name, lower_is_better)."""
    return list(_statecraft.outcomes())


def model_function(scenario, *, runs=10, variant=None, seed=None, steps=None, metrics=(), jobs=None):
    """A model function in the EMA Workbench's style: keyword inputs in, a dict of outcomes out.

    The function takes each input as a keyword named by its path (`actors.CHN.growth`), and `variant` (a
    variant's name, or None for the base scenario) to pick a policy; it runs the scenario `runs` times with
    those values set (an ensemble, with the seed's common random numbers) and returns every outcome's mean
    over the runs: {"tension_final": ..., ...}, the names of statecraft.outcomes() and `final.METRIC` for each
    metric. Plug it into the Workbench (docs/python.md):

        model = Model("statecraft", function=statecraft.model_function(sc))
        model.uncertainties = [RealParameter("chn_growth", 0.02, 0.08, variable_name="actors.CHN.growth")]
        model.outcomes = [ScalarOutcome("tension_final")]
    """
    base = scenario if isinstance(scenario, Scenario) else load(scenario)
    # Checked now, not at the first call: under the EMA Workbench that is inside every experiment or worker.
    runs = _at_least("runs", runs, 1)
    jobs = None if jobs is None else _jobs(jobs)
    metrics = _names("metrics", metrics)
    _statecraft.load(_args(base, variant, seed, steps))  # the variant, the seed and the steps
    return _ModelFunction(base, runs, variant, seed, steps, metrics, jobs)


class _ModelFunction:
    """model_function's result: a class, not a closure, so that it can be pickled and sent to worker processes
    (the EMA Workbench's MultiprocessingEvaluator, concurrent.futures)."""

    __name__ = "statecraft_model"

    def __init__(self, scenario, runs, variant, seed, steps, metrics, jobs):
        self.scenario, self.runs, self.variant, self.seed = scenario, runs, variant, seed
        self.steps, self.metrics, self.jobs = steps, metrics, jobs

    def __call__(self, **inputs):
        chosen = inputs.pop("variant", self.variant)
        result = ensemble(self.scenario, self.runs, variant=chosen, seed=self.seed, steps=self.steps, set=inputs,
                          metrics=self.metrics, jobs=self.jobs, progress=False)
        return dict(zip(result.summary.outcome, result.summary["mean"].astype(float)))

    def __repr__(self):
        return f"<statecraft model of {self.scenario.name!r}, {self.runs} runs an experiment>"
