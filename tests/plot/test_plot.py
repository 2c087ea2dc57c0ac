#!/usr/bin/python3
"""Tests of tools/plot.py and tools/report.py against real statecraft outputs.

    test_plot.py --statecraft BIN --source SRC --work DIR GROUP

GROUP `setup` makes small outputs with the real binary in DIR (a run, the same run in wide format, an
ensemble, a comparison, a grid sweep and a Sobol sweep); the other groups (run, ensemble, compare, sweep,
errors, report) read them. tests/CMakeLists.txt registers each group as a ctest test (plot_GROUP), with setup
as their fixture.

What is checked: every plot kind is drawn and written with the expected pixel size and is not blank; the
arrays in the figure's artists (lines, bars, image, scatter offsets) equal the numbers read from the CSVs with
pandas, independently of the plotting code; the drivers' stacked terms add up to the change in pairs.csv;
bad input exits 2 with one line; the HTML report embeds every image, loads nothing from elsewhere, and renders
in headless Chromium with every image decoded and no console message.
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True

ARGS = None
SKIPPED = 77  # exit code for a group that cannot run here (tests/CMakeLists.txt: SKIP_RETURN_CODE)
P = None  # tools/plot.py, imported once the source directory is known
R = None  # tools/report.py
L = None  # tests/plot/layout_check.py


def statecraft(*args):
    cmd = [ARGS.statecraft] + [str(a) for a in args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def setup_outputs():
    w = ARGS.work
    if os.path.isdir(w):
        shutil.rmtree(w)
    os.makedirs(w)
    s = os.path.join(ARGS.source, "scenarios", "asia_pacific_2012.yaml")
    steps = ["--steps", "12"]
    statecraft("run", s, *steps, "--out", f"{w}/run")
    statecraft("run", s, *steps, "--format", "wide", "--out", f"{w}/wide")
    statecraft("run", s, *steps, "--runs", "6", "--jobs", "2", "--metric", "relations.USA-CHN.tension",
               "--metric", "actors.CHN.milex", "--metric", "actors.USA.milex", "--metric", "actors.PRK.milex",
               "--out", f"{w}/ens")
    four = "status_quo,patchwork,all_balance_of_power,china_japan_dialogue"
    # Every variant of the scenario (16), as in docs/plots.md's comparison: the forest plot at its tallest.
    statecraft("compare", s, *steps, "--runs", "3", "--jobs", "2", "--out", f"{w}/cmp_all")
    # Comparisons of four variants; for the robust ranking, why the variants differ and which uncertain values move
    # them, every variant with values drawn (40 runs, enough for the screen's indices of the three inputs every
    # variant has), one variant alone, and a ranking by P(best) on an outcome where higher is better. What each
    # printed is kept (NAME.stdout) to check the order and the lines of the report against it.
    for name, args in (("cmp", ["--variants", four, "--runs", "6"]),
                       ("cmp_unc", ["--runs", "40", "--uncertain", "--explain"]),
                       ("cmp_one", ["--variants", "status_quo", "--runs", "20", "--uncertain", "--explain"]),
                       ("cmp_pbest", ["--variants", four, "--runs", "6", "--rank-by", "sc_index_final",
                                      "--rank-criterion", "p-best"]),
                       ("cmp_trust", ["--variants", four, "--runs", "6", "--metric",
                                      "region.mean_trust,actors.CHN.power",
                                      "--rank-by", "final.region.mean_trust"]),
                       # A discrete outcome: several variants' maximum regrets are the same fraction reached by
                       # different sums, which the program ordered by their rounding.
                       ("cmp_ties", ["--runs", "30", "--metric", "region.sc_index", "--rank-by",
                                     "final.region.sc_index", "--rank-criterion", "max-regret"])):
        printed = statecraft("compare", s, *steps, *args, "--jobs", "2", "--out", f"{w}/{name}")
        with open(f"{w}/{name}.stdout", "w", encoding="utf-8") as f:
            f.write(printed)
    statecraft("sweep", s, *steps, "--param", "actors.CHN.growth=0.02:0.08:3", "--runs", "3", "--jobs", "2",
               "--out", f"{w}/sw")
    statecraft("sweep", s, *steps, "--param", "actors.CHN.growth=0.02:0.08", "--param",
               "parameters.trust.forgetting=0.05:0.4", "--design", "sobol", "--samples", "8", "--runs", "2",
               "--bootstrap", "50", "--jobs", "2", "--out", f"{w}/sob")


# ------------------------------------------------------------------------------------------------ helpers


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])



def copy_with_one_run(src, dst, table, column):
    """A copy of the output directory `src` at `dst` whose `table` says every row came of one run (`column` 1)."""
    shutil.copytree(src, dst, dirs_exist_ok=True)
    t = pd.read_csv(os.path.join(src, table))
    t[column] = 1
    t.to_csv(os.path.join(dst, table), index=False)
    return dst

class Base(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.w = ARGS.work
        cls.out = os.path.join(ARGS.work, f"plots-{cls.__name__}")
        os.makedirs(cls.out, exist_ok=True)

    def d(self, name):
        return os.path.join(self.w, name)

    def close(self, a, b, tol=1e-12, msg=None):
        a = np.asarray(a, float)
        b = np.asarray(b, float)
        self.assertEqual(a.shape, b.shape, msg)
        np.testing.assert_allclose(a, b, rtol=0, atol=tol, err_msg=msg or "", equal_nan=True)

    def artist(self, fig, gid, kind=None):
        found = []
        for ax in fig.axes:
            for a in list(ax.lines) + list(ax.collections) + list(ax.patches) + list(ax.images):
                if a.get_gid() == gid and (kind is None or isinstance(a, kind)):
                    found.append(a)
        self.assertTrue(found, f"no artist with gid {gid!r}")
        return found

    @staticmethod
    def umask():
        mask = os.umask(0)
        os.umask(mask)
        return mask

    def cli(self, *args, expect=0):
        """Run tools/plot.py as a user would; return (stdout, stderr)."""
        r = subprocess.run(["/usr/bin/python3", os.path.join(ARGS.source, "tools", "plot.py")] + list(args),
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, expect, f"plot.py {' '.join(args)}: {r.stderr}")
        return r.stdout, r.stderr

    def check_image(self, plot, kind, size=None, dpi=100):
        """Save as PNG, check the pixel size and that it is not blank; save as SVG and check it parses."""
        path = os.path.join(self.out, f"{plot.name}.png")
        plot.save(path)
        w, h = size or P.DEFAULT_SIZE[kind]
        self.assertEqual(png_size(path), (round(w * dpi), round(h * dpi)), path)
        img = matplotlib.image.imread(path)
        self.assertGreater(float(img[..., :3].std()), 0.05, f"{path} looks blank")
        self.assertGreater(float((img[..., :3].mean(axis=2) < 0.5).mean()), 0.005, f"{path} has almost no ink")
        svg = os.path.join(self.out, f"{plot.name}.svg")
        plot.save(svg, "svg")
        import xml.etree.ElementTree as ET
        root = ET.parse(svg).getroot()
        self.assertTrue(root.tag.endswith("svg"))
        self.assertEqual(root.get("width"), f"{w * 72:g}pt")


# ------------------------------------------------------------------------------------------------ single run


class TestRun(Base):
    def test_trends_pair(self):
        p = P.plot_trends(self.d("run"), ["relations.USA-CHN.tension"])
        pairs = pd.read_csv(self.d("run/pairs.csv"))
        want = pairs[(pairs.a == "USA") & (pairs.b == "CHN")]
        line = self.artist(p.fig, "relations.USA-CHN.tension")[0]
        self.close(line.get_xdata(), want.year)
        self.close(line.get_ydata(), want.tension)
        self.assertIn("tension", p.fig.axes[0].get_ylabel())
        self.check_image(p, "trends")

    def test_trends_reversed_pair_is_the_other_direction(self):
        p = P.plot_trends(self.d("run"), ["relations.CHN-USA.trust_ab"])
        pairs = pd.read_csv(self.d("run/pairs.csv"))
        want = pairs[(pairs.a == "USA") & (pairs.b == "CHN")]
        line = self.artist(p.fig, "relations.USA-CHN.trust_ba")[0]  # CHN's trust in USA
        self.close(line.get_ydata(), want.trust_ba)
        self.assertIn("CHN in USA", p.title)

    def test_trends_every_actor_and_region(self):
        p = P.plot_trends(self.d("run"), ["actors.*.milex", "region.mean_tension"])
        actors = pd.read_csv(self.d("run/actors.csv"))
        ids = list(dict.fromkeys(actors.actor))
        self.assertEqual(len(ids), 12)
        for aid in ids:
            line = self.artist(p.fig, f"actors.{aid}.milex")[0]
            self.close(line.get_ydata(), actors[actors.actor == aid].milex)
        region = pd.read_csv(self.d("run/region.csv"))
        self.close(self.artist(p.fig, "region.mean_tension")[0].get_ydata(), region.mean_tension)
        self.assertEqual(len(p.fig.axes), 2, "two units, two panels")
        # Spending spans more than two decades (the US against the smallest): a log scale, chosen by itself; the
        # tension panel stays linear.
        spend = actors.milex[actors.milex > 0]
        self.assertGreater(spend.max() / spend.min(), 100)
        milex_ax = self.artist(p.fig, "actors.USA.milex")[0].axes
        self.assertEqual(milex_ax.get_yscale(), "log")
        self.assertIn("log scale", " ".join(milex_ax.get_ylabel().split()))  # the label may be wrapped
        self.assertEqual(self.artist(p.fig, "region.mean_tension")[0].axes.get_yscale(), "linear")
        one = P.plot_trends(self.d("run"), ["actors.USA.milex"])
        self.assertEqual(one.fig.axes[0].get_yscale(), "linear", "one actor spans less than two decades")
        self.check_image(p, "trends")

    def test_trends_year_range(self):
        p = P.plot_trends(self.d("run"), ["region.sc_index"], years=(2015, 2020))
        self.close(self.artist(p.fig, "region.sc_index")[0].get_xdata(), range(2015, 2021))

    def check_drivers(self, p, quantity, a, b):
        d = pd.read_csv(self.d("run/drivers.csv"))
        sel = d[(d.quantity == quantity) & (d.actor == a) & (d.partner == b)]
        years = sorted(sel.year.unique())
        self.close(p.data["year"], years)
        drawn = 0
        for term, g in sel.groupby("term"):
            values = g.set_index("year").value.reindex(years).to_numpy()
            if not np.any(np.abs(values) > 1e-12):
                continue
            drawn += 1
            up = self.artist(p.fig, f"term:{term}:+")
            down = self.artist(p.fig, f"term:{term}:-")
            heights = np.array([r.get_height() for r in up]) + np.array([r.get_height() for r in down])
            self.close(heights, values, msg=f"bars of {term}")
            self.close([r.get_x() + r.get_width() / 2 for r in up], years)
        self.assertEqual(drawn, len(p.data["drawn"]))
        self.assertGreater(drawn, 3)
        net = self.artist(p.fig, "net")[0]
        self.close(net.get_ydata(), sel.groupby("year").value.sum().reindex(years), tol=1e-12)
        # the terms add up to the change recorded in pairs.csv
        pairs = pd.read_csv(self.d("run/pairs.csv"))
        pr = pairs[((pairs.a == a) & (pairs.b == b)) | ((pairs.a == b) & (pairs.b == a))]
        if quantity == "tension":
            level = pr.tension.to_numpy()
        else:
            level = (pr.trust_ab if pr.a.iloc[0] == a else pr.trust_ba).to_numpy()
            level = np.log(level / (1 - level))
        self.close(net.get_ydata(), np.diff(level), tol=1e-6, msg="terms add up to the change")
        return sel

    def test_drivers_tension_with_incidents_and_events(self):
        p = P.plot_drivers(self.d("run"), "USA-CHN")
        self.check_drivers(p, "tension", "USA", "CHN")
        ev = pd.read_csv(self.d("run/events.csv"))
        inc = ev[(ev.type == "incident") & ev.actor.isin(["USA", "CHN"]) & ev.partner.isin(["USA", "CHN"])]
        inc = inc[inc.year + 1 <= 2024]
        self.assertGreater(len(inc), 0, "the test run should hold USA-CHN incidents")
        for level in (0, 1, 2):
            want = sorted(inc[inc.level == level].year + 1)  # shown where their effect shows: year + dt
            got = []
            for c in [a for ax in p.fig.axes for a in ax.collections if a.get_gid() == f"incident:{level}"]:
                got += list(c.get_offsets()[:, 0])
            self.close(sorted(got), want, msg=f"incidents of level {level}")
        sales = ev[(ev.type == "arms_sale") & (ev.year + 1 <= 2024)]
        lines = self.artist(p.fig, "event:arms_sale")
        self.assertEqual(sorted({l.get_xdata()[0] for l in lines}), sorted(set(sales.year + 1)))
        self.check_image(p, "drivers")

    def test_drivers_trust_one_direction(self):
        p = P.plot_drivers(self.d("run"), "CHN-USA", quantity="trust")
        self.check_drivers(p, "trust", "CHN", "USA")
        self.assertIn("log-odds", p.fig.axes[0].get_ylabel())

    def test_drivers_reversed_tension_pair(self):
        p = P.plot_drivers(self.d("run"), "CHN-USA")
        self.assertEqual(p.data["pair"], ("USA", "CHN"))

    def test_matrix_tension_and_trust(self):
        pairs = pd.read_csv(self.d("run/pairs.csv"))
        actors = pd.read_csv(self.d("run/actors.csv"))
        at = actors[actors.year == 2020]
        scenario_order = list(dict.fromkeys(actors.actor))
        for quantity in ("tension", "trust"):
            p = P.plot_matrix(self.d("run"), 2020, quantity)
            order = p.data["order"]
            self.assertEqual(sorted(order), sorted(scenario_order))
            # grouped by bloc: each bloc's members are contiguous, blocs in order of their first member
            blocs = [at.set_index("actor").bloc[x] for x in order]
            runs = [b for k, b in enumerate(blocs) if k == 0 or blocs[k - 1] != b]
            self.assertEqual(len(runs), len(set(runs)), f"blocs not contiguous: {blocs}")
            self.assertEqual(runs, sorted(runs, key=scenario_order.index))
            img = p.fig.axes[0].images[0].get_array()
            pos = {x: i for i, x in enumerate(order)}
            py = pairs[pairs.year == 2020]
            self.assertEqual(len(py), 66)
            for r in py.itertuples():
                i, j = pos[r.a], pos[r.b]
                if quantity == "tension":
                    self.assertAlmostEqual(img[i, j], r.tension, places=12)
                    self.assertAlmostEqual(img[j, i], r.tension, places=12)
                else:
                    self.assertAlmostEqual(img[i, j], r.trust_ab, places=12)
                    self.assertAlmostEqual(img[j, i], r.trust_ba, places=12)
            self.assertTrue(all(np.ma.is_masked(img[i, i]) for i in range(len(order))))
            self.check_image(p, "matrix")

    def test_network(self):
        p = P.plot_network(self.d("run"), 2024)
        pairs = pd.read_csv(self.d("run/pairs.csv"))
        actors = pd.read_csv(self.d("run/actors.csv"))
        py = pairs[(pairs.year == 2024) & (pairs.alliance > 0.05)]
        self.assertGreater(len(py), 3)
        want = {(r.a, r.b): 0.5 + 7.5 * r.alliance for r in py.itertuples()}
        got = {}
        for ax in p.fig.axes:
            for line in ax.lines:
                gid = line.get_gid() or ""
                if gid.startswith("edge:"):
                    a, b = P.Run(self.d("run")).split_pair(gid[5:])
                    got[(a, b)] = line.get_linewidth()
                    i, j = p.data["order"].index(a), p.data["order"].index(b)
                    self.close(line.get_xdata(), p.data["pos"][[i, j], 0])
        self.assertEqual(set(got), set(want))
        for k in want:
            self.assertAlmostEqual(got[k], want[k], places=9)
        power = actors[actors.year == 2024].set_index("actor").power
        sizes = {}
        for c in p.fig.axes[0].collections:
            if (c.get_gid() or "").startswith("bloc:"):
                for (x, y), s in zip(c.get_offsets(), np.broadcast_to(c.get_sizes(), len(c.get_offsets()))):
                    k = int(np.argmin(np.hypot(p.data["pos"][:, 0] - x, p.data["pos"][:, 1] - y)))
                    sizes[p.data["order"][k]] = s
        self.assertEqual(set(sizes), set(power.index))
        for aid, s in sizes.items():
            self.assertAlmostEqual(s, 120 + 4000 * power[aid], places=6)
        # deterministic layout, and a circle on request
        again = P.plot_network(self.d("run"), 2024)
        self.close(again.data["pos"], p.data["pos"])
        circle = P.plot_network(self.d("run"), 2024, layout="circle")
        self.close(np.hypot(circle.data["pos"][:, 0], circle.data["pos"][:, 1]), np.ones(12), tol=1e-12)
        self.check_image(p, "network")

    def test_wide_format_draws_the_same(self):
        for fn, args in ((P.plot_trends, (["relations.USA-CHN.trust_ab", "actors.CHN.milex"],)),
                         (P.plot_drivers, ("USA-CHN",)), (P.plot_matrix, (2018,))):
            tidy, wide = fn(self.d("run"), *args), fn(self.d("wide"), *args)
            for k in tidy.data:
                a, b = tidy.data[k], wide.data[k]
                if isinstance(a, dict):
                    for kk in a:
                        self.close(a[kk], b[kk], msg=f"{fn.__name__} {k} {kk}")
                elif isinstance(a, np.ndarray):
                    self.close(a, b, msg=f"{fn.__name__} {k}")

    def test_cli_writes_beside_the_output_and_replaces_only_its_own_figures(self):
        # A copy of the run, so that its -plots folder is this test's own.
        run = os.path.join(self.out, "beside-run")
        if not os.path.isdir(run):
            shutil.copytree(self.d("run"), run)
        before = sorted(os.listdir(run))
        stdout, _ = self.cli("drivers", run, "--pair", "USA-CHN", "--dpi", "30")
        out = os.path.join(run + "-plots", "drivers-USA-CHN-tension.png")
        self.assertEqual(stdout.strip(), f"wrote {out}")
        self.assertEqual(sorted(os.listdir(run)), before, "nothing is written inside the output directory")
        with open(out, "rb") as f:
            self.assertIn(b"statecraft tools/plot.py", f.read(4096))
        self.cli("drivers", run, "--pair", "USA-CHN", "--dpi", "30")  # its own figure: replaced
        mine = os.path.join(self.out, "mine.png")
        with open(mine, "wb") as f:
            f.write(b"a figure of my own")
        _, err = self.cli("drivers", run, "--pair", "USA-CHN", "--out", mine, expect=2)
        self.assertEqual(err, f"plot.py drivers: error: {mine}: exists and was not written by plot.py (expected a "
                              f"new file or one plot.py wrote; choose another --out)\n")
        with open(mine, "rb") as f:
            self.assertEqual(f.read(), b"a figure of my own")
        self.assertEqual([n for n in os.listdir(self.out) if ".tmp-" in n], [], "no temporary file left behind")
        # A link at the name a temporary file once had (.NAME.tmp-PID, the tool's process id) is not written
        # through: the temporary file is made under a name no one had.
        victim = os.path.join(self.out, "victim.txt")
        with open(victim, "w") as f:
            f.write("precious\n")
        fig = os.path.join(self.out, "linked.png")
        planted = os.path.join(self.out, ".linked.png.tmp-")
        tool = os.path.join(ARGS.source, "tools", "plot.py")
        r = subprocess.run(["sh", "-c", f'ln -s "{victim}" "{planted}$$" && exec /usr/bin/python3 "{tool}" drivers '
                            f'"{run}" --pair USA-CHN --dpi 30 --out "{fig}"'], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(victim) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertFalse(os.path.islink(fig))
        self.assertEqual(oct(os.stat(fig).st_mode & 0o777), oct(0o666 & ~self.umask()), "made as open() makes files")
        for n in os.listdir(self.out):
            if n.startswith(".linked.png.tmp-"):
                os.remove(os.path.join(self.out, n))
        # Never inside a statecraft output directory, at any depth: the next --force run would refuse it.
        for inside in (os.path.join(run, "fig.png"), os.path.join(run, "figs", "fig.png")):
            _, err = self.cli("drivers", run, "--pair", "USA-CHN", "--out", inside, expect=2)
            self.assertEqual(err, f"plot.py drivers: error: {inside}: is inside the statecraft output directory {run} "
                                  f"(expected a path outside it, which --force can then replace; the default is beside "
                                  f"it)\n")
        # Nor through a link that leads into one.
        link = os.path.join(self.out, "link-into-run")
        if not os.path.lexists(link):
            os.symlink(run, link)
        through = os.path.join(link, "fig.png")
        _, err = self.cli("drivers", run, "--pair", "USA-CHN", "--out", through, expect=2)
        self.assertTrue(err.startswith(f"plot.py drivers: error: {through}: is inside the statecraft output directory "),
                        err)
        # Nor back out of a link to a folder inside one: the system resolves the link before its "..".
        run_sub = os.path.join(run, "sub")
        os.makedirs(run_sub, exist_ok=True)
        link_sub = os.path.join(self.out, "link-into-run-sub")
        if not os.path.lexists(link_sub):
            os.symlink(run_sub, link_sub)
        back_out = os.path.join(link_sub, "..", "fig.png")
        _, err = self.cli("drivers", run, "--pair", "USA-CHN", "--out", back_out, expect=2)
        self.assertTrue(err.startswith(f"plot.py drivers: error: {back_out}: is inside the statecraft output "
                                       f"directory "), err)
        os.rmdir(run_sub)
        self.assertEqual(sorted(os.listdir(run)), before, "nothing is written inside the output directory")
        # A file of the user's that merely mentions the signature is not the tool's: only a PNG whose Software
        # chunk or an SVG whose creator carries it is.
        for name, text in (("notes.svg", b"remember to run statecraft tools/plot.py"),
                           ("fake.svg", b"<?xml version='1.0'?><svg><!-- statecraft tools/plot.py --></svg>"),
                           ("plot-py-copy.svg", open(os.path.join(ARGS.source, "tools", "plot.py"), "rb").read())):
            path = os.path.join(self.out, name)
            with open(path, "wb") as f:
                f.write(text)
            _, err = self.cli("drivers", run, "--pair", "USA-CHN", "--out", path, "--format", "svg", expect=2)
            self.assertEqual(err, f"plot.py drivers: error: {path}: exists and was not written by plot.py (expected "
                                  f"a new file or one plot.py wrote; choose another --out)\n")
            with open(path, "rb") as f:
                self.assertEqual(f.read(), text)

    def test_file_names_hold_the_options(self):
        run = self.d("run")
        self.assertEqual([P.plot_drivers(run, "USA-CHN", dpi=20).name,
                          P.plot_drivers(run, "USA-CHN", years=(2014, 2020), dpi=20).name,
                          P.plot_drivers(run, "CHN-USA", "trust", years=(None, 2020), dpi=20).name,
                          P.plot_trends(run, ["relations.USA-*.tension"], years=(2015, None), dpi=20).name,
                          P.plot_network(run, dpi=20).name,
                          P.plot_network(run, layout="spring", min_strength=0.05, dpi=20).name,
                          P.plot_network(run, 2018, "circle", 0.2, dpi=20).name,
                          P.plot_matrix(run, 2018, "trust", dpi=20).name],
                         ["drivers-USA-CHN-tension", "drivers-USA-CHN-tension-from-2014-to-2020",
                          "drivers-CHN-USA-trust-to-2020", "trends-relations.USA-all.tension-from-2015",
                          "network-2024", "network-2024", "network-2018-layout-circle-min-strength-0.2",
                          "matrix-trust-2018"])
        # Named by the years shown: a --from or --to beyond the run changes nothing, and a year between steps is
        # the step it starts from, so the same figure has one name.
        self.assertEqual([P.plot_drivers(run, "USA-CHN", years=(1900, 2100), dpi=20).name,
                          P.plot_drivers(run, "USA-CHN", years=(2013.5, 2020.5), dpi=20).name,
                          P.plot_trends(run, ["region.mean_tension"], years=(2000, 2020), dpi=20).name],
                         ["drivers-USA-CHN-tension", "drivers-USA-CHN-tension-from-2014-to-2020",
                          "trends-region.mean_tension-to-2020"])

    def test_cli_writes_png_and_svg(self):
        out = os.path.join(self.out, "cli-drivers.png")
        stdout, _ = self.cli("drivers", self.d("run"), "--pair", "USA-CHN", "--out", out, "--size", "6x4",
                             "--dpi", "50")
        self.assertEqual(stdout.strip(), f"wrote {out}")
        self.assertEqual(png_size(out), (300, 200))
        svg = os.path.join(self.out, "cli-matrix.svg")
        self.cli("matrix", self.d("run"), "--year", "2016", "--format", "svg", "--out", svg)
        with open(svg, encoding="utf-8") as f:
            self.assertIn("<svg", f.read(2000))


# ------------------------------------------------------------------------------------------------ ensemble


class TestEnsemble(Base):
    def test_median_and_bands(self):
        p = P.plot_trends(self.d("ens"), ["relations.USA-CHN.tension"])
        e = pd.read_csv(self.d("ens/ensemble.csv"))
        want = e[e.metric == "relations.USA-CHN.tension"]
        self.assertEqual(len(want), 13)
        line = self.artist(p.fig, "relations.USA-CHN.tension")[0]
        self.close(line.get_xdata(), want.year)
        self.close(line.get_ydata(), want.p50)
        ax = p.fig.axes[0]
        bands = {c.get_label(): c for c in ax.collections}
        for label, lo, hi in (("90% of runs (p5–p95)", "p5", "p95"), ("50% of runs (p25–p75)", "p25", "p75")):
            self.assertIn(label, bands)
            v = bands[label].get_paths()[0].vertices
            for x, l, h in zip(want.year, want[lo], want[hi]):
                ys = v[np.isclose(v[:, 0], x)][:, 1]
                self.assertTrue(np.any(np.isclose(ys, l, atol=1e-12)) and np.any(np.isclose(ys, h, atol=1e-12)),
                                f"{label} at {x}: {ys} vs {l}, {h}")
        self.check_image(p, "trends")

    def test_two_metrics_and_reversed_pair(self):
        p = P.plot_trends(self.d("ens"), ["relations.CHN-USA.tension", "actors.CHN.milex"])
        e = pd.read_csv(self.d("ens/ensemble.csv"))
        self.close(self.artist(p.fig, "actors.CHN.milex")[0].get_ydata(), e[e.metric == "actors.CHN.milex"].p50)
        self.close(self.artist(p.fig, "relations.USA-CHN.tension")[0].get_ydata(),
                   e[e.metric == "relations.USA-CHN.tension"].p50)
        self.assertEqual(len(p.fig.axes), 2)

    def test_log_scale_chosen_as_for_a_single_run(self):
        # The US spends over a hundred times what North Korea does: on one panel, a log scale; each alone, linear.
        e = pd.read_csv(self.d("ens/ensemble.csv"))
        both = e[e.metric.isin(["actors.USA.milex", "actors.PRK.milex"])]
        self.assertGreater(both.p95.max() / both.p5.min(), 100)
        p = P.plot_trends(self.d("ens"), ["actors.USA.milex", "actors.PRK.milex"])
        self.assertEqual(len(p.fig.axes), 1)
        self.assertEqual(p.fig.axes[0].get_yscale(), "log")
        self.assertIn("log scale", " ".join(p.fig.axes[0].get_ylabel().split()))
        self.close(self.artist(p.fig, "actors.PRK.milex")[0].get_ydata(), e[e.metric == "actors.PRK.milex"].p50)
        for m in ("actors.USA.milex", "actors.PRK.milex"):
            one = P.plot_trends(self.d("ens"), [m])
            self.assertEqual(one.fig.axes[0].get_yscale(), "linear", m)
            self.assertNotIn("log", one.fig.axes[0].get_ylabel())

    def test_file_names_hold_the_options_and_todays_spelling(self):
        import contextlib
        import io
        ens = self.d("ens")
        with contextlib.redirect_stderr(io.StringIO()):  # the old spellings' warnings
            names = [P.plot_trends(ens, [m], **kw).name for m, kw in (
                ("relations.USA-CHN.tension", {}), ("relations.USA-CHN.tension", {"band": "both"}),
                ("pair:USA-CHN:tension", {}), ("pair.USA-CHN.tension", {}), ("relations.USA-CHN.tension",
                                                                             {"band": "90", "years": (2014, 2020)}),
                ("actor.CHN.milex", {"years": (None, 2020)}))]
        self.assertEqual(names, ["trends-relations.USA-CHN.tension"] * 4 +
                         ["trends-relations.USA-CHN.tension-band-90-from-2014-to-2020",
                          "trends-actors.CHN.milex-to-2020"])
        copy = os.path.join(self.out, "names-ens")
        shutil.copytree(ens, copy, dirs_exist_ok=True)
        stdout, err = self.cli("trends", copy, "--metric", "pair:USA-CHN:tension", "--dpi", "20")
        self.assertEqual(stdout.strip(), f"wrote {copy}-plots/trends-relations.USA-CHN.tension.png")
        self.assertIn("warning: --metric: 'pair:USA-CHN:tension' is the old spelling", err)

    def test_one_run_is_singular(self):
        one = copy_with_one_run(self.d("ens"), os.path.join(self.out, "ens-one-run"), "ensemble.csv", "n")
        self.assertTrue(P.plot_trends(one, ["region.mean_tension"]).title.endswith(", 1 run"))
        self.assertTrue(P.plot_trends(self.d("ens"), ["region.mean_tension"]).title.endswith(", 6 runs"))

    def test_cli(self):
        out = os.path.join(self.out, "cli-ens.png")
        self.cli("trends", self.d("ens"), "--metric", "region.mean_tension", "--out", out)
        self.assertEqual(png_size(out), (800, 500))


# ------------------------------------------------------------------------------------------------ compare


class TestCompare(Base):
    def test_forest_plot_ranked(self):
        s = pd.read_csv(self.d("cmp/compare_summary.csv"))
        for outcome, ascending in (("tension_final", True), ("sc_index_final", False)):
            p = P.plot_compare(self.d("cmp"), outcome)
            want = s[s.outcome == outcome].sort_values("mean", ascending=ascending, kind="stable")
            ax1, ax2 = p.fig.axes[:2]
            labels = [t.get_text() for t in ax1.get_yticklabels()]
            ticks = list(ax1.get_yticks())
            ranked = [labels[ticks.index(y)] for y in sorted(ticks, reverse=True)]  # top to bottom
            self.assertEqual(ranked, list(want.variant), f"{outcome} ranking")
            self.assertEqual(list(p.data["variant"]), list(want.variant))
            for col in ("mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high"):
                self.close(p.data[col], want[col], msg=col)
            # the drawn points: means on the left, differences on the right, at each variant's row
            y_of = dict(zip(p.data["variant"], p.data["y"]))
            for ax, col in ((ax1, "mean"), (ax2, "diff")):
                pts = {}
                for c in ax.containers:  # errorbar(): the data line, then caps and bars
                    line = c.lines[0]
                    if (line.get_gid() or "").startswith(f"{col}:"):
                        for x, y in zip(line.get_xdata(), line.get_ydata()):
                            pts[y] = x
                self.assertEqual(len(pts), len(want))
                for r in want.itertuples():
                    self.assertAlmostEqual(pts[y_of[r.variant]], getattr(r, col), places=12)
            base = want[want.variant == want.baseline]
            self.assertEqual(float(base["diff"].iloc[0]), 0.0)
            self.check_image(p, "compare", size=P.compare_size(len(want)))

    def groups(self, p):
        """The variant of each point on the right panel, by the legend group it is drawn in."""
        ax2 = p.fig.axes[1]
        y_of = dict(zip(p.data["y"], p.data["variant"]))
        drawn = {}
        for c in ax2.containers:
            line = c.lines[0]
            gid = line.get_gid() or ""
            for y in line.get_ydata():
                drawn[y_of[y]] = gid[len("diff:"):].split("\n")[0]
        return drawn

    def test_differs_is_read_from_the_csv(self):
        # Each variant is drawn as the program's `differs` column says; one whose interval excludes 0 but whose
        # size is within the threshold (china_japan_dialogue differs from status_quo by about 0.0007 over 12 years) is
        # "negligible", not "differs".
        s = pd.read_csv(self.d("cmp/compare_summary.csv"))
        want = s[s.outcome == "tension_final"]
        drawn = self.groups(P.plot_compare(self.d("cmp"), "tension_final"))
        kinds = set()
        for r in want.itertuples():
            holds = r.diff_ci_low <= 0 <= r.diff_ci_high
            kind = ("baseline (" + r.baseline + ")" if r.variant == r.baseline else "differs from the" if r.differs
                    else "not distinguishable" if holds else "negligible (within")
            self.assertEqual(drawn[r.variant], kind, r.variant)
            kinds.add(kind)
        self.assertIn("negligible (within", kinds)
        self.assertIn("differs from the", kinds)
        # The flag is read, not recomputed: the same file with every flag turned off draws nothing as differing.
        copy = os.path.join(self.out, "cmp-no-flags")
        shutil.copytree(self.d("cmp"), copy, dirs_exist_ok=True)
        s.assign(differs=0).to_csv(os.path.join(copy, "compare_summary.csv"), index=False)
        drawn = self.groups(P.plot_compare(copy, "tension_final"))
        self.assertNotIn("differs from the", set(drawn.values()))

    def test_diff_text_as_the_program_prints_it(self):
        self.assertEqual(P.diff_text(4e-9, 3.2e-9, 4.8e-9), "+4.00e-09 [3.20e-09, 4.80e-09]")
        self.assertEqual(P.diff_text(-0.029, -0.0293, -0.0286), "-0.0290 [-0.0293, -0.0286]")
        self.assertEqual(P.diff_text(-7.91e-5, -9.49e-5, -6.32e-5), "-0.0000791 [-0.0000949, -0.0000632]")
        self.assertEqual(P.diff_text(0, 0, 0), "0 [0, 0]")
        self.assertEqual(P.diff_text(0, -0.037, 0.037), "0 [-0.0370, 0.0370]")
        self.assertEqual(P.diff_text(-0.0, -0.037, 0.037), "0 [-0.0370, 0.0370]")

    def test_variant_trends_take_a_log_scale_by_the_same_rule(self):
        # A copy in which one variant's spending is a thousand times the others': the panel takes a log scale.
        t = pd.read_csv(self.d("cmp/compare_trends.csv"))
        p = P.plot_trends(self.d("cmp"), ["region.total_milex"])
        self.assertEqual(p.fig.axes[0].get_yscale(), "linear")
        copy = os.path.join(self.out, "cmp-scaled")
        shutil.copytree(self.d("cmp"), copy, dirs_exist_ok=True)
        scaled = t.copy()
        rows = (scaled.variant == "patchwork") & (scaled.metric == "region.total_milex")
        for c in ("p5", "p25", "p50", "p75", "p95"):
            scaled.loc[rows, c] *= 1000
        scaled.to_csv(os.path.join(copy, "compare_trends.csv"), index=False)
        p = P.plot_trends(copy, ["region.total_milex"])
        self.assertEqual(p.fig.axes[0].get_yscale(), "log")
        self.assertIn("log scale", " ".join(p.fig.axes[0].get_ylabel().split()))
        # A band that reaches zero cannot be drawn on a log scale: linear, whatever the span.
        scaled.loc[rows, "p25"] = 0.0
        scaled.to_csv(os.path.join(copy, "compare_trends.csv"), index=False)
        self.assertEqual(P.plot_trends(copy, ["region.total_milex"]).fig.axes[0].get_yscale(), "linear")
        self.assertEqual(P.plot_trends(copy, ["region.total_milex"], band="90").fig.axes[0].get_yscale(), "log",
                         "the 50% band is not drawn, the 90% band is positive")

    def test_variant_trends(self):
        chosen = ["status_quo", "patchwork"]
        p = P.plot_trends(self.d("cmp"), ["region.mean_tension"], variants=",".join(chosen))
        t = pd.read_csv(self.d("cmp/compare_trends.csv"))
        for v in chosen:
            want = t[(t.variant == v) & (t.metric == "region.mean_tension")]
            line = self.artist(p.fig, f"{v}:region.mean_tension")[0]
            self.close(line.get_ydata(), want.p50)
            self.close(p.data[(v, "region.mean_tension")]["p25"], want.p25)
        self.assertEqual(len([l for l in p.fig.axes[0].lines if l.get_gid()]), 2)
        self.check_image(p, "trends")

    # --- the robust ranking, why variants differ, which uncertain values matter

    def printed_order(self, name):
        """The variants in the order of the table `statecraft compare` printed (setup keeps it as NAME.stdout)."""
        with open(self.d(f"{name}.stdout"), encoding="utf-8") as f:
            return [m.group(2) for m in re.finditer(r"^ +(\d+)  (\S+) ", f.read(), re.M)]

    def test_robust_table_is_in_the_programs_order(self):
        # The mean (cmp), mean regret (cmp_unc: --uncertain) and P(best) with its ties broken by mean regret
        # (cmp_pbest, on sc_index_final, where higher is better), each as the program printed its table.
        for name, criterion in (("cmp", "mean"), ("cmp_unc", "regret"), ("cmp_pbest", "p-best"), ("cmp_one", "regret"),
                                ("cmp_trust", "mean"), ("cmp_ties", "max-regret")):
            with self.subTest(name):
                got, used = P.robust_table(self.d(name))
                self.assertEqual(used, criterion)
                want = self.printed_order(name)
                self.assertGreaterEqual(len(want), 1)
                self.assertEqual(list(got.variant), want)
                csv = pd.read_csv(self.d(f"{name}/compare_robust.csv")).set_index("variant").loc[want]
                for col in ("mean", "p_best", "p_beats_baseline", "mean_regret", "max_regret", "diff"):
                    self.close(got[col], csv[col], msg=col)
        ties = pd.read_csv(self.d("cmp_ties/compare_robust.csv"))
        self.assertGreater(ties.max_regret.duplicated().sum(), 2, "maximum regrets tie, for the mean regret to order")
        with open(self.d("cmp_ties.stdout"), encoding="utf-8") as f:
            notes = f.read().split("Neighbours not separated", 1)[-1]
        self.assertNotIn("about 0 runs", notes)  # a mean difference of rounding (3e-19) is 0, not a planning figure
        self.assertNotRegex(notes, r"e-1\d")
        pbest = pd.read_csv(self.d("cmp_pbest/compare_robust.csv"))
        self.assertGreater((pbest.p_best == 0).sum(), 1, "the P(best) ranking has ties for the tie-break to order")
        self.assertEqual(P.ranking_title("p-best", "sc_index_final", "higher"),
                         "Variants ranked by probability of being best on sc_index_final (highest P(best) first; "
                         "higher sc_index_final is better)")
        with open(self.d("cmp_pbest.stdout"), encoding="utf-8") as f:
            title = P.ranking_title("p-best", "sc_index_final", "higher")
            self.assertTrue(f.read().startswith(title + ", 6 runs each"))

    def test_a_final_metric_ranks_from_its_better_end(self):
        # The manifest gives each outcome's better end: final.region.mean_trust is higher-is-better (the program
        # ranked it so), final.actors.CHN.power neither; the tables and the figure's words follow it.
        d = self.d("cmp_trust")
        self.assertEqual(P.outcome_better(d, "final.region.mean_trust"), "higher")
        self.assertEqual(P.rank_better(d, "final.region.mean_trust"), "higher")
        self.assertEqual(P.outcome_better(d, "final.actors.CHN.power"), "neither")
        self.assertEqual(P.outcome_better(d, "tension_final"), "lower")
        t = P.compare_table(d, "final.region.mean_trust")
        self.assertEqual(list(t.variant), self.printed_order("cmp_trust"))
        self.assertTrue(P.compare_table(d).equals(t), "without --outcome: the outcome the comparison ranked by")
        self.assertEqual(list(P.compare_table(self.d("cmp")).outcome.unique()), ["tension_final"])
        self.assertEqual(list(t["mean"]), sorted(t["mean"], reverse=True))
        self.assertGreater(t["mean"].iloc[0], t["mean"].iloc[-1])
        p = P.plot_compare(d, "final.region.mean_trust")
        self.assertIn("higher is better", p.fig.axes[1].get_xlabel())
        p = P.plot_compare(d, "final.actors.CHN.power")
        self.assertIn("neither end is better", p.fig.axes[1].get_xlabel())
        with open(self.d("cmp_trust.stdout"), encoding="utf-8") as f:
            self.assertTrue(f.read().startswith(P.ranking_title("mean", "final.region.mean_trust", "higher")))

    def test_an_output_that_does_not_record_its_criterion(self):
        # Without rank_criterion in the manifest: mean regret when values were drawn, the mean otherwise.
        for name, criterion in (("cmp_unc", "regret"), ("cmp", "mean")):
            copy = os.path.join(self.out, f"{name}-no-criterion")
            shutil.copytree(self.d(name), copy, dirs_exist_ok=True)
            with open(os.path.join(copy, "manifest.json"), encoding="utf-8") as f:
                mf = json.load(f)
            del mf["rank_criterion"]
            with open(os.path.join(copy, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(mf, f)
            got, used = P.robust_table(copy)
            self.assertEqual(used, criterion)
            self.assertEqual(list(got.variant), self.printed_order(name))

    def test_why_bars_add_up_to_the_difference(self):
        p = P.plot_why(self.d("cmp_unc"))
        d = pd.read_csv(self.d("cmp_unc/compare_drivers.csv"))
        d = d[d.quantity == "tension"]
        order = [v for v in self.printed_order("cmp_unc") if v != "status_quo"]
        self.assertEqual(list(p.data["variant"]), order)
        self.assertEqual(len(order), 15)
        wide = d.pivot_table(index="variant", columns="term", values="diff").loc[order]
        ax = p.fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        self.assertEqual([labels[list(ax.get_yticks()).index(y)] for y in p.data["y"]], order)
        total = np.zeros(len(order))
        for term in p.data["drawn"]:
            right, left = self.artist(p.fig, f"term:{term}:+"), self.artist(p.fig, f"term:{term}:-")
            widths = np.array([b.get_width() for b in right]) + np.array([b.get_width() for b in left])
            self.close(widths, wide[term], msg=term)
            total += widths
        rest = [t for t in wide.columns if t not in p.data["drawn"] + ["final"]]
        self.assertEqual(len(p.data["drawn"]), P.WHY_MOST, "more terms than colours: the rest are others")
        others = self.artist(p.fig, "term:others:+")
        others_w = np.array([b.get_width() for b in others]) + \
            np.array([b.get_width() for b in self.artist(p.fig, "term:others:-")])
        self.close(others_w, wide[rest].sum(axis=1))
        # start plus the terms is the difference at the horizon (compare_drivers.csv's ten significant digits)
        self.close(total + others_w, wide["final"], tol=1e-8)
        net = self.artist(p.fig, "net")[0]
        self.close(net.get_xdata(), wide["final"])
        self.close(p.data["net_low"], d[d.term == "final"].set_index("variant").loc[order].diff_ci_low)
        # every variant's three largest terms have a colour of their own, unless more than WHY_MOST do
        for v in order:
            top = wide.loc[v].drop("final").abs().sort_values(ascending=False).index[:3]
            self.assertTrue(set(top) <= set(p.data["drawn"]) or len(set().union(*[
                set(wide.loc[u].drop("final").abs().sort_values(ascending=False).index[:3]) for u in order])) >
                P.WHY_MOST, v)
        self.check_image(p, "why", size=P.compare_size(15))
        chosen = P.plot_why(self.d("cmp_unc"), "target_tension.patchwork", "patchwork,china_japan_dialogue")
        self.assertEqual(chosen.data["variant"], ["patchwork", "china_japan_dialogue"])
        self.assertEqual(chosen.data["quantity"], "target_tension.patchwork")

    def test_why_and_sensitivity_of_the_baseline_alone(self):
        p = P.plot_why(self.d("cmp_one"))
        self.assertTrue(p.data["only_baseline"])
        self.assertEqual(len(p.fig.axes[0].patches), 0)
        self.assertEqual([t.get_text() for t in p.fig.axes[0].texts],
                         ["nothing to break down: the comparison holds only its baseline, status_quo"])
        self.check_image(p, "why", size=P.compare_size(0))
        s = P.plot_sensitivity(self.d("cmp_one"))
        self.assertEqual(s.data["variant"], [])
        self.assertEqual([t.get_text() for t in s.fig.axes[0].texts],
                         ["no differences to screen: the comparison holds only its baseline, status_quo"])
        own = P.plot_sensitivity(self.d("cmp_one"), of="value")  # the baseline's own outcome is screened
        self.assertEqual(own.data["variant"], ["status_quo"])
        self.assertTrue(np.isfinite(own.data["value"]).any())

    def test_sensitivity_heat_map(self):
        s = pd.read_csv(self.d("cmp_unc/compare_sensitivity.csv"))
        order = self.printed_order("cmp_unc")
        with open(self.d("cmp_unc/manifest.json"), encoding="utf-8") as f:
            inputs = [u["path"] for u in json.load(f)["uncertain"]]
        for of, measure in (("diff", "first_order"), ("value", "src"), ("diff", "src")):
            with self.subTest(of=of, measure=measure):
                p = P.plot_sensitivity(self.d("cmp_unc"), "tension_final", of, measure)
                rows = [v for v in order if of == "value" or v != "status_quo"]
                self.assertEqual(p.data["variant"], rows)
                self.assertEqual(p.data["input"], inputs)
                sel = s[(s.outcome == "tension_final") & (s.of == of) & (s.measure == measure)]
                want = sel.pivot_table(index="variant", columns="input", values="value", dropna=False)
                want = want.reindex(index=rows, columns=inputs)
                self.close(p.data["value"], want)
                self.close(p.fig.axes[0].images[0].get_array().filled(np.nan), want)
                has = sel.assign(one=1).pivot_table(index="variant", columns="input", values="one")
                self.assertEqual(p.data["has"].tolist(), has.reindex(index=rows, columns=inputs).notna().values.tolist())
                cell = {t.get_gid(): t.get_text() for t in p.fig.axes[0].texts}
                self.assertEqual(cell["cell:east_asia_community:institutions.arf.strength"],
                                 f"{want.loc['east_asia_community', 'institutions.arf.strength']:.2f}")
                self.assertEqual(cell["cell:east_asia_community:institutions.china_japan_sed.strength"], "—")
        self.assertEqual(P.short_paths(["institutions.arf.strength", "institutions.dct.strength"]),
                         (["arf", "dct"], "institutions.NAME.strength"))
        self.assertEqual(P.short_paths(["actors.CHN.growth", "parameters.trust.forgetting"]),
                         (["actors.CHN.growth", "parameters.trust.forgetting"], None))
        p = P.plot_sensitivity(self.d("cmp_unc"))
        self.assertEqual(p.data["outcome"], "tension_final", "the ranking outcome by default")
        self.check_image(p, "sensitivity", size=P.sensitivity_size(15, len(inputs)))

    def test_file_names_hold_the_options(self):
        # Each option that changes the figure is in its default file name, so that figures of other options do not
        # replace each other; with the options at their defaults the name is the plain one.
        cmp, unc = self.d("cmp"), self.d("cmp_unc")
        four = list(pd.read_csv(self.d("cmp/compare_summary.csv")).variant.unique())
        self.assertEqual(len(four), 4)
        names = {
            P.plot_compare(cmp).name: "compare-tension_final",
            P.plot_compare(cmp, variants=four[::-1]).name: "compare-tension_final",  # all four: the same figure
            P.plot_sensitivity(unc, "sc_index_final", "value").name: "sensitivity-sc_index_final-value",
            P.plot_sensitivity(unc, "sc_index_final", "value", "src").name:
                "sensitivity-sc_index_final-value-measure-src",
            P.plot_why(unc).name: "why-tension_final",
            P.plot_why(unc, variants="patchwork").name: "why-tension_final-variants-patchwork",
            P.plot_trends(cmp, ["region.mean_tension"]).name: "trends-region.mean_tension",
            P.plot_trends(cmp, ["region.mean_tension"], variants=four, band="50").name: "trends-region.mean_tension",
            P.plot_trends(cmp, ["region.mean_tension"], band="90").name: "trends-region.mean_tension-band-90",
            # the lines' styles follow the order of --variants: another order is another figure
            P.plot_trends(cmp, ["region.mean_tension"], variants=four[::-1]).name:
                "trends-region.mean_tension-variants-" + "+".join(four[::-1]),
        }
        for got, want in names.items():
            self.assertEqual(got, want)
        # A subset is named by the variants drawn, in the order drawn (a ranked figure orders its rows itself).
        two = P.plot_compare(cmp, variants=[four[1], four[0]])
        self.assertEqual(two.name, "compare-tension_final-variants-" + "+".join(two.data["variant"]))
        self.assertEqual(P.plot_compare(cmp, variants=[four[0], four[1]]).name, two.name)
        why = P.plot_sensitivity(unc, variants="patchwork,east_asia_community")
        self.assertEqual(why.name, "sensitivity-tension_final-diff-variants-" + "+".join(why.data["variant"]))
        # Long lists that begin alike keep apart: a part cut at 80 characters ends in a hash of the whole.
        every = list(pd.read_csv(self.d("cmp_all/compare_summary.csv")).variant.unique())
        a = P.plot_compare(self.d("cmp_all"), variants=every[:-1], dpi=20).name
        b = P.plot_compare(self.d("cmp_all"), variants=every[:-2] + every[-1:], dpi=20).name
        self.assertNotEqual(a, b)
        for name in (a, b):
            self.assertTrue(name.startswith("compare-tension_final-variants-"), name)
            self.assertRegex(name.split("-variants-")[1], r"^.{71}-[0-9a-f]{8}$")

    def test_cli_does_not_replace_the_figure_of_other_options(self):
        # The commands of the review: with and without --measure src, and a subset of variants; each its own file.
        copy = os.path.join(self.out, "names-cmp_unc")
        shutil.copytree(self.d("cmp_unc"), copy, dirs_exist_ok=True)
        shutil.rmtree(copy + "-plots", ignore_errors=True)
        written = []
        for argv in (["sensitivity", copy, "--of", "value", "--measure", "src", "--outcome", "sc_index_final"],
                     ["sensitivity", copy, "--of", "value", "--outcome", "sc_index_final"],
                     ["compare", copy], ["compare", copy, "--variants", "status_quo,patchwork"]):
            stdout, _ = self.cli(*argv, "--dpi", "20")
            written.append(stdout.strip()[len("wrote "):])
        plots = copy + "-plots"
        self.assertEqual(written, [os.path.join(plots, n) for n in (
            "sensitivity-sc_index_final-value-measure-src.png", "sensitivity-sc_index_final-value.png",
            "compare-tension_final.png", "compare-tension_final-variants-" + "+".join(
                P.plot_compare(copy, variants="status_quo,patchwork").data["variant"]) + ".png")])
        self.assertEqual(sorted(os.listdir(plots)), sorted(os.path.basename(w) for w in written))

    def test_sensitivity_without_variance(self):
        # Every index of the differences on tension_final undefined (the CSV's empty cells): no heat map, a note.
        copy = os.path.join(self.out, "cmp_unc-flat")
        shutil.copytree(self.d("cmp_unc"), copy, dirs_exist_ok=True)
        s = pd.read_csv(self.d("cmp_unc/compare_sensitivity.csv"))
        rows = (s.outcome == "tension_final") & (s.of == "diff")
        s.loc[rows, "value"] = np.nan
        s.loc[rows, "rank"] = np.nan
        s.to_csv(os.path.join(copy, "compare_sensitivity.csv"), index=False)
        p = P.plot_sensitivity(copy)
        self.assertTrue(p.data["no_variance"])
        self.assertEqual(len(p.fig.axes[0].images), 0)
        self.assertEqual([t.get_text() for t in p.fig.axes[0].texts],
                         ["no index: the difference to status_quo in tension_final does not vary in any run of "
                          "these variants,\nor 40 runs are too few to screen (docs/experiments.md)"])
        self.assertFalse(P.plot_sensitivity(copy, "tension_mean").data["no_variance"])


# ------------------------------------------------------------------------------------------------ sweep


class TestSweep(Base):
    def test_grid_sweep(self):
        p = P.plot_sweep(self.d("sw"), "actors.CHN.growth", "tension_final")
        s = pd.read_csv(self.d("sw/sweep.csv")).sort_values("actors.CHN.growth")
        line = self.artist(p.fig, "line:0")[0]
        self.close(line.get_xdata(), s["actors.CHN.growth"])
        self.close(line.get_ydata(), s.tension_final_mean)
        (series,) = p.data.values()
        self.close(series["ci_low"], s.tension_final_ci_low)
        self.close(series["ci_high"], s.tension_final_ci_high)
        self.check_image(p, "sweep")

    def test_sobol_design_scatter(self):
        p = P.plot_sweep(self.d("sob"), "forgetting", "sc_index_final")  # a unique suffix names the parameter
        s = pd.read_csv(self.d("sob/sweep.csv"))
        self.assertEqual(len(s), 32)
        pts = self.artist(p.fig, "points")[0].get_offsets()
        got = sorted(map(tuple, np.asarray(pts)))
        want = sorted(zip(s["parameters.trust.forgetting"], s.sc_index_final_mean))
        self.close(got, want)
        self.check_image(p, "sweep")

    def test_sobol_indices(self):
        p = P.plot_sobol(self.d("sob"), "tension_final")
        s = pd.read_csv(self.d("sob/sobol.csv"))
        want = s[s.outcome == "tension_final"]
        for col in ("first_order", "total"):
            bars = self.artist(p.fig, f"bar:{col}")
            self.close([b.get_height() for b in bars], want[col], msg=col)
        for col in ("first_low", "first_high", "total_low", "total_high"):
            self.close(p.data[col], want[col], msg=col)
        self.assertEqual([t.get_text() for t in p.fig.axes[0].get_xticklabels()], list(want.param))
        self.check_image(p, "sobol")

    def test_sobol_no_variance(self):
        # An outcome the same at every point has status "no variance" and empty cells: no bars, a note instead.
        s = pd.read_csv(self.d("sob/sobol.csv"))
        constant = sorted(set(s[s.status == "no variance"].outcome))
        self.assertTrue(constant, "the fixture has an outcome that never varies")
        self.assertTrue(s[s.status == "no variance"][["first_order", "total_low"]].isna().all().all())
        p = P.plot_sobol(self.d("sob"), constant[0])
        self.assertTrue(p.data["no_variance"])
        self.assertEqual(len(p.fig.axes[0].patches), 0)
        texts = [t.get_text() for t in p.fig.axes[0].texts]
        self.assertEqual(len(texts), 1)
        self.assertTrue(texts[0].startswith(f"no variance: {constant[0]} is the same at every point"), texts)

    def test_one_run_per_point_is_singular(self):
        one = copy_with_one_run(self.d("sw"), os.path.join(self.out, "sw-one-run"), "sweep.csv", "runs")
        self.assertTrue(P.plot_sweep(one).title.endswith(", 1 run per point"))
        self.assertTrue(P.plot_sweep(self.d("sw")).title.endswith(", 3 runs per point"))

    def test_cli(self):
        out = os.path.join(self.out, "cli-sobol.png")
        self.cli("sobol", self.d("sob"), "--outcome", "sc_index_final", "--out", out)
        self.assertEqual(png_size(out), (800, 450))


# ------------------------------------------------------------------------------------------------ layout


class TestLayout(Base):
    """No two texts of a figure overlap (titles, axis and tick labels, legend texts, annotations), no legend key
    covers a text or another key, no legend lies over a plotting area, and no text is cut off at the figure's
    edge: every plot kind, on the outputs of the real binary (tests/plot/layout_check.py)."""

    def cases(self):
        w = self.w
        run, ens, cmp, cmp_all, sw, sob = (f"{w}/{n}" for n in ("run", "ens", "cmp", "cmp_all", "sw", "sob"))
        outcomes = pd.read_csv(f"{cmp}/compare_summary.csv").outcome.unique()
        yield "trends: pairs and the region", P.plot_trends, (run, ["relations.USA-CHN.tension",
                                                                  "relations.CHN-JPN.tension",
                                                                  "region.mean_tension"])
        yield "trends: every actor", P.plot_trends, (run, ["actors.*.milex"])
        yield "trends: every actor, three panels", P.plot_trends, (run, ["actors.*.milex", "actors.*.power",
                                                                         "region.mean_tension"])
        yield "trends: every pair of the US", P.plot_trends, (run, ["relations.USA-*.trust_ab"])
        yield "trends: ensemble", P.plot_trends, (ens, ["relations.USA-CHN.tension"])
        yield "trends: ensemble, two metrics", P.plot_trends, (ens, ["relations.USA-CHN.tension",
                                                                     "actors.CHN.milex"])
        yield "trends: ensemble, three panels", P.plot_trends, (ens, ["region.mean_tension", "region.total_milex",
                                                                      "region.sc_index"])
        yield "trends: comparison", P.plot_trends, (cmp, ["region.mean_tension"])
        yield "trends: comparison, two panels", P.plot_trends, (cmp, ["region.mean_tension", "region.total_milex"])
        yield "trends: every variant", P.plot_trends, (cmp_all, ["region.mean_tension"])
        for o in outcomes:
            yield f"compare: {o}", P.plot_compare, (cmp, o)
        yield "compare: every variant", P.plot_compare, (cmp_all, "tension_final")
        unc, one = f"{w}/cmp_unc", f"{w}/cmp_one"
        yield "why: every variant", P.plot_why, (unc,)
        yield "why: two variants, on the pairs one targets", P.plot_why, (unc, "target_tension.patchwork",
                                                                          "patchwork,china_japan_dialogue")
        yield "why: the baseline alone", P.plot_why, (one,)
        yield "sensitivity: every variant", P.plot_sensitivity, (unc,)
        yield "sensitivity: own values, signed", P.plot_sensitivity, (unc, "sc_index_final", "value", "src")
        yield "sensitivity: one variant", P.plot_sensitivity, (unc, None, "diff", "first_order", "china_japan_dialogue")
        yield "sensitivity: the baseline alone", P.plot_sensitivity, (one, None, "value")
        yield "compare: every variant, sc_index_final", P.plot_compare, (cmp_all, "sc_index_final")
        yield "drivers: tension", P.plot_drivers, (run, "USA-CHN")
        yield "drivers: trust", P.plot_drivers, (run, "CHN-USA", "trust")
        yield "matrix: tension", P.plot_matrix, (run,)
        yield "matrix: trust", P.plot_matrix, (run, None, "trust")
        for year in (2012, 2018, 2024):
            yield f"network: {year}", P.plot_network, (run, year)
        yield "network: circle", P.plot_network, (run, None, "circle")
        yield "sweep: grid", P.plot_sweep, (sw,)
        yield "sweep: Sobol design", P.plot_sweep, (sob, "forgetting")
        for o in pd.read_csv(f"{sob}/sobol.csv").outcome.unique():
            yield f"sobol: {o}", P.plot_sobol, (sob, o)

    def test_nothing_collides(self):
        kinds = set()
        for name, fn, args in self.cases():
            kinds.add(fn.__name__)
            with self.subTest(name):
                found = L.problems(fn(*args).fig)
                self.assertEqual(found, [], f"{name}:\n  " + "\n  ".join(found))
        self.assertEqual(kinds, {n for n in dir(P) if n.startswith("plot_")}, "every plot kind is checked")

    def test_sobol_values_clear_of_the_whiskers(self):
        # Each value written on a bar stays off every whisker (the line of the interval and its caps), even where
        # an interval runs past the axis.
        for o in pd.read_csv(self.d("sob/sobol.csv")).query("status != 'no variance'").outcome.unique():
            p = P.plot_sobol(self.d("sob"), o)
            values = L.texts_of(p.fig, "value:")
            self.assertEqual(len(values), 2 * len(p.data["param"]), o)
            renderer = p.fig._get_renderer()
            whiskers = L.whisker_boxes(p.fig.axes[0], renderer)
            self.assertGreaterEqual(len(whiskers), 3 * len(values), "a line and two caps per interval")
            for t in values:
                for box in whiskers:
                    self.assertFalse(L.collide(t.box, box), f"{o}: {t.describe()} covers a whisker at "
                                                            f"x {box.x0:.0f}-{box.x1:.0f}, y {box.y0:.0f}-{box.y1:.0f}")

    def test_the_check_sees_collisions(self):
        # A figure made to collide: two texts at one place, a text past the edge, a legend over the axes.
        from matplotlib.figure import Figure
        fig = Figure(figsize=(4, 3), dpi=100)
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], label="a line")
        ax.text(0.5, 0.5, "here", transform=ax.transAxes)
        ax.text(0.5, 0.5, "here too", transform=ax.transAxes)
        ax.text(1.2, 0.5, "beyond the edge of the figure", transform=ax.transAxes)
        ax.legend(loc="center left")
        found = L.problems(fig)
        self.assertTrue(any("'here' at" in f and "overlaps text 'here too'" in f for f in found), found)
        self.assertTrue(any("'beyond the edge of the figure'" in f and "cut off" in f for f in found), found)
        self.assertTrue(any("the legend starting 'a line' lies over the plotting area" in f for f in found), found)
        self.assertFalse(any("drawn twice" in f for f in found), found)
        twice = Figure(figsize=(4, 3), dpi=100)
        for _ in range(2):
            twice.text(0.2, 0.2, "the same text")
        self.assertEqual(len(L.problems(twice)), 1)
        self.assertIn("'the same text' at", L.problems(twice)[0])
        self.assertTrue(L.problems(twice)[0].endswith("is drawn twice, at the same place"))
        clean = Figure(figsize=(4, 3), dpi=100, layout="constrained")
        clean.subplots().plot([0, 1], [0, 1])
        self.assertEqual(L.problems(clean), [])


# ------------------------------------------------------------------------------------------------ errors


class TestErrors(Base):
    def run_main(self, argv):
        import contextlib
        import io
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = P.main(argv)
            except SystemExit as e:
                code = e.code
        return code, err.getvalue()

    def expect_error(self, argv, *words):
        code, err = self.run_main(argv)
        self.assertEqual(code, 2, f"{argv}: exit {code}, {err}")
        self.assertEqual(err.count("\n"), 1, f"{argv}: not one line: {err!r}")
        for w in words:
            self.assertIn(w, err, f"{argv}: {err}")

    def test_messages(self):
        w = self.w
        missing = os.path.join(self.out, "no-drivers")
        if not os.path.isdir(missing):
            shutil.copytree(self.d("run"), missing)
            os.remove(os.path.join(missing, "drivers.csv"))
        # The spellings of output format 1 work for one release, with a warning that shows the new one.
        for old in ("pair:USA-CHN:tension", "pair.USA-CHN.tension"):
            _, err = self.cli("trends", f"{w}/ens", "--metric", old, "--out", os.path.join(self.out, "old.png"))
            self.assertEqual(err, f"plot.py trends: warning: --metric: '{old}' is the old spelling of "
                                  "'relations.USA-CHN.tension' (accepted until the next release; write "
                                  "relations.USA-CHN.tension, docs/outputs.md)\n")
        cases = [
            (["trends", f"{w}/nothing", "--metric", "region.mean_tension"], "no such directory", "expected"),
            (["drivers", missing, "--pair", "USA-CHN"], "drivers.csv: no such file", "expected drivers.csv"),
            (["trends", f"{w}/run", "--metric", "relations.USA-CHN.tensoin"], "unknown pair metric 'tensoin'",
             "did you mean 'tension'"),
            (["trends", f"{w}/run", "--metric", "relations.USA-CHA.tension"], "unknown pair 'USA-CHA'", "USA-CHN"),
            (["trends", f"{w}/run", "--metric", "actors.XXX.milex"], "unknown actor 'XXX'", "expected one of"),
            (["trends", f"{w}/run", "--metric", "tension"], "cannot read it", "relations.A-B.NAME"),
            (["trends", f"{w}/ens", "--metric", "relations.USA-JPN.tension"], "unknown metric 'relations.USA-JPN.tension'",
             "--metric"),
            (["trends", f"{w}/cmp", "--metric", "region.mean_tension", "--variants", "patchwok"],
             "unknown variant 'patchwok'", "did you mean 'patchwork'"),
            (["compare", f"{w}/cmp", "--variants", "nope"], "unknown variant 'nope'", "status_quo"),
            (["compare", f"{w}/cmp", "--outcome", "tension"], "unknown outcome 'tension'", "tension_final"),
            (["compare", f"{w}/run"], "a single `statecraft run`", "needs the output of `statecraft compare`"),
            (["drivers", f"{w}/cmp", "--pair", "USA-CHN"], "`statecraft compare`", "needs the output of a single"),
            (["drivers", f"{w}/run", "--pair", "USA-CHA"], "unknown pair 'USA-CHA'", "did you mean 'USA-CHN'"),
            (["matrix", f"{w}/ens"], "ensemble", "needs the output of a single"),
            (["matrix", f"{w}/run", "--year", "1990"], "--year 1990", "from 2012 to 2024"),
            (["trends", f"{w}/run", "--metric", "region.mean_tension", "--from", "2100"],
             "--from 2100 is after the last year of the run, 2024", "expected a year from 2012 to 2024"),
            (["trends", f"{w}/ens", "--metric", "region.mean_tension", "--to", "1990"],
             "--to 1990 is before the first year of the run", "expected a year from 2012"),
            (["drivers", f"{w}/run", "--pair", "USA-CHN", "--from", "2100"], "--from 2100 is after the last year",
             "expected a year from"),
            # The drivers' first year is the end of the run's first step, and is named as theirs.
            (["drivers", f"{w}/run", "--pair", "USA-CHN", "--to", "2012"],
             "--to 2012 is before the first year of the drivers (dated by the year each step ends), 2013",
             "expected a year from 2013 to 2024"),
            (["trends", f"{w}/run", "--metric", "region.mean_tension", "--from", "nan"],
             "--from: 'nan' is not a year", "expected a number, e.g. 2020"),
            (["trends", f"{w}/run", "--metric", "region.mean_tension", "--to="], "--to: '' is not a year",
             "expected a number"),
            (["network", f"{w}/sw"], "`statecraft sweep`", "needs"),
            (["sobol", f"{w}/sw"], "sobol.csv: no such file", "--design sobol"),
            (["sweep", f"{w}/sob"], "expected --param", "actors.CHN.growth"),
            (["sweep", f"{w}/sw", "--param", "actors.CHN.growht"], "unknown parameter", "actors.CHN.growth"),
            (["sweep", f"{w}/sw", "--outcome", "tension"], "unknown outcome", "tension_final"),
            (["sweep", f"{w}/run"], "a single `statecraft run`", "needs the output of `statecraft sweep`"),
            (["trends", self.out, "--metric", "region.mean_tension"], "not a statecraft output directory",
             "expected pairs.csv"),
            (["network", f"{w}/run", "--out", "x.jpg"], "unknown image type .jpg", "expected .png or .svg"),
            (["trends", f"{w}/run"], "required: --metric"),
            (["nonsense"], "invalid choice"),
        ]
        for argv, *words in cases:
            with self.subTest(argv=argv):
                self.expect_error(argv, *words)

    def test_why_and_sensitivity_refusals(self):
        # A missing file names the flag that writes it; an unknown outcome or variant gets a suggestion; an
        # outcome the drivers do not break down says which ones they do. The exact texts, as a user sees them.
        w = self.w
        drivers = ", ".join(["tension_final"] + [q for q in dict.fromkeys(
            pd.read_csv(self.d("cmp_unc/compare_drivers.csv")).quantity) if q.startswith("target_tension.")][:29])
        cases = [
            (["why", f"{w}/cmp"], f"{w}/cmp/compare_drivers.csv: no such file (expected compare_drivers.csv, "
                                  "written by `statecraft compare --explain`)"),
            (["sensitivity", f"{w}/cmp"], f"{w}/cmp/compare_sensitivity.csv: no such file (expected "
                                          "compare_sensitivity.csv, written by `statecraft compare --uncertain`)"),
            (["why", f"{w}/cmp_unc", "--outcome", "tension_fina"],
             f"unknown outcome 'tension_fina' (did you mean 'tension_final'? expected one of: {drivers})"),
            (["why", f"{w}/cmp_unc", "--outcome", "crises_per_year"],
             f"outcome 'crises_per_year' is not broken down by driver term (expected one of: {drivers}; "
             "compare_drivers.csv breaks down tensions only)"),
            (["why", f"{w}/run"], f"{w}/run is the output of a single `statecraft run`; the why plot needs the "
                                  "output of `statecraft compare`"),
            (["sensitivity", f"{w}/sw"], f"{w}/sw is the output of `statecraft sweep`; the sensitivity plot needs "
                                         "the output of `statecraft compare`"),
        ]
        for argv, message in cases:
            with self.subTest(argv=argv):
                _, err = self.cli(*argv, expect=2)
                self.assertEqual(err, f"plot.py {argv[0]}: error: {message}\n")
        for argv, *words in [
                (["sensitivity", f"{w}/cmp_unc", "--outcome", "tension_fnal"], "unknown outcome 'tension_fnal' "
                 "(did you mean 'tension_final'? expected one of: tension_final, tension_mean, crises_per_year"),
                (["why", f"{w}/cmp_unc", "--variants", "patchwok"], "unknown variant 'patchwok' (did you mean "
                 "'patchwork'? expected one of: status_quo, "),
                (["sensitivity", f"{w}/cmp_unc", "--variants", "patchwork,nope"], "unknown variant 'nope'"),
                (["sensitivity", f"{w}/cmp_unc", "--of", "both"], "invalid choice: 'both'")]:
            with self.subTest(argv=argv):
                self.expect_error(argv, *words)

    def test_a_suggestion_keeps_the_scope_of_the_name(self):
        # A pair's metric the comparison did not summarise gets no region metric as a suggestion; a near name does.
        _, err = self.cli("trends", self.d("cmp"), "--metric", "relations.USA-CHN.tension", expect=2)
        self.assertNotIn("did you mean", err)
        _, err = self.cli("trends", self.d("cmp"), "--metric", "region.mean_tensio", expect=2)
        self.assertIn("(did you mean 'region.mean_tension'? expected one of: ", err)

    def test_a_flag_that_is_not_an_option(self):
        # Refused first, before a missing required option, with the nearest option; abbreviations are not options.
        w = self.w
        every = "expected one of: --out, --format, --dpi, --size, --title, --outcome, --variants; see plot.py " \
                "compare --help"
        for argv, message in [
                (["compare", f"{w}/cmp", "--varients", "patchwork"],
                 "plot.py compare: error: --varients: not an option of compare (did you mean --variants?)"),
                (["trends", f"{w}/ens", "--metrc", "region.mean_tension"],
                 "plot.py trends: error: --metrc: not an option of trends (did you mean --metric?)"),
                (["compare", f"{w}/cmp", "--var", "patchwork"],
                 "plot.py compare: error: --var: not an option of compare (did you mean --variants?)"),
                (["sensitivity", f"{w}/cmp_unc", "--measure=src", "--mesure=src"],
                 "plot.py sensitivity: error: --mesure: not an option of sensitivity (did you mean --measure?)"),
                (["compare", f"{w}/cmp", "--metric", "region.mean_tension"],
                 f"plot.py compare: error: --metric: not an option of compare ({every})"),
                (["--variants", "patchwork", "compare", f"{w}/cmp"],
                 "plot.py: error: --variants: not an option of plot.py (expected KIND first, one of: trends, compare, "
                 "why, sensitivity, drivers, matrix, network, sweep, sobol; see plot.py --help)")]:
            with self.subTest(argv=argv):
                _, err = self.cli(*argv, expect=2)
                self.assertEqual(err, message + "\n")
        r = subprocess.run(["/usr/bin/python3", os.path.join(ARGS.source, "tools", "report.py"), self.d("run"),
                            "--pai", "USA-CHN"], capture_output=True, text=True, timeout=60)
        self.assertEqual((r.returncode, r.stderr),
                         (2, "report.py: error: --pai: not an option of report.py (did you mean --pair?)\n"))
        # What argparse takes for a value is not checked as a flag: a negative number, a text with a space.
        out = os.path.join(self.out, "flag-like-values.png")
        self.cli("trends", f"{w}/run", "--metric", "region.mean_tension", "--from", "-5", "--title",
                 "-5 years and more", "--dpi", "20", "--out", out)
        self.assertTrue(os.path.isfile(out))

    def test_a_column_that_is_not_a_metric(self):
        # incident_level is empty in a step without an incident, a stance or a policy is text: the program refuses
        # them as metrics, and so does plot.py, in a run, an ensemble or a comparison alike.
        pairs = "tension, trust_ab, trust_ba, threat_ab, threat_ba, operations_ab, operations_ba, dialogue, " \
                "alliance, interdependence, risk, incident_rate, incidents"
        actors = "gdp, milex, share, capability, power, milex_growth, hawkishness, transparency_strategic, " \
                 "transparency_operational"
        for out, metric, message in [
                ("run", "relations.USA-CHN.incident_level", f"'incident_level' is a column of pairs.csv but not a "
                 f"metric (it is text, or empty in some rows: expected one of: {pairs})"),
                ("run", "relations.*.incident_level", "'incident_level' is a column of pairs.csv but not a metric"),
                ("ens", "relations.USA-CHN.incident_level", "'incident_level' is a column of pairs.csv but not a "
                 "metric"),
                ("cmp", "relations.USA-CHN.stance_ab", "'stance_ab' is a column of pairs.csv but not a metric"),
                ("run", "actors.CHN.policy", f"'policy' is a column of actors.csv but not a metric (it is text, or "
                 f"empty in some rows: expected one of: {actors})")]:
            with self.subTest(metric=metric, out=out):
                _, err = self.cli("trends", self.d(out), "--metric", metric, expect=2)
                self.assertTrue(err.startswith(f"plot.py trends: error: {message}"), err)
                self.assertEqual(err.count("\n"), 1, err)

    def test_exit_code_of_the_command(self):
        _, err = self.cli("drivers", self.d("cmp"), "--pair", "USA-CHN", expect=2)
        self.assertTrue(err.startswith("plot.py drivers: error: "), err)
        self.assertEqual(err.count("\n"), 1)
        r = subprocess.run(["/usr/bin/python3", os.path.join(ARGS.source, "tools", "report.py"),
                            self.d("nothing")], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)


# ------------------------------------------------------------------------------------------------ report


# Added to a copy of a report before it is opened: counts the images decoded and the errors, and measures the
# page at the window's width: the document's scroll width and every element whose content is wider than its
# box (a table in a scroll container) or that reaches past the window's right edge.
CHECK_SCRIPT = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var bad = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0); });
  var root = document.documentElement, wide = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var right = e.getBoundingClientRect().right;
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
      wide.push(e.tagName.toLowerCase() + ' scrolls: content ' + e.scrollWidth + ' px in ' + e.clientWidth + ' px');
    else if (right > root.clientWidth + 0.5)
      wide.push(e.tagName.toLowerCase() + ' reaches ' + Math.round(right) + ' px');
  });
  var d = document.createElement('div');
  d.id = 'statecraft-check';
  d.textContent = 'images=' + imgs.length + ' broken=' + bad.length + ' errors=' + window.__errors.length +
      ' window=' + window.innerWidth + ' page=' + root.scrollWidth + ' in=' + root.clientWidth;
  var w = document.createElement('pre');
  w.id = 'statecraft-wide';
  w.textContent = wide.slice(0, 10).join('\\n');
  document.body.appendChild(d);
  document.body.appendChild(w);
});
</script>"""
ERROR_HOOK = "<script>window.__errors = []; window.addEventListener('error', function (e) " \
             "{ window.__errors.push(String(e.message || e.type)); }, true);</script>"
