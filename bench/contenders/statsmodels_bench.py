"""Benchmark contender: statsmodels (Debian's python3-statsmodels). Times each fit with
time.perf_counter() inside Python, so start-up and reading the CSV are not counted
(compute-only), and prints one JSON line for bench/run.mjs.
    /usr/bin/python3 bench/contenders/statsmodels_bench.py DATA.csv OP RUNS [WARMUP]
Conventions (see docs/performance.md): SurvfuncRight has no pointwise log-log interval, so it is
computed here from its Greenwood standard error as R does; the median is SurvfuncRight.quantile.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsmodels
from scipy import stats
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

CHECK_TIMES = [100, 500, 1000, 2000]  # days; also in bench/run.mjs

path, op, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 0
data = pd.read_csv(path)
time_column = data["time"].to_numpy(dtype=float)
event_column = data["event"].to_numpy(dtype=float)
group_column = data["group"].to_numpy()
covariates = data[["x1", "x2", "x3", "x4", "x5"]].to_numpy(dtype=float)


def kaplan_meier():
    curve = SurvfuncRight(time_column, event_column)
    surv, se = curve.surv_prob, curve.surv_prob_se
    z = stats.norm.ppf(0.975)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = z * se / (surv * np.log(surv))  # log-log transform of the Greenwood SE
        lower = np.exp(-np.exp(np.log(-np.log(surv)) - spread))
        upper = np.exp(-np.exp(np.log(-np.log(surv)) + spread))
    index = np.searchsorted(curve.surv_times, CHECK_TIMES, side="right") - 1
    return {"surv": surv[index].tolist(), "lower": lower[index].tolist(),
            "upper": upper[index].tolist(), "median": float(curve.quantile(0.5))}


def log_rank():
    chisq, _ = survdiff(time_column, event_column, group_column)
    return {"chisq": float(chisq)}


def cox(ties):
    fit = PHReg(time_column, covariates, status=event_column, ties=ties).fit()
    return {"coef": fit.params.tolist(), "se": fit.bse.tolist(), "loglik": float(fit.llf)}


fits = {"km": kaplan_meier, "logrank": log_rank,
        "cox_efron": lambda: cox("efron"), "cox_breslow": lambda: cox("breslow")}
for _ in range(warmup):  # not timed
    fits[op]()
times_ms = []
for _ in range(runs):
    start = time.perf_counter()
    check = fits[op]()
    times_ms.append(1000 * (time.perf_counter() - start))
print(json.dumps({"contender": "statsmodels", "op": op, "mode": "compute", "n": len(data),
                  "times_ms": times_ms, "check": check,
                  "version": f"statsmodels {statsmodels.__version__}, numpy {np.__version__}"}))
