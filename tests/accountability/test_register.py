"""The Algoritmeregister entry and the model card are generated from the live configuration:
change the engine's features, its deny-list or its latest run, and the published entry
changes with it. Nothing is claimed that was not done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.accountability.models import Accountability
from meedoen.accounts.roles import Role
from meedoen.engine import data as engine_data
from meedoen.evidence import episodes
from meedoen.evidence.models import EngineRun
from tests.accounts.factories import UserFactory
from tests.evidence.factories import EngineRunFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Field names of the Algoritmeregister publication standard (v1.0) export.
STANDARD_FIELDS = {
    "name", "organization", "description_short", "category", "status", "begin_date", "goal",
    "impact", "proportionality", "decision_making_process", "human_intervention",
    "lawful_basis", "risk_management", "dpia", "iama", "source_data", "methods_and_models",
    "monitoring", "contact_email", "public_page", "publication_category",
}


def page(client, municipality) -> str:
    # In English, the message ids, so the test reads the same before and after translation.
    return client.get(reverse("accountability:register", args=[municipality.code]),
                      headers={"accept-language": "en"}).content.decode()


def test_the_public_page_needs_no_login_and_names_the_municipality(client, municipality):
    response = client.get(reverse("accountability:register", args=[municipality.code]))
    assert response.status_code == 200
    assert municipality.name in response.content.decode()
    assert client.get(reverse("accountability:register", args=["XX0000"])).status_code == 404
    assert municipality.name in client.get(reverse("accountability:register_index")
                                           ).content.decode()


def test_the_entry_follows_the_features_the_engine_really_uses(client, municipality,
                                                               monkeypatch):
    before = page(client, municipality)
    assert "months on benefit" in before
    monkeypatch.setattr(episodes, "FEATURES", (*episodes.FEATURES, "distance_to_work_km"))
    monkeypatch.setattr(episodes, "OUTCOMES", (*episodes.OUTCOMES, "volunteering_12m"))
    after = page(client, municipality)
    assert "distance_to_work_km" in after and "distance_to_work_km" not in before
    assert "volunteering_12m" in after
    monkeypatch.setattr(episodes, "FEATURES", tuple(
        name for name in episodes.FEATURES if name != "benefit_months"))
    assert "months on benefit" not in page(client, municipality)


def test_the_deny_list_published_is_the_engines_own(client, municipality, monkeypatch):
    monkeypatch.setattr(engine_data, "PROTECTED_TOKENS",
                        engine_data.PROTECTED_TOKENS | {"shoesize"})
    html = page(client, municipality)
    assert "shoesize" in html and "postcode" in html and "nationality" in html


def test_the_entry_reflects_the_latest_run_and_its_refusal(client, municipality):
    assert "has not yet been run" in page(client, municipality)
    assert "In development" in page(client, municipality)
    EngineRunFactory(municipality=municipality, data_hash="ab" * 32, engine_version="9.9.9",
                     episodes={"used": 321, "objecting_left_out": 4},
                     finished_at=timezone.now() - datetime.timedelta(days=2))
    html = page(client, municipality)
    assert "321 decisions" in html and "abababab" in html and "9.9.9" in html
    assert "In use" in html and "(4 at the last run)" in html
    EngineRunFactory(municipality=municipality, status=EngineRun.Status.REFUSED,
                     refusal_code="too_few_rows", refusal="only 12 rows")
    html = page(client, municipality)
    assert "refused to give estimates" in html and "too few people" in html
    assert "In development" in html


def test_assessments_are_never_claimed_before_they_are_recorded(client, municipality):
    json = client.get(reverse("accountability:register_json", args=[municipality.code])).json()
    assert "nog niet" in json["dpia"].lower() or "not done yet" in json["dpia"]
    assert "nog niet" in json["iama"].lower() or "not done yet" in json["iama"]
    Accountability.objects.create(municipality=municipality,
                                  dpia_completed_on=datetime.date(2026, 10, 1),
                                  dpia_link="https://example.org/dpia",
                                  contact_email="algoritmes@example.org")
    json = client.get(reverse("accountability:register_json", args=[municipality.code])).json()
    assert "2026-10-01" in json["dpia"] and "https://example.org/dpia" in json["dpia"]
    assert "2026-10-01" not in json["iama"]
    assert json["contact_email"] == "algoritmes@example.org"


def test_the_json_export_has_the_fields_of_the_publication_standard(client, municipality):
    response = client.get(reverse("accountability:register_json", args=[municipality.code]))
    assert response["Content-Type"].startswith("application/json")
    entry = response.json()
    assert set(entry) >= STANDARD_FIELDS
    assert entry["organization"] == municipality.name
    assert entry["standard_version"] == "1.0"
    assert len(entry["source_data"]["items"]) == len(episodes.FEATURES)


def test_the_model_card_is_for_analysts_of_the_municipality(client, municipality):
    EngineRunFactory(municipality=municipality, episodes={
        "used": 50, "by_support": {"ips": 20, "none": 30}},
        diagnostics={"overlap": [{"overlap": "insufficient"}, {"overlap": "good"}]})
    analyst = UserFactory(role=Role.ANALYST, municipality=municipality)
    client.force_login(analyst)
    html = client.get(reverse("accountability:model_card"),
                      headers={"accept-language": "en"}).content.decode()
    assert "benefit_months" in html and "ips" in html
    assert "1 of 2 too weak to compare" in html
    client.force_login(UserFactory(role=Role.PROFESSIONAL, municipality=municipality))
    assert client.get(reverse("accountability:model_card")).status_code == 404