WINDOW = (1280, 2000)  # a laptop's screen: reports must fit its width


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_run(args, tmp):
    profile = os.path.join(tmp, "profile")
    os.makedirs(profile, exist_ok=True)
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
           f"--window-size={WINDOW[0]},{WINDOW[1]}"] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


class Check:
    """What the page showed in a 1280-px-wide window: images, broken images, script errors, console lines, the
    page's width (window, scroll width, client width) and the elements wider than their room."""

    def __init__(self, m, wide, console):
        self.images, self.broken, self.errors = int(m.group(1)), int(m.group(2)), int(m.group(3))
        self.window, self.page, self.client = int(m.group(4)), int(m.group(5)), int(m.group(6))
        self.wide, self.console = wide, console


def chromium_check(html_path):
    """Open the page in headless Chromium, 1280 px wide, with CHECK_SCRIPT added."""
    with open(html_path, encoding="utf-8") as f:
        page = f.read()
    page = page.replace("<head>", "<head>" + ERROR_HOOK, 1).replace("</body>", CHECK_SCRIPT + "</body>", 1)
    with tempfile.TemporaryDirectory(prefix="statecraft-chromium-") as tmp:
        probe = os.path.join(tmp, "page.html")
        with open(probe, "w", encoding="utf-8") as f:
            f.write(page)
        r = chromium_run(["--dump-dom", "file://" + probe], tmp)
    m = re.search(r'<div id="statecraft-check">images=(\d+) broken=(\d+) errors=(\d+) window=(\d+) page=(\d+) '
                  r'in=(\d+)</div>', r.stdout)
    if not m:
        raise AssertionError(f"chromium gave no result (exit {r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    w = re.search(r'<pre id="statecraft-wide">(.*?)</pre>', r.stdout, re.S)
    wide = [l for l in (w.group(1).split("\n") if w else []) if l]
    console = [l for l in r.stderr.splitlines() if ":CONSOLE" in l or "Uncaught" in l]
    return Check(m, wide, console)


def chromium_screenshot(html_path, png_path):
    """A screenshot of the page as a 1280 x 2000 window shows it."""
    with tempfile.TemporaryDirectory(prefix="statecraft-chromium-") as tmp:
        r = chromium_run([f"--screenshot={png_path}", "file://" + os.path.abspath(html_path)], tmp)
    if r.returncode != 0 or not os.path.isfile(png_path):
        raise AssertionError(f"chromium wrote no screenshot (exit {r.returncode}):\n{r.stderr[-3000:]}")


class Reports(Base):
    def check_html(self, path, kind_words):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("<!DOCTYPE html>"))
        for w in kind_words:
            self.assertIn(w, text)
        # self-contained: every src/href is a data: URI or a fragment, no script, no @import or url()
        refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']*)', text)
        self.assertTrue(refs, "no images")
        self.assertEqual([r for r in refs if not (r.startswith("data:image/png;base64,") or r.startswith("#"))], [])
        self.assertNotIn("<script", text.lower())
        self.assertNotIn("@import", text)
        self.assertNotIn("url(", text)
        imgs = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)"', text)
        import base64
        for b64, w, h in imgs:
            png = base64.b64decode(b64)
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(struct.unpack(">II", png[16:24]), (int(w), int(h)))
        return len(imgs)

    def render(self, name, kind_words, min_figures, **kw):
        path = os.path.join(self.out, f"report-{name}.html")
        doc, page = R.build(self.d(name), **kw)
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc)
        self.assertEqual(page.skipped, [])
        n = self.check_html(path, kind_words)
        self.assertGreaterEqual(n, min_figures)
        self.assertEqual(n, page.figures)
        return path, n, page

    def every_kind(self):
        """A report of each kind of output: (path, figures, page)."""
        s = pd.read_csv(self.d("cmp/compare_summary.csv"))
        best = s[s.outcome == "tension_final"].sort_values("mean").variant.iloc[0]
        return [self.render("run", ["asia_pacific_2012", "Actors at the start", "What moved"], 9, dpi=50),
                self.render("cmp", ["Variants ranked by", "status_quo", best, "vs status_quo"], 4, dpi=50),
                self.render("cmp_all", ["Variants ranked by", "Each variant on the pairs it targets"], 4, dpi=50),
                self.render("cmp_unc", ["Robust ranking on", "Why variants differ", "Which uncertain values matter"],
                            6, dpi=50),
                self.render("cmp_one", ["Robust ranking on", "Nothing to break down"], 1, dpi=50),
                self.render("ens", ["Outcomes", "tension_final"], 6, dpi=50),
                self.render("sw", ["Points of the sweep"], 1, dpi=50),
                self.render("sob", ["Sobol indices", "parameters.trust.forgetting"], 3, dpi=50)]


