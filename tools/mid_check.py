#!/usr/bin/python3
"""Militarized disputes of the status-quo Asia-Pacific run against the record (COW MID 5.0, 1990-2014).

    /usr/bin/python3 tools/mid_check.py [--statecraft build/statecraft] [--runs 200] [--years 25]

Runs `statecraft run scenarios/asia_pacific_2012.yaml --runs N --keep-runs` into a temporary directory and
counts, over the first YEARS years of each run, the incidents at least one side escalated (level >= 1, a
militarized dispute in COW's sense: a threat, display or use of force by at least one state) and those both
sides escalated (level 2, a reciprocated dispute). The record is data/cow_mid5_onsets_asia_pacific_1990_2014.csv:
dyadic dispute onsets among the scenario's twelve states (data/SOURCES.md). Prints, as markdown: the yearly
rates side by side, the rank correlation of the dyads' counts (Spearman, over every dyad with a dispute in
either), the dyads with a dispute in the record or at least one in the model's YEARS years, busiest first,
and one line on the others. docs/validation.md quotes its output.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD = os.path.join(ROOT, "data", "cow_mid5_onsets_asia_pacific_1990_2014.csv")
RECORD_YEARS = 25  # 1990-2014


def dyad(a, b):
    return "-".join(sorted((a, b)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statecraft", default=os.path.join(ROOT, "build", "statecraft"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--years", type=int, default=25, help="years of each run counted (default 25, as the record)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="mid_check-")
    try:
        out = os.path.join(tmp, "ensemble")
        cmd = [args.statecraft, "run", os.path.join(ROOT, "scenarios", "asia_pacific_2012.yaml"), "--runs",
               str(args.runs), "--keep-runs", "--out", out]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.exit(f"mid_check: {' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
        events = pd.read_csv(os.path.join(out, "runs", "events.csv"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    inc = events[(events.type == "incident") & (events.step < args.years)].copy()
    inc["dyad"] = [dyad(a, b) for a, b in zip(inc.actor, inc.partner)]
    model_mids = inc[inc.level >= 1].groupby("dyad").size() / args.runs
    model_recip = inc[inc.level == 2].groupby("dyad").size() / args.runs

    cow = pd.read_csv(RECORD)
    cow["dyad"] = [dyad(a, b) for a, b in zip(cow.a, cow.b)]
    cow_mids = cow.groupby("dyad").size()

    print(f"| | disputes a year | reciprocated a year | incidents a year |")
    print(f"|---|---|---|---|")
    print(f"| model, status quo, years 1-{args.years}, mean of {args.runs} runs | {model_mids.sum() / args.years:.2f} | "
          f"{model_recip.sum() / args.years:.2f} | {len(inc) / args.runs / args.years:.2f} |")
    print(f"| COW MID 5.0, 1990-2014 onsets | {len(cow) / RECORD_YEARS:.2f} | {cow.recip.sum() / RECORD_YEARS:.2f} | |")
    print()
    dyads = sorted(set(cow_mids.index) | set(model_mids.index))
    t = pd.DataFrame({"record": cow_mids.reindex(dyads).fillna(0),
                      "model": (model_mids * RECORD_YEARS / args.years).reindex(dyads).fillna(0)})
    rho = t.record.rank().corr(t.model.rank())
    print(f"Rank correlation (Spearman) of dispute counts over {len(t)} dyads: {rho:.2f}")
    print()
    busiest = t.sort_values(["record", "model"], ascending=False)
    shown = busiest[(busiest.record > 0) | (busiest.model >= 1)]
    print("| dyad | record, 1990-2014 | model, 25 years |")
    print("|---|---|---|")
    for name, row in shown.iterrows():
        print(f"| {name} | {int(row.record)} | {row.model:.1f} |")
    rest = busiest.drop(shown.index).sort_values("model", ascending=False)
    if len(rest):
        most = ", ".join(f"{name} {row.model:.1f}" for name, row in rest.head(3).iterrows())
        print()
        print(f"The other {len(rest)} dyads, none in the record, each fewer than one in 25 years in the model "
              f"(from {rest.model.min():.1f} to {rest.model.max():.1f}; the most: {most}).")


if __name__ == "__main__":
    main()
