"""The analyst's fairness report: advice and calibration per group, small groups left out."""

import datetime

import pytest
from django.utils.translation import gettext, override

from meedoen.accounts.roles import Role
from meedoen.evidence.fairness import fairness_report
from tests.accounts.factories import UserFactory
from tests.evidence.factories import EngineRunFactory, PersonalEstimateFactory
from tests.people.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _calibration(level, predicted, low, high):
    return {"support": "coaching", "outcome": "paid_work_6m", "group": "household",
            "level": level, "n": 40, "predicted": predicted, "observed": (low + high) / 2,
            "observed_low": low, "observed_high": high, "covered": low <= predicted <= high}


def _coverage(group, level, covered):
    return {"outcome": "paid_work_6m", "group": group, "level": level, "people": 700,
            "margins": 4900, "covered": covered, "personal": 0.0}


@pytest.fixture
def report_run(municipality):
    run = EngineRunFactory(municipality=municipality, diagnostics={
        "fairness": [_calibration("single", 0.05, 0.01, 0.09),
                     _calibration("couple", 0.20, 0.01, 0.09)],
        "interval_coverage": [_coverage("everyone", "everyone", 0.82),
                              _coverage("education", "low", 0.80),
                              _coverage("education", "high", 0.70)]})
    young = datetime.date(2004, 1, 1)
    for n in range(12):  # twelve singles: eight with a clear recommendation
        resident = ResidentFactory(municipality=municipality, household="single",
                                   birth_date=young, language_level="b1")
        low = 0.01 if n < 8 else -0.02
        PersonalEstimateFactory(run=run, resident=resident, estimate=0.05, ci_low=low)
    for _ in range(3):  # a group of three is too small to show
        resident = ResidentFactory(municipality=municipality, household="couple",
                                   birth_date=young, language_level="b1")
        PersonalEstimateFactory(run=run, resident=resident, withheld="weak_overlap",
                                estimate=None, ci_low=None, ci_high=None, basis="")
    return run


def test_advice_rates_per_group_leave_small_groups_out(report_run, municipality, english):
    report = fairness_report(municipality)
    rows = {(r.group, r.level): r for r in report.advice["Paid work after six months"]}
    single = rows[("Household", "single")]
    assert single.residents == 12 and single.recommended == "67%"
    assert single.abstained == "0%"
    assert single.most_recommended == "Coaching and help with finding work"
    assert ("Household", "couple without children") not in rows  # 3 people
    assert rows[("Age", "under 27")].residents == 15


def test_estimates_outside_the_groups_margin_are_counted_and_flagged(report_run,
                                                                      municipality, client):
    assert fairness_report(municipality).off == 1
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eerlijkheid").content.decode()
    assert "In 1 geval kloppen de schattingen niet voor een groep" in html
    assert "<strong>nee</strong>" in html


def test_without_a_run_the_report_says_there_is_nothing_to_check(municipality, client):
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eerlijkheid").content.decode()
    assert "nog geen afgeronde berekening" in html


def test_groups_whose_margins_miss_the_truth_clearly_more_often_are_flagged(report_run,
                                                                         municipality,
                                                                         english):
    report = fairness_report(municipality)
    rows = {(r.group, r.level): r for r in report.coverage["Paid work after six months"]}
    assert rows[("Everyone", "")].covered == "82%"
    assert not rows[("Education", "primary, vmbo or mbo 1")].behind  # 2 points below
    assert rows[("Education", "hbo or university")].behind  # 12 points below
    assert report.behind == 1


def test_the_page_shows_the_known_truth_check_and_its_warning(report_run, municipality,
                                                              client):
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eerlijkheid").content.decode()
    with override("nl"):
        assert gettext("Do the margins hold for every group?") in html
        assert gettext("no, clearly less often") in html


def test_runs_from_before_the_check_say_how_to_get_it(municipality, client):
    EngineRunFactory(municipality=municipality, diagnostics={"fairness": []})
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get("/inzichten/eerlijkheid").content.decode()
    with override("nl"):
        assert gettext("This calculation was made before this check existed. Start a new "
                       "calculation to see it.").replace("'", "&#x27;") in html
