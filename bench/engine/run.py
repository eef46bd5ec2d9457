"""Benchmark the evidence engine against EconML and DoubleML on the synthetic labour market.

Usage (from the repository root, in the benchmark virtualenv that has the peers installed):

    PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.run \\
        --n 10000 100000 --out bench/engine/results.md

Repeated draws: `--seeds 0 1 2 3 4` runs every (method, n) on each seed's market and adds a
summary table (mean ± sd over seeds per method and n, ATE coverage pooled over seeds and
contrasts); `--jsonl` keeps every run as it finishes, and `--summarize FILE.jsonl` rebuilds
the tables from such a file (e.g. after stopping a long run).

Each (method, n) runs in its own process; wall time is measured inside it (fit, inference
and prediction, not data generation) and peak memory (max RSS) from the process accounting.
A method that exceeds --timeout seconds is stopped and reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean, stdev

METHODS = ("engine", "econml_causal_forest", "econml_drlearner", "doubleml_apos")
COLUMNS = (
    ("method", "method"),
    ("n", "n"),
    ("seed", "seed"),
    ("seconds", "wall time (s)"),
    ("peak_mb", "peak memory (MB)"),
    ("pehe", "PEHE"),
    ("ate_rmse", "ATE RMSE"),
    ("coverage", "ATE 95% coverage"),
    ("regret", "regret (plug-in)"),
    ("tree_regret", "regret (depth-2 tree)"),
    ("iate_coverage", "IATE 95% coverage"),
)


def run_one(method: str, n: int, seed: int, timeout: float) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    cmd = [sys.executable, "-m", "bench.engine.worker", method, str(n), "--seed", str(seed)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            # wait4 gives this child's own peak memory (max RSS), which Popen.wait does not.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                return {
                    "method": method, "n": n, "seed": seed,
                    "status": f"timeout after {timeout:.0f} s",
                }  # fmt: skip
            time.sleep(0.5)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = stderr.strip().splitlines()[-3:]
        return {"method": method, "n": n, "seed": seed, "status": "failed: " + " | ".join(tail)}
    result = json.loads(lines[-1][len("RESULT ") :])
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["status"] = "ok"
    return result


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 1:
            return f"{value:.1f}"
        return f"{value:.4f}"
    return str(value)


def table(results: list[dict]) -> str:
    head = "| " + " | ".join(label for _, label in COLUMNS) + " | status |"
    rule = "|" + "---|" * (len(COLUMNS) + 1)
    rows = [
        "| " + " | ".join(fmt(r.get(key)) for key, _ in COLUMNS) + f" | {r['status']} |"
        for r in results
    ]
    return "\n".join([head, rule, *rows])


# Summary over seeds: (key, label, digits); mean ± sd over the seeds that finished.
SUMMARY = (
    ("seconds", "wall time (s)", 1),
    ("peak_mb", "peak memory (MB)", 0),
    ("pehe", "PEHE", 4),
    ("ate_rmse", "ATE RMSE", 4),
    ("regret", "regret (plug-in)", 4),
    ("tree_regret", "regret (depth-2 tree)", 4),
    ("iate_coverage", "IATE 95% coverage", 3),
)


def _mean_sd(values: list[float], digits: int) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{mean(values):.{digits}f} ± {stdev(values):.{digits}f}"


def summary(results: list[dict]) -> str:
    """Mean ± sd per (method, n) over seeds; ATE coverage pooled over seeds and contrasts."""
    head = (
        "| method | n | seeds ok / run | "
        + " | ".join(label for _, label, _ in SUMMARY)
        + " | ATE 95% coverage (pooled) |"
    )
    rows = [head, "|" + "---|" * (len(SUMMARY) + 4)]
    keys = list(dict.fromkeys((r["method"], r["n"]) for r in results))
    for method, n in keys:
        runs = [r for r in results if r["method"] == method and r["n"] == n]
        ok = [r for r in runs if r["status"] == "ok"]
        cells = [
            _mean_sd([r[key] for r in ok if r.get(key) is not None], digits)
            for key, _, digits in SUMMARY
        ]
        covered = sum(r.get("n_covered", 0) for r in ok)
        intervals = sum(r.get("n_intervals", 0) for r in ok)
        pooled = f"{covered / intervals:.3f} ({covered}/{intervals})" if intervals else "-"
        rows.append(
            f"| {method} | {n} | {len(ok)} / {len(runs)} | " + " | ".join(cells) + f" | {pooled} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, nargs="+", default=None,
                        help="repeat every (method, n) on each of these seeds")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--jsonl", type=Path, default=None, help="append each run as it ends")
    parser.add_argument("--summarize", type=Path, default=None,
                        help="only rebuild the tables from a --jsonl file")  # fmt: skip
    args = parser.parse_args()
    seeds = args.seeds if args.seeds is not None else [args.seed]
    if args.summarize:
        results = [json.loads(line) for line in args.summarize.read_text().splitlines() if line]
        seeds = sorted({r["seed"] for r in results})
    else:
        results = []
        for n in args.n:
            for method in args.methods:
                for seed in seeds:
                    result = run_one(method, n, seed, args.timeout)
                    results.append(result)
                    print(json.dumps(result), flush=True)
                    if args.jsonl:
                        # Written at once, so a long run stopped early still leaves its rows.
                        with args.jsonl.open("a") as fh:
                            fh.write(json.dumps(result) + "\n")
    text = table(results)
    if len(seeds) > 1:
        text += "\n\nSummary over seeds " + ", ".join(map(str, seeds)) + ":\n\n"
        text += summary(results)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a") as fh:
            fh.write(f"\n<!-- seeds {seeds}, n {args.n} -->\n{text}\n")


if __name__ == "__main__":
    main()
