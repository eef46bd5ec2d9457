import pytest
from django.urls import reverse

from meedoen.plans import services as plan_services
from meedoen.privacy.models import ImmutableError, ProcessingLogEntry
from meedoen.privacy.services import read
from tests.people.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def lines(resident, **filters):
    return ProcessingLogEntry.objects.filter(subject_id=resident.pk, **filters)


def test_a_caseload_view_writes_one_line_per_person_shown(client, professional):
    people = [ResidentFactory(municipality=professional.municipality, professional=professional)
              for _ in range(3)]
    client.force_login(professional)
    client.get(reverse("casework:caseload"))
    for person in people:
        line = lines(person).get()
        assert (line.activity, line.operation, line.actor) == ("caseload", "read", professional)
    assert len({line.trace_id for line in ProcessingLogEntry.objects.all()}) == 1


def test_opening_a_persons_page_and_changing_their_plan_are_logged(client, resident,
                                                                   professional):
    client.force_login(professional)
    client.get(reverse("casework:person", args=[resident.pk]))
    plan = plan_services.plan_get_or_create(resident=resident)
    plan_services.goal_add(plan=plan, actor=resident.user, expected_version=0,
                           route="education", own_words="Taalles")
    assert list(lines(resident).order_by("at", "id").values_list("activity", "operation")) == [
        ("person_page", "read"), ("plan_change", "write")]


def test_a_log_line_can_be_neither_changed_nor_deleted(resident, professional):
    read(actor=professional, activity="person_page", residents=[resident])
    line = lines(resident).get()
    line.activity = "caseload"
    with pytest.raises(ImmutableError):
        line.save()
    with pytest.raises(ImmutableError):
        line.delete()
    with pytest.raises(ImmutableError):
        ProcessingLogEntry.objects.all().delete()
    with pytest.raises(ImmutableError):
        ProcessingLogEntry.objects.update(activity="caseload")
    assert lines(resident).get().activity == "person_page"


def test_the_resident_sees_who_used_their_data_and_why(client, resident, professional):
    professional.first_name, professional.last_name = "Karin", "Jansen"
    professional.save()
    read(actor=professional, activity="person_page", residents=[resident])
    client.force_login(resident.user)
    html = client.get(reverse("people:my_data")).content.decode()
    assert "Karin Jansen" in html
    assert "bekeek uw plan en check-ins" in html
