"""Validate the evidence engine on public semi-synthetic benchmarks, next to EconML.

Data (true effects known):

- IHDP, response surface B of Hill (2011): `econml.data.dgps.ihdp_surface_B(random_state=r)`
  (747 children, 139 treated, 25 covariates; the seed draws the surface's coefficients and its
  noise). The truth is the expected (noise-free) individual effect the function returns.
- ACIC 2016 (Dorie et al. 2019): `causallib.datasets.load_acic16(instance=i)`, the 10
  instances causallib ships (4802 rows, 58 covariates, dummy-coded by causallib to 79). The
  truth is mu1 - mu0, the expected potential outcomes.

For each replication the engine, EconML CausalForestDML and EconML DRLearner (configured as in
bench/engine/worker.py) are fitted on the same data and scored on the same sample:
sqrt(PEHE), |ATE error| against the sample average of the true individual effects, whether
the 95% ATE interval covers it (CausalForestDML and the engine; DRLearner with a LightGBM
final model gives none) and wall time (fit + estimates). A refusal by the engine is recorded
with its reason, never dropped silently.

Run (peers virtualenv, see bench/requirements-engine.txt):

    PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.validation
"""

from __future__ import annotations

import os

# Set before numpy/LightGBM load their thread pools: two cores, shared.
os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import json
import platform
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from bench.engine.worker import CV_FOLDS, LGBM, causal_forest, drlearner, set_threads

warnings.filterwarnings("ignore")

HERE = Path(__file__).parent
METHODS = ("engine", "econml_causal_forest", "econml_drlearner")
OUTCOME = "y"


@dataclass
class Replication:
    """One semi-synthetic data set: features, 0/1 treatment, outcome, true effects."""

    dataset: str
    replication: int
    x: pd.DataFrame
    t: np.ndarray
    y: np.ndarray
    true_effect: np.ndarray


def ihdp(replications: range) -> Iterator[Replication]:
    from econml.data.dgps import ihdp_surface_B

    for r in replications:
        y, t, x, tau = ihdp_surface_B(random_state=r)
        # Column 0 is the constant intercept econml appends for its linear surface: no
        # information for any learner, so it is left out for every method alike. econml ships
        # X as an unnamed array, so the columns get neutral names.
        frame = pd.DataFrame(x[:, 1:], columns=[f"x{j:02d}" for j in range(1, x.shape[1])])
        yield Replication("IHDP surface B", r, frame, t.astype(int), y.astype(float), tau)


def acic(instances: range) -> Iterator[Replication]:
    from causallib.datasets import load_acic16

    for i in instances:
        data = load_acic16(instance=i)
        # causallib dummy-codes the three text covariates (bool columns): same matrix for all.
        frame = data.X.astype(float).reset_index(drop=True)
        truth = (data.po["1"] - data.po["0"]).to_numpy(float)
        t = data.a.to_numpy(int)
        yield Replication("ACIC 2016", i, frame, t, data.y.to_numpy(float), truth)


def fit_engine(rep: Replication) -> dict:
    from meedoen.engine import EvidenceEngine, Roles
    from meedoen.engine.errors import EngineError

    episodes = rep.x.assign(
        person_id=np.arange(len(rep.t)),  # one row per person
        support=np.where(rep.t == 1, "treated", "none"),
        **{OUTCOME: rep.y},
    )
    roles = Roles(
        person="person_id", treatment="support", features=list(rep.x.columns),
        outcomes=(OUTCOME,),
    )  # fmt: skip
    out: dict = {}
    start = time.perf_counter()
    try:
        # Same settings and folds as the engine and its peers in bench/engine/worker.py; no
        # per-data-set tuning.
        engine = EvidenceEngine(roles, n_folds=CV_FOLDS, n_jobs=2).fit(episodes)
        row = engine.effects(OUTCOME).set_index("support").loc["treated"]
        out.update(ate=float(row["estimate"]), ate_se=float(row["se"]), overlap=row["overlap"])
        result = engine.individual_effects(OUTCOME, "treated")
        out.update(
            iate=result.estimate,
            iate_se=result.se,
            heterogeneity_detected=bool(result.heterogeneity_detected),
        )
    except EngineError as error:
        # A refusal is an answer: keep what was estimated before it (the ATE may exist).
        out.update(refused=f"{error.code}: {error.reason}")
    out["seconds"] = time.perf_counter() - start
    return out


def fit_causal_forest(rep: Replication) -> dict:
    x = rep.x.to_numpy(np.float64)
    start = time.perf_counter()
    est = causal_forest(2).fit(rep.y, rep.t, X=x)
    iate = np.ravel(est.effect(x, T0=0, T1=1))
    ate, se = float(np.ravel(est.ate_)[0]), float(np.ravel(est.ate_stderr_)[0])
    return {"ate": ate, "ate_se": se, "iate": iate, "seconds": time.perf_counter() - start}


