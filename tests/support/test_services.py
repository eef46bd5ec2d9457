import threading

import pytest
from django.db import close_old_connections, connection

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.support import services
from meedoen.support.models import Enrolment
from tests.people.factories import ResidentFactory
from tests.support.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
Status = Enrolment.Status


def choose(resident, offer):
    return services.enrolment_choose(resident=resident, actor=resident.user, offer=offer)


@pytest.fixture
def offer(municipality):
    return OfferFactory(provider__municipality=municipality, capacity=2)


def neighbours(municipality, n):
    return [ResidentFactory(municipality=municipality) for _ in range(n)]


def test_a_full_offer_puts_people_on_the_waiting_list_in_order(offer, municipality):
    first, second, third, fourth = neighbours(municipality, 4)
    statuses = [choose(person, offer).status for person in (first, second, third, fourth)]
    assert statuses == [Status.ACTIVE, Status.ACTIVE, Status.WAITING, Status.WAITING]


def test_a_freed_place_goes_to_the_first_person_waiting(offer, municipality):
    people = neighbours(municipality, 4)
    enrolments = [choose(person, offer) for person in people]
    services.enrolment_stop(enrolment=enrolments[0], actor=people[0].user, reason="Verhuisd")
    assert [Enrolment.objects.get(pk=e.pk).status for e in enrolments] == [
        Status.STOPPED, Status.ACTIVE, Status.ACTIVE, Status.WAITING]


def test_switching_needs_no_approval_and_keeps_the_history(offer, municipality, resident):
    other = OfferFactory(provider__municipality=municipality, title="Tuinproject")
    first = choose(resident, offer)
    new = services.enrolment_switch(enrolment=first, actor=resident.user, offer=other,
                                    reason="Past beter bij mij")
    first.refresh_from_db()
    assert first.status == Status.SWITCHED and first.switched_to == new
    assert first.reason == "Past beter bij mij" and first.ended_at is not None
    assert new.status == Status.ACTIVE and new.offer == other
    assert Enrolment.objects.filter(resident=resident).count() == 2


def test_only_the_resident_chooses_their_support(offer, resident, professional):
    with pytest.raises(NotAllowed):
        services.enrolment_choose(resident=resident, actor=professional, offer=offer)
    assert not Enrolment.objects.exists()


def test_an_offer_from_another_municipality_cannot_be_chosen(resident):
    elsewhere = OfferFactory()
    with pytest.raises(NotAllowed):
        choose(resident, elsewhere)


def test_the_same_offer_cannot_be_chosen_twice_at_once(offer, resident):
    choose(resident, offer)
    with pytest.raises(DomainError, match="already"):
        choose(resident, offer)


def test_a_provider_reports_progress_only_on_its_own_participants(offer, resident):
    enrolment = choose(resident, offer)
    staff = offer.provider.staff.get()
    stranger = OfferFactory(provider__municipality=offer.municipality).provider.staff.get()
    with pytest.raises(NotAllowed):
        services.progress_report_add(enrolment=enrolment, actor=stranger, kind="attended")
    services.progress_report_add(enrolment=enrolment, actor=staff, kind="ended", note="Klaar")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENDED and enrolment.reports.get().note == "Klaar"


def test_raising_capacity_gives_waiting_people_a_place(offer, municipality):
    people = neighbours(municipality, 3)
    enrolments = [choose(person, offer) for person in people]
    services.offer_update(offer=offer, actor=offer.provider.staff.get(), capacity=3)
    assert Enrolment.objects.get(pk=enrolments[2].pk).status == Status.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_many_people_choose_at_the_same_moment(municipality):
    offer = OfferFactory(provider__municipality=municipality, capacity=3)
    people = neighbours(municipality, 10)
    start = threading.Barrier(len(people))
    errors: list[Exception] = []

    def choose_in_own_connection(person):
        try:
            start.wait()
            choose(person, offer)
        except Exception as error:  # collected, and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=choose_in_own_connection, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Enrolment.objects.filter(offer=offer, status=Status.ACTIVE).count() == 3
    assert Enrolment.objects.filter(offer=offer, status=Status.WAITING).count() == 7