class TestReport(Reports):
    def test_reports_of_every_kind(self):
        pages = self.every_kind()
        # the comparison table lists the variants ranked, the best first
        s = pd.read_csv(self.d("cmp/compare_summary.csv"))
        best = s[s.outcome == "tension_final"].sort_values("mean").variant.iloc[0]
        with open(pages[1][0], encoding="utf-8") as f:
            text = f.read().split("<h2>Robust ranking")[0]
        ranked = re.findall(r"<tr[^>]*><td class=\"n\">(\d+)</td><td><code>([^<]+)</code>", text)
        self.assertEqual([v for _, v in ranked][:1], [best])
        self.assertEqual(len(ranked), 4)

    def section(self, doc, heading):
        """The HTML of one h2 section of a report, figures left out."""
        part = doc.split(f"<h2>{heading}")[1].split("<h2>")[0]
        return re.sub(r"<figure>.*?</figure>", "", part, flags=re.S)

    def cells(self, html_part):
        """The cells of each row of a table, tags left out and <wbr> joined."""
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html_part, re.S)
        return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
                for r in rows]

    def printed_lines(self, name, heading):
        """The lines `statecraft compare` printed under a heading (`Why, on` or `Which uncertain values`):
        {variant: the rest of its line}."""
        with open(self.d(f"{name}.stdout"), encoding="utf-8") as f:
            block = f.read().split(heading, 1)[1].split("\n\n")[0].splitlines()[1:]
        return {line.split()[0]: line.split(None, 1)[1] for line in block}

    def test_robust_why_and_sensitivity_of_a_comparison(self):
        doc, page = R.build(self.d("cmp_unc"), dpi=30)
        self.assertEqual(page.skipped, [])
        # The robust ranking: the program's order, its numbers as compare_robust.csv has them
        rows = self.cells(self.section(doc, "Robust ranking on"))
        self.assertEqual(rows[0], ["rank", "variant", "mean", "P(best)", "P(beats)", "95% CI of P(beats)",
                                   "mean regret", "max regret", "vs status_quo", "95% CI of the difference"])
        order = TestCompare.printed_order(self, "cmp_unc")
        self.assertEqual([r[1] for r in rows[1:]], order)
        self.assertEqual([r[0] for r in rows[1:]], [str(k) for k in range(1, 17)])
        csv = pd.read_csv(self.d("cmp_unc/compare_robust.csv")).set_index("variant")
        for r in rows[1:]:
            x = csv.loc[r[1]]
            self.assertEqual(r[3:8], [f"{x.p_best:.3f}", f"{x.p_beats_baseline:.3f}",
                                      "" if r[1] == "status_quo" else f"[{x.p_beats_low:.3f}, {x.p_beats_high:.3f}]",
                                      f"{x.mean_regret:.4g}", f"{x.max_regret:.4g}"], r[1])
        self.assertIn("Variants ranked by mean regret on tension_final (lowest mean regret first; lower "
                      "tension_final is better), as <code>statecraft compare</code> printed it", doc)
        # Why: the figure and, per variant, the line the program printed
        why = self.section(doc, "Why variants differ")
        printed = self.printed_lines("cmp_unc", "Why, on tension_final")
        self.assertEqual(len(printed), 15)
        got = {r[0]: f"{r[1]} = {r[2]}" for r in self.cells(why)[1:]}
        self.assertEqual(got, printed)
        self.assertIn("Why each variant differs from status_quo on tension_final", doc)
        # Which uncertain values matter: the figure and the program's lines, with the R^2 of the fit
        sens = self.section(doc, "Which uncertain values matter")
        printed = self.printed_lines("cmp_unc", "Which uncertain values move")
        rows = self.cells(sens)[1:]
        self.assertEqual({r[0]: r[1] for r in rows}, printed)
        s = pd.read_csv(self.d("cmp_unc/compare_sensitivity.csv"))
        r2 = s[(s.outcome == "tension_final") & (s.of == "diff") & (s.measure == "r2")].set_index("variant").value
        self.assertEqual({r[0]: r[2] for r in rows}, {v: "n/d" if np.isnan(x) else R.num(x, 2) for v, x in r2.items()})
        self.assertIn("n/d", {r[2] for r in rows}, "patchwork's nine inputs need more than 40 runs for a fit")
        self.assertTrue(R.esc("Which uncertain values move each variant's difference to the baseline in "
                              "tension_final") in doc, "the sensitivity figure's caption")

    def test_a_comparison_without_explain_or_uncertain_says_which_flag_writes_them(self):
        doc, page = R.build(self.d("cmp"), dpi=30)
        self.assertIn('<p class="note">Not shown: compare_drivers.csv is missing (run compare with '
                      "<code>--explain</code>).</p>", doc)
        self.assertIn('<p class="note">Not shown: compare_sensitivity.csv is missing (run compare with '
                      "<code>--uncertain</code>).</p>", doc)
        rows = self.cells(self.section(doc, "Robust ranking on"))
        self.assertEqual([r[1] for r in rows[1:]], TestCompare.printed_order(self, "cmp"))
        self.assertIn("Variants ranked by tension_final (lower is better), as", doc)
        doc, _ = R.build(self.d("cmp_pbest"), dpi=30)
        # Without --outcome the headline is the outcome the comparison ranked by, from its better end.
        self.assertIn("security-community index at the horizon (share of pairs); higher is better.", doc)
        rows = self.cells(self.section(doc, "Robust ranking on"))
        self.assertEqual([r[1] for r in rows[1:]], TestCompare.printed_order(self, "cmp_pbest"))
        # The baseline alone: a row, and a line where the breakdowns would be
        doc, page = R.build(self.d("cmp_one"), dpi=30)
        self.assertEqual(page.skipped, [])
        self.assertEqual([r[1] for r in self.cells(self.section(doc, "Robust ranking on"))[1:]], ["status_quo"])
        self.assertIn("Nothing to break down: the comparison holds only its baseline, status_quo.", doc)
        self.assertIn("No differences to screen: the comparison holds only its baseline.", doc)

    def test_a_sensitivity_without_variance_is_listed_not_plotted(self):
        copy = os.path.join(self.out, "cmp_unc-flat")
        shutil.copytree(self.d("cmp_unc"), copy, dirs_exist_ok=True)
        s = pd.read_csv(self.d("cmp_unc/compare_sensitivity.csv"))
        s.loc[(s.outcome == "tension_final") & (s.of == "diff"), ["value", "rank"]] = np.nan
        s.to_csv(os.path.join(copy, "compare_sensitivity.csv"), index=False)
        doc, page = R.build(copy, dpi=30)
        _, full = R.build(self.d("cmp_unc"), dpi=30)
        self.assertEqual(page.figures, full.figures - 1)
        self.assertEqual(page.no_variance, [("tension_final (uncertain values)", "no index is defined: the difference "
                                             "to the baseline does not vary, or the runs are too few to screen")])
        self.assertNotIn("Which uncertain values move each variant", doc)
        rows = self.cells(self.section(doc, "Which uncertain values matter"))[1:]
        self.assertEqual({r[1] for r in rows}, {"(not defined: no variance, or too few runs)"})

    def test_outcomes_with_no_variance_are_listed_not_plotted(self):
        # The grid sweep: outcomes the same at every point, mean and interval alike (read from sweep.csv here),
        # get no figure but a line each.
        sw = pd.read_csv(self.d("sw/sweep.csv"))
        outs = [c[:-len("_mean")] for c in sw.columns if c.endswith("_mean")]
        flat = [o for o in outs if sw[[f"{o}_mean", f"{o}_ci_low", f"{o}_ci_high"]].nunique().max() == 1]
        self.assertTrue(flat, "the 12-step grid sweep has outcomes its parameter does not move")
        self.assertLess(len(flat), len(outs))
        doc, page = R.build(self.d("sw"), outcome=flat[0], dpi=30)
        self.assertEqual([w for w, _ in page.no_variance], flat)
        self.assertEqual(page.figures, 0, "the sweep of an outcome with no variance is not drawn")
        self.assertIn("<h3>Not plotted: no variance</h3>", doc)
        for o in flat:
            self.assertIn(R.name(o), doc)
        _, page = R.build(self.d("sw"), dpi=30)
        self.assertEqual(page.figures, 1, "tension_final varies: drawn")
        # The Sobol sweep: an outcome whose status is "no variance" is listed instead of drawn.
        sob = pd.read_csv(self.d("sob/sobol.csv"))
        silent = list(dict.fromkeys(sob[sob.status == "no variance"].outcome))
        doc, page = R.build(self.d("sob"), outcome=silent[0], dpi=30)
        self.assertIn(silent[0], [w for w, _ in page.no_variance])
        self.assertNotIn(f"Sobol indices of {silent[0]}", doc.split("<h2>Sobol indices</h2>")[0])
        # A comparison in which one outcome is the same under every variant: listed, and its forest plot left out.
        copy = os.path.join(self.out, "cmp-flat")
        shutil.copytree(self.d("cmp"), copy, dirs_exist_ok=True)
        s = pd.read_csv(self.d("cmp/compare_summary.csv"))
        rows = s.outcome == "disputes_per_year"
        for c in ("mean", "ci_low", "ci_high"):
            s.loc[rows, c] = 0.0
        s.loc[rows, ["diff", "diff_ci_low", "diff_ci_high", "differs"]] = 0
        s.to_csv(os.path.join(copy, "compare_summary.csv"), index=False)
        doc, flat_page = R.build(copy, dpi=30)
        _, page = R.build(self.d("cmp"), dpi=30)
        self.assertEqual([w for w, _ in flat_page.no_variance], ["disputes_per_year"])
        self.assertEqual(flat_page.figures, page.figures - 1)
        self.assertNotIn("disputes_per_year: each variant", doc)

    def test_unreliable_sobol_indices_are_flagged(self):
        # The rules of docs/plots.md, applied here to sobol.csv: an interval wider than 0.5, an estimate or bound
        # more than 0.2 outside [0, 1], a first-order index above the total beyond both intervals.
        sob = pd.read_csv(self.d("sob/sobol.csv"))
        ok = sob[sob.status == "ok"]

        def doubtful(r):
            return (r.first_high - r.first_low > 0.5 or r.total_high - r.total_low > 0.5 or
                    min(r.first_order, r.first_low, r.total, r.total_low) < -0.2 or
                    max(r.first_order, r.first_high, r.total, r.total_high) > 1.2 or r.first_low > r.total_high)
        want = {(r.outcome, r.param) for r in ok.itertuples() if doubtful(r)}
        self.assertTrue(0 < len(want) < len(ok), "the fixture has sound and unreliable indices")
        doc, _ = R.build(self.d("sob"), dpi=30)
        table = doc.split("<h2>Sobol indices</h2>")[1].split("</table>")[0]
        got = set()
        for cls, outcome, param in re.findall(r'<tr class="(\w+)"><td><code>(.*?)</code></td><td><code>(.*?)</code>',
                                              table):
            if cls == "flag":
                got.add((outcome.replace("<wbr>", ""), param.replace("<wbr>", "")))
        self.assertEqual(got, want)
        self.assertIn(f"{len(want)} of {len(sob)} rows flagged as unreliable", doc)
        r = ok[(ok.first_high - ok.first_low > 0.5)].iloc[0]
        self.assertIn(f"first-order interval {R.num(r.first_high - r.first_low, 2)} wide", table)

    def test_command_line_writes_beside_the_output_and_replaces_only_its_own_report(self):
        sw = os.path.join(self.out, "beside-sw")
        if not os.path.isdir(sw):
            shutil.copytree(self.d("sw"), sw)
        before = sorted(os.listdir(sw))
        report = ["/usr/bin/python3", os.path.join(ARGS.source, "tools", "report.py"), sw, "--dpi", "30"]
        for _ in range(2):  # the second time it replaces its own report
            r = subprocess.run(report, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(r.stdout.startswith(f"wrote {sw}.html ("), r.stdout)
        self.assertEqual(sorted(os.listdir(sw)), before, "nothing is written inside the output directory")
        mine = os.path.join(self.out, "notes.html")
        with open(mine, "w", encoding="utf-8") as f:
            f.write("<p>my notes</p>")
        r = subprocess.run(report + ["--out", mine], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stderr, f"report.py: error: {mine}: exists and was not written by report.py (expected a "
                                   f"new file or one report.py wrote; choose another --out)\n")
        with open(mine, encoding="utf-8") as f:
            self.assertEqual(f.read(), "<p>my notes</p>")
        # A folder given as --out, and a file where a folder of the path should be: refused, nothing made.
        new = os.path.join(self.out, "new-folder") + os.sep
        r = subprocess.run(report + ["--out", new], capture_output=True, text=True, timeout=120)
        self.assertEqual((r.returncode, r.stderr), (2, f"report.py: error: {new}: is a directory (expected the path "
                                                       f"of a file to write, such as {new}report.html)\n"))
        self.assertFalse(os.path.exists(new))
        through = os.path.join(mine, "report.html")
        r = subprocess.run(report + ["--out", through], capture_output=True, text=True, timeout=120)
        self.assertEqual((r.returncode, r.stderr), (2, f"report.py: error: {through}: {mine} is a file, not a folder "
                                                       f"(expected a folder there, or another --out)\n"))
        # Mentioning the generator is not being the report: only an HTML file whose head carries its meta tag is.
        for name, text in (("notes.txt", "remember to run statecraft tools/report.py on the cmp dir\n"),
                           ("notes2.html", "<!DOCTYPE html><html><head></head><body>statecraft tools/report.py"
                                           "</body></html>"),
                           ("report-copy.py", open(os.path.join(ARGS.source, "tools", "report.py"),
                                                   encoding="utf-8").read())):
            path = os.path.join(self.out, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            r = subprocess.run(report + ["--out", path], capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertEqual(r.stderr, f"report.py: error: {path}: exists and was not written by report.py (expected "
                                       f"a new file or one report.py wrote; choose another --out)\n")
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), text)
        inside = os.path.join(sw, "report.html")
        r = subprocess.run(report + ["--out", inside], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stderr, f"report.py: error: {inside}: is inside the statecraft output directory {sw} "
                                   f"(expected a path outside it, which --force can then replace; the default is "
                                   f"beside it)\n")
        self.assertEqual(sorted(os.listdir(sw)), before, "nothing is written inside the output directory")

    def test_command_line(self):
        out = os.path.join(self.out, "cli-report.html")
        r = subprocess.run(["/usr/bin/python3", os.path.join(ARGS.source, "tools", "report.py"), self.d("sw"),
                            "--out", out, "--dpi", "40"], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        # The grid sweep's report draws one figure (tension_final against the growth): "1 figure", not "1 figures".
        self.assertEqual(self.check_html(out, ["Points of the sweep"]), 1)
        self.assertRegex(r.stdout, rf"^wrote {re.escape(out)} \(1 figure, \d+ KiB\)\n$")

    def test_counts_of_one_are_singular(self):
        # The run's time, in steps of one year (12 steps of 1 year, not "year(s)"), and a Sobol table of one row.
        doc, _ = R.build(self.d("run"), dpi=20)
        self.assertIn("<td>12 steps of 1 year, 2012 to 2024</td>", doc)
        one = os.path.join(self.out, "sob-one-row")
        shutil.copytree(self.d("sob"), one, dirs_exist_ok=True)
        sob = pd.read_csv(self.d("sob/sobol.csv"))
        sob[(sob.outcome == "tension_final") & (sob.param == "actors.CHN.growth")].to_csv(
            os.path.join(one, "sobol.csv"), index=False)
        doc, _ = R.build(one, dpi=20)
        self.assertRegex(doc, r'<p class="sub">[01] of 1 row flagged as unreliable')


class TestReportInBrowser(Reports):
    """The reports in headless Chromium, 1280 px wide (group report_browser; skipped without chromium)."""

    def test_reports_render_and_fit_1280_px(self):
        for path, n, _ in self.every_kind():
            with self.subTest(os.path.basename(path)):
                c = chromium_check(path)
                self.assertEqual((c.images, c.broken, c.errors, c.console), (n, 0, 0, []), path)
                self.assertEqual(c.window, WINDOW[0])
                self.assertLessEqual(c.page, c.client, f"{path}: the page is wider than the window")
                self.assertEqual(c.wide, [], f"{path}: wider than their room at {WINDOW[0]} px")
                shot = path[:-len(".html")] + f"-{WINDOW[0]}.png"
                chromium_screenshot(path, shot)
                self.assertEqual(png_size(shot), WINDOW)
                img = matplotlib.image.imread(shot)[..., :3]
                self.assertGreater(float(img.std()), 0.05, f"{shot} looks blank")
                # Nothing drawn in the right margin: the page is centred, at most 70em wide, with room to spare.
                self.assertTrue(np.all(img[:, -24:] > 0.99), f"{shot}: something reaches the window's right edge")

    def test_the_checks_catch_a_broken_or_too_wide_page(self):
        path = os.path.join(self.out, "broken.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html><head></head><body><img src="data:image/png;base64,AAAA">'
                    '<img src="missing.png"></body></html>')
        c = chromium_check(path)
        self.assertEqual((c.images, c.broken), (2, 2))
        # A table in a scroll container and a block wider than the window: both reported, with their widths.
        path = os.path.join(self.out, "wide.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html><head></head><body style="margin:0">'
                    '<div style="overflow-x:auto;width:600px"><table><tr><td style="white-space:nowrap">' +
                    "wide " * 400 + '</td></tr></table></div><div style="width:1500px;height:10px;background:#000">'
                    "</div></body></html>")
        c = chromium_check(path)
        self.assertGreater(c.page, c.client)
        self.assertTrue(any(w.startswith("div scrolls: content ") and w.endswith(" px in 600 px") for w in c.wide),
                        c.wide)
        self.assertIn("div reaches 1500 px", c.wide)
        shot = os.path.join(self.out, "wide-1280.png")
        chromium_screenshot(path, shot)
        img = matplotlib.image.imread(shot)[..., :3]
        self.assertFalse(np.all(img[:, -24:] > 0.99), "the black block reaches the right edge")


GROUPS = {"run": TestRun, "ensemble": TestEnsemble, "compare": TestCompare, "sweep": TestSweep,
          "layout": TestLayout, "errors": TestErrors, "report": TestReport, "report_browser": TestReportInBrowser}


def main():
    global ARGS, P, R, L, np, pd, matplotlib
    ap = argparse.ArgumentParser()
    ap.add_argument("--statecraft", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("group", choices=["setup"] + list(GROUPS))
    ap.add_argument("rest", nargs="*", help="unittest arguments (e.g. -k name)")
    ARGS = ap.parse_args()
    ARGS.work = os.path.abspath(ARGS.work)
    if ARGS.group == "setup":
        setup_outputs()
        print(f"wrote {ARGS.work}")
        return 0
    try:
        import numpy as np  # noqa: F401
        import pandas as pd  # noqa: F401
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.image  # noqa: F401
    except ImportError as e:
        print(f"test_plot.py: {e}: install python3-matplotlib, python3-pandas, python3-numpy (tools/setup.sh)",
              file=sys.stderr)
        return 1
    sys.path.insert(0, os.path.join(ARGS.source, "tools"))
    import plot as P  # noqa: F811
    import report as R  # noqa: F811
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import layout_check as L  # noqa: F811
    if not os.path.isdir(os.path.join(ARGS.work, "run")):
        print(f"test_plot.py: {ARGS.work} holds no outputs: run the setup group (ctest runs plot_setup first)",
              file=sys.stderr)
        return 1
    if ARGS.group == "report_browser" and not chromium():
        print("test_plot.py: skipped: no chromium on PATH (the Debian package chromium, which tools/setup.sh --dev "
              "installs, renders the reports)")
        return SKIPPED
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(GROUPS[ARGS.group])
    if ARGS.rest and ARGS.rest[0] == "-k":
        pattern = ARGS.rest[1]
        suite = unittest.TestSuite(t for t in suite if pattern in t.id())
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
