"""Demo employers for the synthetic municipality: organisations, roles, opportunities of
every kind, and pseudonymous profiles for some residents who opted in.

Called by the demo loader (``meedoen.demo``) after the residents exist. Everything is
synthetic; nothing is written to the processing log (it would describe nobody real).
"""

import random
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from meedoen.accounts.models import User
from meedoen.core.models import Municipality
from meedoen.employers.models import (
    CandidateProfile,
    Employer,
    Interest,
    JobRole,
    Opportunity,
    OpportunityKind,
    new_pseudonym,
)
from meedoen.employers.redesign import describe
from meedoen.matching.vocabulary import ADAPTATION_CODES, TASK_CODES
from meedoen.people.models import Resident

EMPLOYERS = [
    ("Groothandel Vink", "Groothandel in kantoorartikelen met een groot magazijn.", "logistiek",
     "Nieuwegein"),
    ("Zorgcentrum De Linde", "Zorg en wonen voor ouderen, midden in de wijk.", "zorg",
     "Utrecht"),
    ("Gemeentewerf Oost", "Onderhoud van parken, straten en gebouwen van de gemeente.",
     "openbare ruimte", "Zeist"),
    ("Fietsenmakerij Trapper", "Reparatie en verkoop van gebruikte fietsen.", "techniek",
     "Houten"),
]
ROLES = [
    ("Magazijnmedewerker", ["order_picking", "packing", "forklift", "warehouse"], 38),
    ("Receptionist", ["reception", "phone", "filing", "administration"], 32),
    ("Facilitair medewerker", ["cleaning", "technical_maintenance", "delivery"], 36),
]
# (employer index, kind, title, tasks, hours_min, hours_max, adaptations, support, places)
OPPORTUNITIES = [
    (0, OpportunityKind.REDESIGNED_JOB, "Medewerker inpakken en archiveren",
     ["packing", "filing"], 12, 24, ["fixed_structure", "written_instructions"],
     ["job_coach", "wage_subsidy"], 2),
    (0, OpportunityKind.REGULAR_VACANCY, "Orderpicker", ["order_picking", "warehouse"], 24, 38,
     [], [], 1),
    (1, OpportunityKind.VOLUNTEER_POST, "Gezelschap voor bewoners",
     ["elderly_company", "activity_support"], 2, 8, ["flexible_hours"], [], 4),
    (1, OpportunityKind.LEERWERKPLEK, "Leerwerkplek helpende zorg",
     ["care_support", "laundry"], 16, 24, ["job_coach", "fixed_structure"], ["job_coach"], 2),
    (2, OpportunityKind.BASISBAAN, "Basisbaan groenonderhoud",
     ["green_maintenance", "street_cleaning"], 20, 32, ["short_shifts", "job_coach"], [], 3),
    (3, OpportunityKind.TRIAL_PLACEMENT, "Proefplaatsing fietsenmaker", ["bike_repair"], 8, 20,
     ["quiet_workspace", "visual_instructions"], ["no_risk_policy"], 1),
]
NEAR_UTRECHT = ["Utrecht", "Zeist", "Nieuwegein", "Houten", "De Bilt", "Maarssen",
                "IJsselstein", "Bunnik"]


@transaction.atomic
def demo_employers_load(*, municipality: Municipality, employer_user: User,
                        residents: Sequence[Resident], seed: int) -> None:
    """Employers (``employer_user`` staff of the first), their opportunities, and profiles
    for about one in ten residents (always ``residents[0]``, the demo login), some of
    whom showed interest."""
    rng = random.Random(seed)
    now = timezone.now()
    employers = []
    for name, description, sector, place in EMPLOYERS:
        employer = Employer.objects.create(municipality=municipality, name=name,
                                           description=description, sector=sector, place=place)
        employers.append(employer)
    employers[0].members.add(employer_user)
    JobRole.objects.bulk_create(JobRole(employer=employers[0], name=name, tasks=tasks,
                                        hours_per_week=hours) for name, tasks, hours in ROLES)
    opportunities = []
    for index, kind, title, tasks, low, high, adaptations, support, places in OPPORTUNITIES:
        employer = employers[index]
        redesigned = kind == OpportunityKind.REDESIGNED_JOB
        opportunities.append(Opportunity(
            municipality=municipality, employer=employer, kind=kind, title=title,
            description=describe(tasks=tasks, hours_min=low, hours_max=high,
                                 place=employer.place, adaptations=adaptations,
                                 source_roles=[r[0] for r in ROLES[:2]] if redesigned else []),
            tasks=tasks, hours_min=low, hours_max=high, place=employer.place,
            adaptations=adaptations, support_wanted=support, places=places,
            source_roles=[r[0] for r in ROLES[:2]] if redesigned else [],
            status=Opportunity.Status.PUBLISHED, published_at=now))
    Opportunity.objects.bulk_create(opportunities)

    chosen = [residents[0], *rng.sample(list(residents[1:]), k=min(len(residents) - 1,
                                                                     len(residents) // 10))]
    profiles = []
    pseudonyms = _unique_pseudonyms(len(chosen))
    for resident, pseudonym in zip(chosen, pseudonyms, strict=True):
        low = rng.choice([4, 8, 12, 16, 20])
        profiles.append(CandidateProfile(
            municipality=municipality, resident=resident, pseudonym=pseudonym,
            skills=rng.sample(TASK_CODES, k=rng.randint(1, 4)),
            learn=rng.sample(TASK_CODES, k=rng.randint(0, 2)),
            wished_tasks=rng.sample(TASK_CODES, k=rng.randint(1, 3)),
            hours_min=low, hours_max=low + rng.choice([4, 8, 12, 16]),
            place=rng.choice(NEAR_UTRECHT), max_travel_km=rng.choice([5, 10, 15, 25]),
            adaptations=rng.sample(ADAPTATION_CODES, k=rng.choice([0, 0, 1, 2])),
            findable_for=rng.sample(OpportunityKind.values, k=rng.choice([0, 1, 2])),
        ))
    CandidateProfile.objects.bulk_create(profiles)
    # A third of them showed interest in one or two opportunities (not the demo login:
    # their choices are left to whoever tries the demo).
    interests = [
        Interest(municipality=municipality, profile=profile, opportunity=opportunity,
                 status=Interest.Status.INTERESTED, origin=Interest.Origin.RESIDENT)
        for profile in profiles[1:] if rng.random() < 1 / 3
        for opportunity in rng.sample(opportunities, k=rng.choice([1, 2]))
    ]
    Interest.objects.bulk_create(interests)


def _unique_pseudonyms(n: int) -> list[str]:
    """Pseudonyms for a bulk insert: unique among themselves and not yet in use (a bulk
    insert cannot retry one row, so a collision would stop the whole demo)."""
    taken = set(CandidateProfile.objects.values_list("pseudonym", flat=True))
    chosen: list[str] = []
    while len(chosen) < n:
        pseudonym = new_pseudonym()
        if pseudonym not in taken:
            taken.add(pseudonym)
            chosen.append(pseudonym)
    return chosen
