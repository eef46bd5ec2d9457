import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.plans import services
from meedoen.plans.models import CheckIn
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory, StepFactory, make_checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client
    return login


def test_my_plan_shows_every_route_with_its_plain_description(client_as, resident):
    response = client_as(resident.user).get(reverse("plans:my_plan"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("paid_work", "basisbaan", "mantelzorg", "recognised_rest", "volunteering"):
        assert f'value="{code}"' in html
    assert "Vrijwilligerswerk" in html  # Dutch by default


def test_my_plan_is_not_there_for_a_professional(client_as, professional):
    assert client_as(professional).get(reverse("plans:my_plan")).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("plans:my_plan"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_goal_without_words_shows_a_dutch_message_next_to_the_field(client_as, resident):
    response = client_as(resident.user).post(
        reverse("plans:goal_add"), {"version": 0, "route": "volunteering", "own_words": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf in een paar woorden wat u wilt bereiken." in html
    assert 'aria-invalid="true"' in html


def test_a_stale_edit_is_refused_with_an_explanation_and_keeps_the_input(client_as, resident):
    plan = services.plan_get_or_create(resident=resident)
    services.goal_add(plan=plan, actor=resident.user, expected_version=0,
                      route="education", own_words="Taalcursus volgen")
    response = client_as(resident.user).post(
        reverse("plans:goal_add"),
        {"version": 0, "route": "volunteering", "own_words": "Mijn eigen woorden"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "door iemand anders gewijzigd" in html
    assert "Mijn eigen woorden" in html  # nothing typed is lost
    plan.refresh_from_db()
    assert plan.version == 1 and plan.goals.count() == 1


def test_resident_cannot_touch_another_residents_goal(client_as, resident):
    other_goal = GoalFactory()
    response = client_as(resident.user).post(
        reverse("plans:goal_remove", args=[other_goal.pk]), {"version": 0}
    )
    assert response.status_code == 404
    other_goal.refresh_from_db()


def test_checkin_form_refuses_hours_without_paid_work(client_as, resident):
    data = {"date": timezone.localdate().isoformat(), "participation": ["volunteering"],
            "work_hours_per_week": "12", "self_rated_health": 3,
            **{f"who5_{n}": 3 for n in range(1, 6)},
            **{f"mastery_{n}": 2 for n in range(1, 8)}}
    response = client_as(resident.user).post(reverse("plans:checkin_new"), data)
    assert response.status_code == 400
    assert "Vink ook betaald werk aan" in response.content.decode()
    assert not CheckIn.objects.exists()
    data["work_hours_per_week"] = "0"
    data["consent"] = "on"
    response = client_as(resident.user).post(reverse("plans:checkin_new"), data)
    assert response.status_code == 302
    assert CheckIn.objects.get().ladder_rung == 4


def test_checkin_history_shows_a_chart_with_a_table_of_the_same_values(client_as, resident):
    make_checkin(resident, date=datetime.date(2026, 1, 5), who5=(2, 2, 2, 2, 2))
    make_checkin(resident, date=datetime.date(2026, 4, 5), who5=(4, 4, 4, 4, 4))
    html = client_as(resident.user).get(reverse("plans:checkins")).content.decode()
    assert "<svg" in html and "<table" in html
    assert ">40<" in html and ">80<" in html


def _plan_page_queries(client, resident) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plans:my_plan")).status_code == 200
    return len(queries)


def test_plan_page_query_count_does_not_grow_with_goals_steps_or_people(client_as, resident):
    client = client_as(resident.user)
    plan = PlanFactory(resident=resident)
    GoalFactory(plan=plan)
    baseline = _plan_page_queries(client, resident)
    for _ in range(5):
        goal = GoalFactory(plan=plan)
        StepFactory.create_batch(3, goal=goal)
    for _ in range(20):
        other = ResidentFactory(municipality=resident.municipality)
        GoalFactory(plan=PlanFactory(resident=other))
    assert _plan_page_queries(client, resident) == baseline


def test_an_empty_checkin_shows_what_is_missing_next_to_each_question(client_as, resident):
    response = client_as(resident.user).post(reverse("plans:checkin_new"), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er ontbreken antwoorden" in html or "ontbreken" in html
    # One message per unanswered question: 5 WHO-5, 7 mastery, health, and consent.
    assert html.count('aria-invalid="true"') >= 13
    assert not CheckIn.objects.exists()
