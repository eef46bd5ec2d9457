"""Why a person and an opportunity match (or do not), as structured reasons.

``explain`` returns an ``Explanation``: whether the pair is feasible, its score, and a tuple
of ``Reason`` objects - a ``code`` and ``params`` (codes of tasks, hours, km), plus the
``points`` the reason adds to the score. The Django side translates the codes with its own
message catalogue; ``render`` turns them into plain sentences in Dutch or English (B1
level, addressed to the resident) for the command line, tests and a first version of pages.

Hard constraints come first and are always listed, passed or failed, so a resident sees
*which* constraint stops a match and by how much. The points add up to the score the bulk
scorer gives the same pair (to float32 rounding), and the hard constraints are decided by
the same comparisons (``geo.squared_distance``, whole hours, adaptation codes), so an
explanation never contradicts a suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from meedoen.matching.geo import dimensions, offsets, squared_distance
from meedoen.matching.profiles import Opportunities, Opportunity, People, Person
from meedoen.matching.score import WEIGHTS, reach_limit_sq, travel_slope
from meedoen.matching.vocabulary import (
    ADAPTATION_CODES,
    ADAPTATIONS,
    LEARNING_ROUTES,
    ROUTE_CODES,
    ROUTES,
    TASK_CODES,
    TASKS,
)

__all__ = ["HARD_CONSTRAINT_FAILURES", "Explanation", "Reason", "explain", "explain_match",
           "render"]

# Reason codes that exclude a pair.
HARD_CONSTRAINT_FAILURES = frozenset({"hours_no_overlap", "too_far", "adaptations_missing"})


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    points: float = 0.0

    @property
    def excludes(self) -> bool:
        return self.code in HARD_CONSTRAINT_FAILURES


@dataclass(frozen=True)
class Explanation:
    feasible: bool
    score: float  # 0.0 when not feasible
    reasons: tuple[Reason, ...]

    @property
    def failed(self) -> tuple[str, ...]:
        """Codes of the hard constraints that fail (empty when feasible)."""
        return tuple(r.code for r in self.reasons if r.excludes)


def _codes(row: np.ndarray, vocabulary: Sequence[str]) -> list[str]:
    return [vocabulary[k] for k in np.flatnonzero(row)]


def explain(people: People, opportunities: Opportunities, i: int, j: int) -> Explanation:
    """Explain the pair (person ``i``, opportunity ``j``)."""
    reasons: list[Reason] = []
    # -- hard constraints --------------------------------------------------------------
    p_hours = (int(people.hours_min[i]), int(people.hours_max[i]))
    o_hours = (int(opportunities.hours_min[j]), int(opportunities.hours_max[j]))
    hours = {"person": p_hours, "opportunity": o_hours}
    if p_hours[0] > o_hours[1] or o_hours[0] > p_hours[1]:
        reasons.append(Reason("hours_no_overlap", hours))
    else:
        both = (max(p_hours[0], o_hours[0]), min(p_hours[1], o_hours[1]))
        reasons.append(Reason("hours_overlap", {**hours, "both": both}))

    dims = dimensions(people.crs)
    a = offsets(people.points[i : i + 1], people.crs)
    b = offsets(opportunities.points[j : j + 1], opportunities.crs)
    d2 = squared_distance([a[:, d] for d in range(dims)], [b[:, d] for d in range(dims)])
    distance = np.sqrt(d2)
    reach = {"distance_km": round(float(distance[0]) / 1000.0, 3),
             "max_km": float(people.max_travel_m[i]) / 1000.0}
    limit = people.max_travel_m[i : i + 1]
    if d2[0] > reach_limit_sq(limit)[0]:
        reasons.append(Reason("too_far", reach))
    else:
        travel = WEIGHTS["travel"] - float(distance[0] * travel_slope(limit)[0])
        reasons.append(Reason("within_reach", reach, travel))

    needed = people.adaptations_needed[i]
    missing = needed & ~opportunities.adaptations_offered[j]
    if missing.any():
        reasons.append(Reason("adaptations_missing",
                              {"adaptations": _codes(missing, ADAPTATION_CODES)}))
    elif needed.any():
        reasons.append(Reason("adaptations_offered",
                              {"adaptations": _codes(needed, ADAPTATION_CODES)}))

    # -- soft parts --------------------------------------------------------------------
    tasks = opportunities.tasks[j]
    total = int(tasks.sum())
    route = ROUTE_CODES[int(opportunities.route[j])]
    learning = route in LEARNING_ROUTES
    known = tasks & people.skills[i]
    to_learn = tasks & people.learn[i] & ~people.skills[i]
    counted = int(known.sum()) + (int(to_learn.sum()) if learning else 0)
    reasons.append(Reason(
        "tasks_known",
        {"tasks": _codes(known, TASK_CODES), "count": int(known.sum()), "total": total},
        WEIGHTS["skills"] * int(known.sum()) / total,
    ))
    if to_learn.any():
        reasons.append(Reason(
            "tasks_to_learn" if learning else "tasks_to_learn_elsewhere",
            {"tasks": _codes(to_learn, TASK_CODES), "route": route},
            WEIGHTS["skills"] * (counted - int(known.sum())) / total,
        ))
    new = tasks & ~people.skills[i]
    if learning:
        new &= ~people.learn[i]
    if new.any():
        reasons.append(Reason("tasks_new", {"tasks": _codes(new, TASK_CODES)}))
    wished = tasks & people.wished_tasks[i]
    reasons.append(Reason(
        "tasks_wished" if wished.any() else "tasks_not_wished",
        {"tasks": _codes(wished, TASK_CODES), "count": int(wished.sum()), "total": total},
        WEIGHTS["wished_tasks"] * int(wished.sum()) / total,
    ))
    chosen = _codes(people.routes[i], ROUTE_CODES)
    if route in chosen:
        reasons.append(Reason("route_chosen", {"route": route}, WEIGHTS["route"]))
    else:
        reasons.append(Reason("route_not_chosen", {"route": route, "chosen": chosen}))

    feasible = not any(r.excludes for r in reasons)
    score = sum(r.points for r in reasons) if feasible else 0.0
    return Explanation(feasible, float(score), tuple(reasons))


def explain_match(person: Person, opportunity: Opportunity, *, crs: str = "wgs84"
                  ) -> Explanation:
    """Explain one hand-made pair of records."""
    return explain(People.from_records([person], crs=crs),
                   Opportunities.from_records([opportunity], crs=crs), 0, 0)


# -- rendering ---------------------------------------------------------------------------

_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "hours_overlap": "Hours fit: you want {p0}-{p1} hours a week, the work offers "
                         "{o0}-{o1}; {b0}-{b1} hours suits both.",
        "hours_no_overlap": "Hours do not fit: you want {p0}-{p1} hours a week, the work "
                            "offers {o0}-{o1}.",
        "within_reach": "Within reach: {distance_km} km away; your limit is {max_km:g} km.",
        "too_far": "Too far: {distance_km} km away, more than your limit of {max_km:g} km.",
        "adaptations_offered": "What you need is there: {adaptations}.",
        "adaptations_missing": "Not offered, though you need it: {adaptations}.",
        "tasks_known": "You can already do {count} of the {total} tasks{colon_tasks}.",
        "tasks_to_learn": "You want to learn {tasks}, and this is a place to learn it "
                          "({route}).",
        "tasks_to_learn_elsewhere": "You want to learn {tasks}; this work expects it already.",
        "tasks_new": "New to you: {tasks}.",
        "tasks_wished": "You like to do {count} of the {total} tasks: {tasks}.",
        "tasks_not_wished": "None of the tasks is one you said you like to do.",
        "route_chosen": "It is {route}, a route you chose.",
        "route_not_chosen": "It is {route}; you chose {chosen}.",
        "and": "and",
        "nothing": "nothing yet",
    },
    "nl": {
        "hours_overlap": "De uren passen: u wilt {p0}-{p1} uur per week, het werk biedt "
                         "{o0}-{o1}; {b0}-{b1} uur past bij allebei.",
        "hours_no_overlap": "De uren passen niet: u wilt {p0}-{p1} uur per week, het werk "
                            "biedt {o0}-{o1}.",
        "within_reach": "Goed te bereiken: {distance_km} km hiervandaan; uw grens is "
                        "{max_km:g} km.",
        "too_far": "Te ver: {distance_km} km hiervandaan, verder dan uw grens van "
                   "{max_km:g} km.",
        "adaptations_offered": "Wat u nodig hebt is er: {adaptations}.",
        "adaptations_missing": "Dit is er niet, en u hebt het wel nodig: {adaptations}.",
        "tasks_known": "U kunt al {count} van de {total} taken{colon_tasks}.",
        "tasks_to_learn": "U wilt {tasks} leren, en dat kan hier ({route}).",
        "tasks_to_learn_elsewhere": "U wilt {tasks} leren; bij dit werk moet u het al kunnen.",
        "tasks_new": "Nieuw voor u: {tasks}.",
        "tasks_wished": "U doet {count} van de {total} taken graag: {tasks}.",
        "tasks_not_wished": "Geen van de taken is werk dat u graag doet, zei u.",
        "route_chosen": "Het is {route}, een route die u koos.",
        "route_not_chosen": "Het is {route}; u koos {chosen}.",
        "and": "en",
        "nothing": "nog niets",
    },
}
_LABELS = {"tasks": TASKS, "adaptations": ADAPTATIONS, "route": ROUTES, "chosen": ROUTES}


def _join(words: list[str], language: str) -> str:
    if not words:
        return _TEMPLATES[language]["nothing"]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {_TEMPLATES[language]['and']} " + words[-1]


def _km(distance: float, limit: float, language: str) -> str:
    """One decimal, or as many as it takes (up to metres) not to print a distance just past
    the limit as equal to it ("10.0 km, more than your limit of 10 km")."""
    decimals = 1
    while decimals < 3 and round(distance, decimals) == limit and distance != limit:
        decimals += 1
    text = f"{distance:.{decimals}f}"
    return text.replace(".", ",") if language == "nl" else text


def render(explanation: Explanation, language: str = "nl") -> list[str]:
    """One plain sentence per reason, in Dutch (``"nl"``, the default) or English."""
    if language not in _TEMPLATES:
        raise ValueError(f"language must be one of {', '.join(_TEMPLATES)}, got {language!r}")
    which = 0 if language == "nl" else 1
    sentences = []
    for reason in explanation.reasons:
        values: dict[str, Any] = {}
        for key, value in reason.params.items():
            if key in _LABELS:
                codes = [value] if isinstance(value, str) else list(value)
                values[key] = _join([_LABELS[key][c][which] for c in codes], language)
            elif key in ("person", "opportunity", "both"):
                values[key[0] + "0"], values[key[0] + "1"] = value
            else:
                values[key] = value
        if reason.code in ("within_reach", "too_far"):
            values["distance_km"] = _km(reason.params["distance_km"], reason.params["max_km"],
                                        language)
        if reason.code == "tasks_known":
            values["colon_tasks"] = f": {values['tasks']}" if reason.params["tasks"] else ""
        sentences.append(_TEMPLATES[language][reason.code].format(**values))
    return sentences
