import pytest
from django.urls import reverse

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people import selectors, services
from meedoen.people.models import ProfileChange

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_correction_keeps_the_old_value_who_and_when(resident):
    services.resident_rectify(resident=resident, actor=resident.user,
                              changes={"household": "single_parent", "education": "middle"})
    resident.refresh_from_db()
    assert resident.household == "single_parent"
    change = ProfileChange.objects.get()  # education was already 'middle': no change kept
    assert (change.field, change.old_value, change.new_value) == (
        "household", "single", "single_parent")
    assert change.changed_by == resident.user
    assert change.old_label == "single" and change.new_label == "single parent"


def test_only_the_resident_corrects_and_only_the_allowed_facts(resident, professional):
    with pytest.raises(NotAllowed):
        services.resident_rectify(resident=resident, actor=professional,
                                  changes={"household": "couple"})
    with pytest.raises(DomainError, match="family_name"):
        services.resident_rectify(resident=resident, actor=resident.user,
                                  changes={"family_name": "Anders"})
    assert not ProfileChange.objects.exists()


def test_an_objection_takes_effect_at_once_and_can_be_ended(resident):
    services.objection_set(resident=resident, actor=resident.user, use="learning",
                           objects=True)
    objecting = set(selectors.residents_objecting_to("learning").values_list(
        "resident_id", flat=True))
    assert objecting == {resident.pk}
    services.objection_set(resident=resident, actor=resident.user, use="learning",
                           objects=False)
    assert not selectors.residents_objecting_to("learning").exists()
    assert resident.objections.get().ended_at is not None  # history kept


def test_the_page_saves_corrections_and_objections(client, resident):
    client.force_login(resident.user)
    client.post(reverse("people:rectify"), {"household": "couple", "education": "low",
                                            "language_level": "b1"})
    client.post(reverse("people:objection"), {"advice": "on"})
    html = client.get(reverse("people:my_data")).content.decode()
    assert "stel zonder kinderen" in html  # the correction, shown as words
    assert selectors.open_objections(resident) == {"advice"}
