import datetime

import factory

from meedoen.plans.models import CheckIn, Goal, Plan, Step
from meedoen.plans.services import CheckInAnswers, checkin_build
from tests.people.factories import ResidentFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    resident = factory.SubFactory(ResidentFactory)
    municipality = factory.SelfAttribute("resident.municipality")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    route = "volunteering"
    own_words = "Ik wil helpen bij de voedselbank"


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    description = "Bellen met de coördinator"


def answers(**overrides) -> CheckInAnswers:
    values = {
        "date": datetime.date(2026, 1, 15),
        "participation": {"social_contact": True},
        "work_hours_per_week": 0.0,
        "earnings_per_month": 0.0,
        "benefit_independent": False,
        "who5": (3, 3, 3, 3, 3),
        "self_rated_health": 3,
        "mastery": (2, 2, 2, 3, 2, 3, 2),
        "satisfaction": 7,
    }
    values.update(overrides)
    return CheckInAnswers(**values)


def make_checkin(resident, **overrides) -> CheckIn:
    checkin = checkin_build(resident=resident, answers=answers(**overrides),
                            with_professional=False, recorded_by=resident.user)
    checkin.save()
    return checkin
