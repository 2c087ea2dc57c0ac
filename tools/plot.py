#!/usr/bin/python3
"""Plots of Statecraft outputs: trends, comparisons of variants (why they differ, which uncertain values move
them), drivers, matrices, networks, sweeps.

    tools/plot.py trends   OUTDIR --metric relations.USA-CHN.tension [--metric ...] [--variants a,b] [--band ...]
    tools/plot.py compare  OUTDIR [--outcome tension_final] [--variants a,b]
    tools/plot.py why      OUTDIR [--outcome tension_final] [--variants a,b]
    tools/plot.py sensitivity OUTDIR [--outcome O] [--of diff|value] [--measure first_order|src]
    tools/plot.py drivers  OUTDIR --pair USA-CHN [--quantity tension|trust]
    tools/plot.py matrix   OUTDIR [--year Y] [--quantity tension|trust]
    tools/plot.py network  OUTDIR [--year Y] [--layout spring|circle]
    tools/plot.py sweep    OUTDIR [--param P] [--outcome O]
    tools/plot.py sobol    OUTDIR [--outcome O]

OUTDIR is the output directory of `statecraft run` (one run), `run --runs N` (an ensemble), `compare` or
`sweep`. Every plot is written as PNG (default) or SVG (--format svg) to --out FILE, by default to
OUTDIR-plots/KIND-DETAIL.FORMAT, with -OPTION-VALUE added for each option that changes the figure and is not at
its default (docs/plots.md, "File names"), beside the output directory and not inside it (statecraft replaces an
output directory with --force only while it holds nothing but its own files). A file that exists is replaced only
if plot.py wrote it (each figure carries the mark "statecraft tools/plot.py" in its metadata). Bad input (a
missing file, an unknown metric, pair or variant, a directory of the wrong kind, a file plot.py did not write, a
flag that is not an option) is reported on one line and the exit code is 2. docs/plots.md has an example of each.

Needs Debian's python3-matplotlib, python3-pandas and python3-numpy (tools/setup.sh installs them): run it as
`tools/plot.py ...` or `/usr/bin/python3 tools/plot.py ...`.

The plot_* functions are also a library (tools/report.py and tests/plot/test_plot.py use them): each returns a
Plot holding the matplotlib Figure and, in `data`, the arrays it drew.
"""

import argparse
import difflib
import fnmatch
import hashlib
import json
import math
import os
import re
import sys
import tempfile
import textwrap


def require_modules(prog):
    """Imports numpy, pandas and matplotlib, or says in one line which one this Python lacks and exits 2."""
    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as e:
        name = (getattr(e, "name", None) or str(e)).split(".")[0]
        sys.stderr.write(f"{prog}: error: {sys.executable} has no module {name} (expected /usr/bin/python3 with "
                         f"Debian's python3-matplotlib, python3-pandas and python3-numpy, which tools/setup.sh "
                         f"installs: run /usr/bin/python3 tools/{prog} ...)\n")
        sys.exit(2)


# report.py imports this file: its own name goes in the message.
require_modules("report.py" if os.path.basename(sys.argv[0] if sys.argv else "") == "report.py" else "plot.py")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PROG = "plot.py"

# ------------------------------------------------------------------------------------------------ errors


class PlotError(Exception):
    """Bad input: printed on one line, exit code 2."""


def fail(message):
    raise PlotError(message)


WARN_PROG = [PROG]  # what a warning starts with: main() sets "plot.py KIND", report.py "report.py"
_warned = set()


def warn(message):
    """One line on stderr, `plot.py KIND: warning: ...`, once per message."""
    if message not in _warned:
        _warned.add(message)
        print(f"{WARN_PROG[0]}: warning: {message}", file=sys.stderr)


def new_spelling(text):
    """The spelling in the grammar of docs/paths.md of a metric or outcome written as output format 1 did
    (`pair.A-B.NAME`, `pair:A-B:NAME`, `actor.ID.NAME`, `actor:ID:NAME`, `region:NAME`, and `final.` with the
    dotted ones), or None when it is not such a spelling."""
    t = text.strip()
    head = "final." if t.startswith("final.") else ""
    rest = t[len(head):]
    if not head and ":" in rest:
        kind, _, tail = rest.partition(":")
        if kind in ("region", "actor", "pair", "actors", "relations"):
            rest = kind + "." + tail.replace(":", ".")
        else:
            return None
    for old, new in (("actor.", "actors."), ("pair.", "relations.")):
        if rest.startswith(old):
            rest = new + rest[len(old):]
    new = head + rest
    return new if new != t else None


def respell(text, what):
    """`text` in the grammar of docs/paths.md; an old spelling is read for one more release, with a warning."""
    new = new_spelling(text)
    if new is None:
        return text
    warn(f"{what}: '{text}' is the old spelling of '{new}' (accepted until the next release; write {new}, "
         "docs/outputs.md)")
    return new


def respell_frame(df):
    """Metric and outcome names of an output of format 1 (before the manifest's format_version 2) in today's
    spelling: the `metric` and `outcome` columns, and sweep.csv's `final.pair....` column names."""
    for col in ("metric", "outcome"):
        if col in df.columns and df[col].dtype == object:
            df[col] = df[col].map(lambda v: (new_spelling(v) or v) if isinstance(v, str) and "." in v else v)
    renamed = {c: new_spelling(c) for c in df.columns if c.startswith("final.") and new_spelling(c)}
    return df.rename(columns=renamed) if renamed else df


def written_by(path, mark):
    """Whether the regular file at `path` is a figure or report that the tool whose signature is `mark` wrote:
    the signature where that tool puts it, in a file of its kind (a PNG's Software text chunk, an SVG's creator,
    an HTML report's generator meta tag in its head), never merely somewhere in the text, which a user's notes
    or the tool's own source can hold."""
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    m = mark.encode()
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return b"tEXtSoftware\x00" + m in head
    if head.startswith(b"<?xml"):
        return b"<svg" in head and b"<dc:title>" + m + b"</dc:title>" in head
    if head.startswith(b"<!DOCTYPE html>"):
        return b'<meta name="generator" content="' + m + b'">' in head.split(b"</head>", 1)[0]
    return False


def is_statecraft_manifest(path):
    """Whether `path` is the manifest.json of a statecraft output directory (its "program" is statecraft)."""
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f).get("program") == "statecraft"
    except (OSError, ValueError, AttributeError):
        return False


def statecraft_output_holding(path):
    """The statecraft output directory (one with statecraft's manifest.json) that `path` would be written in,
    at any depth, or None."""
    # The folder it is written in, through links (a link to a folder inside an output is inside it); the file's
    # own name is not followed: a link there is replaced, not written through.
    d = os.path.realpath(os.path.dirname(path) or ".")  # the folder as the system finds it: links, then ".."
    while True:
        manifest = os.path.join(d, "manifest.json")
        if is_statecraft_manifest(manifest):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def write_atomically(path, mark, tool, write, example="figure.png"):
    """Writes a file through `write(f)` (f a binary file open for writing) and moves it into place, unless
    `path` holds a file that does not carry `mark`: what the tool did not write, it does not replace. Never
    inside a statecraft output directory: statecraft refuses to replace one that holds what it did not write, so
    the next --force run would fail. The temporary file is made new under a name no one had (mkstemp) and written
    through its own handle, never reopened by name: a link or file someone put beside it is not written
    through. `example` names a file of the kind, for the refusal of a folder as `path`."""
    holder = statecraft_output_holding(path)
    if holder is not None:
        shown = holder if os.path.isabs(path) else os.path.relpath(holder)
        fail(f"{path}: is inside the statecraft output directory {shown} (expected a path outside it, "
             f"which --force can then replace; the default is beside it)")
    if path.endswith(os.sep) or os.path.isdir(path):
        fail(f"{path}: is a directory (expected the path of a file to write, such as "
             f"{os.path.join(path, example)})")
    if os.path.lexists(path) and not written_by(path, mark):
        fail(f"{path}: exists and was not written by {tool} (expected a new file or one {tool} wrote; choose "
             f"another --out)")
    d = os.path.dirname(path)
    if d:
        blocked = next((p for p in _ancestors(d) if os.path.lexists(p) and not os.path.isdir(p)), None)
        if blocked:
            fail(f"{path}: {blocked} is a file, not a folder (expected a folder there, or another --out)")
        os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d or ".", prefix=f".{os.path.basename(path)}.tmp-")
    moved = False
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would make a figure private; as open() would make it
        os.replace(tmp, path)
        moved = True
    finally:
        if not moved:
            os.remove(tmp)


def _ancestors(d):
    """`d` and the folders above it, outermost first, as written (relative stays relative)."""
    parts = []
    while d and d not in parts:
        parts.append(d)
        d = os.path.dirname(d)
    return reversed(parts)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def beside(outdir, suffix):
    """A path next to the output directory OUTDIR: OUTDIR + suffix (out/compare -> out/compare-plots)."""
    return os.path.normpath(outdir) + suffix


MARK = "statecraft tools/plot.py"


def one_of(values, limit=30):
    values = list(values)
    text = ", ".join(str(v) for v in values[:limit])
    if len(values) > limit:
        text += f", ... ({len(values)} in all)"
    return text


