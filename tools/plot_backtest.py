#!/usr/bin/python3
"""Draws observed against simulated military spending from a calibration's output (docs/validation.md).

    /usr/bin/python3 tools/plot_backtest.py out/backtest docs/img/backtest.png

Reads DIR/residuals.csv and DIR/forecast.csv (statecraft calibrate ... --to YEAR --out DIR): one panel per actor,
log scale: observed (black), the calibrated model over the fitted years (solid) and its forecast after them
(dashed), and the two naive baselines fitted on the same years (random walk with drift, linear trend).
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import pandas as pd  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out_dir, png = sys.argv[1], sys.argv[2]
    res = pd.read_csv(f"{out_dir}/residuals.csv")
    res = res[res.metric == "milex"]
    scores = pd.read_csv(f"{out_dir}/forecast.csv").set_index(["actor", "metric"])
    actors = list(dict.fromkeys(res.actor))
    last_fit = res[res["sample"] == "fit"].year.max()
    cols = 4
    rows = (len(actors) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(15, 3.4 * rows), squeeze=False)
    for ax, a in zip(axes.flat, actors):
        d = res[res.actor == a].sort_values("year")
        fit = d[d["sample"] == "fit"]
        fc = d[d["sample"] == "forecast"]
        ax.plot(d.year, d.observed, "k.-", lw=1, ms=4, label="observed (SIPRI)")
        ax.plot(fit.year, fit.simulated, "-", color="tab:blue", lw=1.6, label="model, fitted years")
        ax.plot(pd.concat([fit.tail(1), fc]).year, pd.concat([fit.tail(1), fc]).simulated, "--", color="tab:blue",
                lw=1.6, label="model, forecast")
        ax.plot(fc.year, fc.random_walk, ":", color="tab:orange", lw=1.6, label="random walk with drift")
        ax.plot(fc.year, fc.linear_trend, "-.", color="tab:green", lw=1.2, label="linear trend (in logs)")
        ax.axvline(last_fit + 0.5, color="grey", lw=0.8)
        ax.set_yscale("log")
        s = scores.loc[(a, "milex")]
        ax.set_title(f"{a}\nforecast RMSE of logs: model {s.model_rmse_log:.3f}, RW {s.random_walk_rmse_log:.3f}, "
                     f"trend {s.linear_trend_rmse_log:.3f}", fontsize=8)
        ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1, 2, 3, 5)))
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3, which="both", lw=0.5)
    for ax in list(axes.flat)[len(actors):]:
        ax.axis("off")
    axes[0][0].set_ylabel("military spending, 2022 US$ bn", fontsize=8)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=5, fontsize=9, frameon=False)
    fig.suptitle(f"Backtest: calibrated on 1992-{last_fit:.0f}, forecast {last_fit + 1:.0f}-{res.year.max():.0f} "
                 "(statecraft calibrate, scenarios/backtest_1990.yaml)", fontsize=11)
    fig.tight_layout(rect=(0, 0.05, 1, 0.96))
    fig.savefig(png, dpi=110)
    print(f"wrote {png}")


if __name__ == "__main__":
    main()
