import csv
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from meedoen.accounts.roles import Role
from meedoen.insights import lab_report, services
from meedoen.insights.models import PolicyComparison
from tests.accounts.factories import UserFactory
from tests.core.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(municipality):
    return UserFactory(role=Role.ANALYST, municipality=municipality)


def test_an_impossible_lever_is_refused_naming_the_scenario_and_field(analyst):
    with pytest.raises(services.ScenarioRefused) as refused:
        services.comparison_create(actor=analyst, title="x", scenarios=[
            ("status quo", {}), ("te veel", {"sanction_coverage": 1.5})])
    assert (refused.value.index, refused.value.field) == (1, "sanction_coverage")
    assert not PolicyComparison.objects.exists()


def test_more_than_three_scenarios_are_refused(analyst):
    with pytest.raises(services.DomainError):
        services.comparison_create(actor=analyst, title="x", scenarios=[("a", {})] * 4)


@pytest.fixture
def large_town(monkeypatch):
    """Simulate 5,000 people: with the minimum of 100, chance flips the direction 1 in 5 runs."""
    monkeypatch.setattr(services, "MIN_PEOPLE", 5_000)


@pytest.mark.django_db(transaction=True)
def test_the_worker_simulates_and_sanctions_raise_work_but_lower_wellbeing(analyst, large_town):
    comparison = services.comparison_create(
        actor=analyst, title="Sancties of regie", months=24, draws=30,
        scenarios=[("status quo", {}), ("sancties", {"sanction_coverage": 0.8})])
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    comparison.refresh_from_db()
    assert comparison.status == PolicyComparison.Status.READY
    base, sanctions = comparison.result["scenarios"]
    month, middle = 24, 1
    work, wellbeing = "paid_work_share", "wellbeing"
    assert sanctions["bands"][work][middle][month] > base["bands"][work][middle][month]
    assert sanctions["bands"][wellbeing][middle][month] < base["bands"][wellbeing][middle][month]
    low, mid, high = (band[month] for band in base["bands"][work])
    assert low <= mid <= high


@pytest.mark.django_db(transaction=True)
def test_the_report_page_and_csv_show_the_simulated_figures(client, analyst):
    comparison = services.comparison_create(actor=analyst, title="Basisbanen", months=12,
                                            draws=20, scenarios=[("=SUM(A1)", {"basisbanen": 10})])
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    client.force_login(analyst)
    html = client.get(reverse("insights:comparison", args=[comparison.pk])).content.decode()
    assert "<svg" in html and "<table" in html
    rows = list(csv.DictReader(io.StringIO(client.get(
        reverse("insights:comparison_csv", args=[comparison.pk])).content.decode())))
    assert rows[0]["scenario"] == "'=SUM(A1)"  # no formula reaches a spreadsheet
    assert {row["outcome"] for row in rows} >= {"paid_work_share", "wellbeing", "cost_total"}


