#!/usr/bin/python3
"""Prepares the observed series of docs/validation.md from ../shared/data/raw (the output is committed in data/).

    /usr/bin/python3 tools/prepare_backtest.py [--shared ../shared/data]

Writes, in the tidy layout `statecraft calibrate --observed` reads (year,actor,metric,value):

  data/backtest_1990.csv        USA, CHN, JPN, KOR, TWN, IND, AUS, RUS, 1992-2023:
                                milex: SIPRI Military Expenditure Database 2024, constant 2022 US$, bn
                                       (sipri/sipri_milex_asiapac_subset_1988-2023.csv, column milex_const2022_usd_m / 1000);
                                gdp:   World Bank WDI NY.GDP.MKTP.KD via Our World in Data, constant 2015 US$, bn
                                       (worldbank/gdp-worldbank-constant-usd.csv / 1e9); Taiwan, not in World Bank data:
                                       Maddison Project Database 2023, gdppc * pop * 1000 (2011 int.$ PPP) x 0.531,
                                       Taiwan's ratio used by scenarios/asia_pacific_2012.yaml (to 2022, the last
                                       Maddison year).
                                1992 is the first year with every series: SIPRI's Russia starts in 1992 (USSR before).
  data/richardson_1909_1913.csv Richardson's 1909-1913 defence budgets (richardson_1960/, pounds sterling m) of
                                France, Russia, Germany and Austria-Hungary as FRA, RUS, GER, AUH, metric milex.
  data/cow_mid5_disputes_world_1990_2014.csv  every militarized interstate dispute of COW MID 5.0 that began in
                                1990-2014, anywhere (cow_mid/cow_mid_disps_v5_from_peacesciencer.csv): dispnum,
                                styear, recip, hostlev; the world's rate of war among reciprocated disputes
                                (docs/validation.md, "War").

Also prints the 1992 values and the 1992-2010 growth rates used in scenarios/backtest_1990.yaml. Values are
written with 6 significant digits; nothing is filled in: a missing value is a missing row.
"""
import argparse
import os

import numpy as np
import pandas as pd

ACTORS = ["USA", "CHN", "JPN", "KOR", "TWN", "IND", "AUS", "RUS"]
FIRST, LAST = 1992, 2023
TWN_RATIO = 0.531  # Taiwan's market-to-PPP ratio, as in scenarios/asia_pacific_2012.yaml


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(here, "..", "shared", "data"))
    args = ap.parse_args()
    raw = os.path.join(args.shared, "raw")
    out = os.path.join(here, "data")
    os.makedirs(out, exist_ok=True)

    sipri = pd.read_csv(os.path.join(raw, "sipri", "sipri_milex_asiapac_subset_1988-2023.csv"))
    sipri = sipri[sipri.iso3.isin(ACTORS)]
    milex = sipri.pivot(index="year", columns="iso3", values="milex_const2022_usd_m") / 1000.0

    wb = pd.read_csv(os.path.join(raw, "worldbank", "gdp-worldbank-constant-usd.csv"))
    wb = wb[wb.Code.isin(ACTORS)]
    gdp = wb.pivot(index="Year", columns="Code", values="GDP") / 1e9
    mad = pd.read_csv(os.path.join(raw, "maddison", "maddison_mpd2023_from_MaddisonData_rda.csv"))
    mad = mad[mad.ISO == "TWN"].set_index("year")
    gdp["TWN"] = (mad["gdppc"] * mad["pop"] * 1000.0 / 1e9 * TWN_RATIO).reindex(gdp.index)

    rows = []
    for metric, table in (("milex", milex), ("gdp", gdp)):
        for a in ACTORS:
            for y in range(FIRST, LAST + 1):
                v = table[a].get(y, np.nan) if a in table else np.nan
                if pd.notna(v):
                    rows.append((y, a, metric, float(f"{v:.6g}")))
    df = pd.DataFrame(rows, columns=["year", "actor", "metric", "value"])
    df.to_csv(os.path.join(out, "backtest_1990.csv"), index=False)

    print(f"data/backtest_1990.csv: {len(df)} rows")
    print("1992 values and trend growth 1992-2010 (mean log growth per year, as a rate):")
    for a in ACTORS:
        g = np.expm1(np.log(gdp[a][2010] / gdp[a][FIRST]) / (2010 - FIRST))
        print(f"  {a}: milex {milex[a][FIRST]:.6g} gdp {gdp[a][FIRST]:.6g} share {milex[a][FIRST] / gdp[a][FIRST]:.4f} "
              f"growth {g:.4f} max share 1992-2010 {(milex[a] / gdp[a]).loc[FIRST:2010].max():.4f}")

    rich = pd.read_csv(os.path.join(raw, "richardson_1960", "richardson_1909_1913_defence_budgets.csv"))
    names = {"france": "FRA", "russia": "RUS", "germany": "GER", "austria_hungary": "AUH"}
    rrows = [(int(r.year), names[c], "milex", getattr(r, c)) for r in rich.itertuples() for c in names]
    rdf = pd.DataFrame(rrows, columns=["year", "actor", "metric", "value"])
    rdf.to_csv(os.path.join(out, "richardson_1909_1913.csv"), index=False)
    print(f"data/richardson_1909_1913.csv: {len(rdf)} rows")

    mid = pd.read_csv(os.path.join(raw, "cow_mid", "cow_mid_disps_v5_from_peacesciencer.csv"))
    mid = mid[(mid.styear >= 1990) & (mid.styear <= 2014)][["dispnum", "styear", "recip", "hostlev"]]
    mid.sort_values("dispnum").to_csv(os.path.join(out, "cow_mid5_disputes_world_1990_2014.csv"), index=False)
    print(f"data/cow_mid5_disputes_world_1990_2014.csv: {len(mid)} rows")


if __name__ == "__main__":
    main()
