import datetime

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from meedoen.accounts.models import User
from meedoen.core.models import Municipality
from meedoen.demo.services import DEMO_LOGINS, demo_municipality_load
from meedoen.people.models import Consent, Resident, SensitiveFacts
from meedoen.plans import outcomes
from meedoen.plans.models import CheckIn, Goal, Plan, Step
from meedoen.simulation.municipality import generate_municipality

pytestmark = pytest.mark.django_db
END = datetime.date(2026, 11, 1)


@pytest.fixture
def town():
    return generate_municipality(n_people=60, seed=3, end=END)


def load(**kwargs) -> Municipality:
    return demo_municipality_load(n_people=60, seed=3, end=END, **kwargs)


def test_demo_load_writes_every_generated_record(town):
    municipality = load(password=None)
    assert Resident.objects.filter(municipality=municipality).count() == len(town.people)
    assert Plan.objects.count() == len(town.plans)
    assert Goal.objects.count() == len(town.goals)
    assert Step.objects.count() == len(town.steps)
    assert CheckIn.objects.count() == len(town.checkins)
    consenting = int(town.people.consent_sensitive.sum())
    assert SensitiveFacts.objects.count() == consenting
    assert Consent.objects.filter(purpose="checkins").count() == town.checkins.person_id.nunique()


def test_demo_scores_are_computed_like_a_checkin_made_on_the_site(town):
    load(password=None)
    first = town.checkins.iloc[0]
    stored = CheckIn.objects.filter(resident__family_name=town.people.family_name[0]).order_by(
        "date").first()
    assert stored.who5_score == outcomes.who5_score([int(first[f"who5_{i}"]) for i in range(1, 6)])
    assert stored.mastery_score == outcomes.mastery_score(
        [int(first[f"mastery_{i}"]) for i in range(1, 8)])


def test_demo_logins_exist_for_every_role_and_reload_replaces_the_town():
    load(password="demo-wachtwoord-2026")
    request = RequestFactory().post("/inloggen")
    for login in DEMO_LOGINS:
        user = authenticate(request, username=login.username, password="demo-wachtwoord-2026")
        assert user is not None and user.role == login.role
    resident_user = User.objects.get(username="inwoner")
    professional = User.objects.get(username="regisseur")
    assert resident_user.resident.professional == professional
    assert resident_user.resident.checkins.exists()
    load(password="demo-wachtwoord-2026")
    assert Municipality.objects.count() == 1
    assert Resident.objects.count() == 60


def test_demo_without_password_creates_no_logins():
    load(password=None)
    assert not User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]).exists()


def test_demo_enrolments_fit_goals_and_never_exceed_capacity():
    from meedoen.support.models import Enrolment, SupportOffer

    load(password=None)
    assert Enrolment.objects.exists()
    for offer in SupportOffer.objects.all():
        active = offer.enrolments.filter(status="active")
        assert active.count() <= offer.capacity
        for enrolment in offer.enrolments.select_related("resident__plan"):
            routes = set(enrolment.resident.plan.goals.values_list("route", flat=True))
            assert routes & set(offer.routes)


def test_demo_town_has_the_generators_support_history_with_ratings_and_waiting_lists():
    from meedoen.demo.services import offer_specs
    from meedoen.support.models import Enrolment, Rating

    municipality = demo_municipality_load(n_people=400, seed=3, end=END, password=None)
    history = generate_municipality(n_people=400, seed=3, end=END,
                                    offers=offer_specs()).enrolments
    started = Enrolment.objects.filter(municipality=municipality, started_at__isnull=False)
    assert started.count() == int((history.person_id != 0).sum()) > 0
    assert started.filter(status="ended").exists()
    # Ratings only for support people finished.
    assert Rating.objects.exists()
    assert not Rating.objects.exclude(enrolment__status="ended").exists()
    first = Resident.objects.filter(municipality=municipality).order_by("pk").first()
    assert not started.filter(resident=first).exists()  # the demo login starts afresh
