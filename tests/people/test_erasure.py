"""Erasure and restriction (AVG art. 17 and 18): asked by the resident, decided by an
administrator with a reason, recorded immutably, effective in one transaction."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.casework.models import Note
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people import selectors, services
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import (
    AppendOnlyError,
    Consent,
    Resident,
    RightsDecision,
    RightsRequest,
    SensitiveFacts,
)
from meedoen.plans.models import CheckIn, Plan
from meedoen.privacy.models import ProcessingLogEntry
from meedoen.support.models import Enrolment
from tests.accounts.factories import UserFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import PlanFactory, make_checkin
from tests.support.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def in_dutch(text) -> str:
    """A message id or lazy label as the (Dutch) pages show it."""
    with translation.override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


@pytest.fixture
def admin(municipality):
    return UserFactory(role=Role.ADMIN, municipality=municipality)


@pytest.fixture
def full_resident(resident, professional):
    """A resident with something in every kind of record."""
    user = resident.user
    services.consent_give(resident=resident, actor=user, purpose=ConsentPurpose.CHECKINS)
    services.consent_give(resident=resident, actor=user,
                          purpose=ConsentPurpose.SENSITIVE_FACTS)
    services.sensitive_facts_save(resident=resident, actor=user, health_limitation="some",
                                  care_duties=True, debts=False)
    PlanFactory(resident=resident)
    make_checkin(resident)
    Note.objects.create(municipality=resident.municipality, resident=resident,
                        author=professional, text="Spreekt graag over fietsen")
    Enrolment.objects.create(municipality=resident.municipality, resident=resident,
                             offer=OfferFactory(provider__municipality=resident.municipality),
                             status=Enrolment.Status.ACTIVE, reason="mijn buurvrouw gaat ook")
    resident.external_id = "U-123"
    resident.save()
    return resident


def test_erasure_deletes_personal_records_and_keeps_what_must_be_kept(full_resident, admin):
    resident, user_id = full_resident, full_resident.user_id
    request = services.rights_request_make(resident=resident, actor=resident.user,
                                           kind="erasure", reason="Ik verhuis")
    log_before = ProcessingLogEntry.objects.filter(subject_id=resident.pk).count()

    services.rights_request_decide(request=request, actor=admin, outcome="erased",
                                   reason="Geen bewaarplicht voor deze gegevens")

    resident = Resident.objects.get(pk=resident.pk)
    assert resident.erased_at is not None
    assert (resident.given_name, resident.family_name, resident.external_id) == ("", "", "")
    assert resident.user_id is None and not User.objects.filter(pk=user_id).exists()
    for model in (Consent, SensitiveFacts, Plan, CheckIn, Note):
        assert not model.objects.filter(resident_id=resident.pk).exists(), model
    enrolment = Enrolment.objects.get(resident=resident)  # a financial record: kept
    assert enrolment.reason == ""  # ...without the person's own words
    # The log keeps growing (the decision is logged) and nothing was removed from it.
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk).count() > log_before
    decision = RightsDecision.objects.get(request=request)
    assert decision.kept == services.erasure_kept() and decision.kept
    assert resident.pk in set(selectors.residents_left_out_of("learning"))


def test_erasure_is_all_or_nothing(full_resident, admin, monkeypatch):
    request = services.rights_request_make(resident=full_resident, actor=full_resident.user,
                                           kind="erasure")

    def broken_delete(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(User, "delete", broken_delete)
    with pytest.raises(RuntimeError):
        services.rights_request_decide(request=request, actor=admin, outcome="erased",
                                       reason="ok")
    full_resident.refresh_from_db()
    assert full_resident.erased_at is None and full_resident.given_name
    assert CheckIn.objects.filter(resident=full_resident).exists()
    assert not RightsDecision.objects.exists()


def test_restriction_leaves_the_resident_out_of_learning_and_advice(resident, admin):
    other = ResidentFactory(municipality=resident.municipality)
    request = services.rights_request_make(resident=resident, actor=resident.user,
                                           kind="restriction")
    assert resident.pk not in set(selectors.residents_left_out_of("learning"))
    services.rights_request_decide(request=request, actor=admin, outcome="restricted",
                                   reason="Dossier moet bewaard blijven")
    for use in ("learning", "advice"):
        left_out = set(selectors.residents_left_out_of(use, municipality=resident.municipality))
        assert resident.pk in left_out and other.pk not in left_out
    resident.refresh_from_db()
    assert resident.restricted_at is not None
    assert CheckIn.objects.model  # records themselves stay: nothing deleted
    assert Resident.objects.filter(pk=resident.pk, erased_at__isnull=True).exists()


def test_objectors_are_left_out_too(resident):
    services.objection_set(resident=resident, actor=resident.user, use="advice", objects=True)
    assert set(selectors.residents_left_out_of("advice")) == {resident.pk}
    assert set(selectors.residents_left_out_of("learning")) == set()


def test_requests_and_decisions_cannot_be_changed_or_deleted(resident, admin):
    request = services.rights_request_make(resident=resident, actor=resident.user,
                                           kind="restriction")
    decision = services.rights_request_decide(request=request, actor=admin, outcome="refused",
                                              reason="Nog niet nodig")
    for record in (request, decision):
        with pytest.raises(AppendOnlyError):
            record.save()
        with pytest.raises(AppendOnlyError):
            record.delete()
        with pytest.raises(AppendOnlyError):
            type(record).objects.all().delete()
        with pytest.raises(AppendOnlyError):
            type(record).objects.update(municipality=resident.municipality)
    with pytest.raises(DomainError, match="already been decided"):
        services.rights_request_decide(request=request, actor=admin, outcome="restricted",
                                       reason="toch wel")


def test_only_an_administrator_of_the_town_decides_and_always_with_a_reason(
        resident, admin, professional):
    request = services.rights_request_make(resident=resident, actor=resident.user,
                                           kind="erasure")
    with pytest.raises(NotAllowed):
        services.rights_request_decide(request=request, actor=professional,
                                       outcome="erased", reason="x")
    elsewhere = UserFactory(role=Role.ADMIN)
    with pytest.raises(NotAllowed):
        services.rights_request_decide(request=request, actor=elsewhere, outcome="erased",
                                       reason="x")
    with pytest.raises(DomainError, match="reason"):
        services.rights_request_decide(request=request, actor=admin, outcome="erased",
                                       reason="  ")
    with pytest.raises(NotAllowed):
        services.rights_request_make(resident=resident, actor=professional, kind="erasure")
    with pytest.raises(DomainError, match="already asked"):
        services.rights_request_make(resident=resident, actor=resident.user, kind="erasure")
    assert not RightsDecision.objects.exists()


def test_the_resident_asks_and_reads_the_status_on_my_data(client, resident, admin):
    client.force_login(resident.user)
    response = client.post(reverse("people:rights_request"),
                           {"kind": "restriction", "reason": "Liever niet"})
    assert response.status_code == 302
    request = RightsRequest.objects.get()
    assert request.reason == "Liever niet"
    html = client.get(reverse("people:my_data")).content.decode()
    assert in_dutch("being handled") in html  # pages are in Dutch, the default

    client.force_login(admin)
    page = client.get(reverse("people:rights_request_decide", args=[request.pk]))
    assert resident.family_name in page.content.decode()
    refused = client.post(reverse("people:rights_request_decide", args=[request.pk]),
                          {"outcome": "restricted", "reason": ""})
    assert refused.status_code == 400 and not RightsDecision.objects.exists()
    client.post(reverse("people:rights_request_decide", args=[request.pk]),
                {"outcome": "restricted", "reason": "Bewaarplicht dossier"})

    client.force_login(resident.user)
    html = client.get(reverse("people:my_data")).content.decode()
    assert "Bewaarplicht dossier" in html
    assert capfirst(in_dutch(RightsDecision.Outcome.RESTRICTED.label)) in html


def test_the_administrators_list_is_logged_as_a_read(client, resident, admin):
    services.rights_request_make(resident=resident, actor=resident.user, kind="erasure")
    client.force_login(admin)
    client.get(reverse("people:rights_requests"))
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk, actor=admin,
                                             operation="read").exists()
