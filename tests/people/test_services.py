import pytest
from django.core.management import call_command

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people import services
from meedoen.people.models import Consent, DataExport, SensitiveFacts
from tests.plans.factories import make_checkin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PURPOSE = "sensitive_facts"


def test_sensitive_facts_are_refused_without_consent(resident):
    with pytest.raises(DomainError, match="consent"):
        services.sensitive_facts_save(resident=resident, actor=resident.user,
                                      health_limitation="some", care_duties=True, debts=False)
    assert not SensitiveFacts.objects.exists()


def test_withdrawing_consent_erases_the_facts_at_once_and_keeps_the_event(resident):
    services.consent_give(resident=resident, actor=resident.user, purpose=PURPOSE)
    services.sensitive_facts_save(resident=resident, actor=resident.user,
                                  health_limitation="severe", care_duties=False, debts=True)
    services.consent_withdraw(resident=resident, actor=resident.user, purpose=PURPOSE)
    assert not SensitiveFacts.objects.filter(resident=resident).exists()
    consent = Consent.objects.get(resident=resident)
    assert consent.withdrawn_at is not None and consent.given_at < consent.withdrawn_at
    # Consent can be given again; that is a new event, the old one stays as it was.
    services.consent_give(resident=resident, actor=resident.user, purpose=PURPOSE)
    assert Consent.objects.filter(resident=resident).count() == 2


def test_nobody_gives_consent_for_someone_else(resident, professional):
    with pytest.raises(NotAllowed):
        services.consent_give(resident=resident, actor=professional, purpose=PURPOSE)


@pytest.mark.django_db(transaction=True)
def test_data_export_is_built_by_the_task_worker(resident):
    make_checkin(resident)
    export = services.data_export_request(resident=resident, actor=resident.user)
    assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.QUEUED
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.content["profile"]["family_name"] == resident.family_name
    assert len(export.content["checkins"]) == 1
    assert export.content["checkins"][0]["who5_score"] == 60
