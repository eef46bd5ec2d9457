import factory
from django.utils import timezone

from meedoen.accounts.roles import Role
from meedoen.employers.models import (
    AllocationRound,
    CandidateProfile,
    Employer,
    Interest,
    JobRole,
    Opportunity,
)
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Werkgever {n}")
    place = "Utrecht"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create:
            self.members.add(*(extracted or [UserFactory(role=Role.EMPLOYER,
                                                         municipality=self.municipality)]))


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Functie {n}")
    tasks = factory.LazyFunction(lambda: ["packing", "sorting", "warehouse"])
    hours_per_week = 36


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.SelfAttribute("employer.municipality")
    kind = "redesigned_job"
    title = factory.Sequence(lambda n: f"Kans {n}")
    description = "Vaste taken in een rustig team."
    tasks = factory.LazyFunction(lambda: ["packing", "sorting"])
    hours_min = 12
    hours_max = 24
    place = "Utrecht"
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    resident = factory.SubFactory(ResidentFactory)
    municipality = factory.SelfAttribute("resident.municipality")
    skills = factory.LazyFunction(lambda: ["packing"])
    wished_tasks = factory.LazyFunction(lambda: ["sorting"])
    hours_min = 16
    hours_max = 24
    place = "Zeist"
    max_travel_km = 15
    findable_for = factory.LazyFunction(list)


def access_matrix_objects(municipality, resident, professional) -> dict:
    """One employer (with the professional as its employer service), its role, a published
    basisbaan, the resident's findable profile with interest in it, and a round: the
    objects tests/accounts/test_access_matrix.py walks for the employers' URLs."""
    employer = EmployerFactory(municipality=municipality)
    staff = employer.members.get()
    employer.members.add(professional)
    opportunity = OpportunityFactory(employer=employer, kind="basisbaan")
    profile = CandidateProfileFactory(resident=resident, findable_for=["basisbaan"])
    interest = Interest.objects.create(municipality=municipality, profile=profile,
                                       opportunity=opportunity, status="interested",
                                       origin="resident")
    allocation_round = AllocationRound.objects.create(
        municipality=municipality, run_by=professional, people=1, places=1, placed=0,
        stable=True, seed=1)
    return {"employer_id": employer.pk, "role_id": JobRoleFactory(employer=employer).pk,
            "opportunity_id": opportunity.pk, "profile_id": profile.pk,
            "interest_id": interest.pk, "round_id": allocation_round.pk,
            "employer_staff": staff}