def unknown(what, name, choices):
    """'unknown metric 'x' (did you mean 'y'? expected one of: ...)'."""
    choices = [str(c) for c in choices]
    # A suggestion keeps the name's scope (relations., actors., region.): a metric of another scope that happens
    # to share letters is no help.
    scope = str(name).split(".")[0] + "." if "." in str(name) else ""
    close = difflib.get_close_matches(str(name), [c for c in choices if c.startswith(scope)], n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown {what} '{name}' ({hint}expected one of: {one_of(choices)})"


# ------------------------------------------------------------------------------------------------ labels

# name: (what it is, unit) as in docs/outputs.md
REGION_METRICS = {
    "mean_tension": ("mean tension over all pairs", "0–1"),
    "max_tension": ("highest tension of any pair", "0–1"),
    "total_milex": ("total military expenditure", "bn constant US$ / year"),
    "arms_growth": ("growth of military spending", "per year"),
    "sc_index": ("security-community index", "share of pairs"),
    "mean_trust": ("mean trust over all pairs", "probability"),
    "cumulative_risk": ("cumulative conflict risk", "probability"),
    "incidents": ("incidents", "count per step"),
    "crises": ("pairs in crisis", "count per step"),
    "militarized_disputes": ("pairs in a militarized dispute", "count per step"),
    "blocs": ("alliance blocs", "count"),
    "largest_bloc": ("power share of the largest bloc", "fraction"),
    "bipolarity": ("bipolarity", "0–1"),
}
ACTOR_METRICS = {
    "gdp": ("GDP", "bn constant US$"),
    "milex": ("military expenditure", "bn constant US$ / year"),
    "share": ("military burden", "fraction of GDP"),
    "capability": ("military capability", "bn constant US$"),
    "power": ("power share", "fraction"),
    "milex_growth": ("growth of military spending", "per year"),
    "hawkishness": ("hawkishness", "0–1"),
    "transparency_strategic": ("strategic transparency", "0–1"),
    "transparency_operational": ("operational transparency", "0–1"),
}
PAIR_METRICS = {
    "tension": ("tension", "0–1"),
    "trust_ab": ("trust of {a} in {b}", "probability"),
    "trust_ba": ("trust of {b} in {a}", "probability"),
    "threat_ab": ("threat {a} perceives from {b}", "0–1"),
    "threat_ba": ("threat {b} perceives from {a}", "0–1"),
    "operations_ab": ("{a}'s operations near {b}", "0–1"),
    "operations_ba": ("{b}'s operations near {a}", "0–1"),
    "dialogue": ("dialogue", "0–1"),
    "alliance": ("alliance strength", "0–1"),
    "interdependence": ("interdependence", "0–1"),
    "risk": ("conflict risk", "expected wars per year"),
    "incident_rate": ("incident rate", "per year"),
    "incidents": ("incidents", "count per step"),
}
# Columns of actors.csv and pairs.csv that are not metrics, as the program has it (sim/scenario/metric.cpp,
# is_metric_column): text, or a number only in some rows (incident_level is empty in a step without an incident).
NOT_METRICS = {"actor": ("actors.csv", ("policy", "bloc"), ACTOR_METRICS),
               "pair": ("pairs.csv", ("stance_ab", "stance_ba", "incident_level"), PAIR_METRICS)}
OUTCOMES = {  # name: (what, unit, better)
    "tension_final": ("mean regional tension at the horizon", "0–1", "lower"),
    "tension_mean": ("mean regional tension over the run", "0–1", "lower"),
    "crises_per_year": ("crises a year", "per year", "lower"),
    "disputes_per_year": ("militarized disputes a year", "per year", "lower"),
    "cumulative_risk": ("probability of at least one war over the run", "probability", "lower"),
    "milex_spent": ("military spending summed over the run", "bn constant US$", "lower"),
    "sc_index_final": ("security-community index at the horizon", "share of pairs", "higher"),
    "incidents_per_year": ("incidents a year", "per year", "lower"),
}
SWAP_DIRECTED = {"trust_ab": "trust_ba", "trust_ba": "trust_ab", "threat_ab": "threat_ba",
                 "threat_ba": "threat_ab", "operations_ab": "operations_ba", "operations_ba": "operations_ab"}
TENSION_TERMS_DOC = ["threat", "disputes", "arms_race", "background", "incidents", "dialogue", "institutions",
                     "trust", "base_relief", "events", "bounds"]

# Okabe-Ito, distinguishable by colour-blind readers; line styles and markers carry the distinction in grey.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]
HATCHES = ["", "//", "\\\\", "xx", "..", "oo", "--", "++", "||", "**", "OO", "\\\\//"]


def style(i):
    return {"color": COLORS[i % len(COLORS)], "linestyle": LINESTYLES[(i // 2 + i) % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def outcome_better(outdir, name):
    """Which end of an outcome is better, "lower", "higher" or "neither" (docs/experiments.md, "Which end is
    better"): the manifest's `better`; for an output that does not record it, the names above (a final.METRIC
    lower, as the program then ranked it)."""
    better = (manifest(outdir).get("better") or {}).get(name)
    return better if better in ("lower", "higher", "neither") else outcome_label(name)[2]


def rank_better(outdir, name):
    """The end of an outcome a comparison took as better: the manifest's `rank_better` for its `rank_by`
    (`--better` included), else the outcome's own (outcome_better)."""
    mf = manifest(outdir)
    if mf.get("rank_by") == name and mf.get("rank_better") in ("lower", "higher"):
        return mf["rank_better"]
    return outcome_better(outdir, name)


def better_text(better, what="", prefix=""):
    """`lower is better`, or `lower tension_final is better`; for an outcome better neither way, that."""
    if better == "neither":
        return "neither end is better"
    return f"{prefix}{better} {what + ' ' if what else ''}is better"


def outcome_label(name):
    if name in OUTCOMES:
        what, unit, better = OUTCOMES[name]
        return what, unit, better
    if name.startswith("target_tension."):
        return f"tension at the horizon of the pairs {name[len('target_tension.'):]} targets", "0–1", "lower"
    if name.startswith("final."):
        spec = parse_metric(name[len("final."):], warn_old=False)
        what, unit = metric_label(spec)
        return f"final {what}", unit, "lower"
    return name, "", "lower"


# ------------------------------------------------------------------------------------------------ reading


def manifest(outdir):
    path = os.path.join(outdir, "manifest.json")
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: unreadable ({e}; expected the manifest.json statecraft writes)")


KIND_DESCRIPTION = {
    "run": "a single `statecraft run`",
    "ensemble": "`statecraft run --runs N` (an ensemble)",
    "compare": "`statecraft compare`",
    "sweep": "`statecraft sweep`",
}


def dir_kind(outdir):
    """'run', 'ensemble', 'compare' or 'sweep', from the files the directory holds."""
    if not os.path.isdir(outdir):
        fail(f"{outdir}: no such directory (expected the output directory of statecraft run, run --runs N, "
             "compare or sweep)")
    has = lambda name: os.path.isfile(os.path.join(outdir, name))  # noqa: E731
    if has("compare_summary.csv") or has("compare_trends.csv"):
        return "compare"
    if has("ensemble.csv") or has("outcomes_summary.csv"):
        return "ensemble"
    if has("sweep.csv") or has("sobol.csv"):
        return "sweep"
    if has("pairs.csv") or has("region.csv") or has("actors.csv") or has("drivers.csv"):
        return "run"
    command = manifest(outdir).get("command")
    if command in ("compare", "sweep"):
        return command
    fail(f"{outdir}: not a statecraft output directory (expected pairs.csv, ensemble.csv, compare_summary.csv "
         "or sweep.csv in it)")


def require_kind(outdir, kinds, plot):
    kind = dir_kind(outdir)
    if kind not in kinds:
        wanted = " or ".join(KIND_DESCRIPTION[k] for k in kinds)
        fail(f"{outdir} is the output of {KIND_DESCRIPTION[kind]}; the {plot} plot needs the output of {wanted}")
    return kind


FILE_ORIGIN = {
    "actors.csv": "every `statecraft run`", "pairs.csv": "every `statecraft run`",
    "region.csv": "every `statecraft run`", "events.csv": "every `statecraft run`",
    "drivers.csv": "every `statecraft run`", "ensemble.csv": "`statecraft run --runs N`",
    "outcomes_summary.csv": "`statecraft run --runs N`", "compare_summary.csv": "`statecraft compare`",
    "compare_trends.csv": "`statecraft compare`", "sweep.csv": "`statecraft sweep`",
    "sobol.csv": "`statecraft sweep --design sobol`", "compare_robust.csv": "every `statecraft compare`",
    "compare_drivers.csv": "`statecraft compare --explain`",
    "compare_sensitivity.csv": "`statecraft compare --uncertain`",
}


def read_csv(outdir, name, columns=()):
    path = os.path.join(outdir, name)
    if not os.path.isfile(path):
        fail(f"{path}: no such file (expected {name}, written by {FILE_ORIGIN.get(name, 'statecraft')})")
    try:
        df = pd.read_csv(path, keep_default_na=True, na_values=[""])
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError, OSError) as e:
        fail(f"{path}: not a readable CSV ({str(e).splitlines()[0] if str(e) else type(e).__name__}; "
             f"expected the {name} statecraft writes)")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        fail(f"{path}: missing column(s) {', '.join(missing)} (expected the columns of {name} in "
             "docs/outputs.md or docs/experiments.md)")
    return respell_frame(df)


class Run:
    """The tidy tables of one `statecraft run` (wide outputs are converted to tidy)."""

    def __init__(self, outdir):
        self.outdir = outdir
        self.manifest = manifest(outdir)
        self.wide = self.manifest.get("format") == "wide"
        self.dt = float(self.manifest.get("dt", 1) or 1)
        self.name = (self.manifest.get("scenario") or {}).get("name", os.path.basename(os.path.normpath(outdir)))
        self.variant = self.manifest.get("variant")
        self._cache = {}
        ids = list((self.manifest.get("actors") or {}).keys())
        if not ids:
            ids = list(dict.fromkeys(self.actors()["actor"]))
        self.actor_ids = ids

    def title_suffix(self):
        return f"{self.name}" + (f" [{self.variant}]" if self.variant else "")

    def split_pair(self, text):
        """'USA-CHN' -> ('USA', 'CHN') using the scenario's actor ids (ids may hold '-')."""
        for i, ch in enumerate(text):
            if ch == "-" and text[:i] in self.actor_ids and text[i + 1:] in self.actor_ids:
                return text[:i], text[i + 1:]
        return None

    def table(self, name):
        if name in self._cache:
            return self._cache[name]
        df = read_csv(self.outdir, name, ["step", "year"])
        if self.wide and name == "actors.csv":
            df = self._unwiden(df, "actor")
        elif self.wide and name == "pairs.csv":
            df = self._unwiden(df, "pair")
        elif self.wide and name == "drivers.csv":
            df = self._unwiden_drivers(df)
        self._cache[name] = df
        return df

    def _unwiden(self, df, kind):
        groups = {}
        for col in df.columns[2:]:
            prefix, _, metric = col.partition(".")
            groups.setdefault(prefix, []).append((col, metric))
        parts = []
        for prefix, cols in groups.items():
            sub = df[["step", "year"] + [c for c, _ in cols]].rename(columns=dict(cols))
            if kind == "actor":
                sub.insert(2, "actor", prefix)
            else:
                ab = self.split_pair(prefix)
                if ab is None:
                    fail(f"{os.path.join(self.outdir, 'pairs.csv')}: column '{prefix}.…' names no pair of "
                         "actors of the manifest (expected A-B.COLUMN)")
                sub.insert(2, "a", ab[0])
                sub.insert(3, "b", ab[1])
            parts.append(sub)
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values("step", kind="stable").reset_index(drop=True)

    def _unwiden_drivers(self, df):
        long = df.melt(id_vars=["step", "year"], var_name="column", value_name="value")
        rows = []
        for col in long["column"].unique():
            quantity, _, rest = col.partition(".")
            pair, _, term = rest.rpartition(".")
            ab = self.split_pair(pair)
            if ab is None:
                fail(f"{os.path.join(self.outdir, 'drivers.csv')}: column '{col}' names no pair of actors "
                     "(expected QUANTITY.A-B.TERM)")
            rows.append((col, quantity, ab[0], ab[1], term))
        meta = pd.DataFrame(rows, columns=["column", "quantity", "actor", "partner", "term"])
        out = long.merge(meta, on="column", how="left")
        out = out[["step", "year", "quantity", "actor", "partner", "term", "value"]]
        return out.sort_values("step", kind="stable").reset_index(drop=True)

    def actors(self):
        return self.table("actors.csv")

    def pairs(self):
        return self.table("pairs.csv")

    def region(self):
        return self.table("region.csv")

    def events(self):
        path = os.path.join(self.outdir, "events.csv")
        if not os.path.isfile(path):
            fail(f"{path}: no such file (expected events.csv, written by every `statecraft run`)")
        return read_csv(self.outdir, "events.csv", ["step", "year", "type", "actor", "partner", "level"])

    def drivers(self):
        return self.table("drivers.csv")

    def years(self):
        return self.region()["year"].to_numpy() if os.path.isfile(os.path.join(self.outdir, "region.csv")) \
            else np.unique(self.pairs()["year"].to_numpy())

    def pick_year(self, year):
        years = np.unique(self.pairs()["year"].to_numpy())
        if year is None:
            return years[-1]
        match = years[np.isclose(years, year)]
        if len(match) == 0:
            fail(f"--year {fmt_num(year)} is not a year of the run (expected a year from {fmt_num(years[0])} "
                 f"to {fmt_num(years[-1])} in steps of {fmt_num(self.dt)})")
        return match[0]


def fmt_num(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def count(n, noun, plural=None):
    """`1 run`, `2 runs`: the noun in the singular for one only (a count that is not a number, `?`, takes the
    plural)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


# ------------------------------------------------------------------------------------------------ metrics


class Metric:
    """A parsed metric: kind 'region' | 'actor' | 'pair', entity (actor id or 'A-B' or a glob), name."""

    def __init__(self, kind, entity, name, text):
        self.kind, self.entity, self.name, self.text = kind, entity, name, text

    def dotted(self):
        """The name in the grammar of docs/paths.md: region.NAME, actors.ID.NAME, relations.A-B.NAME."""
        scope = {"region": "region", "actor": "actors", "pair": "relations"}[self.kind]
        return f"region.{self.name}" if self.kind == "region" else f"{scope}.{self.entity}.{self.name}"


def parse_metric(text, warn_old=True):
    """region.NAME, actors.ID.NAME or relations.A-B.NAME; the spellings of output format 1 (pair:A-B:NAME,
    pair.A-B.NAME, actor:ID:NAME, actor.ID.NAME, region:NAME) with a warning."""
    t = respell(text, "--metric") if warn_old else (new_spelling(text) or text.strip())
    scope, _, rest = t.partition(".")
    if scope == "region" and rest and "." not in rest:
        return Metric("region", None, rest, text)
    if scope in ("actors", "relations") and "." in rest:
        entity, _, name = rest.rpartition(".")
        if entity and name:
            kind = "actor" if scope == "actors" else "pair"
            csv, columns, metrics = NOT_METRICS[kind]
            if name in columns:
                fail(f"'{name}' is a column of {csv} but not a metric (it is text, or empty in some rows: expected "
                     f"one of: {', '.join(metrics)})")
            return Metric(kind, entity, name, text)
    fail(f"metric '{text}': cannot read it (expected region.NAME, actors.ID.NAME or relations.A-B.NAME, e.g. "
         "relations.USA-CHN.tension, docs/outputs.md)")


def metric_label(m, a=None, b=None):
    """(what, unit) of a parsed metric with a concrete entity."""
    if m.kind == "region":
        what, unit = REGION_METRICS.get(m.name, (m.name, ""))
        return what, unit
    if m.kind == "actor":
        what, unit = ACTOR_METRICS.get(m.name, (m.name, ""))
        return f"{m.entity} {what}", unit
    if a is None:
        parts = m.entity.split("-", 1)
        a, b = (parts + [""])[:2]
    what, unit = PAIR_METRICS.get(m.name, (m.name, ""))
    if "{a}" in what:
        return what.format(a=a, b=b), unit
    return f"{a}–{b} {what}", unit


GENERIC = {"trust_ab": "trust", "trust_ba": "trust", "threat_ab": "perceived threat",
           "threat_ba": "perceived threat", "operations_ab": "military operations near the other",
           "operations_ba": "military operations near the other"}


class Series:
    """One line of a single run: label (full), short (what tells it apart in a group), generic, unit."""

    def __init__(self, label, short, generic, unit, years, values, key):
        self.label, self.short, self.generic, self.unit = label, short, generic, unit
        self.years, self.values, self.key = years, values, key


def run_series(run, spec):
    """Expand a metric of a single run ('*' globs ids) into a list of Series."""
    m = parse_metric(spec)
    out = []
    if m.kind == "region":
        df = run.region()
        names = [c for c in df.columns if c not in ("step", "year")]
        if m.name not in names:
            fail(unknown("region metric", m.name, names))
        what, unit = metric_label(m)
        out.append(Series(what, what, what, unit, df["year"].to_numpy(float), df[m.name].to_numpy(float),
                          m.dotted()))
        return out
    if m.kind == "actor":
        df = run.actors()
        names = [c for c in df.columns if c not in ("step", "year", "actor") + NOT_METRICS["actor"][1]]
        if m.name not in names:
            fail(unknown("actor metric", m.name, names))
        ids = [i for i in run.actor_ids if fnmatch.fnmatchcase(i, m.entity)]
        if not ids:
            fail(unknown("actor", m.entity, run.actor_ids))
        for aid in ids:
            sub = df[df["actor"] == aid]
            what, unit = ACTOR_METRICS.get(m.name, (m.name, ""))
            out.append(Series(f"{aid} {what}", aid, what, unit, sub["year"].to_numpy(float),
                              sub[m.name].to_numpy(float), f"actors.{aid}.{m.name}"))
        return out
    df = run.pairs()
    names = [c for c in df.columns if c not in ("step", "year", "a", "b") + NOT_METRICS["pair"][1]]
    if m.name not in names:
        fail(unknown("pair metric", m.name, names))
    pairs = list(dict.fromkeys(zip(df["a"], df["b"])))
    chosen = []
    for a, b in pairs:
        if fnmatch.fnmatchcase(f"{a}-{b}", m.entity):
            chosen.append((a, b, m.name))
        elif fnmatch.fnmatchcase(f"{b}-{a}", m.entity):
            chosen.append((a, b, SWAP_DIRECTED.get(m.name, m.name)))
    if not chosen:
        fail(unknown("pair", m.entity, [f"{a}-{b}" for a, b in pairs]))
    for a, b, name in chosen:
        sub = df[(df["a"] == a) & (df["b"] == b)]
        what, unit = metric_label(Metric("pair", f"{a}-{b}", name, spec), a, b)
        generic = GENERIC.get(name, PAIR_METRICS.get(name, (name, ""))[0])
        if name in GENERIC:
            x, y = (a, b) if name.endswith("_ab") else (b, a)
            short = f"{x}'s trust in {y}" if generic == "trust" else f"{x} toward {y}"
        else:
            short = f"{a}–{b}"
        out.append(Series(what, short, generic, unit, sub["year"].to_numpy(float), sub[name].to_numpy(float),
                          f"relations.{a}-{b}.{name}"))
    return out


def summary_metric(available, spec, where):
    """Resolve a metric against the names of ensemble.csv / compare_trends.csv: (dotted name, label, unit)."""
    m = parse_metric(spec)
    if m.kind == "pair":
        dotted = m.dotted()
        if dotted not in available:
            parts = m.entity.split("-")
            for i in range(1, len(parts)):
                a, b = "-".join(parts[:i]), "-".join(parts[i:])
                alt = f"relations.{b}-{a}.{SWAP_DIRECTED.get(m.name, m.name)}"
                if alt in available:
                    what, unit = metric_label(Metric("pair", f"{b}-{a}", SWAP_DIRECTED.get(m.name, m.name),
                                                     spec), b, a)
                    return alt, what, unit
        else:
            what, unit = metric_label(m)
            return dotted, what, unit
    elif m.dotted() in available:
        what, unit = metric_label(m)
        return m.dotted(), what, unit
    fail(unknown("metric", m.dotted(), available)[:-1] +
         f"; {where} summarises only these: add others with --metric when running)")


# ------------------------------------------------------------------------------------------------ figures


class Plot:
    """A drawn figure, what it shows, and the arrays it drew (for tests and the report)."""

    def __init__(self, fig, name, title, data):
        self.fig, self.name, self.title, self.data = fig, name, title, data
        fit_texts(fig)

    def save(self, path, fmt=None):
        fmt = fmt or (os.path.splitext(path)[1].lstrip(".").lower() or "png")
        # The mark in place of matplotlib's version and the date: the same figure gives the same bytes.
        meta = {"Software": MARK} if fmt == "png" else ({"Date": None, "Creator": MARK} if fmt == "svg" else None)
        write_atomically(path, MARK, PROG,
                         lambda f: self.fig.savefig(f, format=fmt, dpi=self.fig.dpi, metadata=meta),
                         example=f"figure.{fmt}")
        return path

    def png_bytes(self):
        import io
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=self.fig.dpi, metadata={"Software": None})
        return buf.getvalue()


def trends_size(panels):
    """Default size of a trends plot, in inches: 8 x 5 for one or two panels, 1.8 taller for each more."""
    return (8.0, 5.0 + 1.8 * max(0, panels - 2))


DEFAULT_SIZE = {  # inches (pixels: times --dpi, default 100); compare: compare_size(number of variants)
    "trends": (8.0, 5.0), "compare": (10.0, 6.0), "drivers": (9.0, 6.5), "matrix": (7.5, 6.5),
    "network": (9.0, 6.5), "sweep": (8.0, 4.5), "sobol": (8.0, 4.5),
    "why": (10.0, 6.0), "sensitivity": (10.0, 6.0),  # by their rows and columns: compare_size, sensitivity_size
}


def new_figure(kind, size=None, dpi=100):
    w, h = size or DEFAULT_SIZE[kind]
    matplotlib.rcParams["svg.hashsalt"] = "statecraft"
    fig = Figure(figsize=(w, h), dpi=dpi, layout="constrained")
    return fig


def balanced_fill(line, most):
    """`line` wrapped at spaces into lines of at most `most` characters, as few as that allows and of even
    length (no last word alone on a line)."""
    fewest = len(textwrap.wrap(line, most, break_long_words=False, break_on_hyphens=False)) or 1
    for chars in range(max(1, math.ceil(len(line) / fewest)), most + 1):
        lines = textwrap.wrap(line, chars, break_long_words=False, break_on_hyphens=False)
        if len(lines) <= fewest:
            return "\n".join(lines)
    return line


def wrap_to(text, room, renderer, along):
    """Wraps a Text at spaces so that it fits in `room` pixels measured `along` "width" or "height" (a y label
    runs along its height); True when it changed. The lines of the text as the plot wrote it are kept, and
    re-wrapped as a whole when it needs less room again."""
    box = text.get_window_extent(renderer)
    size = box.width if along == "width" else box.height
    if not text.get_visible() or not text.get_text() or size <= room:
        return False
    original = getattr(text, "_statecraft_unwrapped", text.get_text())
    longest = max(len(line) for line in text.get_text().split("\n"))
    most = max(12, int(longest * room / size * 0.97))
    wrapped = "\n".join(balanced_fill(line, most) for line in original.split("\n"))
    if wrapped == text.get_text():
        return False
    text._statecraft_unwrapped = original
    text.set_text(wrapped)
    return True


def centred_room(text, renderer, width):
    """Room for a centred title: twice the distance from its centre to the nearer edge of the figure."""
    box = text.get_window_extent(renderer)
    centre = (box.x0 + box.x1) / 2
    return 2 * min(centre, width - centre) - 4


def fit_texts(fig, passes=3):
    """Wraps what does not fit once the layout is made: an axis label longer than its axes (the labels of
    panels side by side would overlap, a panel's y label would run off the figure) and a title wider than the
    figure. Each wrap changes the layout, so it is measured again, a few times at most."""
    for _ in range(passes):
        fig.draw_without_rendering()
        renderer = fig._get_renderer()
        width = fig.bbox.width
        changed = False
        for ax in fig.axes:
            if not ax.get_visible() or not ax.axison:
                continue
            box = ax.get_window_extent(renderer)
            changed |= wrap_to(ax.xaxis.label, box.width, renderer, "width")
            changed |= wrap_to(ax.yaxis.label, box.height, renderer, "height")
            for title in (ax.title, ax._left_title, ax._right_title):
                if title.get_text():
                    changed |= wrap_to(title, centred_room(title, renderer, width), renderer, "width")
        if fig._suptitle is not None:
            changed |= wrap_to(fig._suptitle, centred_room(fig._suptitle, renderer, width), renderer, "width")
        if not changed:
            return


SLUG_MOST = 80  # characters of one part of a file name


def slug(text, keep="-_."):
    """`text` as part of a file name: letters, digits and `keep`, anything else as `_` (`*` as `all`). A part
    longer than SLUG_MOST characters is cut and ends in 8 hex digits of a hash of the whole text, so that two long
    names that begin alike do not name one file."""
    text = str(text)
    part = "".join(c if c.isalnum() or c in keep else "_" for c in text.replace("*", "all")).strip("_")
    if len(part) > SLUG_MOST:
        part = part[:SLUG_MOST - 9] + "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return part or "plot"


def with_options(base, *options):
    """A figure's default file name (without extension): `base` (KIND-DETAIL) and then, for each option that
    changes what the figure shows, `-OPTION-VALUE`, in the order given. An option at its default is given as None
    and left out, so that a figure drawn with the defaults keeps its plain name (docs/plots.md, "Output")."""
    parts = [base]
    for option, value in options:
        if value is not None:
            parts.append(f"{option}-{slug(value, keep='-_.+')}")
    return "-".join(parts)


def variants_option(drawn, default, ordered=False):
    """The value of `-variants-` in a file name: the variants drawn, joined by `+` in the order drawn, or None when
    they are those drawn by default, in the same order where the order changes the figure (`ordered`: a trend's
    line styles follow --variants; a ranked figure orders its rows itself), or when none is drawn."""
    drawn, default = list(drawn), list(default)
    if not drawn or (drawn == default if ordered else set(drawn) == set(default)):
        return None
    return "+".join(drawn)


def years_options(span, available):
    """(`from`, YEAR) and (`to`, YEAR) of --from and --to for with_options, named by the years the figure shows
    of those `available`: None where it starts at the first (ends at the last), so that --from 1900 on a run
    from 2012 is the figure without --from, and --from 2012.5 the figure of --from 2013."""
    available = np.unique(np.asarray(available, float))
    if not span or not len(available):
        return ("from", None), ("to", None)
    shown = available[year_mask(available, span)]
    if not len(shown):
        return ("from", None), ("to", None)
    return (("from", None if shown[0] <= available[0] else fmt_num(shown[0])),
            ("to", None if shown[-1] >= available[-1] else fmt_num(shown[-1])))


LEGEND_ROW = 0.19  # inches a legend entry of one line takes at fontsize "small"


def legend_columns(ax, labels, title=None):
    """Columns enough for a legend beside the axes to be no taller than them (a taller one would run into the
    next panel's legend, or leave constrained layout no room for the axes)."""
    fig = ax.get_figure()
    height = ax.get_position().height * fig.get_size_inches()[1]
    lines = sum(str(label).count("\n") + 1 for label in labels)
    title_lines = str(title).count("\n") + 1 if title else 0
    rows = max(1, int(height / LEGEND_ROW) - title_lines)
    return max(1, math.ceil(lines / rows))


def legend_outside(ax, **kw):
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize="small",
                     frameon=False, ncol=legend_columns(ax, labels, kw.get("title")), **kw)


def split_list(values):
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values or []:
        out += [x.strip() for x in str(v).split(",") if x.strip()]
    return out


def year_ticks(*axes):
    """Ticks at whole years on a time axis (no 2012.5)."""
    from matplotlib.ticker import MaxNLocator
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def year_mask(years, span):
    if not span:
        return np.ones(len(years), bool)
    lo, hi = span
    mask = np.ones(len(years), bool)
    if lo is not None:
        mask &= years >= lo
    if hi is not None:
        mask &= years <= hi
    return mask


def log_scale_wanted(arrays, decades=2):
    """Whether the values of one panel span more than `decades` decades (all positive): on a linear axis the
    small ones would lie flat on zero, so the panel takes a log scale."""
    values = np.concatenate([np.asarray(a, float) for a in arrays]) if arrays else np.array([])
    values = values[np.isfinite(values)]
    if len(values) == 0 or values.min() <= 0:
        return False
    return values.max() / values.min() > 10 ** decades


def scale_panel(ax, arrays, unit):
    """A log scale for a panel whose drawn values call for it (log_scale_wanted); the unit, with ", log scale"
    added when it took one, for the axis label."""
    if not log_scale_wanted(arrays):
        return unit
    ax.set_yscale("log")
    return f"{unit}, log scale" if unit else "log scale"


BAND_COLUMNS = {"50": ("p25", "p50", "p75"), "90": ("p5", "p50", "p95"), "both": ("p5", "p25", "p50", "p75", "p95"),
                "none": ("p50",)}


def year_arg(text):
    """A year given on the command line (--from, --to, --year): a finite number; '', 'nan' and 'inf' are refused
    with what was expected (argparse's float took 'nan', which then matched no year)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a year (expected a number, e.g. 2020)")
    return value


def span_mask(years, span, of="the run"):
    """year_mask for --from/--to: refused (one line, exit 2) when they leave no year of `of` to draw."""
    mask = year_mask(years, span)
    if span and len(years) and not mask.any():
        lo, hi = span
        first, last = fmt_num(float(np.min(years))), fmt_num(float(np.max(years)))
        if lo is not None and hi is not None and lo > hi:
            fail(f"--from {fmt_num(lo)} is after --to {fmt_num(hi)} (expected --from before --to)")
        if lo is not None and lo > float(np.max(years)):
            fail(f"--from {fmt_num(lo)} is after the last year of {of}, {last} (expected a year from {first} "
                 f"to {last})")
        if hi is not None and hi < float(np.min(years)):
            fail(f"--to {fmt_num(hi)} is before the first year of {of}, {first} (expected a year from {first} "
                 f"to {last})")
        fail(f"no year of the run falls in --from/--to (expected years from {first} to {last})")
    return mask


# --- trends


def plot_trends(outdir, metrics, variants=None, band=None, years=None, size=None, dpi=100, title=None):
    """Metrics over time. Single run: the values; ensemble: median with 50% and 90% bands; compare: one
    median line and band per variant (one panel per metric)."""
    metrics = split_list(metrics)
    if not metrics:
        fail("no metric given (expected --metric, e.g. --metric relations.USA-CHN.tension or region.mean_tension)")
    kind = require_kind(outdir, ("run", "ensemble", "compare"), "trends")
    # The file name spells each metric as the program does today: an old spelling names the same figure.
    base = "trends-" + slug("+".join(new_spelling(m) or m for m in metrics))
    data = {}
    if kind == "run":
        run = Run(outdir)
        series = []
        for spec in metrics:
            series += run_series(run, spec)
        units = list(dict.fromkeys(s.unit for s in series))
        fig = new_figure("trends", size or trends_size(len(units)), dpi)
        axes = fig.subplots(len(units), 1, sharex=True, squeeze=False)[:, 0]
        for ax, unit in zip(axes, units):
            group = [s for s in series if s.unit == unit]
            same = len({s.generic for s in group}) == 1
            for i, s in enumerate(group):  # by place in the panel: each actor has one style in every panel
                mask = span_mask(s.years, years)
                ax.plot(s.years[mask], s.values[mask], label=s.short if same else s.label, gid=s.key,
                        markevery=(i % 3, max(1, int(mask.sum()) // 12)), markersize=4, **style(i))
                data[s.key] = {"year": s.years[mask], "value": s.values[mask]}
            unit = scale_panel(ax, [s.values[span_mask(s.years, years)] for s in group], unit)
            if len(group) == 1:
                ax.set_ylabel(f"{group[0].label} ({unit})")
            elif same:
                ax.set_ylabel(f"{group[0].generic} ({unit})")
                legend_outside(ax)
            else:
                ax.set_ylabel(f"value ({unit})" if unit else "value")
                legend_outside(ax)
            ax.grid(True, alpha=0.3)
        axes[-1].set_xlabel("year")
        year_ticks(*axes)
        generics = list(dict.fromkeys(s.generic for s in series))
        what = series[0].label if len(series) == 1 else (
            generics[0][:1].upper() + generics[0][1:] + (" by actor" if metrics_kind(metrics) == "actor" else "")
            if len(generics) == 1 else "Trends")
        ttl = title or f"{cap(what)} — {run.title_suffix()}"
        axes[0].set_title(ttl)
        return Plot(fig, with_options(base, *years_options(years, np.concatenate([s.years for s in series]))), ttl,
                    data)

    mf = manifest(outdir)
    name = (mf.get("scenario") or {}).get("name", os.path.basename(os.path.normpath(outdir)))
    if kind == "ensemble":
        df = read_csv(outdir, "ensemble.csv", ["step", "year", "metric", "n", "p5", "p25", "p50", "p75", "p95"])
        available = list(dict.fromkeys(df["metric"]))
        resolved = [summary_metric(available, spec, "ensemble.csv") for spec in metrics]
        band = band or "both"
        units = list(dict.fromkeys(r[2] for r in resolved))
        fig = new_figure("trends", size or trends_size(len(units)), dpi)
        axes = fig.subplots(len(units), 1, sharex=True, squeeze=False)[:, 0]
        for i, (dotted, what, unit) in enumerate(resolved):
            sub = df[df["metric"] == dotted]
            x = sub["year"].to_numpy(float)
            mask = span_mask(x, years)
            sub = sub[mask]
            x = x[mask]
            ax = axes[units.index(unit)]
            st = style(i)
            add_bands(ax, x, sub, band, st["color"], what if len(resolved) > 1 else None)
            ax.plot(x, sub["p50"].to_numpy(float), label=f"{what}: median" if len(resolved) > 1 else "median",
                    gid=dotted, markevery=max(1, len(x) // 12), markersize=4, **st)
            data[dotted] = {c: sub[c].to_numpy(float) for c in ("p5", "p25", "p50", "p75", "p95")}
            data[dotted]["year"] = x
        n = int(df["n"].max())
        for ax, unit in zip(axes, units):
            labels = [r[1] for r in resolved if r[2] == unit]
            drawn = [data[r[0]][c] for r in resolved if r[2] == unit for c in BAND_COLUMNS[band]]
            unit = scale_panel(ax, drawn, unit)
            ax.set_ylabel(f"{labels[0]} ({unit})" if len(labels) == 1 else unit)
            ax.grid(True, alpha=0.3)
            legend_outside(ax)
        axes[-1].set_xlabel("year")
        year_ticks(*axes)
        what = resolved[0][1] if len(resolved) == 1 else "Trends"
        ttl = title or f"{cap(what)} — {name}, {count(n, 'run')}"
        axes[0].set_title(ttl)
        return Plot(fig, with_options(base, ("band", None if band == "both" else band),
                                      *years_options(years, df["year"].to_numpy(float))),
                    ttl, data)

    # compare
    df = read_csv(outdir, "compare_trends.csv", ["variant", "step", "year", "metric", "p5", "p25", "p50",
                                                  "p75", "p95"])
    available = list(dict.fromkeys(df["metric"]))
    resolved = [summary_metric(available, spec, "compare_trends.csv") for spec in metrics]
    all_variants = list(dict.fromkeys(df["variant"]))
    chosen = split_list(variants) or all_variants
    for v in chosen:
        if v not in all_variants:
            fail(unknown("variant", v, all_variants))
    band = band or "50"
    runs = mf.get("runs")
    fig = new_figure("trends", size or trends_size(len(resolved)), dpi)
    axes = fig.subplots(len(resolved), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (dotted, what, unit) in zip(axes, resolved):
        for i, v in enumerate(chosen):
            sub = df[(df["metric"] == dotted) & (df["variant"] == v)]
            x = sub["year"].to_numpy(float)
            mask = span_mask(x, years)
            sub, x = sub[mask], x[mask]
            st = style(i)
            add_bands(ax, x, sub, band, st["color"], None, legend=False)
            ax.plot(x, sub["p50"].to_numpy(float), label=v, gid=f"{v}:{dotted}",
                    markevery=(i % 4, max(1, len(x) // 10)), markersize=4, **st)
            data[(v, dotted)] = {c: sub[c].to_numpy(float) for c in ("p5", "p25", "p50", "p75", "p95")}
            data[(v, dotted)]["year"] = x
        drawn = [data[(v, dotted)][c] for v in chosen for c in BAND_COLUMNS[band]]
        ax.set_ylabel(f"{what} ({scale_panel(ax, drawn, unit)})")
        ax.grid(True, alpha=0.3)
    note = {"50": "bands: 50% of runs (p25–p75)", "90": "bands: 90% of runs (p5–p95)",
            "both": "bands: 50% and 90% of runs", "none": ""}[band]
    legend_outside(axes[0], title="median of each variant" + (f"\n{note}" if note else ""), title_fontsize="small")
    axes[-1].set_xlabel("year")
    year_ticks(*axes)
    what = resolved[0][1] if len(resolved) == 1 else "Trends"
    ttl = title or f"{cap(what)} by variant — {name}" + (f", {count(runs, 'run')} each" if runs else "")
    axes[0].set_title(ttl)
    return Plot(fig, with_options(base, ("variants", variants_option(chosen, all_variants, ordered=True)),
                                  ("band", None if band == "50" else band),
                                  *years_options(years, df["year"].to_numpy(float))), ttl, data)


def cap(text):
    return text[:1].upper() + text[1:]


def metrics_kind(metrics):
    kinds = {parse_metric(m, warn_old=False).kind for m in metrics}
    return kinds.pop() if len(kinds) == 1 else None


def add_bands(ax, x, sub, band, color, what, legend=True):
    prefix = f"{what}: " if what else ""
    if band in ("90", "both"):
        ax.fill_between(x, sub["p5"].to_numpy(float), sub["p95"].to_numpy(float), color=color, alpha=0.15,
                        linewidth=0, label=f"{prefix}90% of runs (p5–p95)" if legend else None)
    if band in ("50", "both"):
        ax.fill_between(x, sub["p25"].to_numpy(float), sub["p75"].to_numpy(float), color=color,
                        alpha=0.35 if band == "both" else 0.2, linewidth=0,
                        label=f"{prefix}50% of runs (p25–p75)" if legend else None)


# --- compare


def compare_table(outdir, outcome=None, variants=None):
    """Rows of compare_summary.csv for one outcome, best first (by mean; 'better' from docs/experiments.md).
    Whether a variant differs from the baseline is the program's `differs` column (its interval excludes 0 and
    its size is above the outcome's practical `threshold`), read, not recomputed."""
    require_kind(outdir, ("compare",), "compare")
    outcome = outcome or ranking_outcome(outdir)
    df = read_csv(outdir, "compare_summary.csv", ["variant", "outcome", "n", "mean", "ci_low", "ci_high", "diff",
                                                   "diff_ci_low", "diff_ci_high", "baseline", "threshold",
                                                   "differs"])
    outcomes = list(dict.fromkeys(df["outcome"]))
    if outcome not in outcomes:
        fail(unknown("outcome", outcome, outcomes))
    sub = df[df["outcome"] == outcome].copy()
    all_variants = list(sub["variant"])
    chosen = split_list(variants)
    for v in chosen:
        if v not in all_variants:
            fail(unknown("variant", v, all_variants))
    if chosen:
        sub = sub[sub["variant"].isin(chosen)]
    better = rank_better(outdir, outcome)
    sub = sub.sort_values("mean", ascending=(better != "higher"), kind="stable").reset_index(drop=True)
    sub["differs"] = sub["differs"].astype(int) == 1
    sub["holds_zero"] = (sub["diff_ci_low"] <= 0) & (sub["diff_ci_high"] >= 0)
    sub["is_baseline"] = sub["variant"] == sub["baseline"]
    return sub


def diff_text(d, low, high):
    """A difference and its interval as `statecraft compare` prints them: three significant digits of the
    difference itself (four decimals down to 0.001, more below, then scientific notation)."""
    if d == 0 and low == 0 and high == 0:
        return "0 [0, 0]"
    size = abs(d) if d != 0 else max(abs(low), abs(high))
    decimals = max(4, 2 - int(np.floor(np.log10(size))))
    f = ".2e" if decimals > 8 else f".{decimals}f"
    sign = "0" if d == 0 else f"{'+' if d > 0 else ''}{d:{f}}"  # no "+0.0000" (nor "+-0.0000" of a -0)
    return f"{sign} [{low:{f}}, {high:{f}}]"


def compare_size(n):
    """Default size of the compare plot, in inches, for n variants: 10 wide, a row of 0.28 per variant."""
    return (10.0, round(max(3.2, min(9.0, 1.9 + 0.28 * n)), 2))


def plot_compare(outdir, outcome=None, variants=None, size=None, dpi=100, title=None):
    """Each variant's mean with its 95% CI, and its paired difference to the baseline (forest plot), ranked."""
    outcome = outcome or ranking_outcome(outdir)
    t = compare_table(outdir, outcome, variants)
    mf = manifest(outdir)
    name = (mf.get("scenario") or {}).get("name", "")
    what, unit, _ = outcome_label(outcome)
    better = better_text(rank_better(outdir, outcome))
    baseline = t["baseline"].iloc[0] if len(t) else ""
    n = int(t["n"].max()) if len(t) else 0
    fig = new_figure("compare", size or compare_size(len(t)), dpi)
    ax1, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1]})
    y = np.arange(len(t))[::-1]  # best at the top
    data = {"variant": t["variant"].to_numpy(), "y": y}
    for col in ("mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high"):
        data[col] = t[col].to_numpy(float)
    for ax, c, lo, hi in ((ax1, "mean", "ci_low", "ci_high"), (ax2, "diff", "diff_ci_low", "diff_ci_high")):
        for group, marker, face, label in (
                (t["is_baseline"], "s", "black", f"baseline ({baseline})"),
                (~t["is_baseline"] & t["differs"], "o", "#0072B2", "differs from the\nbaseline"),
                (~t["is_baseline"] & ~t["differs"] & t["holds_zero"], "o", "white",
                 "not distinguishable\n(the CI holds 0)"),
                (~t["is_baseline"] & ~t["differs"] & ~t["holds_zero"], "D", "0.75",
                 "negligible (within\nthe threshold)")):
            g = t[group]
            if len(g) == 0:
                continue
            yy = y[group.to_numpy()]
            m = g[c].to_numpy(float)
            ax.errorbar(m, yy, xerr=[m - g[lo].to_numpy(float), g[hi].to_numpy(float) - m], fmt=marker,
                        markerfacecolor=face, markeredgecolor="black", ecolor="black", capsize=3, markersize=6,
                        elinewidth=1.2, label=label, gid=f"{c}:{label}")
        ax.grid(True, axis="x", alpha=0.3)
        for yy in y[::2]:
            ax.axhspan(yy - 0.5, yy + 0.5, color="0.93", zorder=0, linewidth=0)
    ax2.axvline(0, color="black", linewidth=0.8, linestyle="--")
    ax1.set_yticks(y)
    ax1.set_yticklabels(t["variant"])
    ax1.set_ylim(-0.7, len(t) - 0.3)
    u = f" ({unit})" if unit else ""
    ax1.set_xlabel(f"{what}{u}\nmean over runs with 95% CI")
    ax2.set_xlabel(f"paired difference to {baseline}{u}\nmean with 95% CI; {better}")
    ax1.set_title("each variant")  # the outcome's name is in the figure's title: a long one fits there
    ax2.set_title("difference to the baseline")
    ax2.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small", frameon=False, ncol=1,
               borderaxespad=0, title="markers", title_fontsize="small")
    ttl = title or f"{outcome}: {what} — {name}, {count(n, 'run')} per variant, ranked ({better})"
    fig.suptitle(ttl)
    every = read_csv(outdir, "compare_summary.csv", ["variant", "outcome"])
    every = list(every[every["outcome"] == outcome]["variant"])
    return Plot(fig, with_options("compare-" + slug(outcome), ("variants", variants_option(t["variant"], every))),
                ttl, data)


# --- the robust ranking, why variants differ, which uncertain values matter (compare, --explain, --uncertain)


# --rank-criterion of `statecraft compare`: what its table's title calls the criterion, and which end ranks first
# (sim/experiment/compare.cpp, ranking_title).
RANK_CRITERIA = {"mean": ("mean", ""), "regret": ("mean regret", "lowest mean regret first"),
                 "max-regret": ("maximum regret", "lowest maximum regret first"),
                 "p-best": ("probability of being best", "highest P(best) first")}


def rank_criterion(outdir):
    """The criterion `statecraft compare` ranked its table by: the manifest's `rank_criterion`; for an output that
    does not record it, mean regret when uncertain values were drawn and the mean otherwise, as the program
    chooses (sim/experiment/compare.cpp, rank_criterion)."""
    mf = manifest(outdir)
    criterion = mf.get("rank_criterion") or ("regret" if mf.get("uncertain") else "mean")
    if criterion not in RANK_CRITERIA:
        fail(f"{os.path.join(outdir, 'manifest.json')}: unknown rank_criterion '{criterion}' (expected one of: "
             f"{one_of(RANK_CRITERIA)})")
    return criterion


def ranking_title(criterion, outcome, better):
    """The title of the program's table: `Variants ranked by mean regret on tension_final (lowest mean regret
    first; lower tension_final is better)`, with `better` the end taken as better (rank_better)."""
    if criterion == "mean":
        return f"Variants ranked by {outcome} ({better} is better)"
    what, first = RANK_CRITERIA[criterion]
    return f"Variants ranked by {what} on {outcome} ({first}; {better} {outcome} is better)"


ROBUST_COLUMNS = ["variant", "outcome", "runs", "mean", "diff", "diff_ci_low", "diff_ci_high", "p_best",
                  "p_beats_baseline", "p_beats_low", "p_beats_high", "mean_regret", "max_regret"]


def robust_table(outdir):
    """compare_robust.csv in the order of the table `statecraft compare` printed, best first, and the criterion:
    by the criterion (a regret lowest first, P(best) highest first, the mean from the outcome's better end), ties
    broken by mean regret and then by the mean, full ties in the file's order (sim/experiment/compare.cpp,
    rank_order). The numbers are read as written (ten significant digits): variants that differ only beyond
    those could be ordered otherwise than the program did."""
    require_kind(outdir, ("compare",), "robust ranking")
    df = read_csv(outdir, "compare_robust.csv", ROBUST_COLUMNS)
    criterion = rank_criterion(outdir)
    if df.empty:
        return df, criterion
    lower = rank_better(outdir, df["outcome"].iloc[0]) == "lower"
    mean_key = df["mean"].to_numpy(float) * (1 if lower else -1)
    key = {"mean": mean_key, "regret": df["mean_regret"].to_numpy(float),
           "max-regret": df["max_regret"].to_numpy(float), "p-best": -df["p_best"].to_numpy(float)}[criterion]
    regret = df["mean_regret"].to_numpy(float)
    order = sorted(range(len(df)), key=lambda i: (key[i], regret[i], mean_key[i]))
    return df.iloc[order].reset_index(drop=True), criterion


def ranking_order(outdir):
    """The variants in the order of the program's table, or None for an output without compare_robust.csv."""
    if not os.path.isfile(os.path.join(outdir, "compare_robust.csv")):
        return None
    return list(robust_table(outdir)[0]["variant"])


def ranking_outcome(outdir):
    """The outcome the comparison ranked by (its --rank-by, the outcome of compare_robust.csv); tension_final
    for an output without that file."""
    if os.path.isfile(os.path.join(outdir, "compare_robust.csv")):
        df = read_csv(outdir, "compare_robust.csv", ["outcome"])
        if len(df):
            return str(df["outcome"].iloc[0])
    return "tension_final"


def variants_in_rank_order(outdir, present, chosen, baseline=None):
    """`present` (the variants of a file) in the order of the program's table (else as they are), without the
    baseline when it is given, narrowed to `chosen` (--variants; an unknown one is refused)."""
    chosen = split_list(chosen)
    for v in chosen:
        if v not in present:
            fail(unknown("variant", v, present))
    order = ranking_order(outdir) or []
    ranked = [v for v in order if v in present] + [v for v in present if v not in order]
    return [v for v in ranked if v != baseline and (not chosen or v in chosen)]


def note_instead(ax, gid, text):
    """A figure that has nothing to draw says so in the middle of its axes."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, gid=gid)
    ax.set_xticks([])
    ax.set_yticks([])


WHY_SHOWN = 3  # each variant's largest terms, as on the program's "why" line
WHY_MOST = 8   # terms with a colour of their own at most; the rest are summed as "others"


def why_quantity(terms_by_quantity, outcome):
    """The quantity of compare_drivers.csv that breaks `outcome` down: tension for tension_final, a target
    tension for itself (sim/experiment/compare_drivers.cpp, quantity_of)."""
    quantity = "tension" if outcome == "tension_final" else outcome
    if quantity == "trust" or quantity not in terms_by_quantity:
        return None
    return quantity


def why_terms(diffs, shown=WHY_SHOWN, most=WHY_MOST):
    """The terms to draw: each variant's `shown` largest by size (rows of `diffs`: variant, columns: term), the
    largest `most` of them over all variants (by their summed size)."""
    size = diffs.abs()
    picked = set()
    for _, row in size.iterrows():
        picked.update(row.sort_values(ascending=False, kind="stable").index[:shown])
    total = size.sum(axis=0)
    return sorted(picked, key=lambda t: (-total[t], list(diffs.columns).index(t)))[:most]


def plot_why(outdir, outcome=None, variants=None, size=None, dpi=100, title=None):
    """Each variant's mean difference to the baseline on a tension outcome, broken down by driver term
    (compare_drivers.csv, compare --explain): the largest terms stacked from 0 (those that raise it to the right,
    those that lower it to the left), the rest as "others", and the difference itself with its 95% interval."""
    require_kind(outdir, ("compare",), "why")
    d = read_csv(outdir, "compare_drivers.csv", ["variant", "quantity", "term", "mean", "diff", "diff_ci_low",
                                                  "diff_ci_high", "baseline"])
    quantities = list(dict.fromkeys(d["quantity"]))
    if outcome is None:  # the ranking outcome, or tension_final when it is not a tension, as the program does
        outcome = ranking_outcome(outdir)
        if why_quantity(quantities, outcome) is None:
            outcome = "tension_final"
    quantity = why_quantity(quantities, outcome)
    if quantity is None:
        broken_down = ["tension_final"] + [q for q in quantities if q.startswith("target_tension.")]
        summary = os.path.join(outdir, "compare_summary.csv")
        known = set(read_csv(outdir, "compare_summary.csv", ["outcome"])["outcome"]) if os.path.isfile(summary) \
            else set()
        if outcome in known:
            fail(f"outcome '{outcome}' is not broken down by driver term (expected one of: {one_of(broken_down)}; "
                 "compare_drivers.csv breaks down tensions only)")
        fail(unknown("outcome", outcome, broken_down))
    sel = d[d["quantity"] == quantity]
    baseline = str(sel["baseline"].iloc[0]) if len(sel) else ""
    present = list(dict.fromkeys(sel["variant"]))
    shown_variants = variants_in_rank_order(outdir, present, variants, baseline)
    file_name = with_options(f"why-{slug(outcome)}", ("variants", variants_option(
        shown_variants, variants_in_rank_order(outdir, present, None, baseline))))
    wide = sel.pivot_table(index="variant", columns="term", values="diff", sort=False).reindex(shown_variants)
    terms = [t for t in dict.fromkeys(sel["term"]) if t != "final"]
    final = sel[sel["term"] == "final"].set_index("variant").reindex(shown_variants)
    _, unit, _ = outcome_label(outcome)
    better = better_text(rank_better(outdir, outcome))
    mf = manifest(outdir)
    name = (mf.get("scenario") or {}).get("name", "")
    fig = new_figure("why", size or compare_size(len(shown_variants)), dpi)
    ax = fig.subplots()
    runs = count(mf.get("runs", "?"), "run")
    ttl = title or f"Why variants differ from {baseline} on {outcome} — {name}, {runs} per variant"
    data = {"variant": shown_variants, "outcome": outcome, "quantity": quantity, "baseline": baseline}
    if not shown_variants:
        note_instead(ax, "only-baseline", f"nothing to break down: the comparison holds only its baseline, "
                                          f"{baseline}")
        ax.set_title(ttl)
        return Plot(fig, file_name, ttl, dict(data, only_baseline=True))
    diffs = wide[terms].astype(float).fillna(0.0)
    drawn = why_terms(diffs)
    others = diffs.drop(columns=drawn).sum(axis=1).to_numpy(float)
    y = np.arange(len(shown_variants))[::-1]  # best at the top
    right, left = np.zeros(len(y)), np.zeros(len(y))
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#A0A0A0",
               "#FFFFFF", "#C49A6C", "#B8B8E8", "#D0D0D0"]
    model_terms = [t for t in terms if t != "start"]
    # A term keeps the colour and hatch it has in the drivers plot of a run (its place among the model's terms).
    looks = {t: (palette[i % len(palette)], HATCHES[i % len(HATCHES)]) for i, t in enumerate(model_terms)}
    looks["start"] = ("#FFFFFF", "..")
    for label, values, (color, hatch) in [(t, diffs[t].to_numpy(float), looks[t]) for t in drawn] + \
            [(f"others ({count(len(terms) - len(drawn), 'term')})", others, ("0.85", "||"))]:
        if label.startswith("others") and len(terms) == len(drawn):
            continue
        pos, neg = np.clip(values, 0, None), np.clip(values, None, 0)
        kw = dict(height=0.6, color=color, edgecolor="black", linewidth=0.3, hatch=hatch)
        gid = "others" if label.startswith("others") else label
        ax.barh(y, pos, left=right, label=label, gid=f"term:{gid}:+", **kw)
        ax.barh(y, neg, left=left, gid=f"term:{gid}:-", **kw)
        right += pos
        left += neg
    net, lo, hi = (final[c].to_numpy(float) for c in ("diff", "diff_ci_low", "diff_ci_high"))
    ax.errorbar(net, y, xerr=[net - lo, hi - net], fmt="D", markerfacecolor="black", markeredgecolor="white",
                ecolor="black", capsize=3, markersize=6, elinewidth=1.2, zorder=3,
                label="the difference\n(mean, 95% CI)", gid="net")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels(shown_variants)
    ax.set_ylim(-0.7, len(y) - 0.3)
    ax.grid(True, axis="x", alpha=0.3)
    u = f" ({unit})" if unit else ""
    ax.set_xlabel(f"contribution to the difference to {baseline}{u}: each term summed over the run, "
                  f"variant less baseline; {better}")
    legend_outside(ax, title="term (+ raises, − lowers)", title_fontsize="small")
    ax.set_title(ttl)
    data.update({"y": y, "terms": {t: diffs[t].to_numpy(float) for t in terms}, "drawn": drawn, "others": others,
                 "net": net, "net_low": lo, "net_high": hi})
    return Plot(fig, file_name, ttl, data)


SENSITIVITY_MEASURES = {"first_order": "first-order index by binning\n(share of the variance)",
                        "src": "standardized regression\ncoefficient (signed)"}


def short_paths(paths):
    """Paths without the dotted head and tail they all share, and the pattern that restores them:
    (['arf', 'dct'], 'institutions.NAME.strength'); the paths themselves when they share none (or are one)."""
    parts = [p.split(".") for p in paths]
    if len(parts) < 2:
        return list(paths), None
    head = 0
    while all(len(p) > head + 1 for p in parts) and len({p[head] for p in parts}) == 1:
        head += 1
    tail = 0
    while all(len(p) > head + tail + 1 for p in parts) and len({p[-1 - tail] for p in parts}) == 1:
        tail += 1
    if head == 0 and tail == 0:
        return list(paths), None
    middle = [".".join(p[head:len(p) - tail]) for p in parts]
    pattern = ".".join(parts[0][:head] + ["NAME"] + (parts[0][len(parts[0]) - tail:] if tail else []))
    return middle, pattern


def sensitivity_size(rows, columns):
    """Default size of the sensitivity heat map, in inches: 0.9 a column and 0.34 a row beside room for the
    names, within 8 x 3.5 and 14 x 9."""
    return (round(max(8.0, min(14.0, 4.5 + 0.9 * columns)), 2), round(max(3.5, min(9.0, 2.4 + 0.34 * rows)), 2))


def plot_sensitivity(outdir, outcome=None, of="diff", measure="first_order", variants=None, size=None, dpi=100,
                     title=None):
    """Which uncertain values move an outcome (compare_sensitivity.csv, compare --uncertain): a heat map of each
    variant's index (rows, ranked as the program's table) for each uncertain input (columns), on its difference to
    the baseline (`of` diff, what moves the ranking) or on its own value."""
    require_kind(outdir, ("compare",), "sensitivity")
    if of not in ("diff", "value"):
        fail(f"--of {of}: unknown (expected diff or value)")
    if measure not in SENSITIVITY_MEASURES:
        fail(f"--measure {measure}: unknown measure (expected first_order or src)")
    s = read_csv(outdir, "compare_sensitivity.csv", ["variant", "outcome", "of", "input", "measure", "value", "rank"])
    outcomes = list(dict.fromkeys(s["outcome"]))
    outcome = outcome or ranking_outcome(outdir)
    if outcome not in outcomes:
        fail(unknown("outcome", outcome, outcomes))
    summary = read_csv(outdir, "compare_summary.csv", ["variant", "baseline"])
    baseline = str(summary["baseline"].iloc[0]) if len(summary) else ""
    sel = s[(s["outcome"] == outcome) & (s["of"] == of) & (s["measure"] == measure)]
    present = list(dict.fromkeys(s[s["outcome"] == outcome]["variant"]))
    rows = variants_in_rank_order(outdir, present, variants, baseline if of == "diff" else None)
    file_name = with_options(f"sensitivity-{slug(outcome)}-{of}",
                             ("measure", None if measure == "first_order" else measure),
                             ("variants", variants_option(rows, variants_in_rank_order(
                                 outdir, present, None, baseline if of == "diff" else None))))
    mf = manifest(outdir)
    declared = [u.get("path") for u in (mf.get("uncertain") or []) if isinstance(u, dict)]
    inputs = [i for i in declared if i in set(sel["input"])] + \
        [i for i in dict.fromkeys(sel["input"]) if i not in declared]
    # Only the inputs of the variants shown (a variant alone has a few of the scenario's)
    shown = set(sel[sel["variant"].isin(rows)]["input"])
    inputs = [i for i in inputs if i in shown]
    grid = np.full((len(rows), len(inputs)), np.nan)
    has = np.zeros(grid.shape, bool)  # the variant (or, for a difference, it or the baseline) has the input
    at_row, at_col = {v: k for k, v in enumerate(rows)}, {p: k for k, p in enumerate(inputs)}
    for r in sel.itertuples(index=False):
        if r.variant in at_row:
            grid[at_row[r.variant], at_col[r.input]] = r.value
            has[at_row[r.variant], at_col[r.input]] = True
    name = (mf.get("scenario") or {}).get("name", "")
    on = f"the difference to {baseline} in {outcome}" if of == "diff" else outcome
    ttl = title or f"Which uncertain values move {on} — {name}, {count(mf.get('runs', '?'), 'run')} per variant"
    fig = new_figure("sensitivity", size or sensitivity_size(len(rows), len(inputs)), dpi)
    ax = fig.subplots()
    data = {"variant": rows, "input": inputs, "value": grid, "has": has, "outcome": outcome, "of": of,
            "measure": measure}
    if not rows:
        note_instead(ax, "only-baseline", f"no differences to screen: the comparison holds only its baseline, "
                                          f"{baseline}")
        ax.set_title(ttl)
        return Plot(fig, file_name, ttl, dict(data, no_variance=False))
    if not np.isfinite(grid).any():
        # Every index is undefined: the outcome (or difference) is the same in every run, or the runs are too few.
        runs = mf.get("runs")
        too_few = f"{count(runs, 'run')} {'is' if runs == 1 else 'are'}" if runs is not None else "the runs are"
        note_instead(ax, "no-variance", f"no index: {on} does not vary in any run of these variants,\n"
                                        f"or {too_few} too few to screen (docs/experiments.md)")
        ax.set_title(ttl)
        return Plot(fig, file_name, ttl, dict(data, no_variance=True))
    low, high = (0.0, 1.0) if measure == "first_order" else (-1.0, 1.0)
    cmap = matplotlib.colormaps["viridis" if measure == "first_order" else "cividis"].copy()
    cmap.set_bad("0.88")
    im = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=low, vmax=high, interpolation="nearest",
                   aspect="auto")
    for i in range(len(rows)):
        for j in range(len(inputs)):
            v = grid[i, j]
            text = f"{v:.2f}" if np.isfinite(v) else ("n/d" if has[i, j] else "—")
            light = np.isfinite(v) and (v - low) / (high - low) < 0.55
            ax.text(j, i, text, ha="center", va="center", fontsize=7, gid=f"cell:{rows[i]}:{inputs[j]}",
                    color="white" if light else ("0.35" if not np.isfinite(v) else "black"))
    labels, pattern = short_paths(inputs)
    ax.set_xticks(range(len(inputs)))
    # Upright names side by side, or turned a quarter when there are many: a slanted name's box would reach
    # over its neighbours'.
    ax.set_xticklabels(labels, rotation=90 if len(inputs) > 3 else 0)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.set_xlabel(f"uncertain input{f' {pattern}' if pattern else ''} (—: not an input of the variant"
                  f"{' or the baseline' if of == 'diff' else ''}; n/d: not defined, too few runs or no variance)")
    fig.colorbar(im, ax=ax, label=SENSITIVITY_MEASURES[measure], shrink=0.9)
    ax.set_title(ttl)
    return Plot(fig, file_name, ttl, dict(data, no_variance=False))


# --- drivers


EVENT_STYLES = {"arms_sale": "--", "set": ":", "policy_change": "-.", "stance_change": (0, (5, 1, 1, 1)),
                "institution_start": (0, (1, 3)), "institution_end": (0, (1, 3)),
                "exercise": (0, (6, 1, 1, 1, 1, 1)), "provocation": (0, (8, 2)),
                "unannounced_test": (0, (2, 1)), "trust_shock": (0, (3, 1, 3, 3)),
                "tension_shock": (0, (3, 1, 3, 3)), "suspend_dialogue": (0, (1, 1)), "resume_dialogue": (0, (1, 1))}


def plot_drivers(outdir, pair, quantity="tension", years=None, size=None, dpi=100, title=None):
    """Stacked contributions of each term to the change of a pair's tension (or of one direction's trust,
    in log-odds) per step, the net change, and the level with the pair's incidents and events."""
    require_kind(outdir, ("run",), "drivers")
    if quantity not in ("tension", "trust"):
        fail(f"--quantity {quantity}: unknown quantity (expected tension or trust)")
    run = Run(outdir)
    ab = run.split_pair(pair or "")
    if ab is None:
        pairs = list(dict.fromkeys(f"{a}-{b}" for a, b in zip(run.pairs()["a"], run.pairs()["b"])))
        fail(unknown("pair", pair, pairs))
    a, b = ab
    d = run.drivers()
    for col in ("quantity", "actor", "partner", "term", "value"):
        if col not in d.columns:
            fail(f"{os.path.join(outdir, 'drivers.csv')}: missing column {col} (expected the drivers.csv of "
                 "docs/outputs.md)")
    q = d[d["quantity"] == quantity]
    if quantity == "tension":
        sel = q[(q["actor"] == a) & (q["partner"] == b)]
        if sel.empty:
            sel = q[(q["actor"] == b) & (q["partner"] == a)]
            a, b = b, a
    else:
        sel = q[(q["actor"] == a) & (q["partner"] == b)]
    if sel.empty:
        pairs = list(dict.fromkeys(f"{x}-{y}" for x, y in zip(q["actor"], q["partner"])))
        fail(unknown("pair", pair, pairs))
    terms = list(dict.fromkeys(sel["term"]))
    table = sel.pivot_table(index="year", columns="term", values="value", aggfunc="sum").reindex(columns=terms)
    table = table.fillna(0.0)
    yrs = every_year = table.index.to_numpy(float)
    # A step's terms are dated by the year it ends: the first is a step after the run's first year.
    mask = span_mask(yrs, years, "the drivers (dated by the year each step ends)")
    table, yrs = table[mask], yrs[mask]
    if len(yrs) == 0:
        fail("no step of the run falls in --from/--to (expected years within the run)")
    pairs_df = run.pairs()
    canon = pairs_df[(pairs_df["a"] == a) & (pairs_df["b"] == b)]
    flipped = canon.empty
    if flipped:
        canon = pairs_df[(pairs_df["a"] == b) & (pairs_df["b"] == a)]
    if quantity == "tension":
        level_col = "tension"
        level_label, level_unit = f"{a}–{b} tension", "0–1"
        change_unit = "tension units per step"
        qname = f"{a}–{b} tension"
    else:
        level_col = "trust_ba" if flipped else "trust_ab"
        level_label, level_unit = f"{a}'s trust in {b}", "probability"
        change_unit = "log-odds per step"
        qname = f"{a}'s trust in {b}"
    lx = canon["year"].to_numpy(float)
    lmask = year_mask(lx, (yrs[0] - run.dt * 1.0001, yrs[-1]))
    lx, ly = lx[lmask], canon[level_col].to_numpy(float)[lmask]

    fig = new_figure("drivers", size, dpi)
    ax, axl = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    width = 0.8 * run.dt
    pos_bottom = np.zeros(len(yrs))
    neg_bottom = np.zeros(len(yrs))
    drawn = []
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#A0A0A0",
               "#FFFFFF", "#C49A6C", "#B8B8E8", "#D0D0D0"]
    for i, term in enumerate(terms):
        v = table[term].to_numpy(float)
        if not np.any(np.abs(v) > 1e-12):
            continue
        color = palette[i % len(palette)]
        hatch = HATCHES[i % len(HATCHES)]
        pos, neg = np.clip(v, 0, None), np.clip(v, None, 0)
        kw = dict(width=width, color=color, edgecolor="black", linewidth=0.3, hatch=hatch)
        ax.bar(yrs, pos, bottom=pos_bottom, label=term, gid=f"term:{term}:+", **kw)
        ax.bar(yrs, neg, bottom=neg_bottom, gid=f"term:{term}:-", **kw)
        pos_bottom += pos
        neg_bottom += neg
        drawn.append(term)
    net = table.to_numpy(float).sum(axis=1)
    ax.plot(yrs, net, color="black", marker="o", markersize=3.5, linewidth=1.2, label="net change",
            gid="net")
    ax.axhline(0, color="black", linewidth=0.6)
    top, bottom = pos_bottom.max(initial=0.0), neg_bottom.min(initial=0.0)
    pad = 0.08 * max(top - bottom, 1e-9)
    ax.set_ylim(min(bottom, net.min(initial=0.0)) - pad, max(top, net.max(initial=0.0)) + pad)
    ax.set_ylabel(f"contribution to the change in\n{qname} ({change_unit})")
    ax.grid(True, axis="y", alpha=0.3)
    legend_outside(ax, title="term (+ raises, − lowers)", title_fontsize="small")

    axl.plot(lx, ly, color="black", linewidth=1.5, label=level_label, gid="level")
    axl.set_ylabel(f"{level_label}\n({level_unit})")
    axl.set_xlabel("year (bars: the step ending that year)")
    year_ticks(ax, axl)
    axl.grid(True, alpha=0.3)

    # Events: events.csv gives the step in which an event applied; its effect shows in the next row, the
    # year + dt that the bars and the level use (docs/outputs.md).
    ev = run.events()
    ev = ev.assign(shown=ev["year"].astype(float) + run.dt)
    inv = ev[ev["actor"].isin([a, b]) | ev["partner"].isin([a, b])]
    incidents = inv[(inv["type"] == "incident") & inv["actor"].isin([a, b]) & inv["partner"].isin([a, b])]
    others = inv[inv["type"] != "incident"]
    others = others[year_mask(others["shown"].to_numpy(float), (yrs[0] - 1e-9, yrs[-1] + 1e-9))]
    incidents = incidents[year_mask(incidents["shown"].to_numpy(float), (yrs[0] - 1e-9, yrs[-1] + 1e-9))]
    ev_handles = []
    for etype, g in others.groupby("type", sort=False):
        ls = EVENT_STYLES.get(etype, (0, (3, 2)))
        for x in sorted(set(g["shown"])):
            for axis in (ax, axl):
                axis.axvline(x, color="0.35", linewidth=0.9, linestyle=ls, zorder=0.5, gid=f"event:{etype}")
        ev_handles.append(Line2D([], [], color="0.35", linewidth=0.9, linestyle=ls,
                                 label=f"{etype} ({len(g)})"))
    level_of = {0: ("o", "white", "contained incident"), 1: ("^", "#E69F00", "crisis"),
                2: ("X", "#D55E00", "militarized dispute")}
    level_at = dict(zip(lx, ly))
    for lev, (marker, face, label) in level_of.items():
        g = incidents[incidents["level"].fillna(0).astype(int) == lev]
        if g.empty:
            continue
        xs = g["shown"].to_numpy(float)
        ys = np.array([level_at.get(x, np.interp(x, lx, ly)) for x in xs])
        axl.scatter(xs, ys, marker=marker, s=60, facecolor=face, edgecolor="black", zorder=3,
                    label=f"{label} ({len(g)})", gid=f"incident:{lev}")
    handles, labels = axl.get_legend_handles_labels()
    axl.legend(handles + ev_handles, labels + [h.get_label() for h in ev_handles], loc="upper left",
               bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize="small", frameon=False,
               title="incidents between them,\nevents touching them", title_fontsize="small")
    ttl = title or (f"What moved {qname}, {fmt_num(yrs[0])}–{fmt_num(yrs[-1])} — {run.title_suffix()}")
    ax.set_title(ttl)
    data = {"year": yrs, "terms": {t: table[t].to_numpy(float) for t in terms}, "drawn": drawn, "net": net,
            "level_year": lx, "level": ly, "incidents": incidents[["shown", "level", "actor", "partner"]],
            "events": others[["shown", "type", "actor", "partner"]], "pair": (a, b), "quantity": quantity}
    return Plot(fig, with_options(f"drivers-{slug(a)}-{slug(b)}-{quantity}", *years_options(years, every_year)), ttl,
                data)


