"""The public transparency page and its open data: no sign-in, no personal data, no small
cells."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from tests.evidence.factories import OfferEstimateFactory
from tests.support.factories import EnrolmentFactory, OfferFactory, RatingFactory
from tests.support.test_quality import participants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def town(municipality):
    """One offer with enough people for every cell, one with only a few."""
    big = OfferFactory(provider__municipality=municipality, title="Werkroute",
                       instrument="supported_employment")
    small = OfferFactory(provider__municipality=municipality, title="Kleine groep")
    people = participants(big, 10, working=3)
    for enrolment in people:
        RatingFactory(enrolment=enrolment, score=4, comment="Fijne begeleider, Annie")
    few = participants(small, 3, working=3)
    RatingFactory(enrolment=few[0], score=1)
    OfferEstimateFactory(run__municipality=municipality, offer=big, participants=10,
                         estimate=0.05, ci_low=0.01, ci_high=0.09)
    return {"big": big, "small": small, "people": people + few}


def personal_strings(town):
    for enrolment in town["people"]:
        resident = enrolment.resident
        yield from (resident.given_name, resident.family_name, resident.user.username,
                    str(resident.birth_date))
    yield "Fijne begeleider"  # comments are for the resident's own page only


def test_the_page_is_open_without_signing_in_and_shows_every_card(client, town, municipality):
    response = client.get(reverse("support:transparency", args=[municipality.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quality of Werkroute" in page and "Quality of Kleine groep" in page
    assert f"Quality of {town['big'].provider.name}" in page
    assert "+5 percentage points" in page and "30%" in page  # 3 of 10 with paid work
    assert "cream-skimming" in page


def test_no_personal_data_reaches_the_page_or_the_open_data(client, town, municipality):
    for name in ("support:transparency", "support:transparency_csv",
                 "support:transparency_json"):
        body = client.get(reverse(name, args=[municipality.code])).content.decode()
        # Whole words only: a family name such as "Klein" inside the offer title "Kleine
        # groep" is not a leak, and faker draws such names now and then.
        leaked = [text for text in personal_strings(town)
                  if re.search(rf"\b{re.escape(text)}\b", body)]
        assert not leaked, f"{name} shows {leaked}"


def test_small_cells_are_suppressed_in_the_open_data(client, town, municipality):
    data = json.loads(client.get(reverse("support:transparency_json",
                                         args=[municipality.code])).content)
    cards = {(c["level"], c["name"]): c for c in data["cards"]}
    small = cards[("offer", "Kleine groep")]
    assert small["participants"] == "<10" and small["measured_at_6_months"] == "<10"
    assert small["paid_work_6m_percent"] is None and small["rating_mean_1_to_5"] is None
    assert small["ratings"] == "<10"
    big = cards[("offer", "Werkroute")]
    assert big["participants"] == 10 and big["paid_work_6m_percent"] == 30.0
    assert big["rating_mean_1_to_5"] == 4.0
    assert (big["added_paid_work_6m"], big["added_paid_work_6m_low"]) == (5.0, 1.0)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse(
        "support:transparency_csv", args=[municipality.code])).content.decode())))
    small_row = next(r for r in rows if r["name"] == "Kleine groep")
    assert small_row["participants"] == "<10" and small_row["paid_work_6m_percent"] == ""
    assert {r["level"] for r in rows} == {"offer", "provider"}


def test_another_municipalitys_participants_do_not_count(client, town, municipality):
    EnrolmentFactory(offer=OfferFactory(title="Elders"))
    data = json.loads(client.get(reverse("support:transparency_json",
                                         args=[municipality.code])).content)
    assert "Elders" not in {c["name"] for c in data["cards"]}


def test_an_unknown_municipality_code_is_not_found(client, db):
    assert client.get(reverse("support:transparency", args=["GM9999"])).status_code == 404


def test_a_title_that_looks_like_a_formula_is_not_a_formula_in_the_csv(client, municipality):
    OfferFactory(provider__municipality=municipality, title='=HYPERLINK("http://x","klik")')
    body = client.get(reverse("support:transparency_csv", args=[municipality.code]))
    rows = list(csv.DictReader(io.StringIO(body.content.decode())))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","klik")'
