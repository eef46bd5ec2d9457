"""A synthetic municipality: residents on social assistance, their plans and check-ins.

``generate_municipality`` draws a population that resembles the Dutch algemene bijstand
population, gives every resident a plan with 1-3 goals (each on a distinct route) and 0-4
steps per goal, and simulates up to ``years`` years of check-ins with the core outcome set.
It feeds ``make demo`` and load benchmarks; it is a pure library (numpy, pandas, stdlib).

Dates
    All date columns hold whole days. They are built as numpy ``datetime64[D]`` and stored
    by pandas as ``datetime64[s]`` (the coarsest resolution pandas supports); every value
    is midnight. ``plans.agreed_on`` is ``NaT`` for a plan that is not agreed yet.

Sensitive facts
    ``health_limitation``, ``care_duties`` and ``debts`` are only filled in for residents
    with ``consent_sensitive`` True; otherwise they are missing (``NaN`` in the string
    column, ``pd.NA`` in the nullable ``boolean`` columns). The simulation itself uses the
    complete latent facts, so outcomes are equally realistic for people without consent.

Mastery items
    ``mastery_1`` .. ``mastery_7`` follow the item order of Pearlin & Schooler (1978) as
    published by the Carnegie Mellon Common Cold Project: items 1, 2, 3, 5 and 7 are
    negatively worded and must be reversed (5 - answer) before summing; items 4 ("I can do
    just about anything I really set my mind to") and 6 ("What happens to me in the future
    mostly depends on me") are positive. See ``MASTERY_NEGATIVE_ITEMS``.

Statistics used (details, sources and status in docs/simulation.md)
    ========================================  ==========================  =========
    quantity                                  target                      status
    ========================================  ==========================  =========
    age under 27 / 27-44 / 45 to AOW age      10% / 33% / 57%             confirmed
    women                                     57%                         confirmed
    benefit duration >= 5 years               about 45%                   confirmed*
    benefit duration >= 15 years              about 9-10%                 confirmed*
    >= 5 years among 55+                      about 60%                   confirmed
    education low / middle / high             63% / 28% / 9%              confirmed*
    household single/single parent/couple/
    couple with children (persons)            59% / 19% / 9% / 13%        assumed
    health limitation some / severe           35% / 20% (55% any)         confirmed*
    debts                                     30%                         assumed
    care duties (mantelzorg)                  14%                         assumed
    Dutch below B1 / B1 / fluent              16% / 16% / 68%             assumed
    income from part-time work per month      8%                          confirmed
    minimum hourly wage (21+, July 2025)      EUR 14.40                   confirmed
    WHO-5 mean (0-100)                        about 50-55                 assumed
    consent to sensitive facts                80%                         assumed
    ========================================  ==========================  =========
    (* = order of magnitude confirmed, exact split assumed.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from meedoen.simulation.checkins import ACTIVITIES, simulate_checkins
from meedoen.simulation.goals import ROUTES, draw_goals, draw_plans, draw_steps, goal_texts
from meedoen.simulation.population import (
    EDUCATION_LEVELS,
    HEALTH_LIMITATIONS,
    HOUSEHOLDS,
    LANGUAGE_LEVELS,
    draw_population,
    draw_professionals,
)
from meedoen.simulation.support_history import (
    OfferSpec,
    draw_support_history,
    support_effects,
)

__all__ = [
    "MASTERY_NEGATIVE_ITEMS",
    "ROUTES",
    "SyntheticMunicipality",
    "generate_municipality",
]

MASTERY_NEGATIVE_ITEMS: tuple[int, ...] = (1, 2, 3, 5, 7)
CASELOAD = 60
_JOIN_DELAY_DAYS = 45  # from benefit start to the first plan conversation, at most
_ONBOARDING_DAYS = 180  # existing caseload gets a first plan within six months (assumed)


@dataclass(frozen=True)
class SyntheticMunicipality:
    people: pd.DataFrame  # one row per resident
    goals: pd.DataFrame  # one row per goal
    steps: pd.DataFrame  # one row per plan step
    plans: pd.DataFrame  # one row per resident (their current plan)
    checkins: pd.DataFrame  # one row per check-in
    professionals: pd.DataFrame  # one row per professional (klantregisseur)
    # one row per started support: person_id, offer (index into the offers given), start, end
    enrolments: pd.DataFrame


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _dates(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


def _dates_or_nat(days: np.ndarray) -> np.ndarray:
    out = _dates(days)
    out[np.asarray(days) < 0] = np.datetime64("NaT", "D")
    return out


def _labels(codes: np.ndarray, labels: tuple[str, ...]) -> pd.Series:
    return pd.Series(np.array(labels, dtype=object)[codes], dtype="str")


def generate_municipality(
    *,
    n_people: int,
    seed: int,
    end: datetime.date,
    years: int = 3,
    n_professionals: int | None = None,
    offers: Sequence[OfferSpec] = (),
    support_effects_on: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SyntheticMunicipality:
    """Generate a synthetic municipality; the same arguments always give identical frames.

    ``end`` is the last day of the simulated history; check-ins fall in
    ``[end - years, end]``. ``progress(done, total)`` is called after each stage.
    ``offers``: support offers residents may have chosen in the past (see support_history);
    with ``support_effects_on=False`` the same people choose the same offers but nothing they
    chose has any effect: the world without support, for measuring true effects.
    """
    if isinstance(n_people, bool) or not isinstance(n_people, int | np.integer):
        raise TypeError(f"n_people must be an int, got {type(n_people).__name__}")
    if n_people < 1:
        raise ValueError(f"n_people must be at least 1, got {n_people}")
    if isinstance(years, bool) or not isinstance(years, int | np.integer):
        raise TypeError(f"years must be an int, got {type(years).__name__}")
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years}")
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    if not isinstance(end, datetime.date):
        raise TypeError(f"end must be a datetime.date, got {type(end).__name__}")
    if isinstance(end, datetime.datetime):
        end = end.date()
    if n_professionals is None:
        n_professionals = max(1, n_people // CASELOAD)
    if n_professionals < 1:
        raise ValueError(f"n_professionals must be at least 1, got {n_professionals}")

    total = 9
    done = 0

    def step() -> None:
        nonlocal done
        done = min(done + 1, total - 1)
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)

    rng = np.random.default_rng(seed)
    end_day = int(np.datetime64(end, "D").astype(np.int64))
    start_day = int(np.datetime64(_years_before(end, int(years)), "D").astype(np.int64))

    pop = draw_population(rng, n=int(n_people), end_day=end_day, n_professionals=n_professionals)
    prof_given, prof_family = draw_professionals(rng, n=n_professionals)
    step()

    # People already on benefit at the start are onboarded over the first months, not all
    # on one day; newcomers get their first plan conversation soon after their benefit starts.
    onboarding = min(_ONBOARDING_DAYS, (end_day - start_day) // 4)
    join_day = np.minimum(
        np.maximum(
            start_day + rng.integers(0, onboarding + 1, size=pop.n),
            pop.benefit_start_day + rng.integers(0, _JOIN_DELAY_DAYS + 1, size=pop.n),
        ),
        end_day,
    )
    # How well things tend to go for this person, lower with a health limitation (assumed).
    success = rng.beta(5.0, 2.5, size=pop.n) * (
        1.0 - 0.35 * (pop.health == 2) - 0.10 * (pop.health == 1)
    )
    goals = draw_goals(rng, pop, join_day=join_day, end_day=end_day)
    own_words = goal_texts(rng, goals)
    step()
    plans = draw_plans(rng, join_day=join_day, end_day=end_day)
    step()
    steps = draw_steps(rng, goals, success=success, end_day=end_day)
    step()
    # Its own random stream, so that adding offers leaves everything else as it was.
    history = draw_support_history(
        np.random.default_rng([seed, 7]), pop, offers, start_by_route=goals.start_by_route,
        join_day=join_day, success=success, end_day=end_day,
    )
    effects = support_effects(pop, offers, history, ACTIVITIES) if offers else None
    if effects is not None and not support_effects_on:
        effects = effects.without_effect()
    checkins = simulate_checkins(
        rng,
        pop,
        start_by_route=goals.start_by_route,
        join_day=join_day,
        success=success,
        end_day=end_day,
        window_days=end_day - start_day,
        supports=effects,
        tick=step,
    )
    done = 7
    step()

    consent = pop.consent_sensitive
    health = _labels(pop.health, HEALTH_LIMITATIONS).where(consent)
    width = max(6, len(str(pop.n - 1)))
    email = np.char.add("p", np.char.zfill(np.arange(pop.n).astype(str), width))
    people = pd.DataFrame(
        {
            "person_id": np.arange(pop.n, dtype=np.int64),
            "given_name": pd.Series(pop.given_name, dtype="str"),
            "family_name": pd.Series(pop.family_name, dtype="str"),
            "birth_date": _dates(pop.birth_day),
            "household": _labels(pop.household, HOUSEHOLDS),
            "education": _labels(pop.education, EDUCATION_LEVELS),
            "benefit_start": _dates(pop.benefit_start_day),
            "dutch_language_level": _labels(pop.language, LANGUAGE_LEVELS),
            "health_limitation": health,
            "care_duties": pd.array(pop.care_duties, dtype="boolean"),
            "debts": pd.array(pop.debts, dtype="boolean"),
            "consent_sensitive": consent,
            "professional_id": pop.professional_id.astype(np.int64),
            "email_local": pd.Series(email.astype(object), dtype="str"),
        }
    )
    people.loc[~consent, ["care_duties", "debts"]] = pd.NA

    professionals = pd.DataFrame(
        {
            "professional_id": np.arange(n_professionals, dtype=np.int64),
            "given_name": pd.Series(prof_given, dtype="str"),
            "family_name": pd.Series(prof_family, dtype="str"),
        }
    )
    plans_df = pd.DataFrame(
        {
            "person_id": np.arange(pop.n, dtype=np.int64),
            "review_date": _dates(plans.review_day),
            "agreed_on": _dates_or_nat(plans.agreed_day),
            "version": plans.version.astype(np.int64),
            "created_on": _dates(plans.created_day),
        }
    )
    goals_df = pd.DataFrame(
        {
            "person_id": goals.person_id,
            "goal_no": goals.goal_no,
            "route": _labels(goals.route, ROUTES),
            "own_words": pd.Series(own_words, dtype="str"),
            "created_on": _dates(goals.created_day),
        }
    )
    steps_df = pd.DataFrame(
        {
            "person_id": steps.person_id.astype(np.int64),
            "goal_no": steps.goal_no.astype(np.int64),
            "step_no": steps.step_no.astype(np.int64),
            "description": pd.Series(steps.description, dtype="str"),
            "done": steps.done.astype(bool),
            "created_on": _dates(steps.created_day),
        }
    )
    columns: dict[str, object] = {
        "person_id": checkins.person_id,
        "date": _dates(checkins.day),
        "with_professional": checkins.with_professional,
    }
    columns.update({name: checkins.activities[name] for name in ACTIVITIES})
    columns.update(
        {
            "work_hours_per_week": checkins.work_hours_per_week.astype(np.float64),
            "earnings_per_month": checkins.earnings_per_month.astype(np.float64),
            "benefit_independent": checkins.benefit_independent,
        }
    )
    columns.update({f"who5_{i + 1}": checkins.who5[:, i] for i in range(5)})
    columns["self_rated_health"] = checkins.self_rated_health
    columns.update({f"mastery_{i + 1}": checkins.mastery[:, i] for i in range(7)})
    columns["satisfaction"] = checkins.satisfaction.astype(np.float64)
    checkins_df = pd.DataFrame(columns)

    if progress is not None:
        progress(total, total)
    return SyntheticMunicipality(
        people=people,
        goals=goals_df,
        steps=steps_df,
        plans=plans_df,
        checkins=checkins_df,
        professionals=professionals,
        enrolments=pd.DataFrame({
            "person_id": history.person_id,
            "offer": history.offer,
            "start": _dates(history.start_day),
            "end": _dates(history.end_day),
        }),
    )
