"""Runs the ``matching`` package (PyPI, Gale-Shapley family) on one round, for comparison.

Executed by the peer's own interpreter (.venv-bench-matching), never imported by meedoen:

    .venv-bench-matching/bin/python bench/matching/peer_matching.py round.json result.json

The round file holds ``person_lists``, ``place_lists`` (mutually acceptable pairs only,
best first) and ``capacity``; the result holds timings and ``place_of_person``.
"""

import json
import sys
import time


def main() -> None:
    from matching.games import HospitalResident

    with open(sys.argv[1]) as handle:
        round_ = json.load(handle)
    resident_prefs = {i: places for i, places in enumerate(round_["person_lists"]) if places}
    hospital_prefs = dict(enumerate(round_["place_lists"]))
    capacities = dict(enumerate(round_["capacity"]))
    start = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    built = time.perf_counter()
    solution = game.solve(optimal="resident")
    solved = time.perf_counter()
    place_of_person = [-1] * len(round_["person_lists"])
    for hospital, residents in solution.items():
        for resident in residents:
            place_of_person[resident.name] = hospital.name
    with open(sys.argv[2], "w") as handle:
        json.dump({"build_seconds": built - start, "solve_seconds": solved - built,
                   "place_of_person": place_of_person}, handle)


if __name__ == "__main__":
    # The peer deep-copies its linked player objects recursively: a round of a few thousand
    # people needs a deep stack, so run it in a thread with a large one.
    import threading

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
