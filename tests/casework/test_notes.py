import pytest
from django.urls import reverse

from meedoen.casework.models import Note
from meedoen.casework.services import note_add
from meedoen.core.errors import NotAllowed
from tests.accounts.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def test_a_note_is_visible_to_the_resident_by_default(client, resident, professional):
    client.force_login(professional)
    response = client.post(reverse("casework:note_add", args=[resident.pk]),
                           {"text": "Goed gesprek gehad", "visible_to_resident": "on"})
    assert response.status_code == 302
    assert Note.objects.get().visible_to_resident
    client.force_login(resident.user)
    assert "Goed gesprek gehad" in client.get(reverse("people:my_data")).content.decode()


def test_a_private_note_does_not_show_on_the_residents_page(client, resident, professional):
    note_add(resident=resident, author=professional, text="Werkaantekening",
             visible_to_resident=False)
    client.force_login(resident.user)
    assert "Werkaantekening" not in client.get(reverse("people:my_data")).content.decode()


def test_only_the_persons_own_professional_writes_notes(resident, municipality):
    colleague = ProfessionalFactory(municipality=municipality)
    with pytest.raises(NotAllowed):
        note_add(resident=resident, author=colleague, text="x", visible_to_resident=True)
