#!/usr/bin/python3
"""One self-contained HTML page about a Statecraft output directory.

    tools/report.py OUTDIR [--out FILE] [--pair A-B] [--outcome O] [--dpi N]

OUTDIR is the output directory of `statecraft run`, `run --runs N`, `compare` or `sweep`. The page holds the
scenario summary (from manifest.json), the figures of tools/plot.py that apply to the directory's kind, and
its tables (for a comparison, the variants ranked with their paired differences to the baseline). Outcomes and
metrics with no variance are listed instead of drawn, and unreliable Sobol indices are flagged with the reason. A
comparison also gets its robust ranking (compare_robust.csv, in the program's order), why its variants differ
(compare_drivers.csv, --explain) and which uncertain values move them (compare_sensitivity.csv, --uncertain).
The page fits a window 1280 px wide (tests/plot: plot_report_browser). Images are
embedded as base64 data URIs and the page loads nothing else (no scripts, fonts or style sheets from
elsewhere), so it can be mailed or opened offline. Default output: OUTDIR.html, beside the output directory (not
inside it: statecraft replaces an output directory with --force only while it holds nothing but its own files). A
file that exists is replaced only if report.py wrote it (its <meta name="generator">). Bad input: one line,
exit code 2. docs/plots.md describes the figures.
"""

import base64
import html
import math
import os
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in tools/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot as P  # noqa: E402  (tools/plot.py)

import numpy as np  # noqa: E402

