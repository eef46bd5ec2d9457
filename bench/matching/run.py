"""Benchmark: suggestions both ways and stable allocation, with the ``matching`` peer.

    nice -n 10 python -m bench.matching.run            # full size, writes bench/results/matching.md
    python -m bench.matching.run --people 20000 --opportunities 2000 --no-peer   # a quick look

Targets (issue "Employers' regie"): top-20 suggestions for every one of 100,000 people and
every one of 10,000 opportunities in <= 60 s on two cores; a stable allocation of 20,000
people to 5,000 places in <= 10 s. Every phase runs in its own process, so its peak memory
(max RSS) is its own; data generation is timed apart and not counted.

Checks ride along: sampled rows and columns of the suggestions are compared with a full
sort of the same scores, and every allocation is checked for capacity, acceptability and
stability. The peer (PyPI ``matching``, HospitalResident, resident-optimal) runs in its own
virtualenv, .venv-bench-matching, on rounds small enough for it; its allocation must be
identical to ours (the person-optimal stable allocation is unique).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / ".venv-bench-matching" / "bin" / "python"
PEER_SCRIPT = Path(__file__).resolve().parent / "peer_matching.py"
RESULTS = ROOT / "bench" / "results" / "matching.md"
SUGGEST_TARGET_S = 60.0
ALLOCATION_TARGET_S = 10.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


# -- phases (each runs in a child process and prints one JSON line) ---------------------


def phase_suggest(args: argparse.Namespace) -> dict:
    from bench.matching import synthetic
    from meedoen.matching import score_matrix, suggest

    t0 = time.perf_counter()
    people = synthetic.people(args.people, seed=args.seed)
    opps = synthetic.opportunities(args.opportunities, seed=args.seed)
    generated = time.perf_counter() - t0
    before = _rss_mb()
    t0 = time.perf_counter()
    result = suggest(people, opps, args.k, workers=args.workers)
    seconds = time.perf_counter() - t0
    peak = _peak_mb()

    # check samples against a full sort of the same scores
    rng = np.random.default_rng(args.seed)
    rows = rng.choice(args.people, size=min(200, args.people), replace=False)
    from meedoen.matching import People

    def subset(ix: np.ndarray) -> People:
        fields = {f: getattr(people, f)[ix] for f in (
            "skills", "learn", "wished_tasks", "routes", "adaptations_needed", "hours_min",
            "hours_max", "max_travel_m", "points", "visible")}
        return People(crs=people.crs, **fields)

    mismatches = 0
    scores = score_matrix(subset(rows), opps)
    for r, i in enumerate(rows):
        order = np.lexsort((np.arange(len(opps)), -scores[r]))
        order = order[np.isfinite(scores[r, order])][: args.k]
        mismatches += not np.array_equal(result.for_people.index[i, : len(order)], order)
    cols = rng.choice(args.opportunities, size=min(50, args.opportunities), replace=False)
    from meedoen.matching import Opportunities

    sub_opps = Opportunities(**{f: getattr(opps, f)[cols] for f in (
        "tasks", "hours_min", "hours_max", "route", "adaptations_offered", "capacity",
        "points")}, crs=opps.crs)
    columns = score_matrix(people, sub_opps)
    columns[~people.visible] = -np.inf
    for c, j in enumerate(cols):
        order = np.lexsort((np.arange(len(people)), -columns[:, c]))
        order = order[np.isfinite(columns[order, c])][: args.k]
        mismatches += not np.array_equal(result.for_opportunities.index[j, : len(order)], order)
    feasible_share = float(np.isfinite(scores).mean())
    return {"seconds": seconds, "generate_seconds": generated, "rss_before_mb": before,
            "peak_mb": peak, "checked_rows": len(rows), "checked_columns": len(cols),
            "mismatches": mismatches, "feasible_share": feasible_share,
            "filled_people": float((result.for_people.index[:, -1] >= 0).mean()),
            "filled_opportunities": float((result.for_opportunities.index[:, -1] >= 0).mean())}


def phase_dense(args: argparse.Namespace) -> dict:
    """The obvious approach, for scale: the full score matrix, then argpartition both ways."""
    from bench.matching import synthetic
    from meedoen.matching import score_matrix, suggest

    people = synthetic.people(args.people, seed=args.seed)
    opps = synthetic.opportunities(args.opportunities, seed=args.seed)
    k = args.k
    before = _rss_mb()
    t0 = time.perf_counter()
    scores = score_matrix(people, opps)  # one product, BLAS on all cores
    rows = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    scores[~people.visible] = -np.inf
    cols = np.argpartition(-scores.T, k - 1, axis=1)[:, :k]
    dense = time.perf_counter() - t0
    peak = _peak_mb()
    del scores, rows, cols
    t0 = time.perf_counter()
    suggest(people, opps, k, workers=args.workers)
    ours = time.perf_counter() - t0
    return {"dense_seconds": dense, "suggest_seconds": ours, "rss_before_mb": before,
            "dense_peak_mb": peak}


def _round(args: argparse.Namespace, n: int, m: int, noise: float):
    """A round: people list their best ``list_length`` places by score; places rank their
    applicants by score plus noise of sd ``noise`` (their own judgement of things the score
    does not see; 0 = by score alone, which is ``preferences_from_scores``)."""
    from bench.matching import synthetic
    from meedoen.matching import Preferences, preferences_from_scores, suggest

    people = synthetic.people(n, seed=args.seed + 10)
    opps = synthetic.opportunities(m, seed=args.seed + 10, capacity=(1, 5))
    t0 = time.perf_counter()
    if noise == 0:
        prefs = preferences_from_scores(people, opps, list_length=args.list_length,
                                        workers=args.workers)
        return opps, prefs, time.perf_counter() - t0
    ranking = suggest(people, opps, k=args.list_length, workers=args.workers,
                      for_opportunities=False).for_people
    valid = ranking.index >= 0
    person, person_rank = np.nonzero(valid)
    place = ranking.index[valid]
    judged = ranking.score[valid] + np.random.default_rng(args.seed).normal(0, noise,
                                                                           len(place))
    order = np.lexsort((person, -judged, place))
    place_rank = np.empty(len(order), dtype=np.int64)
    place_rank[order] = np.arange(len(order)) - np.searchsorted(place[order], place[order])
    prefs = Preferences.from_ranks(n, m, person, place, person_rank, place_rank)
    return opps, prefs, time.perf_counter() - t0


def phase_allocate(args: argparse.Namespace) -> dict:
    from meedoen.matching import check_allocation, deferred_acceptance

    out = {}
    for label, noise in (("same", 0.0), ("own", 0.15)):
        opps, prefs, preference_seconds = _round(args, args.round_people, args.round_places,
                                                 noise)
        t0 = time.perf_counter()
        allocation = deferred_acceptance(prefs, opps.capacity)
        da = time.perf_counter() - t0
        t0 = time.perf_counter()
        problems = check_allocation(prefs, opps.capacity, allocation)
        checked = time.perf_counter() - t0
        placed = allocation.place_of_person >= 0
        out[label] = {
            "preference_seconds": preference_seconds, "da_seconds": da,
            "check_seconds": checked, "problems": len(problems), "pairs": len(prefs.person),
            "seats": int(opps.capacity.sum()), "placed": int(placed.sum()),
        }
    out["peak_mb"] = _peak_mb()
    return out


def phase_peer(args: argparse.Namespace) -> dict:
    from meedoen.matching import deferred_acceptance

    n, m = args.round_people, args.round_places
    opps, prefs, _ = _round(args, n, m, 0.15)
    t0 = time.perf_counter()
    ours = deferred_acceptance(prefs, opps.capacity)
    ours_seconds = time.perf_counter() - t0
    order = np.lexsort((prefs.person_rank, prefs.person))
    person_lists: list[list[int]] = [[] for _ in range(n)]
    for i, j in zip(prefs.person[order].tolist(), prefs.place[order].tolist(), strict=True):
        person_lists[i].append(j)
    order = np.lexsort((prefs.place_rank, prefs.place))
    place_lists: list[list[int]] = [[] for _ in range(m)]
    for i, j in zip(prefs.person[order].tolist(), prefs.place[order].tolist(), strict=True):
        place_lists[j].append(i)
    with tempfile.TemporaryDirectory() as tmp:
        round_file, result_file = Path(tmp) / "round.json", Path(tmp) / "result.json"
        round_file.write_text(json.dumps({"person_lists": person_lists,
                                          "place_lists": place_lists,
                                          "capacity": opps.capacity.tolist()}))
        t0 = time.perf_counter()
        subprocess.run([str(PEER_PYTHON), str(PEER_SCRIPT), str(round_file), str(result_file)],
                       check=True, timeout=args.peer_timeout)
        wall = time.perf_counter() - t0
        if not result_file.exists():
            raise RuntimeError("the peer did not write a result")
        peer = json.loads(result_file.read_text())
    return {"n": n, "m": m, "pairs": len(prefs.person), "ours_seconds": ours_seconds,
            "peer_build_seconds": peer["build_seconds"],
            "peer_solve_seconds": peer["solve_seconds"], "peer_wall_seconds": wall,
            "identical": peer["place_of_person"] == ours.place_of_person.tolist()}


PHASES = {"suggest": phase_suggest, "dense": phase_dense, "allocate": phase_allocate,
          "peer": phase_peer}


def run_phase(args: argparse.Namespace, phase: str, **overrides: object) -> dict:
    argv = [sys.executable, "-m", "bench.matching.run", "--phase", phase]
    for key, value in {**vars(args), **overrides}.items():
        if key in ("phase", "no_peer", "out", "peer_sizes", "dense_size"):
            continue
        argv += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- report ------------------------------------------------------------------------------


def _machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cpus = len(os.sched_getaffinity(0))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {cpus} CPUs available to the process, load average at start {load} "
            f"(shared machine); Python {platform.python_version()}, numpy {np.__version__}")


def report(args: argparse.Namespace, results: dict, machine: str) -> str:
    s, a = results["suggest"], results["allocate"]
    n, m, k = args.people, args.opportunities, args.k
    own, same = a["own"], a["same"]
    total_own = own["preference_seconds"] + own["da_seconds"]
    lines = [
        "# Matching benchmark",
        "",
        f"Command: `{' '.join(['nice -n 10 python -m bench.matching.run', *sys.argv[1:]])}` "
        f"(seed {args.seed}, {args.workers} worker threads).",
        f"Machine: {machine}.",
        f"Run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "## Targets",
        "",
        "| what | size | wall time | target | peak RSS | check |",
        "|---|---|---:|---:|---:|---|",
        f"| top-{k} both ways | {n:,} people x {m:,} opportunities | {s['seconds']:.1f} s "
        f"| <= {SUGGEST_TARGET_S:.0f} s | {s['peak_mb']:,.0f} MB (inputs {s['rss_before_mb']:,.0f})"
        f" | {s['checked_rows']} rows + {s['checked_columns']} columns equal a full sort: "
        f"{'yes' if s['mismatches'] == 0 else 'NO, ' + str(s['mismatches']) + ' differ'} |",
        f"| stable allocation, places rank by own judgement | {args.round_people:,} people -> "
        f"{args.round_places:,} places ({own['seats']:,} seats) | {total_own:.1f} s "
        f"(scoring {own['preference_seconds']:.1f} + deferred acceptance "
        f"{own['da_seconds']:.2f}) | <= {ALLOCATION_TARGET_S:.0f} s | {a['peak_mb']:,.0f} MB "
        f"| stable, within capacity: {'yes' if own['problems'] == 0 else 'NO'} |",
        f"| stable allocation, places rank by score | same round | "
        f"{same['preference_seconds'] + same['da_seconds']:.1f} s (deferred acceptance "
        f"{same['da_seconds']:.2f}) | <= {ALLOCATION_TARGET_S:.0f} s | | "
        f"{'yes' if same['problems'] == 0 else 'NO'} |",
        "",
        f"Data generation (not counted): {s['generate_seconds']:.1f} s. Feasible pairs: "
        f"{s['feasible_share']:.1%} of all pairs (hard constraints: hours, reach, adaptations)."
        f" People with a full list of {k}: {s['filled_people']:.1%}; opportunities: "
        f"{s['filled_opportunities']:.1%}. Allocation: {own['pairs']:,} mutually acceptable "
        f"pairs (each person lists up to {args.list_length}), {own['placed']:,} people placed;"
        f" checking stability took {own['check_seconds']:.2f} s.",
    ]
    if "dense" in results:
        d = results["dense"]
        size = args.dense_size
        lines += [
            "",
            "## Against the obvious approach",
            "",
            f"Full score matrix ({size[0]:,} x {size[1]:,}, float32) and `np.argpartition` "
            "both ways, versus `suggest` on the same data:",
            "",
            "| approach | wall time | peak RSS | ratio |",
            "|---|---:|---:|---:|",
            f"| dense matrix + argpartition | {d['dense_seconds']:.1f} s | "
            f"{d['dense_peak_mb']:,.0f} MB | {d['dense_seconds'] / d['suggest_seconds']:.1f}x |",
            f"| `meedoen.matching.suggest` | {d['suggest_seconds']:.1f} s | (blocks of ~32 MB "
            "per worker) | 1.0x |",
            "",
            f"At {n:,} x {m:,} the dense matrix alone would be {n * m * 4 / 1e9:.1f} GB.",
        ]
    if results.get("peer"):
        lines += [
            "",
            "## Peer: PyPI `matching` 1.4.3 (HospitalResident, resident-optimal)",
            "",
            "Same rounds (places rank by own judgement), run in .venv-bench-matching. The "
            "peer builds linked Python player objects and deep-copies them; "
            "building dominates its time.",
            "",
            "| round | pairs | meedoen DA | peer: build | peer: solve | peer total / meedoen "
            "| same allocation |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for p in results["peer"]:
            peer_total = p["peer_build_seconds"] + p["peer_solve_seconds"]
            lines.append(
                f"| {p['n']:,} people -> {p['m']:,} places | {p['pairs']:,} | "
                f"{p['ours_seconds']:.3f} s | {p['peer_build_seconds']:.2f} s | "
                f"{p['peer_solve_seconds']:.2f} s | {peer_total / p['ours_seconds']:.0f}x | "
                f"{'yes' if p['identical'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--round-people", type=int, default=20_000)
    parser.add_argument("--round-places", type=int, default=5_000)
    parser.add_argument("--list-length", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer-timeout", type=int, default=900)
    parser.add_argument("--peer-sizes", default="1000x250,5000x1250",
                        help="rounds for the peer, people x places")
    parser.add_argument("--dense-size", default="10000x10000",
                        help="size for the dense baseline, people x opportunities ('' skips)")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args)))
        return
    machine = _machine()
    results: dict = {}
    print("suggest ...", flush=True)
    results["suggest"] = run_phase(args, "suggest")
    print(f"  {results['suggest']['seconds']:.1f} s", flush=True)
    print("allocate ...", flush=True)
    results["allocate"] = run_phase(args, "allocate")
    print(f"  {results['allocate']['own']['da_seconds']:.2f} s DA", flush=True)
    if args.dense_size:
        dn, dm = (int(x) for x in args.dense_size.split("x"))
        args.dense_size = (dn, dm)
        print("dense baseline ...", flush=True)
        results["dense"] = run_phase(args, "dense", people=dn, opportunities=dm)
    if not args.no_peer and PEER_PYTHON.exists():
        results["peer"] = []
        for size in args.peer_sizes.split(","):
            pn, pm = (int(x) for x in size.split("x"))
            print(f"peer {pn} x {pm} ...", flush=True)
            results["peer"].append(run_phase(args, "peer", round_people=pn, round_places=pm))
    text = report(args, results, machine)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
