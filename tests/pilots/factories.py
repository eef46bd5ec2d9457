import datetime

import factory
import numpy as np

from meedoen.accounts.roles import Role
from meedoen.pilots import services
from meedoen.pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import make_checkin
from tests.support.factories import OfferFactory


class AnalystFactory(UserFactory):
    role = Role.ANALYST


class PilotFactory(factory.django.DjangoModelFactory):
    """A draft pilot: IPS-like offer against usual support, on paid work."""

    class Meta:
        model = Pilot

    offer_a = factory.SubFactory(OfferFactory, instrument="supported_employment", capacity=500)
    municipality = factory.SelfAttribute("offer_a.municipality")
    offer_b = None
    title = factory.Sequence(lambda n: f"Pilot {n}")
    hypothesis = "Jobcoaching helpt meer mensen aan betaald werk dan de gewone ondersteuning."
    outcome = "paid_work_6m"
    baseline = 0.2
    minimal_effect = 0.4
    sample_size_per_arm = factory.LazyAttribute(lambda p: services.sample_size_per_arm(
        outcome=p.outcome, baseline=p.baseline, minimal_effect=p.minimal_effect))


def residents(municipality, count: int) -> list:
    return [ResidentFactory(municipality=municipality) for _ in range(count)]


def join_all(pilot, people) -> None:
    for resident in people:
        services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user, join=True)


def paid_work_checkin(resident, date: datetime.date, working: bool):
    return make_checkin(resident, date=date,
                        participation={"social_contact": True, "paid_work_supported": working})


def draw_paid_work(allocations, *, rates: dict[str, float], seed: int,
                   date: datetime.date) -> None:
    """A check-in at 6 months for each participant; in work with the rate of their arm."""
    rng = np.random.default_rng(seed)
    for allocation in sorted(allocations, key=lambda a: a.resident_id):
        working = bool(rng.random() < rates[allocation.arm])
        paid_work_checkin(allocation.resident, date, working)


def registered_pilot(offer) -> Pilot:
    """A registered pilot of the offer's municipality, open to all its residents."""
    pilot = PilotFactory(offer_a=offer)
    return services.pilot_register(pilot=pilot, actor=AnalystFactory(
        municipality=offer.municipality))