def fit_drlearner(rep: Replication) -> dict:
    x = rep.x.to_numpy(np.float64)
    start = time.perf_counter()
    est = drlearner(2).fit(rep.y, rep.t, X=x)
    iate = np.ravel(est.effect(x, T0=0, T1=1))
    # LightGBM final model: no inference, the ATE is the sample mean of the individual effects.
    return {"ate": float(iate.mean()), "iate": iate, "seconds": time.perf_counter() - start}


FITTERS: dict[str, Callable[[Replication], dict]] = {
    "engine": fit_engine,
    "econml_causal_forest": fit_causal_forest,
    "econml_drlearner": fit_drlearner,
}


def score(rep: Replication, method: str, out: dict) -> dict:
    """One row per (replication, method); missing numbers stay NaN, never zero."""
    true_ate = float(rep.true_effect.mean())
    row = {
        "dataset": rep.dataset, "replication": rep.replication, "method": method,
        "n": len(rep.t), "n_treated": int(rep.t.sum()), "true_ate": true_ate,
        "seconds": out["seconds"], "refused": out.get("refused", ""),
        "failed": out.get("failed", ""), "overlap": out.get("overlap", ""),
    }  # fmt: skip
    nan = float("nan")
    ate = out.get("ate")
    row["abs_ate_error"] = abs(ate - true_ate) if ate is not None else nan
    se = out.get("ate_se")
    row["ate_covered"] = float(abs(ate - true_ate) <= 1.96 * se) if se is not None else nan
    iate = out.get("iate")
    row["sqrt_pehe"] = (
        float(np.sqrt(np.mean((iate - rep.true_effect) ** 2))) if iate is not None else nan
    )
    iate_se = out.get("iate_se")
    row["iate_coverage"] = (
        float(np.mean(np.abs(iate - rep.true_effect) <= 1.96 * iate_se))
        if iate_se is not None
        else nan
    )
    row["heterogeneity_detected"] = out.get("heterogeneity_detected", nan)
    return row


def run(replications: Iterator[Replication], log: Path) -> list[dict]:
    rows = []
    for rep in replications:
        set_threads(len(rep.t))  # same thread rule as worker.py (1 thread below 100k rows)
        for method in METHODS:
            try:
                out = FITTERS[method](rep)
            except Exception as error:  # a peer crashing is a result too, not a stop
                out = {"seconds": float("nan"), "failed": f"{type(error).__name__}: {error}"}
            row = score(rep, method, out)
            rows.append(row)
            with log.open("a") as fh:
                fh.write(json.dumps(row) + "\n")
            print(
                f"{rep.dataset} #{rep.replication} {method}: sqrt(PEHE) {row['sqrt_pehe']:.3f} "
                f"|ATE err| {row['abs_ate_error']:.3f} {row['seconds']:.1f}s "
                f"{row['refused'] or row['failed']}",
                flush=True,
            )
    return rows


def _mean_sd(values: pd.Series, digits: int = 3) -> str:
    values = values.dropna()
    if values.empty:
        return "-"
    if len(values) == 1:
        return f"{values.iloc[0]:.{digits}f}"
    return f"{values.mean():.{digits}f} ± {values.std(ddof=1):.{digits}f}"


def _share(values: pd.Series) -> str:
    values = values.dropna()
    if values.empty:
        return "-"
    return f"{values.mean():.2f} ({int(values.sum())}/{len(values)})"


def _verdicts(values: pd.Series) -> str:
    """The engine's overlap verdicts for the effect (ok / weak / insufficient) as counts."""
    counts = values[values != ""].value_counts()
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "-"


def summary(runs: pd.DataFrame) -> str:
    head = (
        "| data | method | replications | refused / failed | sqrt(PEHE) | abs ATE error "
        "| ATE 95% coverage | wall time (s) | IATE 95% coverage | heterogeneity detected "
        "| overlap verdicts |"
    )
    lines = [head, "|" + "---|" * 11]
    for (dataset, method), g in runs.groupby(["dataset", "method"], sort=False):
        refused = int((g["refused"] != "").sum())
        failed = int((g["failed"] != "").sum())
        lines.append(
            f"| {dataset} | {method} | {len(g)} | {refused} / {failed} "
            f"| {_mean_sd(g['sqrt_pehe'])} | {_mean_sd(g['abs_ate_error'])} "
            f"| {_share(g['ate_covered'])} | {_mean_sd(g['seconds'], 1)} "
            f"| {_mean_sd(g['iate_coverage'], 2)} | {_share(g['heterogeneity_detected'])} "
            f"| {_verdicts(g['overlap'])} |"
        )
    return "\n".join(lines)


