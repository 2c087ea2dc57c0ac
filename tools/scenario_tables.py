#!/usr/bin/python3
"""Regenerates the result tables of scenarios/README.md from fresh runs.

    /usr/bin/python3 tools/scenario_tables.py [--statecraft build/statecraft] [--seeds 10] [--scenario NAME]

For each bundled scenario with a table (TABLES below), runs every variant once per seed 1..N
(`statecraft run FILE --variant V --seed S`, one run at a time) into a temporary directory, and prints the
table in the README's markdown format: each column the mean over seeds of one run's value. Columns:
final mean tension and sc_index, cumulative risk from region.csv's last row; mean tension over steps 1..end;
incidents, crises, militarized: region.csv's incidents, crises and militarized_disputes summed over the run;
a pair (A-B): that pair's final tension in pairs.csv; "A-B incidents": its incidents summed over the run.
After the asia_pacific_2012 table it prints the status quo's incidents per year of the pairs cited in the
README's check against data, and the busiest pairs. Run from the repository root; paste the output into
scenarios/README.md.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

sys.dont_write_bytecode = True  # leave no __pycache__ in tools/

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Column kinds: final (region.csv column, last row), mean (region.csv column, mean over steps 1..end),
# sum (region.csv column summed over the run), pair (final tension of A-B), pair_incidents (A-B's sum).
FINAL_TENSION = ("final mean tension", "final", "mean_tension", 3)
MEAN_TENSION = ("mean tension 2013-52", "mean", "mean_tension", 3)
INCIDENTS = ("incidents", "sum", "incidents", 1)
CRISES = ("crises", "sum", "crises", 1)
MILITARIZED = ("militarized", "sum", "militarized_disputes", 1)
SC_INDEX = ("sc_index", "final", "sc_index", 2)
RISK = ("cumulative risk", "final", "cumulative_risk", 2)


def pair(p):
    return (p, "pair", p, 2)


def pair_incidents(p):
    return (p + " incidents", "pair_incidents", p, 1)


COUNTS = [INCIDENTS, CRISES, MILITARIZED]

TABLES = {
    "asia_pacific_2012": dict(
        variants=["status_quo", "all_balance_of_power", "all_security_community", "all_hedging",
                  "china_reassures", "china_firmer_line", "china_domestic_reform", "us_china_dialogue",
                  "china_japan_dialogue", "east_asia_community", "east_asia_community_consensus",
                  "trilateral_defence_conference", "binding_coc_south_china_sea", "culture_of_cooperation",
                  "six_party_talks_restart", "patchwork"],
        columns=[FINAL_TENSION, MEAN_TENSION] + COUNTS + [SC_INDEX, RISK]
        + [pair(p) for p in ("USA-CHN", "CHN-JPN", "CHN-TWN")],
        # the "check against data" bullet: incidents per year of these pairs in this variant
        rates=("status_quo", ["KOR-PRK", "CHN-TWN", "CHN-JPN", "CHN-VNM", "USA-PRK", "USA-CHN"])),
    "korean_peninsula": dict(
        variants=["status_quo", "provocations", "sanctions", "six_party_restart",
                  "six_party_restart_despite_tests", "inter_korean_detente", "detente_and_talks"],
        columns=[FINAL_TENSION] + COUNTS + [pair(p) for p in ("KOR-PRK", "USA-PRK", "JPN-PRK")]
        + [pair_incidents("KOR-PRK")]),
    "south_china_sea": dict(
        variants=["status_quo", "binding_coc", "nonbinding_coc", "live_fire_exercises", "us_presence",
                  "us_hands_off", "binding_coc_with_us_presence", "china_calms_claimants"],
        columns=[FINAL_TENSION] + COUNTS + [pair(p) for p in ("CHN-VNM", "CHN-PHL", "USA-CHN", "CHN-MYS")]
        + [RISK]),
    "taiwan_strait": dict(
        variants=["status_quo", "no_new_sales", "sales_cut_backfires", "china_reassures", "unilateral_steps",
                  "unilateral_steps_reciprocity"],
        columns=[FINAL_TENSION] + COUNTS + [pair(p) for p in ("CHN-TWN", "USA-CHN", "CHN-JPN")]
        + [pair_incidents("CHN-TWN")]),
    "us_china_military_relations": dict(
        variants=["status_quo", "no_arms_sales", "surveillance_reduced", "exchange_law_relaxed",
                  "obstacles_removed", "top_down_trust_building", "bottom_up_trust_building",
                  "mismatched_styles", "strategic_transparency", "operational_transparency",
                  "unannounced_tests"],
        columns=[FINAL_TENSION] + COUNTS + [pair(p) for p in ("USA-CHN", "CHN-TWN", "USA-TWN")]
        + [pair_incidents("USA-CHN")]),
}


def pair_rows(pairs, name):
    """Rows of pairs.csv for the pair A-B, in whichever order the file lists it."""
    a, b = name.split("-")
    rows = pairs[((pairs.a == a) & (pairs.b == b)) | ((pairs.a == b) & (pairs.b == a))]
    if rows.empty:
        sys.exit(f"scenario_tables: no pair {name} in pairs.csv")
    return rows.sort_values("step")


def run(statecraft, scenario, variant, seed, out):
    cmd = [statecraft, "run", os.path.join(ROOT, "scenarios", scenario + ".yaml"), "--variant", variant,
           "--seed", str(seed), "--out", out, "--force"]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"scenario_tables: {' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return pd.read_csv(os.path.join(out, "region.csv")), pd.read_csv(os.path.join(out, "pairs.csv"))


def values(region, pairs, columns):
    region = region.sort_values("step")
    v = {}
    for header, kind, col, _ in columns:
        if kind == "final":
            v[header] = region[col].iloc[-1]
        elif kind == "mean":
            v[header] = region.loc[region.step >= 1, col].mean()
        elif kind == "sum":
            v[header] = region[col].sum()
        elif kind == "pair":
            v[header] = pair_rows(pairs, col).tension.iloc[-1]
        elif kind == "pair_incidents":
            v[header] = pair_rows(pairs, col).incidents.sum()
    return v


def incident_rates(pairs):
    """Incidents per year of every pair over the run, as a Series indexed by A-B."""
    years = pairs.year.max() - pairs.year.min()
    total = pairs.groupby(["a", "b"], sort=False).incidents.sum()
    return pd.Series(total.values / years, index=[f"{a}-{b}" for a, b in total.index])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statecraft", default="build/statecraft", help="the executable (default: build/statecraft)")
    ap.add_argument("--seeds", type=int, default=10, help="seeds 1..N (default: 10, as in the README)")
    ap.add_argument("--scenario", action="append", choices=list(TABLES),
                    help="only this scenario's table (repeatable; default: all)")
    args = ap.parse_args()
    if not os.path.isfile(args.statecraft):
        sys.exit(f"scenario_tables: no executable {args.statecraft} (build first, or pass --statecraft)")

    tmp = tempfile.mkdtemp(prefix="scenario_tables-")
    try:
        for scenario in args.scenario or TABLES:
            t = TABLES[scenario]
            rate_variant, rate_pairs = t.get("rates", (None, []))
            rows, rates = [], []
            for variant in t["variants"]:
                per_seed = []
                for seed in range(1, args.seeds + 1):
                    region, pairs = run(args.statecraft, scenario, variant, seed, os.path.join(tmp, "run"))
                    per_seed.append(values(region, pairs, t["columns"]))
                    if variant == rate_variant:
                        rates.append(incident_rates(pairs))
                rows.append(pd.DataFrame(per_seed).mean())
            headers = [c[0] for c in t["columns"]]
            print(f"{scenario} (mean over seeds 1-{args.seeds}):\n")
            print("| variant | " + " | ".join(headers) + " |")
            print("|---" * (len(headers) + 1) + "|")
            for variant, row in zip(t["variants"], rows):
                cells = [f"{row[h]:.{digits}f}" for h, _, _, digits in t["columns"]]
                print(f"| {variant} | " + " | ".join(cells) + " |")
            print()
            if rates:
                mean = pd.concat(rates, axis=1).mean(axis=1).sort_values(ascending=False, kind="stable")
                by_name = {}
                for name, r in mean.items():
                    a, b = name.split("-")
                    by_name[name] = by_name[f"{b}-{a}"] = r
                cited = sorted(rate_pairs, key=lambda p: -by_name[p])
                print(f"{scenario} {rate_variant}, incidents per year (mean over seeds 1-{args.seeds}):")
                print("  cited:   " + ", ".join(f"{p} {by_name[p]:.2f}" for p in cited))
                print("  busiest: " + ", ".join(f"{p} {r:.2f}" for p, r in mean.head(8).items()))
                print()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
