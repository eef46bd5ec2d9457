import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from meedoen.accounts.roles import Role
from meedoen.insights import services
from meedoen.insights.models import PolicyComparison
from tests.accounts.factories import UserFactory

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


@pytest.mark.django_db(transaction=True)
def test_the_worker_simulates_and_sanctions_raise_work_but_lower_wellbeing(analyst):
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
