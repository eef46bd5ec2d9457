"""Quality cards: raw outcomes counted the engine's way, added value read from the newest
engine run, ratings, and suppression of every cell about fewer than 10 people."""

import datetime

import pytest
from django.utils import timezone

from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import Objection
from meedoen.people.services import consent_give, consent_withdraw
from meedoen.support import selectors
from meedoen.support.models import Enrolment
from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory
from tests.plans.factories import make_checkin
from tests.support.factories import EnrolmentFactory, OfferFactory, RatingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
START = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
SIX_MONTHS = datetime.date(2025, 8, 31)  # 183 days after the start


def participants(offer, n, *, working=0, checkin_on=SIX_MONTHS, who5=(3, 3, 3, 3, 3)):
    """n people who started on START; the first ``working`` have paid work at follow-up."""
    enrolments = []
    for index in range(n):
        enrolment = EnrolmentFactory(offer=offer, started_at=START, status="ended")
        profile = ({"paid_work_unsupported": True} if index < working
                   else {"social_contact": True})
        if checkin_on is not None:
            make_checkin(enrolment.resident, date=checkin_on, participation=profile, who5=who5)
        enrolments.append(enrolment)
    return enrolments


@pytest.fixture
def offer(municipality):
    return OfferFactory(provider__municipality=municipality, instrument="supported_employment")


def card_of(offer):
    return selectors.quality_cards(offer.municipality, [offer])[offer.pk]


def test_raw_outcomes_use_the_checkin_nearest_six_months_after_the_start(offer):
    people = participants(offer, 10, working=4, who5=(4, 4, 4, 4, 4))
    # A later check-in far from the horizon does not count; a nearer one would.
    make_checkin(people[9].resident, date=datetime.date(2026, 6, 1),
                 participation={"paid_work_unsupported": True})
    card = card_of(offer)
    assert (card.participants, card.measured) == (10, 10)
    assert card.paid_work == pytest.approx(0.4)
    assert card.taking_part == pytest.approx(0.4)  # rung 6 for work, rung 2 otherwise
    assert card.wellbeing == pytest.approx(80)
    assert card.paid_work_text == "40%"


def test_check_ins_outside_the_window_are_not_outcomes(offer):
    participants(offer, 12, checkin_on=SIX_MONTHS + datetime.timedelta(days=61))
    card = card_of(offer)
    assert card.participants == 12 and card.measured == 0 and not card.outcomes_shown
    assert card.paid_work is None


def test_fewer_than_ten_measured_people_are_suppressed(offer):
    participants(offer, 9, working=9)
    card = card_of(offer)
    assert card.measured == 9 and not card.outcomes_shown
    assert (card.paid_work, card.taking_part, card.wellbeing) == (None, None, None)
    assert not card.participants_shown


def test_people_objecting_to_learning_are_left_out_as_the_engine_does(offer):
    people = participants(offer, 10)
    Objection.objects.create(municipality=offer.municipality, resident=people[0].resident,
                             use="learning", made_at=timezone.now())
    card = card_of(offer)
    assert card.participants == 9 and not card.outcomes_shown


def test_ratings_show_only_from_ten_people(offer):
    for score in (5, 4, 4, 3, 5, 2, 4, 4, 5):
        RatingFactory(enrolment__offer=offer, score=score)
    assert card_of(offer).rating is None and not card_of(offer).rating_shown
    RatingFactory(enrolment__offer=offer, score=4)
    card = card_of(offer)
    assert card.ratings == 10 and card.rating == pytest.approx(4.0)
    assert card.rating_text == "4.0"


def test_added_value_comes_from_the_newest_ready_run(offer):
    old = EngineRunFactory(municipality=offer.municipality,
                           finished_at=timezone.now() - datetime.timedelta(days=30))
    OfferEstimateFactory(run=old, offer=offer, estimate=0.30, ci_low=0.2, ci_high=0.4)
    new = EngineRunFactory(municipality=offer.municipality)
    OfferEstimateFactory(run=new, offer=offer, estimate=0.052, ci_low=0.011, ci_high=0.093)
    OfferEstimateFactory(run=new, offer=offer, outcome="wellbeing_6m", estimate=-1.2,
                         ci_low=-4.0, ci_high=1.6)
    card = card_of(offer)
    work, wellbeing = card.added
    assert work.text == "+5 percentage points" and work.interval == "+1 to +9"
    assert work.verdict == "Clearly more than without this support."
    assert wellbeing.text == "\u22121.2 points"
    assert wellbeing.verdict == "No clear difference from no support."
    assert card.run_date == timezone.localdate(new.finished_at)


