import pytest
from django.urls import reverse

from meedoen.accounts.roles import Role
from meedoen.support.models import Allocation, Enrolment, Lottery, Rating
from tests.accounts.factories import UserFactory
from tests.evidence.factories import OfferEstimateFactory
from tests.people.factories import ResidentFactory
from tests.support.factories import EnrolmentFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(municipality):
    return OfferFactory(provider__municipality=municipality, title="Werkroute")


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident.user)
    return client


def test_the_offer_page_shows_its_quality_card(signed_in, offer):
    OfferEstimateFactory(run__municipality=offer.municipality, offer=offer)
    page = signed_in.get(reverse("support:offer", args=[offer.pk])).content.decode()
    assert f'id="quality-offer-{offer.pk}"' in page
    assert "+5 percentage points" in page and "cream-skimming" in page


def test_the_compare_page_shows_the_cards_side_by_side(signed_in, offer):
    others = [OfferFactory(provider__municipality=offer.municipality) for _ in range(2)]
    ids = [offer.pk, *(o.pk for o in others)]
    response = signed_in.get(reverse("support:compare"), {"offer": ids})
    page = response.content.decode()
    assert response.status_code == 200
    assert [f'id="quality-offer-{pk}"' in page for pk in ids] == [True] * 3
    assert page.count("Not known yet.") == 3  # no engine run: said, not hidden


def test_a_resident_sees_a_providers_page_with_its_card(signed_in, offer):
    url = reverse("support:provider_page", args=[offer.provider_id])
    page = signed_in.get(url).content.decode()
    assert f'id="quality-provider-{offer.provider_id}"' in page and "Werkroute" in page


def test_a_resident_rates_support_they_took_part_in(signed_in, resident, offer):
    enrolment = EnrolmentFactory(offer=offer, resident=resident)
    url = reverse("support:rate", args=[enrolment.pk])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {"score": "7"})
    assert response.status_code == 400 and not Rating.objects.exists()
    response = signed_in.post(url, {"score": "4", "comment": "Goed"})
    assert response.status_code == 302
    signed_in.post(url, {"score": "5"})
    assert Rating.objects.get().score == 5
    assert "Your rating: 5 out of 5" in signed_in.get(reverse("support:mine")).content.decode()


def test_support_that_never_started_cannot_be_rated(signed_in, resident, offer):
    waiting = EnrolmentFactory(offer=offer, resident=resident, status="waiting",
                               started_at=None)
    assert signed_in.get(reverse("support:rate", args=[waiting.pk])).status_code == 404


def test_choosing_a_full_offer_records_consent_to_a_draw(signed_in, resident, municipality):
    full = OfferFactory(provider__municipality=municipality, allocation=Allocation.LOTTERY)
    page = signed_in.get(reverse("support:offer", args=[full.pk])).content.decode()
    assert 'name="lottery_consent"' in page
    signed_in.post(reverse("support:choose", args=[full.pk]), {"lottery_consent": "on"})
    enrolment = Enrolment.objects.get(resident=resident)
    assert enrolment.status == "waiting" and enrolment.lottery_consent_at is not None
    signed_in.post(reverse("support:lottery_consent", args=[enrolment.pk]), {})
    enrolment.refresh_from_db()
    assert enrolment.lottery_consent_at is None


def test_a_provider_draws_and_sees_the_checked_record(client, municipality):
    offer = OfferFactory(provider__municipality=municipality, capacity=2,
                         allocation=Allocation.LOTTERY)
    for _ in range(5):
        person = ResidentFactory(municipality=municipality)
        EnrolmentFactory(offer=offer, resident=person, status="waiting", started_at=None,
                         lottery_consent_at="2026-01-01T10:00Z")
    client.force_login(offer.provider.staff.get())
    url = reverse("support:provider_draw", args=[offer.pk])
    assert "Draw now" in client.get(url).content.decode()
    response = client.post(url, {"seed": "123"}, follow=True)
    lottery = Lottery.objects.get()
    assert lottery.seed == 123
    page = response.content.decode()
    assert "drawing again with this seed gives exactly the same result" in page
    assert page.count(">yes<") == 2 and page.count(">no<") == 3
    assert client.post(url, {"seed": "-1"}).status_code == 400


def test_an_analyst_sees_all_offers_of_the_town_for_draws(client, offer):
    client.force_login(UserFactory(role=Role.ANALYST, municipality=offer.municipality))
    page = client.get(reverse("support:draws")).content.decode()
    assert "Werkroute" in page
    assert reverse("support:transparency", args=[offer.municipality.code]) in page


def test_the_provider_home_shows_its_own_quality_card(client, offer):
    client.force_login(offer.provider.staff.get())
    page = client.get(reverse("support:provider")).content.decode()
    assert f'id="quality-provider-{offer.provider_id}"' in page


def test_switching_to_an_offer_with_draws_asks_consent_in_the_switch_form(signed_in, resident,
                                                                          offer):
    EnrolmentFactory(offer=offer, resident=resident)
    drawn = OfferFactory(provider__municipality=offer.municipality,
                         allocation=Allocation.LOTTERY)
    page = signed_in.get(reverse("support:offer", args=[drawn.pk])).content.decode()
    assert 'name="lottery_consent"' in page and 'name="switch-lottery_consent"' in page
    current = Enrolment.objects.get(resident=resident)
    signed_in.post(reverse("support:switch", args=[drawn.pk]),
                   {"enrolment": current.pk, "switch-lottery_consent": "on"})
    new = Enrolment.objects.get(resident=resident, offer=drawn)
    assert new.status == "waiting" and new.lottery_consent_at is not None


def test_the_catalogue_links_to_the_public_quality_page(signed_in, resident, offer):
    page = signed_in.get(reverse("support:catalogue")).content.decode()
    assert reverse("support:transparency", args=[resident.municipality.code]) in page
