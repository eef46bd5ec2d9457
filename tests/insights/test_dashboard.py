import csv
import datetime
import io

import pytest
from django.urls import reverse

from meedoen.accounts.roles import Role
from meedoen.insights.outcomes import MIN_CELL
from meedoen.insights.selectors import outcome_table
from tests.accounts.factories import UserFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory, make_checkin

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 10)
QUARTER = datetime.date(2026, 4, 1)


def people(municipality, n, route, who5, **checkin):
    for _ in range(n):
        resident = ResidentFactory(municipality=municipality)
        GoalFactory(plan=PlanFactory(resident=resident), route=route)
        make_checkin(resident, date=DAY, who5=(who5,) * 5, **checkin)


def test_averages_per_group_and_quarter_are_computed_in_the_database(municipality):
    people(municipality, 12, "volunteering", 4, participation={"volunteering": True})
    people(municipality, 10, "paid_work", 2, participation={"paid_work_unsupported": True},
           work_hours_per_week=20)
    table = outcome_table(municipality, "route")
    assert table.quarters == [QUARTER]
    assert table.value(QUARTER, "volunteering", "wellbeing") == 80
    assert table.value(QUARTER, "paid_work", "wellbeing") == 40
    assert table.value(QUARTER, "paid_work", "paid_work") == 100
    assert table.value(QUARTER, "volunteering", "paid_work") == 0
    assert table.value(QUARTER, "volunteering", "taking_part") == 100


def test_groups_smaller_than_the_minimum_are_suppressed(municipality):
    people(municipality, MIN_CELL, "volunteering", 4)
    people(municipality, MIN_CELL - 1, "mantelzorg", 3)
    table = outcome_table(municipality, "route")
    assert table.value(QUARTER, "volunteering", "wellbeing") == 80
    assert table.value(QUARTER, "mantelzorg", "wellbeing") is None


def test_another_municipality_never_counts(municipality):
    people(municipality, 10, "volunteering", 4)
    elsewhere = ResidentFactory()
    people(elsewhere.municipality, 10, "volunteering", 1)
    assert outcome_table(municipality, "all").value(QUARTER, "all", "wellbeing") == 80


def test_export_withholds_suppressed_figures_and_small_counts(client, municipality):
    people(municipality, 10, "volunteering", 4)
    people(municipality, 3, "education", 2)
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    response = client.get(reverse("insights:export"), {"dimension": "route"})
    rows = {row["group"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["volunteering"]["wellbeing"] == "80.00" and rows["volunteering"]["people"] == "10"
    assert rows["education"]["wellbeing"] == "" and rows["education"]["people"] == f"<{MIN_CELL}"


def test_dashboard_shows_a_chart_with_its_table_for_analysts_only(client, municipality,
                                                                  professional):
    people(municipality, 10, "volunteering", 4)
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    html = client.get(reverse("insights:dashboard"), {"dimension": "route"}).content.decode()
    assert "<svg" in html and "<table" in html and ">80<" in html
    client.force_login(professional)
    assert client.get(reverse("insights:dashboard")).status_code == 404


@pytest.mark.parametrize("dimension", ["all", "age", "household", "education", "route"])
def test_every_dimension_groups_the_same_people(municipality, dimension):
    people(municipality, 10, "volunteering", 4)  # born 1980: 46 at the check-in
    table = outcome_table(municipality, dimension)
    expected = {"all": "all", "age": "45-54", "household": "single", "education": "middle",
                "route": "volunteering"}[dimension]
    assert table.value(QUARTER, expected, "wellbeing") == 80
