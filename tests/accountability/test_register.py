"""The Algoritmeregister entry and the model card are generated from the live configuration:
change the engine's features, its deny-list or its latest run, and the published entry
changes with it. Nothing is claimed that was not done. The export has exactly the fields of
the publication standard v1.0 and validates against the JSON Schema shipped with the app."""

import datetime
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meedoen.accountability import register
from meedoen.accountability.models import Accountability
from meedoen.accounts.roles import Role
from meedoen.engine import data as engine_data
from meedoen.evidence import episodes, refusals
from meedoen.evidence.models import EngineRun
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory
from tests.evidence.factories import EngineRunFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Every field of the standard v1.0 except "lars", which the national register assigns.
STANDARD_FIELDS = {
    "name", "description_short", "organization", "category", "status", "begin_date",
    "end_date", "contact_email", "website", "publication_category", "url", "goal",
    "proportionality", "human_intervention", "risks", "lawful_basis", "lawful_basis_grouping",
    "process_index_url", "impacttoetsen_grouping", "impacttoetsen", "source_data",
    "source_data_grouping", "methods_and_models", "provider", "publiccode", "lang",
    "standard_version", "source_id", "tags",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = register.register_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def page(client, municipality) -> str:
    # In English, the message ids, so the test reads the same before and after translation.
    return client.get(reverse("accountability:register", args=[municipality.code]),
                      headers={"accept-language": "en"}).content.decode()


def export(client, municipality) -> dict:
    # Production runs behind TLS; the standard wants https:// links, "url" included.
    response = client.get(reverse("accountability:register_json", args=[municipality.code]),
                          secure=True)
    assert response.status_code == 200
    return response.json()


def errors(validator, entry: dict) -> list[str]:
    return [f"{'/'.join(map(str, error.path))}: {error.message}"
            for error in validator.iter_errors(entry)]


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
    assert "<li>distance_to_work_km</li>" in export(client, municipality)["source_data"]
    monkeypatch.setattr(episodes, "FEATURES", tuple(
        name for name in episodes.FEATURES if name != "benefit_months"))
    assert "months on benefit" not in page(client, municipality)


def test_the_deny_list_published_is_the_engines_own(client, municipality, monkeypatch):
    monkeypatch.setattr(engine_data, "PROTECTED_TOKENS",
                        engine_data.PROTECTED_TOKENS | {"shoesize"})
    html = page(client, municipality)
    assert "shoesize" in html and "postcode" in html and "nationality" in html
    assert "shoesize" in export(client, municipality)["risks"]


def test_the_entry_reflects_the_latest_run_and_its_refusal(client, municipality):
    assert "has not yet been run" in page(client, municipality)
    assert "In development" in page(client, municipality)
    assert export(client, municipality)["begin_date"] == ""
    finished = timezone.now() - datetime.timedelta(days=2)
    EngineRunFactory(municipality=municipality, data_hash="ab" * 32, engine_version="9.9.9",
                     episodes={"used": 321, "objecting_left_out": 4}, finished_at=finished)
    html = page(client, municipality)
    assert "321 decisions" in html and "abababab" in html and "9.9.9" in html
    assert "In use" in html and "(4 at the last run)" in html
    assert export(client, municipality)["status"] == "In gebruik"
    assert (export(client, municipality)["begin_date"]
            == timezone.localtime(finished).strftime("%Y-%m"))
    EngineRunFactory(municipality=municipality, status=EngineRun.Status.REFUSED,
                     refusal_code="too_few_rows", refusal="only 12 rows")
    html = page(client, municipality)
    assert "refused to give estimates" in html and "too few people" in html
    assert "In development" in html
    assert export(client, municipality)["status"] == "In ontwikkeling"


def test_assessments_are_never_claimed_before_they_are_recorded(client, municipality):
    entry = export(client, municipality)
    assert entry["impacttoetsen_grouping"] == []
    assert entry["impacttoetsen"].lower().count("nog niet") == 2
    Accountability.objects.create(municipality=municipality,
                                  dpia_completed_on=datetime.date(2026, 10, 1),
                                  dpia_link="https://example.org/dpia",
                                  contact_email="algoritmes@example.org")
    entry = export(client, municipality)
    assert entry["impacttoetsen_grouping"] == [{
        "title": "Data Protection Impact Assessment (DPIA)",
        "link": "https://example.org/dpia"}]
    assert "2026-10-01" in entry["impacttoetsen"]
    assert entry["impacttoetsen"].lower().count("nog niet") == 1  # the IAMA
    assert entry["contact_email"] == "algoritmes@example.org"


def test_the_export_has_exactly_the_fields_of_the_standard(client, municipality):
    response = client.get(reverse("accountability:register_json", args=[municipality.code]),
                          secure=True)
    assert response["Content-Type"].startswith("application/json")
    assert f"algoritmeregister-{municipality.code}.json" in response["Content-Disposition"]
    entry = response.json()
    assert set(entry) == STANDARD_FIELDS
    assert entry["organization"] == municipality.name
    assert entry["source_id"] == f"meedoen-{municipality.code}"
    assert entry["url"] == f"https://testserver/algoritmeregister/{municipality.code}"
    assert entry["lawful_basis_grouping"] == [
        {"title": "Participatiewet", "link": "https://wetten.overheid.nl/BWBR0015703"},
        {"title": "AVG (Algemene verordening gegevensbescherming)",
         "link": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}]


def _nothing_recorded(municipality) -> None:
    """A municipality without any engine run or accountability record."""


def _ready_with_dpia_and_contact(municipality) -> None:
    EngineRunFactory(municipality=municipality, episodes={"used": 240, "objecting_left_out": 3})
    Accountability.objects.create(
        municipality=municipality, contact_email="algoritmes@example.org",
        public_page="https://example.org/advies", dpia_completed_on=datetime.date(2026, 9, 1),
        process_index_url="https://example.org/verwerkingen/meedoen",
        provider="Intern ontwikkeld", source_code_url="https://example.org/meedoen")


def _last_run_refused(municipality) -> None:
    EngineRunFactory(municipality=municipality,
                     finished_at=timezone.now() - datetime.timedelta(days=30))
    EngineRunFactory(municipality=municipality, status=EngineRun.Status.REFUSED,
                     refusal_code="weak_overlap", refusal="overlap")


@pytest.mark.parametrize("situation", [
    _nothing_recorded, _ready_with_dpia_and_contact, _last_run_refused])
def test_the_export_validates_against_the_standards_schema(client, municipality, validator,
                                                           situation):
    situation(municipality)
    entry = export(client, municipality)
    assert errors(validator, entry) == []


def test_the_schema_rejects_an_unknown_key_and_a_wrong_status(client, municipality,
                                                              validator):
    entry = export(client, municipality)
    assert errors(validator, {**entry, "impact": "old field"})
    assert errors(validator, {**entry, "status": "In use"})
    assert errors(validator, {**entry, "status": "in gebruik"})
    assert errors(validator, {key: value for key, value in entry.items() if key != "name"})
    assert errors(validator, {**entry, "goal": '<p onclick="x">Doel</p>'})
    assert errors(validator, {**entry, "goal": "<script>x</script>"})
    assert errors(validator, {**entry, "website": "http://example.org"})
    assert errors(validator, {**entry, "begin_date": "2026-13"})
    assert errors(validator, {**entry, "name": "x" * 101})
    assert errors(validator, {**entry, "category": ["Werk", "Inkomen"]})


def test_enum_values_are_the_standards_exact_dutch_strings(client, municipality):
    EngineRunFactory(municipality=municipality)
    entry = export(client, municipality)
    assert entry["status"] == "In gebruik"
    assert entry["publication_category"] == "Hoog-risico AI-systeem"
    assert entry["category"] == ["Werk", "Sociale zekerheid"]
    assert entry["lang"] == "nld" and entry["standard_version"] == "1.0"
    # Even when the entry is made in English, the codes stay Dutch; only labels translate.
    english = register.register_json(register.live_configuration(municipality), "https://x")
    assert english["status"] == "In gebruik" and english["category"] == entry["category"]
    html = page(client, municipality)
    assert "High-risk AI system" in html and "Social security" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_longest_generated_text_fits_the_maximum_lengths(validator, language):
    # The worst case the code can produce: the longest name a municipality may have, the
    # longest refusal reason, both assessments done, every record filled to its limit.
    town = MunicipalityFactory(name="Gemeente " + "Z" * 91)
    with translation.override("nl"):
        longest = max(refusals.REASONS, key=lambda code: len(refusals.refusal_text(code)))
    EngineRunFactory(municipality=town, finished_at=timezone.now() - datetime.timedelta(1))
    EngineRunFactory(municipality=town, status=EngineRun.Status.REFUSED, refusal_code=longest,
                     episodes={"objecting_left_out": 999_999})
    link = "https://example.org/" + "a" * 480
    Accountability.objects.create(
        municipality=town, contact_email="algoritmes@example.org", public_page=link,
        dpia_completed_on=datetime.date(2026, 9, 1), dpia_link=link,
        iama_completed_on=datetime.date(2026, 10, 1), iama_link=link,
        process_index_url=link, provider="P" * 200, source_code_url=link)
    with translation.override(language):
        entry = register.register_json(register.live_configuration(town), link)
    assert errors(validator, entry) == []
    if language == "nl":
        assert entry["goal"].startswith("<p>Inwoners met een uitkering")  # really Dutch
        assert entry["source_data"].startswith("<p>De eigen gegevens")
    schema = register.register_schema()["properties"]
    room = {key: schema[key].get("maxLength", 0) - len(value) for key, value in entry.items()
            if isinstance(value, str) and key in register.HTML_FIELDS}
    assert min(room.values()) > 0, room


def test_the_schema_ships_in_the_package():
    shipped = resources.files("meedoen.accountability") / "algoritmeregister-1.0.schema.json"
    schema = json.loads(shipped.read_text(encoding="utf-8"))
    assert "MinBZK/Algoritmeregister" in schema["$comment"]
    assert schema["additionalProperties"] is False
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert re.search(r'^"\*" = \[.*"\*\.json"', pyproject, re.MULTILINE)


def test_the_page_and_the_export_come_from_one_list_of_fields(client, municipality):
    html = page(client, municipality)
    assert set(re.findall(r'id="field-([a-z_]+)"', html)) == set(export(client, municipality))
    for title in ("Goal and impact", "Considerations", "Human intervention",
                  "Risk management", "Explanation of the impact assessments",
                  "Technical operation", "References to the legal basis"):
        assert f">{title}</dt>" in html


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
