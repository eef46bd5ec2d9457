import pytest

from meedoen.employers.models import Interest
from tests.employers.factories import CandidateProfileFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def test_opportunities_are_open_data_per_municipality(client):
    opportunity = OpportunityFactory(kind="basisbaan")
    OpportunityFactory(employer=opportunity.employer, status="draft")
    OpportunityFactory()  # another municipality
    body = client.get("/api/v1/kansen", {"gemeente": opportunity.municipality.code}).json()
    assert [row["id"] for row in body["results"]] == [opportunity.pk]
    row = body["results"][0]
    assert row["route"] == "basisbaan" and row["hoursMax"] == opportunity.hours_max
    assert client.get(f"/api/v1/kansen/{opportunity.pk}").json()["title"] == opportunity.title


def test_an_invalid_municipality_code_is_a_problem_listing_the_parameter(client):
    response = client.get("/api/v1/kansen", {"gemeente": "Utrecht"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "gemeente"


def test_a_resident_shows_and_withdraws_interest_through_the_api(client):
    opportunity = OpportunityFactory()
    profile = CandidateProfileFactory(resident__municipality=opportunity.municipality)
    client.force_login(profile.resident.user)
    response = client.post("/api/v1/interesses", {"kans": opportunity.pk},
                           content_type="application/json")
    assert response.status_code == 201
    interest_id = response.json()["id"]
    assert [r["id"] for r in client.get("/api/v1/interesses").json()["results"]] == [
        interest_id]

    again = client.post("/api/v1/interesses", {"kans": opportunity.pk},
                        content_type="application/json")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"

    assert client.delete(f"/api/v1/interesses/{interest_id}").status_code == 204
    assert Interest.objects.get().status == "withdrawn"
    assert client.get("/api/v1/interesses").json()["results"] == []


def test_interest_needs_a_resident_and_an_opportunity_of_their_town(client):
    assert client.get("/api/v1/interesses").status_code == 403
    elsewhere = OpportunityFactory()
    profile = CandidateProfileFactory()
    client.force_login(profile.resident.user)
    response = client.post("/api/v1/interesses", {"kans": elsewhere.pk},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "kans"
    client.force_login(elsewhere.employer.members.get())
    assert client.get("/api/v1/interesses").status_code == 403
