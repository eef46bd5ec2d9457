import pytest

from meedoen.accounts.roles import Role
from meedoen.employers import selectors
from meedoen.employers.demo import demo_employers_load
from meedoen.employers.models import CandidateProfile, Employer, Opportunity, OpportunityKind
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_demo_employers_offer_every_kind_and_residents_opt_in_under_a_pseudonym():
    town = MunicipalityFactory()
    residents = ResidentFactory.create_batch(20, municipality=town)
    user = UserFactory(role=Role.EMPLOYER, municipality=town)
    demo_employers_load(municipality=town, employer_user=user, residents=residents, seed=3)

    assert set(Opportunity.objects.values_list("kind", flat=True)) == set(
        OpportunityKind.values)
    assert Employer.objects.filter(members=user).count() == 1
    profiles = CandidateProfile.objects.all()
    assert residents[0].candidate_profile in profiles and profiles.count() == 3
    for opportunity in selectors.opportunities_of(user):  # every page renders its candidates
        for candidate in selectors.candidates(opportunity):
            assert candidate.profile.pseudonym.startswith("K-")
