import pytest

from meedoen.accounts.roles import Role
from meedoen.employers import selectors
from meedoen.employers.demo import demo_employers_load
from meedoen.employers.models import CandidateProfile, Employer, Opportunity, OpportunityKind
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory
from tests.employers.factories import CandidateProfileFactory
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


def test_demo_pseudonyms_are_unique_even_when_the_random_draw_repeats(monkeypatch):
    # A bulk insert cannot retry one row: a repeated draw, or one already in use, must be
    # skipped before the insert (at 30,000 residents five random characters collided).
    town = MunicipalityFactory()
    residents = ResidentFactory.create_batch(30, municipality=town)
    CandidateProfileFactory(municipality=town, resident=residents[-1], pseudonym="K-TAKEN")
    draws = iter(["K-TAKEN", "K-A", "K-A", "K-B", "K-C", "K-D", "K-E"])
    monkeypatch.setattr("meedoen.employers.demo.new_pseudonym", lambda: next(draws))
    user = UserFactory(role=Role.EMPLOYER, municipality=town)
    demo_employers_load(municipality=town, employer_user=user, residents=residents[:-1],
                        seed=3)
    pseudonyms = list(CandidateProfile.objects.values_list("pseudonym", flat=True))
    assert len(pseudonyms) == len(set(pseudonyms)) == 4
    assert set(pseudonyms) == {"K-TAKEN", "K-A", "K-B", "K-C"}


def test_pseudonyms_are_long_enough_not_to_collide_between_many_profiles():
    from meedoen.employers.models import PSEUDONYM_ALPHABET, PSEUDONYM_LENGTH, new_pseudonym

    drawn = [new_pseudonym() for _ in range(1_000)]
    assert all(len(p) == 2 + PSEUDONYM_LENGTH and p.startswith("K-") for p in drawn)
    assert set("".join(p[2:] for p in drawn)) <= set(PSEUDONYM_ALPHABET)
    # Birthday bound: the chance that any two of 100,000 profiles share a pseudonym stays
    # below 5% (with five characters it was a near certainty).
    space = len(PSEUDONYM_ALPHABET) ** PSEUDONYM_LENGTH
    assert 100_000 ** 2 / (2 * space) < 0.05
