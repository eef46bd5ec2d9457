"""The resident's download holds every record about them, and what the engine does for them."""

import pytest

from meedoen.people.selectors import personal_data
from tests.advice.factories import AdviceFactory
from tests.evidence.factories import PersonalEstimateFactory
from tests.support.factories import EnrolmentFactory, OfferFactory, RatingFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_support_ratings_and_advice(resident, english):
    offer = OfferFactory(provider__municipality=resident.municipality, title="Buurtkeuken")
    enrolment = EnrolmentFactory(offer=offer, resident=resident, status="ended")
    RatingFactory(enrolment=enrolment, score=5, comment="Gezellig")
    AdviceFactory(resident=resident, explanation="Koken met buren past bij u.")
    data = personal_data(resident)
    assert data["support_chosen"][0]["offer"] == "Buurtkeuken"
    assert data["support_ratings"][0]["comment"] == "Gezellig"
    assert data["advice"][0]["explanation"] == "Koken met buren past bij u."
    assert data["profile_for_employers"] == [] and data["pilot_consents"] == []


def test_the_export_explains_the_engines_logic_and_its_estimates_for_the_resident(
    resident, english
):
    PersonalEstimateFactory(run__municipality=resident.municipality, resident=resident,
                            rule="work_goal:gt:0.5=>coaching")
    engine = personal_data(resident)["evidence_engine"]
    assert "months on social assistance" in engine["facts_it_learns_from"]
    assert "language" in engine["never_used"]
    (estimate,) = engine["estimates_for_you"]
    assert estimate["kind_of_support"] == "coaching" and estimate["estimate"] == 0.04
    assert estimate["rule"].startswith("Rule for people with: a goal on the way to paid work")
    assert estimate["what_drives_it"][0].startswith("months on social assistance (30)")


# Models that point at a resident and are in the export under their own key, or why not.
IN_THE_EXPORT = {
    "people.Consent", "people.SensitiveFacts", "people.ProfileChange", "people.Objection",
    "people.RightsRequest", "plans.Plan", "plans.CheckIn", "casework.Note",
    "evidence.PersonalEstimate",
    "people.DigidLink",  # only whether it is linked: the subject is a keyed hash
    "people.DataExport",  # the export itself
}


def test_every_record_that_points_at_a_resident_is_in_the_export():
    from django.apps import apps

    from meedoen.people.models import Resident
    from meedoen.people.selectors import OWN_RECORDS

    covered = IN_THE_EXPORT | {f"{app}.{model}" for _, app, model, _ in OWN_RECORDS}
    pointing = {model._meta.label for model in apps.get_models()
                for field in model._meta.fields
                if field.is_relation and field.related_model is Resident}
    assert pointing <= covered, f"not in the export: {sorted(pointing - covered)}"