MARK = "statecraft tools/report.py"

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 70em; color: #111;
       line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; border-bottom: 1px solid #999;
       margin-top: 2em; } h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.sub { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #eee; } tr.base td { font-weight: bold; } tr.nd td { color: #555; font-style: italic; }
figure { margin: 1em 0 2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #333; margin-top: 0.3em; }
code { background: #f3f3f3; padding: 0 0.2em; }
details { margin: 0.5em 0; } summary { cursor: pointer; }
.note { color: #555; font-size: 0.9em; }
.wide { overflow-x: auto; }
tr.flag td { background: #fff3d6; }
ul.nv li { margin: 0.2em 0; }
"""


def esc(x):
    return html.escape(str(x), quote=True)


def name(text):
    """A name (outcome, metric, parameter path) as code that may break after its dots and underscores, so that
    a long one wraps in its cell instead of widening the table past the page."""
    return "<code>" + esc(text).replace(".", ".<wbr>").replace("_", "_<wbr>") + "</code>"


def constant(values):
    """Whether every (finite) value is the same: an outcome or metric with no variance, nothing to plot."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    return len(v) > 0 and bool(np.all(v == v[0]))


def same_everywhere(df, columns):
    """Whether each of `columns` holds one value in every row: an outcome that is the same under every variant
    or at every point of a sweep (its mean and interval alike), which a figure would draw flat."""
    return all(constant(df[c].to_numpy()) for c in columns)


def num(x, digits=4):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return esc(x)
    if np.isnan(x):
        return ""
    if x.is_integer() and abs(x) < 1e12:
        return f"{int(x):,}"
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 10 ** -(digits - 1)):
        return f"{x:.{digits}g}"
    if abs(x) >= 100:
        return f"{x:,.1f}"
    return f"{x:.{digits}f}"


def table(headers, rows, numeric=None, row_classes=None, names_head=False):
    """An HTML table; `names_head`: the headers are names of outcomes, which may break after dots and
    underscores."""
    numeric = numeric or set()
    out = ['<div class="wide"><table>']
    if headers:
        head = [name(h) if names_head and k else esc(h) for k, h in enumerate(headers)]
        out.append("<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
    for k, row in enumerate(rows):
        cls = f' class="{row_classes[k]}"' if row_classes and row_classes[k] else ""
        cells = []
        for i, v in enumerate(row):
            cells.append(f'<td class="n">{v}</td>' if i in numeric else f"<td>{v}</td>")
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.append("</table></div>")
    return "\n".join(out)


def small_png(png):
    """The PNG as a 64-colour palette image (a third of the bytes, no visible change), if PIL is there."""
    try:
        import io
        from PIL import Image
    except ImportError:
        return png
    im = Image.open(io.BytesIO(png)).convert("RGB")
    buf = io.BytesIO()
    im.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(buf, format="PNG",
                                                                                           optimize=True)
    return buf.getvalue()


class Page:
    def __init__(self, dpi):
        self.parts = []
        self.figures = 0
        self.dpi = dpi
        self.skipped = []
        self.no_variance = []  # (name, why): degenerate outcomes and metrics, listed instead of plotted

    def add(self, text):
        self.parts.append(text)

    def figure(self, caption, fn, *args, **kw):
        """Draw with a tools/plot.py function and embed the PNG; a figure that does not apply is noted."""
        try:
            plot = fn(*args, dpi=self.dpi, **kw)
        except P.PlotError as e:
            self.skipped.append(f"{caption}: {e}")
            self.add(f'<p class="note">Not drawn: {esc(caption)} ({esc(e)}).</p>')
            return None
        png = small_png(plot.png_bytes())
        w, h = (int(round(v * self.dpi)) for v in plot.fig.get_size_inches())
        b64 = base64.b64encode(png).decode("ascii")
        self.add(f'<figure><img src="data:image/png;base64,{b64}" width="{w}" height="{h}" '
                 f'alt="{esc(plot.title)}"><figcaption>{esc(caption)}</figcaption></figure>')
        self.figures += 1
        return plot


    def not_plotted(self, what, why):
        """Notes a degenerate outcome or metric (no variance): it gets no figure, and list_not_plotted() names it."""
        if (what, why) not in self.no_variance:
            self.no_variance.append((what, why))

    def list_not_plotted(self):
        if not self.no_variance:
            return
        self.add("<h3>Not plotted: no variance</h3>")
        self.add('<p class="sub">These have the same value everywhere (every run, variant or point), so a figure '
                 "would show a flat line or nothing at all:</p>")
        self.add('<ul class="nv">' + "".join(f"<li>{name(w)}: {esc(why)}</li>" for w, why in self.no_variance) +
                 "</ul>")


def summary(outdir, kind, mf):
    sc = mf.get("scenario") or {}
    rows = [("directory", esc(os.path.abspath(outdir))),
            ("kind", esc(P.KIND_DESCRIPTION[kind].replace("`", ""))),
            ("scenario", f"<b>{esc(sc.get('name', '?'))}</b>"),
            ("scenario file", f"<code>{esc(sc.get('path', '?'))}</code>"),
            ("sha256", f"<code>{esc(sc.get('sha256', '?'))}</code>")]
    for src in (mf.get("sources") or [])[1:]:
        rows.append(("extends", f"<code>{esc(src.get('path'))}</code>"))
    if kind == "run":
        rows.append(("variant", esc(mf.get("variant") or "(the base scenario)")))
        start, steps, dt = mf.get("start_year"), mf.get("steps"), mf.get("dt", 1)
        if start is not None and steps is not None:
            rows.append(("time", f"{esc(P.count(steps, 'step'))} of {esc(P.count(dt, 'year'))}, "
                                  f"{P.fmt_num(start)} to {P.fmt_num(start + steps * dt)}"))
        rows.append(("seed", esc(mf.get("seed"))))
        rows.append(("format", esc(mf.get("format", "tidy"))))
    else:
        variants = mf.get("variants") or []
        label = {"compare": "variants", "ensemble": "variant", "sweep": "parameters and design"}[kind]
        rows.append((label, esc(", ".join(str(v) for v in variants))))
        rows.append(("runs", esc(mf.get("runs")) + (" per variant" if kind == "compare" else
                                                     " per point" if kind == "sweep" else "")))
        rows.append(("seed", esc(mf.get("seed"))))
        rows.append(("steps", esc(mf.get("steps"))))
        if mf.get("metrics"):
            rows.append(("trend metrics", esc(", ".join(mf["metrics"]))))
        if mf.get("outcomes"):
            rows.append(("outcomes", esc(", ".join(mf["outcomes"]))))
        if mf.get("random_streams"):
            rows.append(("random numbers", esc(mf["random_streams"])))
    rows.append(("written by", esc(f"{mf.get('program', 'statecraft')} {mf.get('version', '')}")))
    return table(None, [(f"<b>{k}</b>", v) for k, v in rows])


def run_section(page, outdir, pair):
    run = P.Run(outdir)
    mf = run.manifest
    actors = mf.get("actors") or {}
    if actors:
        rows = []
        for aid, a in actors.items():
            rows.append((f"<b>{esc(aid)}</b>", esc(a.get("name", "")), esc(a.get("policy", "")), num(a.get("gdp")),
                         num(a.get("growth")), num(a.get("milex")), esc(a.get("trust_building", ""))))
        page.add("<h3>Actors at the start</h3>")
        page.add(table(["id", "name", "policy", "GDP (bn US$)", "growth (/yr)", "military spending (bn US$/yr)",
                        "trust-building"], rows, numeric={3, 4, 5}))
    region = run.region()
    first, last = region.iloc[0], region.iloc[-1]
    cols = [c for c in ("mean_tension", "max_tension", "sc_index", "mean_trust", "total_milex", "cumulative_risk",
                        "blocs", "bipolarity") if c in region.columns]
    rows = [(esc(f"{P.REGION_METRICS[c][0]} ({P.REGION_METRICS[c][1]})"), num(first[c]), num(last[c]))
            for c in cols]
    for c in ("incidents", "crises", "militarized_disputes"):
        if c in region.columns:
            rows.append((esc(f"{P.REGION_METRICS[c][0]}, summed over the run"), "", num(region[c].sum(), 6)))
    page.add("<h3>The region</h3>")
    page.add(table(["indicator", P.fmt_num(first["year"]), P.fmt_num(last["year"])], rows, numeric={1, 2}))

    page.add("<h2>Figures</h2>")
    page.figure("Regional tension: the mean over all pairs and the highest of any pair.", P.plot_trends, outdir,
                ["region.mean_tension", "region.max_tension"])
    page.figure("Security-community index: the share of pairs with high mutual trust and low tension.",
                P.plot_trends, outdir, ["region.sc_index"])
    page.figure("Military expenditure of every actor.", P.plot_trends, outdir, ["actors.*.milex"])
    page.figure("Power shares (economy and military capital).", P.plot_trends, outdir, ["actors.*.power"])
    page.figure("Tension between every pair at the end of the run, actors grouped by alliance bloc.",
                P.plot_matrix, outdir)
    page.figure("Trust between every pair at the end of the run: row's belief that column is a security seeker.",
                P.plot_matrix, outdir, quantity="trust")
    page.figure("The alliance network at the end of the run.", P.plot_network, outdir)
    if pair is None:
        p = run.pairs()
        means = p.groupby(["a", "b"], sort=False)["tension"].mean()
        a, b = means.idxmax()
        pair = f"{a}-{b}"
        why = " (the pair with the highest mean tension; choose another with --pair)"
    else:
        why = ""
    a_b = run.split_pair(pair)
    page.figure(f"What moved {pair} tension{why}: each term's contribution per step, the net change, the level, "
                "and the incidents and events that touched the pair.", P.plot_drivers, outdir, pair)
    if a_b:
        page.figure(f"What moved {a_b[0]}'s trust in {a_b[1]} (log-odds).", P.plot_drivers, outdir, pair,
                    quantity="trust")
        page.figure(f"What moved {a_b[1]}'s trust in {a_b[0]} (log-odds).", P.plot_drivers, outdir,
                    f"{a_b[1]}-{a_b[0]}", quantity="trust")
    ev = run.events()
    if len(ev):
        counts = ev.groupby("type", sort=False).size()
        page.add("<h2>Events</h2>")
        page.add(table(["type", "count"], [(esc(t), str(int(c))) for t, c in counts.items()], numeric={1}))


def ensemble_section(page, outdir):
    s = P.read_csv(outdir, "outcomes_summary.csv", ["outcome", "n", "mean", "ci_low", "ci_high"])
    rows = []
    for r in s.itertuples(index=False):
        what, unit, better = P.outcome_label(r.outcome)
        spread = [getattr(r, c, np.nan) for c in ("mean", "ci_low", "ci_high", "p5", "p95")]
        if constant(spread):
            page.not_plotted(r.outcome, f"{num(r.mean)} in every run")
        rows.append((name(r.outcome), esc(what + (f" ({unit})" if unit else "")), str(int(r.n)),
                     num(r.mean), f"[{num(r.ci_low)}, {num(r.ci_high)}]",
                     num(getattr(r, "p5", np.nan)), num(getattr(r, "p50", np.nan)), num(getattr(r, "p95", np.nan))))
    page.add("<h2>Outcomes</h2>")
    page.add(table(["outcome", "what", "runs", "mean", "95% CI of the mean", "p5", "median", "p95"], rows,
                   numeric={2, 3, 4, 5, 6, 7}))
    page.add("<h2>Figures</h2>")
    e = P.read_csv(outdir, "ensemble.csv", ["metric", "p5", "p95"])
    for m in dict.fromkeys(e["metric"]):
        sel = e[e["metric"] == m]
        if constant(sel[["p5", "p95"]].to_numpy()):
            page.not_plotted(m, f"{num(sel['p5'].iloc[0])} in every run and year")
            continue
        page.figure(f"{m}: the median over runs, with the middle 50% (p25–p75) and 90% (p5–p95) of runs.",
                    P.plot_trends, outdir, [m], size=(8, 4))
    page.list_not_plotted()


def compare_section(page, outdir, outcome):
    t = P.compare_table(outdir, outcome)
    what, unit, _ = P.outcome_label(outcome)
    better = P.better_text(P.rank_better(outdir, outcome))
    baseline = t["baseline"].iloc[0]
    df = P.read_csv(outdir, "compare_summary.csv", ["variant", "outcome", "mean", "ci_low", "ci_high", "diff",
                                                     "diff_ci_low", "diff_ci_high", "differs"])
    flat = {o for o, g in df.groupby("outcome", sort=False) if same_everywhere(g, ["mean", "ci_low", "ci_high"])}
    page.add(f"<h2>Variants ranked by {name(outcome)}</h2>")
    page.add(f'<p class="sub">{esc(what)}{esc(f" ({unit})" if unit else "")}; {better}. The difference '
             f"is paired: the mean over runs of the variant minus <b>{esc(baseline)}</b> in the same run (common "
             "random numbers). <i>Italic</i>: does not differ from the baseline: its interval holds 0, or its size is "
             f"at most the practical threshold ({num(t['threshold'].iloc[0])} for this outcome; the "
             "<code>differs</code> column of compare_summary.csv).</p>")
    rows, classes = [], []
    for k, r in enumerate(t.itertuples(index=False), 1):
        text = P.diff_text(r.diff, r.diff_ci_low, r.diff_ci_high)
        diff = "baseline" if r.is_baseline else text[:text.index(" [")]
        dci = "" if r.is_baseline else text[text.index(" ["):].strip()
        rows.append((str(k), f"<code>{esc(r.variant)}</code>", str(int(r.n)), num(r.mean),
                     f"[{num(r.ci_low)}, {num(r.ci_high)}]", diff, dci))
        classes.append("base" if r.is_baseline else ("" if r.differs else "nd"))
    page.add(table(["rank", "variant", "runs", "mean", "95% CI", f"vs {baseline}", "95% CI of the difference"],
                   rows, numeric={0, 2, 3, 4, 5, 6}, row_classes=classes))
    figure_or_note(page, outcome in flat, outcome, f"{num(t['mean'].iloc[0])} under every variant, with the same 95% CI",
                   f"{outcome}: each variant's mean with its 95% confidence interval (left) and its paired "
                   f"difference to {baseline} (right), best first.", P.plot_compare, outdir, outcome)

    # Every outcome but the target_tension.* ones (a column each would make the table far wider than the page;
    # they have their own table below), one column each, variants in the order above.
    outcomes = [o for o in dict.fromkeys(df["outcome"]) if not o.startswith("target_tension.")]
    wide = df.pivot_table(index="variant", columns="outcome", values="mean", sort=False)
    rows = [[f"<code>{esc(v)}</code>"] + [num(wide.loc[v, o], 3) for o in outcomes] for v in t["variant"]]
    page.add("<h3>Every outcome, mean over runs (variants in the order above)</h3>")
    page.add(table(["variant"] + outcomes, rows, numeric=set(range(1, len(outcomes) + 1)), names_head=True))
    targets_table(page, df, baseline)
    for o in outcomes:
        if o != outcome and o in ("sc_index_final", "crises_per_year", "disputes_per_year", "milex_spent"):
            figure_or_note(page, o in flat, o, f"{num(wide[o].iloc[0])} under every variant, with the same 95% CI",
                           f"{o}: each variant with its 95% CI and its paired difference to {baseline}.",
                           P.plot_compare, outdir, o)

    robust_section(page, outdir, df)
    why_section(page, outdir)
    sensitivity_section(page, outdir)

    page.add("<h2>Trends</h2>")
    order = list(t["variant"])
    shown = list(dict.fromkeys(order[:3] + [baseline] + order[-1:]))
    which = ("The three best variants, the baseline and the worst" if P.rank_better(outdir, outcome) != "neither"
             else f"The three lowest on {outcome} (better neither way), the baseline and the highest")
    page.add(f'<p class="sub">{esc(which)}: {esc(", ".join(shown))}.</p>')
    trends = P.read_csv(outdir, "compare_trends.csv", ["metric", "p5", "p95"])
    for m in dict.fromkeys(trends["metric"]):
        if m in ("region.mean_tension", "region.sc_index", "region.total_milex") or not m.startswith("region."):
            sel = trends[trends["metric"] == m]
            figure_or_note(page, constant(sel[["p5", "p95"]].to_numpy()), m,
                           f"{num(sel['p5'].iloc[0])} under every variant, in every run and year",
                           f"{m}: the median of each variant with the middle 50% of its runs.", P.plot_trends,
                           outdir, [m], variants=shown, size=(8, 4.2))
    page.list_not_plotted()


def robust_section(page, outdir, summary):
    """compare_robust.csv: the variants in the order the program ranked them, with P(best), P(beats the
    baseline) and the regrets on the ranking outcome."""
    if not os.path.isfile(os.path.join(outdir, "compare_robust.csv")):
        page.add("<h2>Robust ranking</h2>")
        page.add('<p class="note">Not shown: compare_robust.csv is missing (every <code>statecraft compare</code> '
                 "of this version writes it: run the comparison again).</p>")
        return
    r, criterion = P.robust_table(outdir)
    if r.empty:
        return
    outcome = str(r["outcome"].iloc[0])
    baseline = str(summary["baseline"].iloc[0])
    differs = summary[summary["outcome"] == outcome].set_index("variant")["differs"]
    page.add(f"<h2>Robust ranking on {name(outcome)}</h2>")
    title = P.ranking_title(criterion, outcome, P.rank_better(outdir, outcome))
    runs = P.count(r["runs"].iloc[0], "run")
    page.add(f'<p class="sub">{esc(title)}, as <code>statecraft compare</code> '
             f"printed it ({esc(runs)} each; compare_robust.csv). <i>P(best)</i>: the share of runs "
             "in which the variant was best; <i>P(beats)</i>: the share in which it was strictly better than "
             f"{esc(baseline)}, with Wilson's 95% interval; <i>regret</i> in a run: how much worse it did than that "
             "run's best variant, its mean and maximum over the runs. A low mean and maximum regret is a choice "
             "that stays close to the best across the runs (and, with <code>--uncertain</code>, across the drawn "
             "values: docs/experiments.md, \"Uncertain values\").</p>")
    rows, classes = [], []
    for k, x in enumerate(r.itertuples(index=False), 1):
        is_base = x.variant == baseline
        text = P.diff_text(x.diff, x.diff_ci_low, x.diff_ci_high)
        rows.append((str(k), f"<code>{esc(x.variant)}</code>", num(x.mean), f"{x.p_best:.3f}",
                     f"{x.p_beats_baseline:.3f}", "" if is_base else f"[{x.p_beats_low:.3f}, {x.p_beats_high:.3f}]",
                     f"{x.mean_regret:.4g}", f"{x.max_regret:.4g}",
                     "baseline" if is_base else text[:text.index(" [")],
                     "" if is_base else text[text.index(" ["):].strip()))
        classes.append("base" if is_base else ("" if int(differs.get(x.variant, 1)) == 1 else "nd"))
    page.add(table(["rank", "variant", "mean", "P(best)", "P(beats)", "95% CI of P(beats)", "mean regret",
                    "max regret", f"vs {baseline}", "95% CI of the difference"], rows,
                   numeric={0, 2, 3, 4, 5, 6, 7, 8, 9}, row_classes=classes))


def signed3(x):
    """Three significant digits with a sign, as the program's "why" lines print a term: -0.0533, +4.1e-05."""
    return f"{x:+.3g}"


def difference_number(x):
    """A difference as the program's tables and "why" lines print it: three significant digits of its own, at
    least four decimals (-0.0120, -0.00460), past eight decimals in scientific notation (+4.00e-09); 0 is "0"."""
    if x == 0:
        return "0"
    decimals = max(4, 2 - math.floor(math.log10(abs(x))))
    return f"{x:+.2e}" if decimals > 8 else f"{x:+.{decimals}f}"


def why_section(page, outdir):
    """compare_drivers.csv (compare --explain): each variant's difference on a tension broken down by driver
    term, as a figure and as the program's "why" lines."""
    page.add("<h2>Why variants differ</h2>")
    if not os.path.isfile(os.path.join(outdir, "compare_drivers.csv")):
        page.add('<p class="note">Not shown: compare_drivers.csv is missing (run compare with '
                 "<code>--explain</code>).</p>")
        return
    probe = P.plot_why(outdir, dpi=20)  # the outcome and rows the figure takes, as the program's "why" lines do
    outcome, baseline = probe.data["outcome"], probe.data["baseline"]
    if probe.data.get("only_baseline"):
        page.add(f'<p class="note">Nothing to break down: the comparison holds only its baseline, '
                 f"{esc(baseline)}.</p>")
        return
    page.add(f'<p class="sub">Each variant\'s mean difference to <b>{esc(baseline)}</b> in {name(outcome)} is its '
             "difference at the start plus the difference of every driver term summed over the run (averaged over "
             "the pairs; docs/experiments.md, \"Why a variant differs\"). Terms are in tension units per pair; "
             "their sums can be far larger than the difference at the horizon, as tension relaxes toward a "
             "balance of frictions and reliefs.</p>")
    page.figure(f"Why each variant differs from {baseline} on {outcome}: the largest terms stacked from 0 (right: "
                "raise it, left: lower it), the rest as others, and the difference with its 95% interval "
                "(diamond), best first.", P.plot_why, outdir, outcome)
    rows = []
    for k, v in enumerate(probe.data["variant"]):
        terms = probe.data["terms"]
        largest = sorted(terms, key=lambda t: -abs(terms[t][k]))  # stable: ties keep the file's order
        shown = largest[:P.WHY_SHOWN]
        rest = sum(terms[t][k] for t in largest[P.WHY_SHOWN:])
        parts = [f"{t} {signed3(terms[t][k])}" for t in shown] + ([f"others {signed3(rest)}"] if len(largest) >
                                                                   P.WHY_SHOWN else [])
        rows.append((f"<code>{esc(v)}</code>", difference_number(probe.data["net"][k]), esc(", ".join(parts))))
    page.add(table(["variant", f"difference to {baseline}", "= its largest terms and the rest"], rows,
                   numeric={1}))


def sensitivity_section(page, outdir):
    """compare_sensitivity.csv (compare --uncertain): which drawn values move each variant's difference to the
    baseline on the ranking outcome, as a heat map and the program's summary lines with the R^2 of the fit."""
    page.add("<h2>Which uncertain values matter</h2>")
    if not os.path.isfile(os.path.join(outdir, "compare_sensitivity.csv")):
        page.add('<p class="note">Not shown: compare_sensitivity.csv is missing (run compare with '
                 "<code>--uncertain</code>).</p>")
        return
    probe = P.plot_sensitivity(outdir, dpi=20)
    outcome, rows_v, inputs, grid = (probe.data[k] for k in ("outcome", "variant", "input", "value"))
    if not rows_v:
        page.add('<p class="note">No differences to screen: the comparison holds only its baseline.</p>')
        return
    page.add(f'<p class="sub">For each variant, the share of the variance of its difference to the baseline in '
             f"{name(outcome)} that each uncertain value explains alone (first-order index by binning, about 0 "
             "for a value without effect; below about 0.05 it does not tell one from noise), and the R² of the "
             "linear fit of the difference on the values (docs/experiments.md, \"Which uncertain values "
             "matter\"). compare_sensitivity.csv has every outcome, the variants' own values and the signed "
             "regression coefficients.</p>")
    if probe.data["no_variance"]:
        page.not_plotted(f"{outcome} (uncertain values)",
                         "no index is defined: the difference to the baseline does not vary, or the runs are too few "
                         "to screen")
    else:
        page.figure(f"Which uncertain values move each variant's difference to the baseline in {outcome}: "
                    "first-order index, variants in the order of the ranking.", P.plot_sensitivity, outdir, outcome)
    s = P.read_csv(outdir, "compare_sensitivity.csv", ["variant", "outcome", "of", "input", "measure", "value"])
    r2 = s[(s["outcome"] == outcome) & (s["of"] == "diff") & (s["measure"] == "r2")].set_index("variant")["value"]
    rows = []
    for k, v in enumerate(rows_v):
        values = [(inputs[j], grid[k, j]) for j in range(len(inputs)) if np.isfinite(grid[k, j])]
        values.sort(key=lambda iv: -iv[1])  # stable: ties keep the columns' order
        moved = ", ".join(f"{i} {x:.2f}" for i, x in values[:P.WHY_SHOWN]) or "(not defined: no variance, or too " \
                                                                              "few runs)"
        fit = r2.get(v, np.nan)
        rows.append((f"<code>{esc(v)}</code>", esc(moved), "n/d" if np.isnan(fit) else num(fit, 2)))
    page.add(table(["variant", "the values that move its difference most (first-order index)", "R² of the fit"],
                   rows, numeric={2}))


def figure_or_note(page, degenerate, what, why, caption, fn, *args, **kw):
    """The figure, or for an outcome or metric with no variance the note that lists it instead."""
    if degenerate:
        page.not_plotted(what, why)
    else:
        page.figure(caption, fn, *args, **kw)


def targets_table(page, df, baseline):
    """Each variant that declares targets on its own target_tension outcome: the tension of the pairs it aims at,
    under it and under the baseline, and the paired difference."""
    own = df[df["outcome"] == "target_tension." + df["variant"]]
    if own.empty:
        return
    base = df[df["variant"] == baseline].set_index("outcome")["mean"]
    rows, classes = [], []
    for r in own.itertuples(index=False):
        text = P.diff_text(r.diff, r.diff_ci_low, r.diff_ci_high)
        rows.append((f"<code>{esc(r.variant)}</code>", num(r.mean), num(base.get(r.outcome, np.nan)),
                     text[:text.index(" [")], text[text.index(" ["):].strip()))
        classes.append("" if int(r.differs) == 1 else "nd")
    page.add("<h3>Each variant on the pairs it targets</h3>")
    page.add(f'<p class="sub">The tension at the horizon of the pairs a variant declares in <code>targets:</code> '
             f"(its outcome <code>target_tension.VARIANT</code>), under that variant and under {esc(baseline)}; "
             "<i>italic</i>: does not differ from the baseline.</p>")
    page.add(table(["variant", "tension of its targets", f"under {baseline}", "difference",
                    "95% CI of the difference"], rows, numeric={1, 2, 3, 4}, row_classes=classes))


# When a Sobol index is not to be trusted (docs/plots.md): an interval wider than WIDE, an estimate or bound
# further than FAR outside [0, 1] (where a share of variance lies), or a first-order index above the total beyond
# both intervals (in theory S1 <= ST). All three come of too few samples.
SOBOL_WIDE = 0.5
SOBOL_FAR = 0.2


def sobol_doubts(r):
    """The reasons to doubt one row of sobol.csv, as short phrases (none for a sound row)."""
    doubts = []
    for label, est, lo, hi in (("first-order", r.first_order, r.first_low, r.first_high),
                               ("total", r.total, r.total_low, r.total_high)):
        if hi - lo > SOBOL_WIDE:
            doubts.append(f"{label} interval {num(hi - lo, 2)} wide")
        if min(est, lo) < -SOBOL_FAR or max(est, hi) > 1 + SOBOL_FAR:
            doubts.append(f"{label} outside [0, 1]")
    if r.first_low > r.total_high:
        doubts.append("first-order above total")
    return doubts


def sobol_table(page, outdir):
    s = P.read_csv(outdir, "sobol.csv", ["outcome", "param", "first_order", "first_low", "first_high", "total",
                                         "total_low", "total_high"])
    page.add("<h2>Sobol indices</h2>")
    rows, classes = [], []
    for r in s.itertuples(index=False):
        if getattr(r, "status", "ok") == "no variance":
            page.not_plotted(r.outcome, "the same at every point of the design: no variance to apportion")
            rows.append((name(r.outcome), name(r.param), "no variance", "", "", "", ""))
            classes.append("nd")
            continue
        doubts = sobol_doubts(r)
        rows.append((name(r.outcome), name(r.param), num(r.first_order), f"[{num(r.first_low)}, {num(r.first_high)}]",
                     num(r.total), f"[{num(r.total_low)}, {num(r.total_high)}]",
                     esc("; ".join(doubts)) if doubts else "ok"))
        classes.append("flag" if doubts else "")
    flagged = classes.count("flag")
    page.add(f'<p class="sub">{flagged} of {P.count(len(rows), "row")} flagged as unreliable (shaded): an interval '
             f"wider than {SOBOL_WIDE:g}, an estimate or bound more than {SOBOL_FAR:g} outside [0, 1] (an index is a "
             "share of the outcome's variance), or a first-order index above the total beyond both intervals (the "
             "total includes the first order). Each comes of too few samples for the variance of the outcome: raise "
             "<code>--samples</code> (and <code>--runs</code>) until the flags go.</p>")
    page.add(table(["outcome", "parameter", "first order", "95% interval", "total", "95% interval", "reliability"],
                   rows, numeric={2, 3, 4, 5}, row_classes=classes))
    return s


def sweep_section(page, outdir, outcome):
    df = P.read_csv(outdir, "sweep.csv", ["point", "runs"])
    params = P.sweep_params(df)
    outs = P.sweep_outcomes(df)
    if outcome not in outs:
        P.fail(P.unknown("outcome", outcome, outs))
    flat = {o for o in outs if same_everywhere(df, [f"{o}_mean", f"{o}_ci_low", f"{o}_ci_high"])}
    page.add("<h2>Figures</h2>")
    sobol = os.path.isfile(os.path.join(outdir, "sobol.csv"))
    if sobol:
        s = P.read_csv(outdir, "sobol.csv", ["outcome"])
        silent = set(s[s["status"] == "no variance"]["outcome"]) if "status" in s.columns else set()
        for o in dict.fromkeys([outcome] + (["sc_index_final"] if "sc_index_final" in outs else [])):
            rows = [r for r in s[s["outcome"] == o].itertuples(index=False) if getattr(r, "status", "ok") == "ok"]
            doubtful = sum(1 for r in rows if sobol_doubts(r))
            figure_or_note(page, o in silent, o, "the same at every point of the design: no variance to apportion",
                           f"Sobol indices of {o}: first order (the share of its variance each parameter explains "
                           "alone) and total (including interactions), with 95% bootstrap intervals." +
                           (f" The table below flags {doubtful} of these {len(rows)} parameters' indices as "
                            "unreliable." if doubtful and len(rows) > 1 else
                            " The table below flags this parameter's indices as unreliable." if doubtful else ""),
                           P.plot_sobol, outdir, o)
    def why(o):
        r = df.iloc[0]
        return (f"{num(r[f'{o}_mean'])} at every point, with the same 95% CI [{num(r[f'{o}_ci_low'])}, "
                f"{num(r[f'{o}_ci_high'])}]: the swept parameters do not move it")
    for p in params[:6]:
        figure_or_note(page, outcome in flat, outcome, why(outcome) if outcome in flat else "",
                       f"{outcome} against {p}: the mean over runs at each point, with its 95% CI.", P.plot_sweep,
                       outdir, p, outcome)
    for o in outs:
        if o in flat:
            page.not_plotted(o, why(o))
    if sobol:
        sobol_table(page, outdir)
    page.list_not_plotted()
    page.add(f"<h2>Points of the sweep: {name(outcome)}</h2>")
    shown = df.head(200)
    rows = [[str(int(r["point"]))] + [num(r[p]) for p in params] + [str(int(r["runs"])), num(r[f"{outcome}_mean"]),
            f"[{num(r[f'{outcome}_ci_low'])}, {num(r[f'{outcome}_ci_high'])}]"] for _, r in shown.iterrows()]
    page.add(table(["point"] + params + ["runs", "mean", "95% CI"], rows,
                   numeric=set(range(0, len(params) + 4)), names_head=True))
    if len(df) > len(shown):
        page.add(f'<p class="note">The first {len(shown)} of {len(df)} points; sweep.csv has them all.</p>')


def build(outdir, pair=None, outcome=None, dpi=90):
    kind = P.dir_kind(outdir)
    mf = P.manifest(outdir)
    name = (mf.get("scenario") or {}).get("name", os.path.basename(os.path.normpath(outdir)))
    page = Page(dpi)
    heading = {"run": "a run", "ensemble": "an ensemble", "compare": "a comparison of variants",
               "sweep": "a sweep"}[kind]
    page.add(f"<h1>Statecraft: {esc(name)}</h1>")
    page.add(f'<p class="sub">Report on {heading}, made by <code>tools/report.py</code> from '
             f"<code>{esc(outdir)}</code>. docs/outputs.md and docs/experiments.md define every number.</p>")
    page.add("<h2>Scenario</h2>")
    page.add(summary(outdir, kind, mf))
    if mf.get("parameters"):
        rows = []
        for group, vals in mf["parameters"].items():
            if isinstance(vals, dict):
                rows.append((f"<code>{esc(group)}</code>", esc(", ".join(f"{k} = {v}" for k, v in vals.items()))))
        page.add("<details><summary>Effective parameters</summary>" + table(["group", "values"], rows) +
                 "</details>")
    if kind == "run":
        run_section(page, outdir, pair)
    elif kind == "ensemble":
        ensemble_section(page, outdir)
    elif kind == "compare":
        compare_section(page, outdir, outcome or P.ranking_outcome(outdir))
    else:
        sweep_section(page, outdir, outcome or "tension_final")
    body = "\n".join(page.parts)
    doc = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<meta name="generator" content="{MARK}">\n'
           f"<title>Statecraft report: {esc(name)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
           f"</body>\n</html>\n")
    return doc, page


def main(argv=None):
    p = P.Parser(prog="report.py", description="A self-contained HTML report on a Statecraft output directory.")
    p.add_argument("outdir", metavar="OUTDIR")
    p.add_argument("--out", metavar="FILE", help="default OUTDIR.html")
    p.add_argument("--pair", help="run: the pair whose drivers are shown (default: the most tense)")
    p.add_argument("--outcome", help="compare and sweep: the outcome (default: a comparison's ranking outcome, a "
                                      "sweep's tension_final)")
    p.add_argument("--dpi", type=int, default=90, help="pixels per inch of the figures (default 90)")
    args = p.parse_args(argv)
    try:
        if not 10 <= args.dpi <= 600:
            P.fail(f"--dpi {args.dpi}: out of range (expected 10 to 600)")
        P.WARN_PROG[0] = "report.py"
        outcome = P.respell(args.outcome, "--outcome") if args.outcome else None
        doc, page = build(args.outdir, args.pair, outcome, args.dpi)
    except P.PlotError as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 2
    out = args.out or P.beside(args.outdir, ".html")

    def write(f):
        f.write(doc.encode("utf-8"))
    try:
        P.write_atomically(out, MARK, "report.py", write, example="report.html")
    except P.PlotError as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"report.py: error: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 1
    for s in page.skipped:
        print(f"report.py: note: not drawn: {s}", file=sys.stderr)
    print(f"wrote {out} ({P.count(page.figures, 'figure')}, {len(doc.encode('utf-8')) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
