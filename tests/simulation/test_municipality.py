"""Tests for the synthetic municipality (pure library; no Django needed)."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

from meedoen.simulation.municipality import (
    MASTERY_NEGATIVE_ITEMS,
    ROUTES,
    SyntheticMunicipality,
    generate_municipality,
)

END = datetime.date(2026, 6, 30)
END_TS = pd.Timestamp(END)
ROUTE_CODES = {
    "paid_work",
    "supported_work",
    "basisbaan",
    "leerwerkplek",
    "education",
    "volunteering",
    "mantelzorg",
    "social_activation",
    "recognised_rest",
}
ACTIVITY_COLUMNS = [
    "social_contact",
    "organised_activities",
    "learning",
    "volunteering",
    "informal_care",
    "paid_work_supported",
    "paid_work_unsupported",
]
WHO5 = [f"who5_{i}" for i in range(1, 6)]
MASTERY = [f"mastery_{i}" for i in range(1, 8)]


@pytest.fixture(scope="module")
def town() -> SyntheticMunicipality:
    return generate_municipality(n_people=2000, seed=11, end=END)


@pytest.fixture(scope="module")
def city() -> SyntheticMunicipality:
    """Large enough for marginals and correlations to be stable."""
    return generate_municipality(n_people=20000, seed=5, end=END)


def _age(people: pd.DataFrame) -> pd.Series:
    return (END_TS - people.birth_date).dt.days / 365.25


def _duration(people: pd.DataFrame) -> pd.Series:
    return (END_TS - people.benefit_start).dt.days / 365.25


def _who5(checkins: pd.DataFrame) -> pd.Series:
    return checkins[WHO5].sum(axis=1) * 4


def _mastery_score(checkins: pd.DataFrame) -> pd.Series:
    items = checkins[MASTERY].copy()
    for i in MASTERY_NEGATIVE_ITEMS:
        items[f"mastery_{i}"] = 5 - items[f"mastery_{i}"]
    return items.sum(axis=1)


# --- determinism -------------------------------------------------------------------------


def test_same_seed_gives_identical_frames() -> None:
    a = generate_municipality(n_people=300, seed=42, end=END)
    b = generate_municipality(n_people=300, seed=42, end=END)
    for name in ("people", "goals", "steps", "plans", "checkins", "professionals"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_different_seeds_give_different_frames() -> None:
    a = generate_municipality(n_people=300, seed=1, end=END)
    b = generate_municipality(n_people=300, seed=2, end=END)
    assert not a.people.equals(b.people)
    assert not a.checkins.equals(b.checkins)
    assert not a.goals["own_words"].equals(b.goals["own_words"])


# --- schema ------------------------------------------------------------------------------


def test_columns_are_exactly_the_interface(town: SyntheticMunicipality) -> None:
    assert list(town.people.columns) == [
        "person_id",
        "given_name",
        "family_name",
        "birth_date",
        "household",
        "education",
        "benefit_start",
        "dutch_language_level",
        "health_limitation",
        "care_duties",
        "debts",
        "consent_sensitive",
        "professional_id",
        "email_local",
    ]
    assert list(town.professionals.columns) == ["professional_id", "given_name", "family_name"]
    assert list(town.plans.columns) == [
        "person_id",
        "review_date",
        "agreed_on",
        "version",
        "created_on",
    ]
    assert list(town.goals.columns) == ["person_id", "goal_no", "route", "own_words", "created_on"]
    assert list(town.steps.columns) == [
        "person_id",
        "goal_no",
        "step_no",
        "description",
        "done",
        "created_on",
    ]
    assert list(town.checkins.columns) == [
        "person_id",
        "date",
        "with_professional",
        *ACTIVITY_COLUMNS,
        "work_hours_per_week",
        "earnings_per_month",
        "benefit_independent",
        *WHO5,
        "self_rated_health",
        *MASTERY,
        "satisfaction",
    ]


def test_dtypes(town: SyntheticMunicipality) -> None:
    date_cols = {
        "people": ["birth_date", "benefit_start"],
        "plans": ["review_date", "agreed_on", "created_on"],
        "goals": ["created_on"],
        "steps": ["created_on"],
        "checkins": ["date"],
    }
    for frame, cols in date_cols.items():
        for col in cols:
            assert getattr(town, frame)[col].dtype == np.dtype("datetime64[s]"), (frame, col)
    ints = {
        "people": ["person_id", "professional_id"],
        "professionals": ["professional_id"],
        "plans": ["person_id", "version"],
        "goals": ["person_id", "goal_no"],
        "steps": ["person_id", "goal_no", "step_no"],
        "checkins": ["person_id", *WHO5, "self_rated_health", *MASTERY],
    }
    for frame, cols in ints.items():
        for col in cols:
            assert getattr(town, frame)[col].dtype == np.int64, (frame, col)
    bools = ["with_professional", *ACTIVITY_COLUMNS, "benefit_independent"]
    for col in bools:
        assert town.checkins[col].dtype == bool, col
    assert town.steps["done"].dtype == bool
    assert town.people["consent_sensitive"].dtype == bool
    assert town.people["care_duties"].dtype == "boolean"
    assert town.people["debts"].dtype == "boolean"
    for col in ("work_hours_per_week", "earnings_per_month", "satisfaction"):
        assert town.checkins[col].dtype == np.float64
    for col in ("given_name", "family_name", "household", "education", "email_local"):
        assert pd.api.types.is_string_dtype(town.people[col]), col
    assert pd.api.types.is_string_dtype(town.goals["own_words"])
    assert pd.api.types.is_string_dtype(town.steps["description"])


def test_allowed_values(town: SyntheticMunicipality) -> None:
    p = town.people
    assert set(p.household) <= {"single", "single_parent", "couple", "couple_with_children"}
    assert set(p.education) <= {"low", "middle", "high"}
    assert set(p.dutch_language_level) <= {"fluent", "b1", "below_b1"}
    assert set(p.health_limitation.dropna()) <= {"none", "some", "severe"}
    assert set(town.goals.route) <= ROUTE_CODES
    assert set(ROUTES) == ROUTE_CODES


def test_every_route_appears(town: SyntheticMunicipality) -> None:
    assert set(town.goals.route) == ROUTE_CODES


# --- people ------------------------------------------------------------------------------


def test_people_identity_and_dates(town: SyntheticMunicipality) -> None:
    p = town.people
    assert (p.person_id.to_numpy() == np.arange(len(p))).all()
    assert p.email_local.is_unique
    assert p.email_local.str.fullmatch(r"p\d{6}").all()
    assert (p.given_name.str.len() > 0).all() and (p.family_name.str.len() > 0).all()
    age = _age(p)
    assert age.min() >= 18 and age.max() < 67
    eighteenth = p.birth_date + pd.to_timedelta(np.ceil(18 * 365.25), unit="D")
    assert (p.benefit_start >= eighteenth - pd.Timedelta(days=1)).all()
    assert (p.benefit_start <= END_TS).all()


def test_professionals_and_caseloads(town: SyntheticMunicipality) -> None:
    assert len(town.professionals) == 2000 // 60
    assert set(town.people.professional_id) == set(town.professionals.professional_id)
    caseload = town.people.professional_id.value_counts()
    assert caseload.max() - caseload.min() <= 1


def test_explicit_professional_count_and_tiny_town() -> None:
    m = generate_municipality(n_people=1, seed=0, end=END, years=1, n_professionals=3)
    assert len(m.people) == 1 and len(m.plans) == 1
    assert len(m.professionals) == 3
    assert 1 <= len(m.goals) <= 3
    assert len(m.checkins) >= 1


def test_sensitive_columns_null_exactly_without_consent(town: SyntheticMunicipality) -> None:
    p = town.people
    no_consent = ~p.consent_sensitive
    assert no_consent.any() and p.consent_sensitive.any()
    for col in ("health_limitation", "care_duties", "debts"):
        assert (p[col].isna() == no_consent).all(), col


# --- plans, goals, steps -----------------------------------------------------------------


def test_goals_have_distinct_routes_and_consecutive_numbers(town: SyntheticMunicipality) -> None:
    g = town.goals
    per_person = g.groupby("person_id")
    assert set(per_person.size()) <= {1, 2, 3}
    assert g.person_id.nunique() == len(town.people)
    assert (per_person.route.nunique() == per_person.size()).all()
    assert (per_person.goal_no.apply(lambda s: list(s) == list(range(len(s))))).all()
    plan_created = g.person_id.map(town.plans.set_index("person_id").created_on)
    assert (g.created_on >= plan_created).all() and (g.created_on <= END_TS).all()
    assert g.own_words.str.startswith(("Ik ", "Binnen ", "Met ", "Dit ", "Een ")).all()
    # Goals are written in many different ways, not one sentence per route.
    assert g.own_words.nunique() > 150


def test_steps_belong_to_goals_and_are_ordered(town: SyntheticMunicipality) -> None:
    s = town.steps
    keys = set(zip(town.goals.person_id, town.goals.goal_no, strict=True))
    assert set(zip(s.person_id, s.goal_no, strict=True)) <= keys
    per_goal = s.groupby(["person_id", "goal_no"])
    assert per_goal.size().max() <= 4
    assert per_goal.step_no.apply(lambda x: list(x) == list(range(len(x)))).all()
    assert per_goal.description.nunique().eq(per_goal.size()).all()
    assert per_goal.created_on.apply(lambda x: x.is_monotonic_increasing).all()
    goal_created = town.goals.set_index(["person_id", "goal_no"]).created_on
    step_goal_created = goal_created.loc[list(zip(s.person_id, s.goal_no, strict=True))].to_numpy()
    assert (s.created_on.to_numpy() >= step_goal_created).all()
    assert (s.created_on <= END_TS).all()
    # Goals without steps exist (0 steps is allowed) and some steps are done.
    assert len(per_goal) < len(town.goals)
    assert 0.1 < s.done.mean() < 0.9


def test_plans(town: SyntheticMunicipality) -> None:
    pl = town.plans
    assert (pl.person_id.to_numpy() == np.arange(len(town.people))).all()
    assert (pl.version >= 1).all()
    future = pl.review_date > END_TS
    assert 0.8 <= future.mean() < 1.0  # most in the future, some overdue
    assert (pl.review_date >= pl.created_on).all()
    agreed = pl.agreed_on.dropna()
    assert 0 < pl.agreed_on.isna().mean() < 0.2
    assert (agreed >= pl.created_on[agreed.index]).all() and (agreed <= END_TS).all()
    assert (pl.created_on >= town.people.benefit_start).all()


# --- check-ins ---------------------------------------------------------------------------


def test_checkin_dates_within_window_and_sorted(town: SyntheticMunicipality) -> None:
    c = town.checkins
    start = pd.Timestamp(END.replace(year=END.year - 3))
    assert (c.date >= start).all() and (c.date <= END_TS).all()
    assert c.person_id.is_monotonic_increasing
    per_person = c.groupby("person_id").date
    assert per_person.apply(lambda d: d.is_monotonic_increasing and d.is_unique).all()
    assert c.person_id.nunique() == len(town.people)
    benefit_start = c.person_id.map(town.people.set_index("person_id").benefit_start)
    assert (c.date >= benefit_start).all()


def test_checkins_roughly_every_two_to_four_months(town: SyntheticMunicipality) -> None:
    c = town.checkins
    gaps = c.groupby("person_id").date.diff().dropna().dt.days
    assert gaps.min() >= 50 and gaps.max() <= 120
    assert 75 <= gaps.mean() <= 100
    # At least one check-in in every review period: the shortest review interval is four
    # months, and no stretch without a check-in is longer than that, up to the end date.
    last = c.groupby("person_id").date.max()
    assert ((END_TS - last).dt.days <= 120).all()
    # People who started later have fewer check-ins.
    n = c.groupby("person_id").size()
    late = town.plans.set_index("person_id").created_on > END_TS - pd.Timedelta(days=365)
    assert n[late].mean() < n[~late].mean()


def test_checkin_value_ranges(town: SyntheticMunicipality) -> None:
    c = town.checkins
    assert c[WHO5].isin(range(6)).all().all()
    assert c.self_rated_health.between(1, 5).all()
    assert c[MASTERY].isin(range(1, 5)).all().all()
    sat = c.satisfaction.dropna()
    assert sat.between(1, 10).all()
    assert c.satisfaction.isna().any()
    # Whoever had a conversation with a professional received support in that period.
    assert c.loc[c.with_professional, "satisfaction"].notna().all()
    assert (c.work_hours_per_week >= 0).all() and (c.earnings_per_month >= 0).all()


def test_work_hours_earnings_and_independence_agree(town: SyntheticMunicipality) -> None:
    c = town.checkins
    working = c.paid_work_supported | c.paid_work_unsupported
    assert ((c.work_hours_per_week > 0) == working).all()
    assert ((c.earnings_per_month > 0) == working).all()
    w = c[working]
    hourly = w.earnings_per_month / (w.work_hours_per_week * 4.33)
    assert hourly.min() >= 14.40 * 0.5 - 0.01  # youth minimum wage at 18
    assert hourly.max() <= 14.40 * 1.25 + 0.01
    age = (w.date - w.person_id.map(town.people.birth_date)).dt.days / 365.25
    assert (hourly[age >= 21.01] >= 14.40 - 0.01).all()
    assert (c.loc[c.benefit_independent, "earnings_per_month"] >= 1650).all()
    assert not (c.benefit_independent & ~working).any()


def test_mastery_negative_items_are_the_negatively_worded_ones(city: SyntheticMunicipality) -> None:
    c = city.checkins
    positive = [f"mastery_{i}" for i in range(1, 8) if i not in MASTERY_NEGATIVE_ITEMS]
    pos_sum = c[positive].sum(axis=1)
    for i in range(1, 8):
        r = np.corrcoef(c[f"mastery_{i}"], pos_sum)[0, 1]
        if i in MASTERY_NEGATIVE_ITEMS:
            assert r < -0.1, i
        elif len(positive) > 1:
            assert r > 0.1, i


# --- realism: marginals ------------------------------------------------------------------


def test_age_marginals(city: SyntheticMunicipality) -> None:
    age = _age(city.people)
    assert abs((age >= 45).mean() - 0.568) < 0.02  # CBS Q1 2024: 229k of 403k
    assert abs((age < 27).mean() - 0.097) < 0.015  # CBS Q1 2024: 39k of 403k


def test_benefit_duration_marginals(city: SyntheticMunicipality) -> None:
    dur = _duration(city.people)
    age = _age(city.people)
    assert 0.40 <= (dur >= 5).mean() <= 0.50  # CBS: 36% (2017) .. almost 50% (2022)
    assert 0.06 <= (dur >= 15).mean() <= 0.12  # CBS: one in ten longer than 15 years
    assert 0.55 <= (dur[age >= 55] >= 5).mean() <= 0.70  # CBS 2017: 60% of 55+
    assert (dur[age < 27] >= 5).mean() < 0.1


def test_household_education_language_marginals(city: SyntheticMunicipality) -> None:
    p = city.people
    hh = p.household.value_counts(normalize=True)
    assert abs(hh["single"] - 0.59) < 0.03
    assert abs(hh["single_parent"] - 0.19) < 0.03
    assert abs(hh["couple"] + hh["couple_with_children"] - 0.22) < 0.03
    assert abs((p.education == "low").mean() - 0.63) < 0.03  # CBS: about two thirds
    assert abs((p.education == "high").mean() - 0.09) < 0.02
    assert abs((p.dutch_language_level == "below_b1").mean() - 0.16) < 0.03


def test_sensitive_fact_marginals(city: SyntheticMunicipality) -> None:
    p = city.people[city.people.consent_sensitive]
    assert abs(city.people.consent_sensitive.mean() - 0.80) < 0.02
    health = p.health_limitation.value_counts(normalize=True)
    assert abs(health["severe"] - 0.20) < 0.02
    assert abs(health["some"] + health["severe"] - 0.55) < 0.03  # more than half
    assert abs(p.debts.astype(bool).mean() - 0.30) < 0.03
    assert abs(p.care_duties.astype(bool).mean() - 0.14) < 0.03


def test_outcome_levels_are_plausible(city: SyntheticMunicipality) -> None:
    c = city.checkins
    who5 = _who5(c)
    assert 50 <= who5.mean() <= 58
    assert 0.30 <= (who5 < 50).mean() <= 0.55  # many with poor well-being
    srh = c.self_rated_health.value_counts(normalize=True)
    assert 0.05 <= srh[1] <= 0.15 and srh[5] < 0.08
    assert 16 <= _mastery_score(c).mean() <= 20
    # Without a work goal, about 8% have some paid work in a month (Divosa).
    work_goal = city.goals.route.isin(["paid_work", "supported_work", "basisbaan"])
    no_work_goal = ~c.person_id.isin(city.goals.person_id[work_goal])
    working = (c.paid_work_supported | c.paid_work_unsupported)[no_work_goal]
    assert 0.05 <= working.mean() <= 0.11


# --- realism: correlation directions -----------------------------------------------------


def test_health_limitation_more_likely_with_age_and_long_duration(
    city: SyntheticMunicipality,
) -> None:
    p = city.people[city.people.consent_sensitive]
    limited = p.health_limitation != "none"
    age = _age(p)
    assert limited[age >= 55].mean() > limited[age < 35].mean() + 0.1
    long = _duration(p) >= 5
    assert limited[long].mean() > limited[~long].mean() + 0.05


def test_route_choice_follows_circumstances(city: SyntheticMunicipality) -> None:
    g = city.goals.merge(city.people, on="person_id")
    age = _age(g)

    def share(mask: pd.Series, routes: list[str]) -> float:
        return float(g.route[mask].isin(routes).mean())

    severe = g.health_limitation == "severe"
    no_limit = g.health_limitation == "none"
    rest_or_social = ["recognised_rest", "social_activation"]
    assert share(severe, rest_or_social) > share(no_limit, rest_or_social) + 0.1
    assert (
        share(age < 27, ["education", "leerwerkplek"])
        > share(age >= 27, ["education", "leerwerkplek"]) + 0.1
    )
    care = g.care_duties.fillna(False).astype(bool)
    assert share(care, ["mantelzorg"]) > share(~care & g.consent_sensitive, ["mantelzorg"]) + 0.1
    # Still, every route is chosen by people with a severe limitation and by the young.
    assert set(g.route[severe]) == ROUTE_CODES
    assert set(g.route[age < 27]) == ROUTE_CODES


def test_wellbeing_lower_with_severe_limitation(city: SyntheticMunicipality) -> None:
    c = city.checkins.merge(city.people[["person_id", "health_limitation"]], on="person_id")
    who5 = _who5(c)
    by = who5.groupby(c.health_limitation).mean()
    assert by["severe"] < by["some"] < by["none"]
    assert by["none"] - by["severe"] > 8
    srh = c.self_rated_health.groupby(c.health_limitation).mean()
    assert srh["severe"] < srh["none"] - 0.5


def test_outcomes_correlate_with_each_other(city: SyntheticMunicipality) -> None:
    c = city.checkins
    frame = pd.DataFrame(
        {"who5": _who5(c), "mastery": _mastery_score(c), "health": c.self_rated_health}
    )
    corr = frame.corr()
    assert corr.loc["who5", "mastery"] > 0.2
    assert corr.loc["who5", "health"] > 0.2
    assert corr.loc["mastery", "health"] > 0.1
    # Within a person, well-being drifts slowly: consecutive check-ins correlate strongly.
    who5 = _who5(c)
    prev = who5.groupby(c.person_id).shift()
    both = prev.notna()
    assert np.corrcoef(who5[both], prev[both])[0, 1] > 0.5


def test_participation_follows_goals(city: SyntheticMunicipality) -> None:
    c = city.checkins
    g = city.goals
    first = c.groupby("person_id").head(1).set_index("person_id")
    last = c.groupby("person_id").tail(1).set_index("person_id")
    long_enough = c.groupby("person_id").size() >= 6

    def with_goal(route: str) -> pd.Index:
        ids = pd.Index(g.person_id[g.route == route].unique())
        return ids[long_enough.reindex(ids).to_numpy()]

    vol = with_goal("volunteering")
    assert last.volunteering[vol].mean() > first.volunteering[vol].mean() + 0.15
    others = last.index.difference(pd.Index(g.person_id[g.route == "volunteering"]))
    assert last.volunteering[vol].mean() > last.volunteering[others].mean() + 0.2

    work = with_goal("paid_work")
    working_last = last.paid_work_supported | last.paid_work_unsupported
    working_first = first.paid_work_supported | first.paid_work_unsupported
    assert working_last[work].mean() > working_first[work].mean() + 0.1
    rest_only = g.groupby("person_id").route.agg(lambda r: set(r) == {"recognised_rest"})
    rest_ids = rest_only[rest_only].index
    assert working_last[work].mean() > working_last[rest_ids].mean() + 0.1
    assert last.benefit_independent[work].mean() > 0


# --- arguments, progress, speed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_people": 0}, "n_people"),
        ({"n_people": -5}, "n_people"),
        ({"years": 0}, "years"),
        ({"n_professionals": 0}, "n_professionals"),
        ({"seed": -1}, "seed"),
    ],
)
def test_invalid_arguments_raise_value_error(kwargs: dict[str, int], message: str) -> None:
    args = {"n_people": 10, "seed": 0, "end": END} | kwargs
    with pytest.raises(ValueError, match=message):
        generate_municipality(**args)


def test_wrong_types_raise_type_error() -> None:
    with pytest.raises(TypeError, match="end"):
        generate_municipality(n_people=10, seed=0, end="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="n_people"):
        generate_municipality(n_people=10.0, seed=0, end=END)  # type: ignore[arg-type]


def test_progress_is_reported_a_handful_of_times() -> None:
    calls: list[tuple[int, int]] = []
    generate_municipality(
        n_people=200, seed=3, end=END, progress=lambda done, total: calls.append((done, total))
    )
    assert 3 <= len(calls) <= 20
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert calls[-1][0] == calls[-1][1]
    assert len({t for _, t in calls}) == 1


def test_years_parameter_shortens_history() -> None:
    m = generate_municipality(n_people=300, seed=3, end=END, years=1)
    assert m.checkins.date.min() >= pd.Timestamp(END.replace(year=END.year - 1))
    assert m.checkins.groupby("person_id").size().max() <= 8
