"""The bridge from the Django records to ``meedoen.matching``: scores and explanations.

Only the fields matching allows cross this bridge (tasks, hours, the point of a place,
travel limit, adaptations, routes); the resident's name, age, origin or language never do.
The explanations come back as sentences in the reader's language.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meedoen.employers.models import CandidateProfile, Opportunity
from meedoen.employers.places import place_point
from meedoen.matching import Explanation, Opportunities, People, explain, render, suggest
from meedoen.matching.vocabulary import ADAPTATIONS, ROUTES, TASKS


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def label(vocabulary: dict[str, tuple[str, str]], code: str) -> str:
    """The label of a matching code in the reader's language (the codes' own labels)."""
    pair = vocabulary.get(code)
    return code if pair is None else pair[1 if _english() else 0]


def task_label(code: str) -> str:
    return label(TASKS, code)


def adaptation_label(code: str) -> str:
    return label(ADAPTATIONS, code)


def route_label(code: str) -> str:
    return label(ROUTES, code)


def people_of(profiles: Sequence[CandidateProfile], routes: Sequence[set[str]],
              *, visible: Sequence[bool] | None = None) -> People:
    return People.from_arrays(
        hours_min=[p.hours_min for p in profiles],
        hours_max=[p.hours_max for p in profiles],
        max_travel_km=[p.max_travel_km for p in profiles],
        location=[place_point(p.place) for p in profiles],
        skills=[p.skills for p in profiles],
        learn=[p.learn for p in profiles],
        wished_tasks=[p.wished_tasks for p in profiles],
        routes=list(routes),
        adaptations_needed=[p.adaptations for p in profiles],
        visible=visible,
    )


def opportunities_of(opportunities: Sequence[Opportunity],
                     capacity: Sequence[int] | None = None) -> Opportunities:
    return Opportunities.from_arrays(
        tasks=[o.tasks for o in opportunities],
        hours_min=[o.hours_min for o in opportunities],
        hours_max=[o.hours_max for o in opportunities],
        location=[place_point(o.place) for o in opportunities],
        route=[o.route for o in opportunities],
        adaptations_offered=[o.adaptations for o in opportunities],
        capacity=capacity if capacity is not None else [o.places for o in opportunities],
    )


@dataclass(frozen=True)
class Fit:
    """How one person and one opportunity fit: feasible, score 0..100, sentences."""

    feasible: bool
    percent: int
    sentences: list[str]


def _for_resident(explanation: Explanation) -> Fit:
    return Fit(explanation.feasible, round(100 * explanation.score),
               render(explanation, "en" if _english() else "nl"))


def _join(codes: Sequence[str], labeller) -> str:
    words = [labeller(code) for code in codes]
    if len(words) <= 1:
        return "".join(words) or _("none")
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _employer_sentence(code: str, params: dict) -> str:
    """The same reasons, addressed to the employer (who never sees the person's place)."""
    p = params
    if code == "hours_overlap":
        return _("Hours fit: %(b0)s-%(b1)s hours a week suits both sides.") % {
            "b0": p["both"][0], "b1": p["both"][1]}
    if code == "hours_no_overlap":
        return _("Hours do not fit: the candidate wants %(p0)s-%(p1)s hours a week.") % {
            "p0": p["person"][0], "p1": p["person"][1]}
    if code == "within_reach":
        return _("The workplace is within the distance the candidate wants to travel.")
    if code == "too_far":
        return _("The workplace is further away than the candidate wants to travel.")
    if code == "adaptations_offered":
        return _("You offer what the candidate needs: %(items)s.") % {
            "items": _join(p["adaptations"], adaptation_label)}
    if code == "adaptations_missing":
        return _("The candidate needs something you do not offer yet: %(items)s.") % {
            "items": _join(p["adaptations"], adaptation_label)}
    if code == "tasks_known":
        return _("Can already do %(count)s of the %(total)s tasks.") % {
            "count": p["count"], "total": p["total"]}
    if code == "tasks_to_learn":
        return _("Wants to learn %(items)s, which this place teaches.") % {
            "items": _join(p["tasks"], task_label)}
    if code == "tasks_to_learn_elsewhere":
        return _("Wants to learn %(items)s.") % {"items": _join(p["tasks"], task_label)}
    if code == "tasks_new":
        return _("New to the candidate: %(items)s.") % {"items": _join(p["tasks"], task_label)}
    if code == "tasks_wished":
        return _("Likes to do %(count)s of the %(total)s tasks.") % {
            "count": p["count"], "total": p["total"]}
    if code == "tasks_not_wished":
        return _("None of the tasks is one the candidate said they like to do.")
    if code == "route_chosen":
        return _("This kind of work is a route the candidate chose.")
    return _("This kind of work is not among the routes the candidate chose.")


def _for_employer(explanation: Explanation) -> Fit:
    return Fit(explanation.feasible, round(100 * explanation.score),
               [_employer_sentence(r.code, dict(r.params)) for r in explanation.reasons])


def fits_for_resident(profile: CandidateProfile, routes: set[str],
                      opportunities: Sequence[Opportunity]) -> list[Fit]:
    """One ``Fit`` per opportunity, in the given order, addressed to the resident."""
    if not opportunities:
        return []
    people = people_of([profile], [routes])
    opps = opportunities_of(opportunities)
    return [_for_resident(explain(people, opps, 0, j)) for j in range(len(opportunities))]


def fits_for_employer(opportunity: Opportunity, profiles: Sequence[CandidateProfile],
                      routes: Sequence[set[str]]) -> list[Fit]:
    """One ``Fit`` per profile, in the given order, addressed to the employer."""
    if not profiles:
        return []
    people = people_of(profiles, routes)
    opps = opportunities_of([opportunity])
    return [_for_employer(explain(people, opps, i, 0)) for i in range(len(profiles))]


def best_findable(opportunity: Opportunity, profiles: Sequence[CandidateProfile],
                  routes: Sequence[set[str]], *, k: int = 20) -> list[int]:
    """Indexes into ``profiles`` of the ``k`` best feasible people for the opportunity, best
    first (``meedoen.matching.suggest``; everyone passed in chose to be findable)."""
    if not profiles:
        return []
    people = people_of(profiles, routes, visible=[True] * len(profiles))
    ranking = suggest(people, opportunities_of([opportunity]), k=k, workers=1)
    assert ranking.for_opportunities is not None
    row = ranking.for_opportunities.index[0]
    return [int(i) for i in row[row >= 0]]