# --- matrix and network


def bloc_order(run, year):
    act = run.actors()
    at = act[np.isclose(act["year"].to_numpy(float), year)]
    bloc = dict(zip(at["actor"], at["bloc"])) if "bloc" in at.columns else {}
    idx = {aid: i for i, aid in enumerate(run.actor_ids)}
    order = sorted(run.actor_ids, key=lambda x: (idx.get(bloc.get(x, x), idx[x]), idx[x]))
    return order, bloc, at


def plot_matrix(outdir, year=None, quantity="tension", size=None, dpi=100, title=None):
    """Heat map of tension (or trust: row's trust in column) between all pairs at a year, grouped by bloc."""
    require_kind(outdir, ("run",), "matrix")
    if quantity not in ("tension", "trust"):
        fail(f"--quantity {quantity}: unknown quantity (expected tension or trust)")
    run = Run(outdir)
    year = run.pick_year(year)
    order, bloc, _ = bloc_order(run, year)
    p = run.pairs()
    p = p[np.isclose(p["year"].to_numpy(float), year)]
    n = len(order)
    pos = {aid: i for i, aid in enumerate(order)}
    mat = np.full((n, n), np.nan)
    for r in p.itertuples(index=False):
        i, j = pos[r.a], pos[r.b]
        if quantity == "tension":
            mat[i, j] = mat[j, i] = r.tension
        else:
            mat[i, j] = r.trust_ab
            mat[j, i] = r.trust_ba
    fig = new_figure("matrix", size, dpi)
    ax = fig.subplots()
    cmap = matplotlib.colormaps["viridis" if quantity == "tension" else "cividis"].copy()
    cmap.set_bad("0.85")
    im = ax.imshow(np.ma.masked_invalid(mat), cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    for i in range(n):
        for j in range(n):
            v = mat[i, j]
            if np.isnan(v):
                if i == j:
                    ax.text(j, i, "—", ha="center", va="center", fontsize=8, color="0.4")
                continue
            ax.text(j, i, f"{v:.2f}".lstrip("0") if v < 1 else "1", ha="center", va="center", fontsize=7,
                    color="white" if v < 0.55 else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(order, rotation=90)
    ax.set_yticklabels(order)
    # bloc boundaries
    blocs = [bloc.get(x, x) for x in order]
    for k in range(1, n):
        if blocs[k] != blocs[k - 1]:
            ax.axhline(k - 0.5, color="white", linewidth=2.5)
            ax.axvline(k - 0.5, color="white", linewidth=2.5)
            ax.axhline(k - 0.5, color="black", linewidth=0.8)
            ax.axvline(k - 0.5, color="black", linewidth=0.8)
    if quantity == "tension":
        cb_label, what = "tension (0–1)", "Tension"
        ax.set_xlabel("actor (grouped by alliance bloc; lines separate blocs)")
        ax.set_ylabel("actor")
    else:
        cb_label, what = "trust: row's belief that column is a security seeker (probability)", "Trust"
        ax.set_xlabel("trusted actor (grouped by alliance bloc; lines separate blocs)")
        ax.set_ylabel("trusting actor")
    fig.colorbar(im, ax=ax, label=cb_label, shrink=0.85)
    ttl = title or f"{what} between every pair, {fmt_num(year)} — {run.title_suffix()}"
    ax.set_title(ttl)
    return Plot(fig, f"matrix-{quantity}-{fmt_num(year)}", ttl,
                {"order": order, "matrix": mat, "year": year, "blocs": blocs})


def circle_layout(n):
    ang = np.pi / 2 - 2 * np.pi * np.arange(n) / max(n, 1)
    return np.column_stack([np.cos(ang), np.sin(ang)])


def spring_layout(weights, iterations=400):
    """Fruchterman-Reingold from a circle, deterministic: attraction along edges in proportion to their
    weight, repulsion between all nodes, and a pull to the centre that keeps loosely tied nodes in view."""
    n = len(weights)
    pos = circle_layout(n)
    if n <= 2:
        return pos
    k = math.sqrt(1.0 / n)
    temp = 0.1
    for it in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        rep = k * k / dist ** 2
        attr = weights * dist / k
        force = ((rep - attr)[:, :, None] * delta).sum(axis=1)
        force -= 0.6 * pos / k
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos = pos + force / length[:, None] * np.minimum(length, temp)[:, None]
        temp = 0.1 * (1 - (it + 1) / iterations) + 0.001
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def plot_network(outdir, year=None, layout="spring", min_strength=0.05, size=None, dpi=100, title=None):
    """The alliance network at a year: nodes sized by power share, edges by alliance strength."""
    require_kind(outdir, ("run",), "network")
    if layout not in ("spring", "circle"):
        fail(f"--layout {layout}: unknown layout (expected spring or circle)")
    if not 0 <= min_strength < 1:
        fail(f"--min-strength {min_strength:g}: out of range (expected a number in [0, 1))")
    run = Run(outdir)
    year = run.pick_year(year)
    order, bloc, at = bloc_order(run, year)
    power = dict(zip(at["actor"], at["power"].astype(float)))
    p = run.pairs()
    p = p[np.isclose(p["year"].to_numpy(float), year)]
    idx = {aid: i for i, aid in enumerate(order)}
    n = len(order)
    w = np.zeros((n, n))
    edges = []
    for r in p.itertuples(index=False):
        s = float(r.alliance)
        if s > min_strength:
            i, j = idx[r.a], idx[r.b]
            w[i, j] = w[j, i] = s
            edges.append((r.a, r.b, s))
    pos = circle_layout(n) if layout == "circle" else spring_layout(w)
    threshold = float(((run.manifest.get("parameters") or {}).get("alliances") or {}).get("bloc_threshold", 0.5))
    fig = new_figure("network", size, dpi)
    # The legends get an axes of their own beside the graph's: the graph, square (equal aspect), never runs
    # under them whatever the figure's shape.
    ax, key_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.6, 1]})
    key_ax.set_axis_off()
    widths = {}
    edge_width = lambda s: 0.5 + 7.5 * s  # noqa: E731
    edge_color = lambda s: str(round(0.75 - 0.55 * s, 3))  # noqa: E731
    for a_, b_, s in sorted(edges, key=lambda e: e[2]):
        i, j = idx[a_], idx[b_]
        widths[(a_, b_)] = edge_width(s)
        ax.plot(pos[[i, j], 0], pos[[i, j], 1], color=edge_color(s), linestyle="-" if s > threshold else "--",
                linewidth=edge_width(s), zorder=1, solid_capstyle="round", gid=f"edge:{a_}-{b_}")
    blocs = list(dict.fromkeys(bloc.get(x, x) for x in order))
    node_area = lambda share: 120 + 4000 * share  # noqa: E731
    sizes = np.array([node_area(power.get(x, 0.0)) for x in order])
    handles = []
    for bi, bl in enumerate(blocs):
        members = [i for i, x in enumerate(order) if bloc.get(x, x) == bl]
        color = COLORS[bi % len(COLORS)] if len(members) > 1 else "white"
        hatch = HATCHES[bi % len(HATCHES)] if len(members) > 1 else ""
        ax.scatter(pos[members, 0], pos[members, 1], s=sizes[members], facecolor=color, edgecolor="black",
                   linewidth=1.0, zorder=2, hatch=hatch, marker="o", gid=f"bloc:{bl}")
        if len(members) > 1:
            handles.append(Patch(facecolor=color, edgecolor="black", hatch=hatch,
                                 label=f"bloc of {bl} ({len(members)})"))
    if len(handles) < len(blocs):
        handles.append(Patch(facecolor="white", edgecolor="black", label="no ally above the\nbloc threshold"))
    for i, x in enumerate(order):
        ax.annotate(x, pos[i], xytext=(0, 0), textcoords="offset points", ha="center", va="center",
                    fontsize=8, fontweight="bold", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    handles += [Line2D([], [], color=edge_color(s), linewidth=edge_width(s), label=f"alliance {s:g}")
                for s in (1.0, 0.6)]
    handles.append(Line2D([], [], color=edge_color(0.2), linewidth=edge_width(0.2), linestyle="--",
                          label=f"alliance 0.2 (not above the\nbloc threshold {threshold:g}: dashed)"))
    key_ax.add_artist(key_ax.legend(handles=handles, loc="upper left", borderaxespad=0, fontsize="small",
                                    frameon=False, labelspacing=0.9))
    # Node sizes in a legend of their own, its keys as tall as the largest node so that they do not overlap.
    shares = (0.05, 0.25)
    sizes_pt = [math.sqrt(node_area(s)) for s in shares]
    key = max(sizes_pt) / matplotlib.font_manager.FontProperties(size="small").get_size_in_points()
    key_ax.legend(handles=[Line2D([], [], linestyle="", marker="o", markersize=m, markerfacecolor="white",
                                  markeredgecolor="black", label=f"power share {s:.0%}")
                           for s, m in zip(shares, sizes_pt)],
                  loc="lower left", borderaxespad=0, fontsize="small", frameon=False, handleheight=key * 1.1,
                  handlelength=key * 1.1, title="node area", title_fontsize="small")
    ax.set_aspect("equal")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_visible(False)
    ttl = title or f"Alliances, {fmt_num(year)} — {run.title_suffix()}"
    ax.set_title(ttl)
    ax.set_xlabel(f"node area: power share; edge width: alliance strength (0–1), edges above {min_strength:g}; "
                  f"{layout} layout", fontsize="small")
    return Plot(fig, with_options(f"network-{fmt_num(year)}", ("layout", None if layout == "spring" else layout),
                                  ("min-strength", None if min_strength == 0.05 else f"{min_strength:g}")), ttl,
                {"order": order, "pos": pos, "power": np.array([power.get(x, 0.0) for x in order]),
                 "edges": edges, "widths": widths, "year": year, "min_strength": min_strength})


# --- sweep and sobol


def sweep_params(df):
    """Parameter columns of sweep.csv: those between 'point' and 'runs'."""
    cols = list(df.columns)
    if "point" not in cols or "runs" not in cols:
        fail("sweep.csv: missing columns point/runs (expected the sweep.csv of docs/experiments.md)")
    return cols[cols.index("point") + 1:cols.index("runs")]


def sweep_outcomes(df):
    return [c[:-5] for c in df.columns if c.endswith("_mean") and f"{c[:-5]}_ci_low" in df.columns]


def resolve_param(params, name):
    if name is None:
        if len(params) == 1:
            return params[0]
        fail(f"the sweep varied {len(params)} parameters (expected --param, one of: {one_of(params)})")
    if name in params:
        return name
    tail = [p for p in params if p.endswith("." + name) or p.split(".")[-1] == name]
    if len(tail) == 1:
        return tail[0]
    fail(unknown("parameter", name, params))


def plot_sweep(outdir, param=None, outcome="tension_final", size=None, dpi=100, title=None):
    """An outcome against one swept parameter, the mean at each point with its 95% CI."""
    require_kind(outdir, ("sweep",), "sweep")
    df = read_csv(outdir, "sweep.csv", ["point", "runs"])
    params = sweep_params(df)
    param = resolve_param(params, param)
    outs = sweep_outcomes(df)
    if outcome not in outs:
        fail(unknown("outcome", outcome, outs))
    what, unit, better = outcome_label(outcome)
    others = [p for p in params if p != param]
    mf = manifest(outdir)
    design = next((v.split("=", 1)[1] for v in mf.get("variants", []) if str(v).startswith("design=")), None)
    fig = new_figure("sweep", size, dpi)
    ax = fig.subplots()
    data = {}
    combos = df[others].drop_duplicates() if others else pd.DataFrame([{}])
    grid_lines = design in (None, "grid") and len(combos) <= 6
    if grid_lines:
        for i, (_, combo) in enumerate(combos.iterrows()):
            sel = np.ones(len(df), bool)
            for p in others:
                sel &= np.isclose(df[p].to_numpy(float), float(combo[p]))
            g = df[sel].sort_values(param, kind="stable")
            x = g[param].to_numpy(float)
            m = g[f"{outcome}_mean"].to_numpy(float)
            lo, hi = g[f"{outcome}_ci_low"].to_numpy(float), g[f"{outcome}_ci_high"].to_numpy(float)
            st = style(i)
            label = ", ".join(f"{p} = {combo[p]:g}" for p in others) or "mean with 95% CI"
            ax.fill_between(x, lo, hi, color=st["color"], alpha=0.15, linewidth=0)
            ax.errorbar(x, m, yerr=[m - lo, hi - m], capsize=3, markersize=5, label=label, gid=f"line:{i}",
                        **st)
            data[label] = {"x": x, "mean": m, "ci_low": lo, "ci_high": hi, "point": g["point"].to_numpy()}
    else:
        g = df.sort_values(param, kind="stable")
        x = g[param].to_numpy(float)
        m = g[f"{outcome}_mean"].to_numpy(float)
        lo, hi = g[f"{outcome}_ci_low"].to_numpy(float), g[f"{outcome}_ci_high"].to_numpy(float)
        ax.errorbar(x, m, yerr=[m - lo, hi - m], fmt="none", ecolor="0.6", capsize=2, zorder=1)
        if len(others) == 1:
            sc = ax.scatter(x, m, c=g[others[0]].to_numpy(float), cmap="viridis", marker="o", s=22,
                            edgecolor="black", linewidth=0.4, zorder=2, gid="points")
            fig.colorbar(sc, ax=ax, label=others[0])
        else:
            ax.scatter(x, m, color="#0072B2", marker="o", s=22, edgecolor="black", linewidth=0.4, zorder=2,
                       gid="points")
        data["points"] = {"x": x, "mean": m, "ci_low": lo, "ci_high": hi, "point": g["point"].to_numpy()}
    ax.set_xlabel(param + ("" if grid_lines else f"   (each point of the {design or 'design'}; others vary)"))
    ax.set_ylabel(f"{what}" + (f" ({unit})" if unit else "") + "\nmean with 95% CI")
    ax.grid(True, alpha=0.3)
    if grid_lines and len(data) > 1:
        legend_outside(ax)  # one line needs no legend: the y label says what it is
    runs = int(df["runs"].max())
    name = (mf.get("scenario") or {}).get("name", "")
    ttl = title or f"{outcome} against {param}\n{name}, {count(runs, 'run')} per point"
    ax.set_title(ttl, fontsize="medium")
    return Plot(fig, f"sweep-{slug(param)}-{slug(outcome)}", ttl, data)


SOBOL_CAPSIZE = 4  # points: half the width of a whisker's cap


def plot_sobol(outdir, outcome="tension_final", size=None, dpi=100, title=None):
    """Sobol first-order and total indices of one outcome, per parameter, with their bootstrap intervals."""
    require_kind(outdir, ("sweep",), "sobol")
    path = os.path.join(outdir, "sobol.csv")
    if not os.path.isfile(path):
        fail(f"{path}: no such file (expected sobol.csv, written by `statecraft sweep --design sobol`)")
    df = read_csv(outdir, "sobol.csv", ["outcome", "param", "first_order", "first_low", "first_high", "total",
                                         "total_low", "total_high"])
    outs = list(dict.fromkeys(df["outcome"]))
    if outcome not in outs:
        fail(unknown("outcome", outcome, outs))
    g = df[df["outcome"] == outcome]
    params = list(g["param"])
    x = np.arange(len(params))
    fig = new_figure("sobol", size, dpi)
    ax = fig.subplots()
    mf = manifest(outdir)
    name = (mf.get("scenario") or {}).get("name", "")
    ttl = title or f"Sensitivity of {outcome} — {name}"
    if "status" in g.columns and (g["status"] == "no variance").all():
        # The outcome is the same at every point: there is no variance to apportion, and no index to draw.
        ax.text(0.5, 0.5, f"no variance: {outcome} is the same at every point of the design,\n"
                "so there is nothing to apportion among the parameters", ha="center", va="center",
                transform=ax.transAxes, gid="no-variance")
        ax.set_xticks(x)
        ax.set_xticklabels(params)
        ax.set_yticks([])
        ax.set_title(ttl)
        return Plot(fig, f"sobol-{slug(outcome)}", ttl, {"param": params, "no_variance": True})
    wdt = 0.38
    vals = np.concatenate([g[c].to_numpy(float) for c in ("first_order", "total")])
    lo_lim = min(-0.1, max(-0.5, np.nanmin(vals) - 0.05))
    hi_lim = max(1.1, min(1.5, np.nanmax(vals) + 0.05))
    data = {"param": params}
    clipped = False
    for k, (c, lo, hi, label, hatch, color) in enumerate((
            ("first_order", "first_low", "first_high", "first order S1", "", "#0072B2"),
            ("total", "total_low", "total_high", "total ST", "//", "#E69F00"))):
        v = g[c].to_numpy(float)
        l, h = g[lo].to_numpy(float), g[hi].to_numpy(float)
        xs = x + (k - 0.5) * wdt
        ax.bar(xs, v, width=wdt, color=color, edgecolor="black", hatch=hatch, label=label, gid=f"bar:{c}")
        ax.errorbar(xs, v, yerr=[np.clip(v - l, 0, None), np.clip(h - v, 0, None)], fmt="none", ecolor="black",
                    capsize=SOBOL_CAPSIZE, gid=f"ci:{c}")
        for xx, vv, name in zip(xs, v, params):
            yy = min(max(vv, lo_lim), hi_lim)
            # At the bar's end (beyond it when the bar is short, inside when long) and beside the whisker, which
            # runs up the bar's middle: the first-order value to its left, the total to its right, clear of
            # the caps (CAPSIZE points either side of it).
            inside = abs(yy) > 0.2 * (hi_lim - lo_lim)
            up = (vv >= 0) != inside
            side = -1 if k == 0 else 1
            ax.annotate(f"{vv:.2f}", (xx, yy), xytext=(side * (SOBOL_CAPSIZE + 2), 3 if up else -3),
                        textcoords="offset points", ha="right" if side < 0 else "left",
                        va="bottom" if up else "top", fontsize=7, gid=f"value:{c}:{name}",
                        bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
        for xx, ll, hh in zip(xs, l, h):
            if hh > hi_lim:
                ax.annotate("▲", (xx, hi_lim), ha="center", va="top", fontsize=8)
                clipped = True
            if ll < lo_lim:
                ax.annotate("▼", (xx, lo_lim), ha="center", va="bottom", fontsize=8)
                clipped = True
        data[c] = v
        data[lo] = l
        data[hi] = h
    ax.set_ylim(lo_lim, hi_lim)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(params, rotation=15 if len(params) > 3 else 0, ha="right" if len(params) > 3 else "center")
    ax.set_ylabel("Sobol index (share of the\noutcome's variance)")
    ax.set_xlabel("parameter" + ("   (▲▼: interval runs past the axis)" if clipped else ""))
    ax.grid(True, axis="y", alpha=0.3)
    legend_outside(ax, title="bars: estimate\nwhiskers: 95%\nbootstrap interval", title_fontsize="small")
    ax.set_title(ttl)
    return Plot(fig, f"sobol-{slug(outcome)}", ttl, data)


# ------------------------------------------------------------------------------------------------ command line


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2, no abbreviated options (`--var` is not --variants), and a
    flag that is not an option refused first, with the nearest option (check_flags)."""

    def __init__(self, *args, **kw):
        kw.setdefault("allow_abbrev", False)
        super().__init__(*args, **kw)

    def error(self, message):
        # "argument --from: '' is not a year (...)" is said as the program says it: "--from: ...".
        message = re.sub(r"^argument (-\w+/)?(--[\w-]+): ", r"\2: ", message)
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        sys.exit(2)

    def parse_args(self, args=None, namespace=None):
        args = sys.argv[1:] if args is None else [str(a) for a in args]
        self.check_flags(args)
        return super().parse_args(args, namespace)

    def options(self):
        return [o for action in self._actions for o in action.option_strings]

    def check_flags(self, args):
        """Refuses the first flag in `args` that is not an option of the command it is given to, as the program does
        (`--varients: not an option of compare (did you mean --variants?)`), before argparse's own checks: argparse
        would report a missing required option first (`--metrc` as `--metric is required`) and an unknown one
        without a suggestion. A flag is what argparse takes for one: a word starting with '-' that is not '-' alone,
        a negative number or a text with a space (those are values), up to '--'."""
        subs = next((a for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)
        parser, command = self, self.prog
        for arg in args:
            if arg == "--":
                return
            if not arg.startswith("-") or arg == "-" or " " in arg or NEGATIVE_NUMBER.match(arg):
                if subs is not None and parser is self:  # the first word is the command (KIND)
                    if arg not in subs.choices:
                        return  # argparse says it is not one
                    parser, command = subs.choices[arg], arg
                continue
            flag = arg.split("=", 1)[0] if arg.startswith("--") else arg
            known = parser.options()
            if flag in known:
                continue
            close = difflib.get_close_matches(flag, known, n=1, cutoff=0.6)
            listed = [o for o in known if o.startswith("--") and o != "--help"]
            if close:
                hint = f"did you mean {close[0]}?"
            elif listed or subs is None:
                hint = f"expected one of: {', '.join(listed)}; see {parser.prog} --help"
            else:  # before the command: only the command's own options are flags
                hint = f"expected KIND first, one of: {', '.join(subs.choices)}; see {parser.prog} --help"
            sys.stderr.write(f"{parser.prog}: error: {flag}: not an option of {command} ({hint})\n")
            sys.exit(2)


NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")  # as argparse tells a negative number from a flag


def year_span(args):
    lo, hi = getattr(args, "from_year", None), getattr(args, "to_year", None)
    return (lo, hi) if lo is not None or hi is not None else None


def main(argv=None):
    p = Parser(prog=PROG, description="Plots of Statecraft output directories (docs/plots.md).")
    sub = p.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser)
    sub.required = True

    def common(sp):
        sp.add_argument("outdir", metavar="OUTDIR", help="output directory of statecraft run/compare/sweep")
        sp.add_argument("--out", metavar="FILE", help="where to write (default OUTDIR-plots/KIND-....FORMAT)")
        sp.add_argument("--format", choices=("png", "svg"), help="png (default, or from --out's extension) or svg")
        sp.add_argument("--dpi", type=int, default=100, help="pixels per inch (default 100)")
        sp.add_argument("--size", metavar="WxH", help="figure size in inches, e.g. 8x5 (defaults per kind)")
        sp.add_argument("--title", help="replace the title")

    def years(sp):
        sp.add_argument("--from", dest="from_year", type=year_arg, metavar="YEAR", help="first year shown")
        sp.add_argument("--to", dest="to_year", type=year_arg, metavar="YEAR", help="last year shown")

    s = sub.add_parser("trends", help="metrics over time (run, ensemble or compare)")
    common(s)
    years(s)
    s.add_argument("--metric", action="append", required=True,
                   help="region.NAME, actors.ID.NAME or relations.A-B.NAME (repeatable; '*' globs ids in a single run)")
    s.add_argument("--variants", action="append", help="compare: variants to draw, comma-separated (default all)")
    s.add_argument("--band", choices=("50", "90", "both", "none"),
                   help="spread drawn around the median: 50 (p25-p75), 90 (p5-p95), both or none "
                        "(default: both for an ensemble, 50 for a comparison)")

    s = sub.add_parser("compare", help="variants' outcomes with 95%% CIs and paired differences (compare)")
    common(s)
    s.add_argument("--outcome", help="outcome (default: the one the comparison ranked by)")
    s.add_argument("--variants", action="append", help="variants to show, comma-separated (default all)")

    s = sub.add_parser("why", help="each variant's difference to the baseline by driver term (compare --explain)")
    common(s)
    s.add_argument("--outcome", help="tension_final or target_tension.VARIANT (default: the ranking outcome when "
                                     "it is one of these, else tension_final)")
    s.add_argument("--variants", action="append", help="variants to show, comma-separated (default all)")

    s = sub.add_parser("sensitivity", help="which uncertain values move an outcome (compare --uncertain)")
    common(s)
    s.add_argument("--outcome", help="outcome (default: the one the comparison ranked by)")
    s.add_argument("--of", choices=("diff", "value"), default="diff",
                   help="diff: the difference to the baseline (default); value: the variant's own outcome")
    s.add_argument("--measure", choices=("first_order", "src"), default="first_order",
                   help="first_order: first-order index by binning (default); src: standardized regression "
                        "coefficient")
    s.add_argument("--variants", action="append", help="variants to show, comma-separated (default all)")

    s = sub.add_parser("drivers", help="what moved a pair's tension or trust, step by step (run)")
    common(s)
    years(s)
    s.add_argument("--pair", required=True, help="A-B; for trust, A's trust in B")
    s.add_argument("--quantity", choices=("tension", "trust"), default="tension")

    s = sub.add_parser("matrix", help="tension or trust between all pairs at a year (run)")
    common(s)
    s.add_argument("--year", type=year_arg, help="year (default the last)")
    s.add_argument("--quantity", choices=("tension", "trust"), default="tension")

    s = sub.add_parser("network", help="alliance network at a year (run)")
    common(s)
    s.add_argument("--year", type=year_arg, help="year (default the last)")
    s.add_argument("--layout", choices=("spring", "circle"), default="spring")
    s.add_argument("--min-strength", type=float, default=0.05, help="draw alliances above this (default 0.05)")

    s = sub.add_parser("sweep", help="an outcome against a swept parameter (sweep)")
    common(s)
    s.add_argument("--param", help="parameter path as given to sweep --param (default: the only one)")
    s.add_argument("--outcome", default="tension_final")

    s = sub.add_parser("sobol", help="Sobol first-order and total indices (sweep --design sobol)")
    common(s)
    s.add_argument("--outcome", default="tension_final")

    args = p.parse_args(argv)
    prog = f"{PROG} {args.kind}"
    try:
        size = None
        if args.size:
            try:
                w, h = (float(x) for x in args.size.lower().split("x"))
                if not (0 < w <= 100 and 0 < h <= 100):
                    raise ValueError
                size = (w, h)
            except ValueError:
                fail(f"--size {args.size}: cannot read it (expected WIDTHxHEIGHT in inches, e.g. 8x5)")
        if not 10 <= args.dpi <= 1000:
            fail(f"--dpi {args.dpi}: out of range (expected 10 to 1000)")
        fmt = args.format
        if args.out:
            ext = os.path.splitext(args.out)[1].lstrip(".").lower()
            if fmt and ext and ext != fmt:
                fail(f"--out {args.out} does not end in .{fmt} (expected the extension of --format)")
            if not fmt:
                if ext and ext not in ("png", "svg"):
                    fail(f"--out {args.out}: unknown image type .{ext} (expected .png or .svg)")
                fmt = ext or "png"
        fmt = fmt or "png"
        kw = dict(size=size, dpi=args.dpi, title=args.title)
        WARN_PROG[0] = prog
        if getattr(args, "outcome", None):
            args.outcome = respell(args.outcome, "--outcome")
        if args.kind == "trends":
            plot = plot_trends(args.outdir, args.metric, args.variants, args.band, year_span(args), **kw)
        elif args.kind == "compare":
            plot = plot_compare(args.outdir, args.outcome, args.variants, **kw)
        elif args.kind == "why":
            plot = plot_why(args.outdir, args.outcome, args.variants, **kw)
        elif args.kind == "sensitivity":
            plot = plot_sensitivity(args.outdir, args.outcome, args.of, args.measure, args.variants, **kw)
        elif args.kind == "drivers":
            plot = plot_drivers(args.outdir, args.pair, args.quantity, year_span(args), **kw)
        elif args.kind == "matrix":
            plot = plot_matrix(args.outdir, args.year, args.quantity, **kw)
        elif args.kind == "network":
            plot = plot_network(args.outdir, args.year, args.layout, args.min_strength, **kw)
        elif args.kind == "sweep":
            plot = plot_sweep(args.outdir, args.param, args.outcome, **kw)
        else:
            plot = plot_sobol(args.outdir, args.outcome, **kw)
        out = args.out or os.path.join(beside(args.outdir, "-plots"), f"{plot.name}.{fmt}")
        try:
            plot.save(out, fmt)
        except OSError as e:
            print(f"{prog}: error: cannot write {out}: {e.strerror or e}", file=sys.stderr)
            return 1
        print(f"wrote {out}")
        return 0
    except PlotError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
