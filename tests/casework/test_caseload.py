import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.casework.selectors import CaseloadFilter, caseload
from tests.accounts.factories import ProfessionalFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory, make_checkin

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def names(people) -> set[str]:
    return {person.given_name for person in people}


@pytest.fixture
def people(municipality, professional):
    """Four people of this professional, one of a colleague, one in another municipality."""
    def person(name, route=None, checkin_days=None, **kwargs):
        resident = ResidentFactory(municipality=kwargs.get("municipality", municipality),
                                   professional=kwargs.get("professional", professional),
                                   given_name=name)
        plan = PlanFactory(resident=resident)
        if route:
            GoalFactory(plan=plan, route=route)
        if checkin_days is not None:
            make_checkin(resident, date=ago(checkin_days))
        return resident

    colleague = ProfessionalFactory(municipality=municipality)
    elsewhere = ProfessionalFactory()
    return {
        "anna": person("Anna", "volunteering", 10),
        "bram": person("Bram", "paid_work", 120),
        "cem": person("Cem", "volunteering", 400),
        "dewi": person("Dewi", "mantelzorg"),
        "eva": person("Eva", "volunteering", 5, professional=colleague),
        "fenna": person("Fenna", "volunteering", 5, professional=elsewhere,
                        municipality=elsewhere.municipality),
    }


def test_caseload_holds_only_the_professionals_own_people(professional, people):
    assert names(caseload(professional, CaseloadFilter())) == {"Anna", "Bram", "Cem", "Dewi"}


def test_caseload_filters_by_route(professional, people):
    found = caseload(professional, CaseloadFilter(route="volunteering"))
    assert names(found) == {"Anna", "Cem"}


@pytest.mark.parametrize(
    ("since", "expected"),
    [("under_3m", {"Anna"}), ("3_6m", {"Bram"}), ("over_6m", {"Cem"}), ("never", {"Dewi"})],
)
def test_caseload_filters_by_time_since_last_checkin(professional, people, since, expected):
    assert names(caseload(professional, CaseloadFilter(since=since))) == expected


def test_caseload_search_matches_given_or_family_name(professional, people):
    people["bram"].family_name = "de Vries"
    people["bram"].save()
    assert names(caseload(professional, CaseloadFilter(query="vries"))) == {"Bram"}


def test_caseload_page_shows_no_score_or_ranking(client, professional, people):
    client.force_login(professional)
    html = client.get(reverse("casework:caseload")).content.decode().lower()
    for word in ("risk", "risico", "score", "kans op"):
        assert word not in html


def _caseload_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("casework:caseload"), {"route": "volunteering"})
        assert response.status_code == 200
    return len(queries)


def test_caseload_query_count_is_constant_in_the_number_of_people(client, professional, people):
    client.force_login(professional)
    baseline = _caseload_queries(client)
    for n in range(30):
        resident = ResidentFactory(municipality=professional.municipality,
                                   professional=professional)
        plan = PlanFactory(resident=resident)
        GoalFactory(plan=plan, route="volunteering")
        GoalFactory(plan=plan, route="education")
        make_checkin(resident, date=ago(n))
    assert _caseload_queries(client) == baseline


def test_person_page_of_someone_elses_resident_is_not_found(client, professional, people):
    client.force_login(professional)
    for key in ("eva", "fenna"):
        url = reverse("casework:person", args=[people[key].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("casework:person", args=[people["anna"].pk])).status_code == 200


def test_person_page_query_count_is_constant_in_the_number_of_checkins(client, professional,
                                                                        people):
    client.force_login(professional)
    url = reverse("casework:person", args=[people["anna"].pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(20):
        make_checkin(people["anna"], date=ago(20 + n))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_caseload_marks_people_resting_until_their_review_date(client, professional, people):
    plan = people["dewi"].plan
    plan.review_date = timezone.localdate() + datetime.timedelta(days=30)
    plan.save()
    GoalFactory(plan=plan, route="recognised_rest")
    client.force_login(professional)
    html = client.get(reverse("casework:caseload")).content.decode()
    assert html.count("rust tot") == 1
