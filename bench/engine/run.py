"""Benchmark the evidence engine against EconML and DoubleML on the synthetic labour market.

Usage (from the repository root, in the benchmark virtualenv that has the peers installed):

    PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.run \\
        --n 10000 100000 --out bench/engine/results.md

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

METHODS = ("engine", "econml_causal_forest", "econml_drlearner", "doubleml_apos")
COLUMNS = (
    ("method", "method"),
    ("n", "n"),
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
                return {"method": method, "n": n, "status": f"timeout after {timeout:.0f} s"}
            time.sleep(0.5)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = stderr.strip().splitlines()[-3:]
        return {"method": method, "n": n, "status": "failed: " + " | ".join(tail)}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    results = []
    for n in args.n:
        for method in args.methods:
            result = run_one(method, n, args.seed, args.timeout)
            results.append(result)
            print(json.dumps(result), flush=True)
    text = table(results)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a") as fh:
            fh.write(f"\n<!-- seed {args.seed}, n {args.n} -->\n{text}\n")


if __name__ == "__main__":
    main()