def test_a_withheld_estimate_says_why_instead_of_a_number(offer):
    OfferEstimateFactory(run__municipality=offer.municipality, offer=offer,
                         estimate=None, ci_low=None, ci_high=None, participants=6,
                         withheld="too_few")
    card = card_of(offer)
    assert not card.has_added_value
    assert card.added[0].withheld == "too few participants to say anything yet"


def test_an_estimate_about_fewer_than_ten_participants_is_never_shown(offer):
    OfferEstimateFactory(run__municipality=offer.municipality, offer=offer, participants=8)
    value = card_of(offer).added[0]
    assert not value.has_number and value.text == "" and value.withheld_code == "too_few"


def test_without_an_engine_run_the_card_says_the_added_value_is_unknown(offer):
    participants(offer, 10, working=10)
    card = card_of(offer)
    assert card.outcomes_shown and card.added == [] and card.run_date is None


def test_a_providers_added_value_weighs_its_offers_by_participants_conservatively(offer):
    run = EngineRunFactory(municipality=offer.municipality)
    second = OfferFactory(provider=offer.provider)
    OfferEstimateFactory(run=run, offer=offer, participants=30, estimate=0.10,
                         ci_low=0.04, ci_high=0.16)
    OfferEstimateFactory(run=run, offer=second, participants=10, estimate=0.02,
                         ci_low=-0.06, ci_high=0.10)
    card = selectors.provider_cards(offer.municipality, [offer.provider])[offer.provider_id]
    pooled = card.added[0]
    assert pooled.estimate == pytest.approx(0.08)
    assert (pooled.low, pooled.high) == (pytest.approx(0.015), pytest.approx(0.145))
    assert pooled.participants == 40 and card.offers_with_added_value == 2


def test_a_provider_card_pools_raw_outcomes_and_counts_a_person_once(offer):
    second = OfferFactory(provider=offer.provider)
    people = participants(offer, 6, working=6)
    participants(second, 4)
    EnrolmentFactory(offer=second, resident=people[0].resident, started_at=START)
    card = selectors.provider_cards(offer.municipality, [offer.provider])[offer.provider_id]
    assert card.participants == 10 and card.measured == 10
    assert card.paid_work == pytest.approx(0.6)


def test_the_card_tells_what_research_says_about_the_kind_of_support(offer):
    research = card_of(offer).research
    assert [r.code for r in research] == ["supported_employment"]
    assert research[0].findings and research[0].n_findings >= len(research[0].findings)


def test_a_providers_figures_are_withheld_when_its_offer_cards_would_reveal_a_few(offer):
    small = OfferFactory(provider=offer.provider)
    participants(offer, 10, working=5)
    participants(small, 3, working=3)
    for enrolment in Enrolment.objects.filter(offer=offer):
        RatingFactory(enrolment=enrolment, score=5)
    RatingFactory(enrolment=Enrolment.objects.filter(offer=small).first(), score=1)
    cards = selectors.quality_cards(offer.municipality, [offer, small])
    assert cards[offer.pk].outcomes_shown and not cards[small.pk].outcomes_shown
    provider = selectors.provider_cards(offer.municipality, [offer.provider])[offer.provider_id]
    # 13 people, but 13 minus the 10 on the shown offer card would be the small offer's 3.
    assert provider.measured == 13
    assert not provider.outcomes_shown and provider.outcomes_withheld
    assert not provider.rating_shown and provider.rating_withheld


def test_a_providers_figures_show_when_the_rest_is_large_enough(offer):
    participants(offer, 10)
    participants(OfferFactory(provider=offer.provider), 10)
    provider = selectors.provider_cards(offer.municipality, [offer.provider])[offer.provider_id]
    assert provider.outcomes_shown and not provider.outcomes_withheld


def test_new_participants_are_on_the_card_at_once_although_outcomes_are_cached(offer):
    participants(offer, 10, working=0)
    assert card_of(offer).paid_work == 0  # the town's outcomes are now in the cache
    participants(offer, 1, working=1)
    card = card_of(offer)
    assert card.participants == 11 and card.paid_work == pytest.approx(1 / 11)


def test_withdrawn_checkin_consent_takes_the_answers_off_the_card_at_once(offer):
    people = participants(offer, 11, working=1)
    resident = people[0].resident
    consent_give(resident=resident, actor=resident.user, purpose=ConsentPurpose.CHECKINS)
    assert card_of(offer).paid_work == pytest.approx(1 / 11)  # now in the cache
    # Withdrawal deletes the answers; the cached outcomes must not outlive them.
    consent_withdraw(resident=resident, actor=resident.user, purpose=ConsentPurpose.CHECKINS)
    card = card_of(offer)
    assert card.measured == 10 and card.paid_work == 0
