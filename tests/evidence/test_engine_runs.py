import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from meedoen.evidence.episodes import OUTCOMES, build_episodes
from meedoen.evidence.models import EngineRun, OfferEstimate, PersonalEstimate
from meedoen.evidence.services import engine_run_execute, engine_run_request
from meedoen.people.services import objection_set
from meedoen.support.models import Enrolment
from tests.people.factories import ResidentFactory
from tests.plans.factories import make_checkin
from tests.support.factories import OfferFactory

pytestmark = pytest.mark.django_db
# Relative to today: personal estimates use residents' check-ins of the last year.
START = timezone.localdate() - datetime.timedelta(days=400)


def town_with_history(municipality, n_each: int = 40):
    """Residents who joined three months before a decision, with a check-in just before it
    and one about six months after it (people who chose nothing decide at their second
    check-in)."""
    offer = OfferFactory(provider__municipality=municipality, instrument="coaching",
                         capacity=10_000)
    people = []
    for n in range(2 * n_each):
        resident = ResidentFactory(municipality=municipality,
                                   birth_date=datetime.date(1970 + n % 30, 1, 1))
        chose = n % 2 == 0
        start = START + datetime.timedelta(days=n)
        make_checkin(resident, date=start - datetime.timedelta(days=90), who5=(n % 4,) * 5)
        make_checkin(resident, date=start, who5=(n % 5,) * 5)
        if chose:
            Enrolment.objects.create(
                municipality=municipality, resident=resident, offer=offer, status="active",
                started_at=timezone.make_aware(datetime.datetime.combine(
                    start + datetime.timedelta(days=1), datetime.time(9))))
        later = start + datetime.timedelta(days=183)
        works = n % 3 == 0
        make_checkin(resident, date=later, who5=((n % 5 + (1 if chose else 0)) % 6,) * 5,
                     participation={"volunteering": chose, "social_contact": True,
                                    "paid_work_unsupported": works},
                     work_hours_per_week=12.0 if works else 0.0, self_rated_health=1 + n % 5,
                     mastery=tuple(1 + (n + i) % 4 for i in range(7)))
        people.append(resident)
    return people


def test_episodes_have_features_before_and_outcomes_after_each_decision(municipality):
    town_with_history(municipality, n_each=5)
    episodes = build_episodes(municipality)
    frame = episodes.frame
    assert len(frame) == 10
    assert set(frame["support"]) == {"coaching", "none"}
    assert "language_level" not in frame.columns and "family_name" not in frame.columns
    assert frame["participation_6m"][frame["support"] == "coaching"].eq(1).all()
    assert len(episodes.data_hash) == 64


def test_people_who_object_are_left_out_of_learning(municipality):
    people = town_with_history(municipality, n_each=5)
    objection_set(resident=people[0], actor=people[0].user, use="learning", objects=True)
    episodes = build_episodes(municipality)
    assert people[0].pk not in set(episodes.frame["person_id"])
    assert episodes.report["objecting_left_out"] == 1


def test_a_run_stores_effects_with_what_they_were_fitted_on(municipality):
    town_with_history(municipality, n_each=40)
    run = EngineRun.objects.create(municipality=municipality)
    run = engine_run_execute(run_id=run.pk)
    assert run.status == EngineRun.Status.READY, run.refusal
    assert {row["outcome"] for row in run.estimates} >= {"paid_work_6m", "wellbeing_6m"}
    assert all(row["support"] == "coaching" for row in run.estimates)
    assert {row["estimand"] for row in run.estimates} == {"ate", "atet", "log_rr"}
    assert run.episodes["by_support"] == {"coaching": 40, "none": 40}
    assert run.data_hash and run.engine_version and run.diagnostics["overlap"]
    assert set(run.diagnostics["policy"]) == {"paid_work_6m", "participation_6m",
                                              "wellbeing_6m", "health_6m"}
    # The margins are also checked where the truth is known, per audited outcome and group.
    checked = {(row["outcome"], row["group"]) for row in run.diagnostics["interval_coverage"]}
    assert checked == {(o, g) for o in ("paid_work_6m", "wellbeing_6m")
                       for g in ("everyone", "age_band", "education")}


