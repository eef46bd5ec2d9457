import pytest

from meedoen.evidence_base import default_evidence_base
from tests.support.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served_openly_with_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/instrumenten", "/api/v1/schattingen", "/api/v1/aanbod"} <= set(
        schema["paths"])
    assert response["Access-Control-Allow-Origin"] == "*"


def test_every_api_response_carries_its_version(client):
    for path in ("/api/v1/instrumenten", "/api/v1/bestaat-niet"):
        assert client.get(path)["API-Version"] == "1.0.0"


def test_instruments_list_the_evidence_base(client):
    rows = client.get("/api/v1/instrumenten").json()
    base = default_evidence_base()
    assert {row["code"] for row in rows} == {str(code) for code in base.instruments}
    ips = next(row for row in rows if row["code"] == "supported_employment")
    assert ips["estimateCount"] == len(base.for_instrument("supported_employment"))


def test_estimates_filter_by_instrument_with_their_source(client):
    body = client.get("/api/v1/schattingen", {"instrument": "supported_employment"}).json()
    assert body["count"] == len([e for e in default_evidence_base().for_instrument(
        "supported_employment") if e.display])
    assert all(row["instrument"] == "supported_employment" for row in body["results"])
    assert all(row["source"]["url"].startswith("http") for row in body["results"])


def test_an_unknown_resource_is_a_problem_json_404(client):
    for path in ("/api/v1/instrumenten/bestaat-niet", "/api/v1/schattingen/x",
                 "/api/v1/nergens"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_a_trailing_slash_is_not_found_rather_than_redirected(client):
    assert client.get("/api/v1/instrumenten/").status_code == 404


def test_invalid_parameters_are_all_named_in_the_problem(client):
    response = client.get("/api/v1/aanbod", {"gemeente": "Amsterdam"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == ["gemeente"]
    response = client.get("/api/v1/aanbod")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["gemeente"]


def test_the_catalogue_is_open_data_per_municipality_without_people(client):
    mine = OfferFactory(title="Tuinploeg")
    OfferFactory(title="Elders")
    body = client.get("/api/v1/aanbod", {"gemeente": mine.municipality.code}).json()
    assert [row["title"] for row in body["results"]] == ["Tuinploeg"]
    assert body["results"][0]["placesTaken"] == 0
    assert "resident" not in str(body).lower()