def test_a_comparison_of_another_municipality_is_not_found(client, analyst):
    other = UserFactory(role=Role.ANALYST)
    comparison = PolicyComparison.objects.create(
        municipality=other.municipality, title="x", scenarios=[], people=100, months=12,
        draws=10, seed=1)
    client.force_login(analyst)
    assert client.get(reverse("insights:comparison", args=[comparison.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_pdf_report_is_a_tagged_pdf_with_the_summary_charts_and_sources(client, analyst):
    comparison = services.comparison_create(
        actor=analyst, title="Sancties of regie", months=24, draws=20,
        scenarios=[("Status quo", {}), ("Sancties", {"sanction_coverage": 0.8})])
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    client.force_login(analyst)
    page = client.get(reverse("insights:comparison", args=[comparison.pk])).content.decode()
    pdf_url = reverse("insights:comparison_pdf", args=[comparison.pk])
    assert f'href="{pdf_url}"' in page  # the button on the comparison page
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = f'attachment; filename="beleidslab-{comparison.pk}.pdf"'
    assert response["Content-Disposition"] == disposition
    text = pdf_text(response.content)
    assert b"/StructTreeRoot" in text
    assert b"/Lang (nl)" in text
    if out := os.environ.get("MEEDOEN_REPORT_PDF"):
        Path(out).write_bytes(response.content)


@pytest.mark.django_db(transaction=True)
def test_summary_says_in_words_what_sanctions_change_and_how_certain_it_is(
    client, analyst, large_town
):
    comparison = services.comparison_create(
        actor=analyst, title="x", months=24, draws=30,
        scenarios=[("Status quo", {}), ("Sancties", {"sanction_coverage": 0.8})])
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    comparison.refresh_from_db()
    result = comparison.result
    # The paired difference is kept, and it agrees with the two scenarios' own middle values.
    base, sanctions = result["scenarios"]
    work = sanctions["difference"]["paid_work_share"]
    assert work[0][24] <= work[1][24] <= work[2][24]
    middles = [s["bands"]["paid_work_share"][1][24] for s in (sanctions, base)]
    separate = middles[0] - middles[1]
    assert work[1][24] == pytest.approx(separate, abs=1.0)
    with translation.override("en"):
        parts = lab_report.summary(result)
    assert len(parts) == 1
    assert parts[0].heading == "After 2 years, “Sancties” compared with “Status quo”:"
    lines = {line.text.split(":")[0]: line for line in parts[0].lines}
    assert "higher" in lines["Paid work"].text  # S1/S2: faster exit to work
    assert "lower" in lines["Well-being (WHO-5)"].text  # S7/S8
    wellbeing = sanctions["difference"]["wellbeing"]
    assert lines["Well-being (WHO-5)"].uncertain == (wellbeing[0][24] < 0 < wellbeing[2][24])


@pytest.mark.django_db(transaction=True)
def test_a_status_quo_run_shows_the_cbs_calibration_it_reproduces(client, analyst):
    comparison = services.comparison_create(actor=analyst, title="x", months=24, draws=10,
                                            scenarios=[("Status quo", {})])
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    comparison.refresh_from_db()
    rows = {row["target"]: row for row in comparison.result["calibration"]}
    for rate in ("inflow_rate", "outflow_rate"):
        # A small town has few moves: allow four Poisson standard errors of the count.
        expected_moves = rows[rate]["value"] * comparison.people * comparison.months
        tolerance = 4 / expected_moves**0.5
        assert rows[rate]["simulated"] == pytest.approx(rows[rate]["value"], rel=tolerance)
    client.force_login(analyst)
    html = client.get(reverse("insights:comparison", args=[comparison.pk])).content.decode()
    assert "82662NED" in html and "85617NED" in html  # sources named on the page
    shown = lab_report.calibration_rows(comparison.result)
    assert sum(row["simulated"] is not None for row in shown) == len(rows)


def test_saved_comparison_tells_who_may_see_it(client, analyst):
    comparison = PolicyComparison.objects.create(
        municipality=analyst.municipality, title="x", scenarios=[], people=100, months=12,
        draws=10, seed=1, status="ready", created_by=analyst,
        result={"months": 12, "scenarios": []})
    colleague = UserFactory(role=Role.ANALYST, municipality=analyst.municipality)
    client.force_login(colleague)
    html = client.get(reverse("insights:comparison", args=[comparison.pk])).content.decode()
    assert analyst.display_name in html
    assert analyst.municipality.name in html
    lab = client.get(reverse("insights:lab")).content.decode()
    assert reverse("insights:comparison", args=[comparison.pk]) in lab


def test_the_pdf_of_another_municipality_or_an_unfinished_run_is_not_found(client, analyst):
    other = UserFactory(role=Role.ANALYST)
    foreign = PolicyComparison.objects.create(
        municipality=other.municipality, title="x", scenarios=[], people=100, months=12,
        draws=10, seed=1, status="ready", result={"months": 12, "scenarios": []})
    running = PolicyComparison.objects.create(
        municipality=analyst.municipality, title="x", scenarios=[], people=100, months=12,
        draws=10, seed=1, status="running")
    client.force_login(analyst)
    for item in (foreign, running):
        assert client.get(reverse("insights:comparison_pdf", args=[item.pk])).status_code == 404