def test_a_run_stores_each_offers_added_value_and_each_residents_estimates(municipality):
    people = town_with_history(municipality, n_each=40)
    run = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    offer_rows = OfferEstimate.objects.filter(run=run)
    assert {row.outcome for row in offer_rows} == set(OUTCOMES)
    assert all(row.participants == 40 for row in offer_rows)
    assert all(row.withheld or row.ci_low <= row.estimate <= row.ci_high for row in offer_rows)
    personal = PersonalEstimate.objects.filter(run=run)
    # Everyone has a check-in in the last year: one row per resident, kind and advice outcome.
    assert personal.count() == len(people) * 1 * 4
    row = personal.filter(resident=people[0], outcome="wellbeing_6m").get()
    # 40 participants count as fewer than 50 comparable people: the engine abstains.
    assert row.support == "coaching" and row.withheld == "weak_overlap" and not row.basis
    assert row.estimate is None
    # The tree's rule for this resident, in words, naming the one kind of support.
    assert row.rule_in_words.support in ("coaching", "none")


def test_too_little_data_gives_a_refusal_in_words_not_a_number(municipality):
    town_with_history(municipality, n_each=5)
    run = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    assert run.status == EngineRun.Status.REFUSED
    assert run.refusal and not run.estimates


@pytest.mark.django_db(transaction=True)
def test_a_requested_run_is_fitted_by_the_task_worker(municipality):
    town_with_history(municipality, n_each=5)
    run = engine_run_request(municipality=municipality, actor=None)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    # Ten people are too few to fit on: the worker finishes the run with the refusal.
    assert run.status == EngineRun.Status.REFUSED and run.refusal_code
    assert run.finished_at is not None


def test_analysts_see_the_refusal_in_words_on_the_page(client, municipality):
    from meedoen.accounts.roles import Role
    from tests.accounts.factories import UserFactory

    town_with_history(municipality, n_each=5)
    engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eigen-data").content.decode()
    run = EngineRun.objects.get()
    assert run.refusal_code and run.refusal_text in html
    assert run.refusal in html  # the engine's own words stay available


def test_a_town_without_any_enrolment_gets_a_refusal_not_a_crash(municipality):
    for _ in range(5):
        make_checkin(ResidentFactory(municipality=municipality))
    run = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    assert run.status == EngineRun.Status.REFUSED and run.refusal_code


def test_an_unexpected_error_marks_the_run_failed_not_running(municipality, monkeypatch):
    import meedoen.evidence.services as services

    def broken(_municipality):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "build_episodes", broken)
    run = EngineRun.objects.create(municipality=municipality)
    with pytest.raises(RuntimeError):
        engine_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == EngineRun.Status.FAILED and run.finished_at is not None


def test_analysts_read_a_ready_run_in_words(client, municipality):
    from meedoen.accounts.roles import Role
    from tests.accounts.factories import UserFactory
    from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory

    run = EngineRunFactory(municipality=municipality, estimates=[
        {"outcome": "paid_work_6m", "support": "coaching", "reference": "none",
         "estimand": "ate", "estimate": 0.08, "se": 0.02, "ci_low": 0.04, "ci_high": 0.12,
         "n_support": 120},
        {"outcome": "paid_work_6m", "support": "coaching", "reference": "none",
         "estimand": "log_rr", "estimate": 0.3, "se": 0.1, "ci_low": 0.1, "ci_high": 0.5,
         "n_support": 120}],
        diagnostics={"left_out": {"basisbaan": 12}, "category_levels": {},
                     "policy": {"paid_work_6m": {"rules": ["work_goal:gt:0.5=>coaching"],
                                                 "gain": 0.02, "gain_low": 0.0,
                                                 "gain_high": 0.04}}})
    OfferEstimateFactory(run=run, offer__title="Werkcoach", estimate=-0.031, ci_low=-0.09,
                         ci_high=0.028)
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eigen-data").content.decode()
    assert "Coaching en hulp bij het vinden van werk" in html
    assert "<strong>+8,0</strong>" in html and "+4,0 tot +12,0" in html
    assert "+30,0" not in html  # the log risk ratio is for combining, not for this table
    assert "Werkcoach" in html and "-3,1" in html
    assert "Basisbaan" in html and "(12)" in html
    assert "Regel voor mensen met: een doel op weg naar betaald werk: ja" in html
