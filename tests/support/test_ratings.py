import pytest

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.privacy.models import ProcessingLogEntry
from meedoen.support import services
from meedoen.support.models import Rating
from tests.support.factories import EnrolmentFactory, OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def enrolment(municipality):
    return EnrolmentFactory(offer=OfferFactory(provider__municipality=municipality))


def test_a_participant_rates_once_and_rating_again_changes_it(enrolment):
    user = enrolment.resident.user
    services.rating_save(enrolment=enrolment, actor=user, score=2, comment="Te druk")
    services.rating_save(enrolment=enrolment, actor=user, score=5, comment=" Beter nu ")
    rating = Rating.objects.get()
    assert (rating.score, rating.comment, rating.enrolment) == (5, "Beter nu", enrolment)
    assert ProcessingLogEntry.objects.filter(subject_id=enrolment.resident_id,
                                             operation="write").count() == 2


def test_only_people_who_took_part_can_rate(enrolment):
    enrolment.started_at, enrolment.status = None, "waiting"
    enrolment.save()
    with pytest.raises(DomainError, match="taken part"):
        services.rating_save(enrolment=enrolment, actor=enrolment.resident.user, score=4)
    assert not Rating.objects.exists()


def test_nobody_else_rates_for_the_resident(enrolment, professional):
    staff = enrolment.offer.provider.staff.get()
    for actor in (staff, professional):
        with pytest.raises(NotAllowed):
            services.rating_save(enrolment=enrolment, actor=actor, score=5)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("score", [0, 6])
def test_a_rating_outside_one_to_five_is_refused(enrolment, score):
    with pytest.raises(DomainError):
        services.rating_save(enrolment=enrolment, actor=enrolment.resident.user, score=score)


def test_an_ended_support_can_still_be_rated(enrolment):
    enrolment.status = "ended"
    enrolment.save()
    services.rating_save(enrolment=enrolment, actor=enrolment.resident.user, score=3)
    assert Rating.objects.get().score == 3