def paired(runs: pd.DataFrame) -> str:
    """Scores vary far more between replications than between methods (surface B's control
    surface is exponential), so compare methods replication by replication as well."""
    head = (
        "| data | method | median sqrt(PEHE) | median abs ATE error "
        "| engine sqrt(PEHE) lower | engine abs ATE error lower |"
    )
    lines = [head, "|---|---|---|---|---|---|"]
    for dataset, g in runs.groupby("dataset", sort=False):
        pehe = g.pivot(index="replication", columns="method", values="sqrt_pehe")
        err = g.pivot(index="replication", columns="method", values="abs_ate_error")
        for method in METHODS:
            cells = [f"{pehe[method].median():.3f}", f"{err[method].median():.3f}"]
            for table in (pehe, err):
                if method == "engine":
                    cells.append("-")
                    continue
                both = table[["engine", method]].dropna()
                wins = int((both["engine"] < both[method]).sum())
                cells.append(f"{wins}/{len(both)}")
            lines.append(f"| {dataset} | {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_instance(runs: pd.DataFrame, dataset: str) -> str:
    g = runs[runs["dataset"] == dataset]
    if g.empty:
        return f"{dataset} was not run."
    pehe = g.pivot(index="replication", columns="method", values="sqrt_pehe")[list(METHODS)]
    err = g.pivot(index="replication", columns="method", values="abs_ate_error")[list(METHODS)]
    true_ate = g.groupby("replication")["true_ate"].first()
    head = "| instance | true ATE | " + " | ".join(f"sqrt(PEHE) {m}" for m in METHODS)
    head += " | " + " | ".join(f"abs ATE error {m}" for m in METHODS) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(METHODS))]
    for r in pehe.index:
        cells = [f"{pehe.loc[r, m]:.3f}" for m in METHODS]
        cells += [f"{err.loc[r, m]:.3f}" for m in METHODS]
        lines.append(f"| {r} | {true_ate.loc[r]:.3f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def refusals(runs: pd.DataFrame) -> str:
    bad = runs[(runs["refused"] != "") | (runs["failed"] != "")]
    if bad.empty:
        return "No replication was refused by the engine and no method failed."
    lines = ["| data | replication | method | refusal / failure |", "|---|---|---|---|"]
    for _, r in bad.iterrows():
        text = (r["refused"] or r["failed"]).replace("|", "/")
        lines.append(f"| {r['dataset']} | {r['replication']} | {r['method']} | {text} |")
    return "\n".join(lines)


def report(runs: pd.DataFrame, args: argparse.Namespace, started: str, minutes: float) -> str:
    versions = ", ".join(
        f"{p} {version(p)}"
        for p in ("econml", "causallib", "lightgbm", "scikit-learn", "numpy", "pandas")
    )
    acic_done = sorted(runs.loc[runs["dataset"] == "ACIC 2016", "replication"].unique())
    ihdp_done = runs.loc[runs["dataset"] == "IHDP surface B", "replication"].unique()
    # n_jobs is set per data set at fit time (set_threads), so it is described in words.
    lgbm = ", ".join(f"{k}={v}" for k, v in LGBM.items() if k not in ("verbose", "n_jobs"))
    return f"""# Evidence engine on public semi-synthetic benchmarks

Generated by `bench/engine/validation.py`: {started} (total {minutes:.0f} min).

## Data

- **IHDP, response surface B** (Hill, J. L. (2011). Bayesian nonparametric modeling for
  causal inference. *Journal of Computational and Graphical Statistics* 20(1):217-240), as
  shipped in EconML: `econml.data.dgps.ihdp_surface_B(random_state=r)` for
  r = {min(ihdp_done)}..{max(ihdp_done)} ({len(ihdp_done)} replications). 747 children (139 treated,
  after EconML removes treated children with non-white mothers), 25 covariates (6
  standardised continuous, 19 binary; EconML's constant intercept column is left out for all
  methods). EconML returns an unnamed array, so the columns are called x01..x25 for every
  method; x07 is the child's sex: under IHDP's own column names the engine would refuse it
  as a protected attribute (`protected_attribute`), which is right for the platform and
  irrelevant for this benchmark, so it is kept for all methods alike. The seed draws the
  surface's coefficients and its N(0, 1) noise. Truth: the
  expected individual effect returned by the function (noise-free); the ATE truth is its
  sample mean.
- **ACIC 2016** (Dorie, V., Hill, J., Shalit, U., Scott, M. and Cervone, D. (2019).
  Automated versus do-it-yourself methods for causal inference: lessons learned from a data
  analysis competition. *Statistical Science* 34(1):43-68), as shipped in causallib:
  `causallib.datasets.load_acic16(instance=i)` for i = {", ".join(map(str, acic_done))}, the
  one instance of each of 10 data-generating processes that causallib ships (not the full
  7,700 files). 4802 rows, 58 covariates (causallib dummy-codes the 3 text ones: 79 columns).
  Truth: mu1 - mu0 (expected potential outcomes); the ATE truth is its sample mean.

## Methods and scores

Every method is fitted on the same data in one process, one after the other; wall time is
`time.perf_counter` around fit + estimates (not data loading).

- **engine**: `EvidenceEngine(Roles(person, treatment, features, outcomes),
  n_folds={CV_FOLDS}, n_jobs=2).fit(frame)` with one row per person and the treatment as two
  kinds of support (`none` = control, `treated`); ATE and its standard error from
  `effects()`, individual effects from `individual_effects(outcome, "treated")` (default
  settings, `.estimate` on the fitted sample). Same settings for both data sets; nothing tuned.
- **econml_causal_forest**: `CausalForestDML` (LightGBM nuisances, 200 trees,
  cv={CV_FOLDS}), ATE and standard error from `ate_` / `ate_stderr_`.
- **econml_drlearner**: `DRLearner` (LightGBM nuisances and LightGBM final model,
  cv={CV_FOLDS}); the ATE is the sample mean of its individual effects, without a standard
  error.
- Peers are built by `causal_forest()` / `drlearner()` in `bench/engine/worker.py`, as in the
  labour-market benchmark. LightGBM: {lgbm}; 1 thread below 100k rows (the worker's
  rule, so 1 thread here); CausalForestDML's forest uses n_jobs=2.
- **sqrt(PEHE)**: root mean squared error of the individual effects against the truth, on
  the fitted sample (in-sample). **abs ATE error**: |estimate - true sample ATE|. **ATE 95%
  coverage**: share of replications whose interval estimate ± 1.96 se covers the true sample
  ATE. **IATE 95% coverage** (engine only): share of people whose approximate individual
  interval covers their true effect (the engine labels these intervals approximate).
  **heterogeneity detected**: share of replications where the engine's calibration test
  says the effects really differ between people (otherwise the platform shows the average).
- Mean ± standard deviation over replications (the spread of the scores between
  replications, not a standard error of the mean).

Machine: 2 cores shared with other work, run under `nice -n 10`, OMP_NUM_THREADS=2
({platform.platform()}, Python {platform.python_version()}). Versions: {versions}.

## Results

{summary(runs)}

### Paired comparison

Medians over replications, and in how many replications the engine's score is lower (better)
than the peer's on the same data.

{paired(runs)}

### ACIC 2016 per instance

{per_instance(runs, "ACIC 2016")}

### Refusals and failures

{refusals(runs)}

Per-replication rows: `bench/engine/validation_runs.jsonl`.

## Reproduce

```sh
# peers virtualenv: bench/requirements-engine.txt (causallib installed with --no-deps, see there)
PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.validation \\
    --ihdp {args.ihdp} --acic {" ".join(map(str, args.acic))}
```
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ihdp", type=int, default=100, help="IHDP surface B replications")
    parser.add_argument("--acic", type=int, nargs="*", default=list(range(1, 11)))
    parser.add_argument("--out", type=Path, default=HERE / "validation.md")
    parser.add_argument("--log", type=Path, default=HERE / "validation_runs.jsonl")
    parser.add_argument("--report-only", action="store_true",
                        help="rebuild the markdown from --log without fitting")  # fmt: skip
    args = parser.parse_args()
    if args.report_only:
        runs = pd.read_json(args.log, lines=True, dtype={"refused": str, "failed": str})
        runs[["refused", "failed", "overlap"]] = runs[["refused", "failed", "overlap"]].fillna("")
        finished = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(args.log.stat().st_mtime))
        started = f"run finished {finished}, tables rebuilt from the log with --report-only"
        # Without the run's own clock, the total is the sum of the timed fits.
        minutes = runs["seconds"].sum() / 60
    else:
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        start = time.perf_counter()
        args.log.unlink(missing_ok=True)
        rows = run(ihdp(range(args.ihdp)), args.log)
        rows += run(acic(args.acic), args.log)
        runs = pd.DataFrame(rows)
        minutes = (time.perf_counter() - start) / 60
    text = report(runs, args, started, minutes)
    args.out.write_text(text)
    print(summary(runs))


if __name__ == "__main__":
    main()
