"""Load a synthetic municipality (``meedoen.simulation``) into the database, with demo logins.

Everything is written in one transaction: an interrupted load leaves no half municipality.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.models import Municipality
from meedoen.demo.offers import OFFERS, PROVIDERS, QUALITY
from meedoen.employers.demo import demo_employers_load
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import Consent, Resident, SensitiveFacts
from meedoen.people.services import CONSENT_TEXT_VERSION
from meedoen.plans.models import CheckIn, Goal, Plan, PlanVersion, Step
from meedoen.plans.services import CheckInAnswers, checkin_build
from meedoen.privacy.services import processing_log_discard_synthetic
from meedoen.simulation.municipality import SyntheticMunicipality, generate_municipality
from meedoen.simulation.support_history import OfferSpec
from meedoen.support.models import Enrolment, ProgressReport, Provider, Rating, SupportOffer

DEMO_MUNICIPALITY = {"code": "GM9999", "name": "Gemeente Voorbeeld"}
BATCH = 5000


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    description: str


# The resident and professional logins are attached to the first synthetic person and their
# professional, so both see a full three-year history.
DEMO_LOGINS = (
    DemoLogin("inwoner", Role.RESIDENT, "resident with three years of plans and check-ins"),
    DemoLogin("regisseur", Role.PROFESSIONAL, "professional (klantregisseur) of 'inwoner'"),
    DemoLogin("aanbieder", Role.PROVIDER, "provider staff"),
    DemoLogin("werkgever", Role.EMPLOYER, "employer staff"),
    DemoLogin("analist", Role.ANALYST, "analyst / policy maker"),
    DemoLogin("beheer", Role.ADMIN, "administrator (Django admin)"),
)


def _dates(series: pd.Series) -> list[datetime.date | None]:
    return [None if pd.isna(value) else value for value in series.dt.date]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def demo_municipality_load(
    *,
    n_people: int,
    seed: int,
    password: str | None,
    end: datetime.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Municipality:
    """Replace the demo municipality with a freshly generated one of ``n_people`` residents."""
    report = progress or (lambda stage, done, total: None)
    end = end or timezone.localdate()
    municipality_delete(code=DEMO_MUNICIPALITY["code"])
    municipality = Municipality.objects.create(**DEMO_MUNICIPALITY)

    town = generate_municipality(
        n_people=n_people, seed=seed, end=end, offers=offer_specs(),
        progress=lambda done, total: report("generate", done, total),
    )
    professionals = _load_professionals(municipality, town)
    residents = _load_residents(municipality, town, professionals, report)
    _load_sensitive_facts(municipality, town, residents)
    _load_checkin_consents(municipality, town, residents)
    _load_plans(municipality, town, residents, report)
    _load_checkins(municipality, town, residents, report)
    providers = _load_offers(municipality)
    _load_enrolments(municipality, town, residents, seed, end)
    employer = _create_logins(municipality, residents[0],
                              professionals[int(town.people.professional_id[0])], password,
                              providers[0])
    if employer is not None:
        demo_employers_load(municipality=municipality, employer_user=employer,
                            residents=residents, seed=seed)
    return municipality


def refresh_planner_statistics() -> None:
    """After a bulk load, let the database re-count its tables (PostgreSQL's ANALYZE; the
    autovacuum would do it only later). With stale counts the planner chose plans that took
    seconds instead of milliseconds for a freshly loaded town of 30,000."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def municipality_delete(*, code: str) -> None:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        return
    from meedoen.casework.models import Note
    from meedoen.people.models import DataExport
    from meedoen.plans.models import CheckIn, Proposal

    # Leaves first, so each delete is one SQL statement instead of Django collecting
    # hundreds of thousands of cascaded rows in memory.
    in_town = {"municipality": municipality}
    processing_log_discard_synthetic(municipality_id=municipality.pk)
    CheckIn.objects.filter(**in_town).delete()
    Enrolment.objects.filter(**in_town).delete()
    SupportOffer.objects.filter(**in_town).delete()
    Provider.objects.filter(**in_town).delete()
    Note.objects.filter(**in_town).delete()
    Proposal.objects.filter(plan__municipality=municipality).delete()
    PlanVersion.objects.filter(plan__municipality=municipality).delete()
    Step.objects.filter(goal__plan__municipality=municipality).delete()
    Goal.objects.filter(plan__municipality=municipality).delete()
    Plan.objects.filter(**in_town).delete()
    SensitiveFacts.objects.filter(**in_town).delete()
    Consent.objects.filter(**in_town).delete()
    DataExport.objects.filter(**in_town).delete()
    _delete_remaining_tenant_rows(municipality)
    User.objects.filter(**in_town).delete()
    municipality.delete()


def _delete_remaining_tenant_rows(municipality: Municipality) -> None:
    """Every other app's rows of the town, in whatever order their protections allow (apps
    added later need no change here). The base manager also removes append-only records:
    the town is synthetic, so its records go with it."""
    from django.apps import apps
    from django.db.models import ProtectedError, RestrictedError

    from meedoen.core.models import TenantModel

    remaining = [model for model in apps.get_models()
                 if issubclass(model, TenantModel) and not model._meta.proxy]
    while remaining:
        blocked = []
        for model in remaining:
            rows = model._base_manager.filter(municipality=municipality)
            try:
                if rows.exists():
                    rows.delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if len(blocked) == len(remaining):
            raise RuntimeError(f"Cannot delete the rows of {[m.__name__ for m in blocked]}")
        remaining = blocked


def _load_professionals(municipality: Municipality, town: SyntheticMunicipality) -> list[User]:
    unusable = make_password(None)
    users = [
        User(
            username=f"{municipality.code.lower()}-prof-{int(row.professional_id)}",
            first_name=row.given_name,
            last_name=row.family_name,
            role=Role.PROFESSIONAL,
            municipality=municipality,
            password=unusable,
        )
        for row in town.professionals.itertuples()
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def _load_residents(municipality, town, professionals, report) -> list[Resident]:
    people = town.people
    births, starts = _dates(people.birth_date), _dates(people.benefit_start)
    residents = [
        Resident(
            municipality=municipality,
            given_name=row.given_name,
            family_name=row.family_name,
            birth_date=births[i],
            household=row.household,
            education=row.education,
            language_level=row.dutch_language_level,
            benefit_start=starts[i],
            professional=professionals[int(row.professional_id)],
        )
        for i, row in enumerate(people.itertuples())
    ]
    created = []
    for start in range(0, len(residents), BATCH):
        created += Resident.objects.bulk_create(residents[start:start + BATCH])
        report("residents", len(created), len(residents))
    return created


def _load_sensitive_facts(municipality, town, residents) -> None:
    people = town.people[town.people.consent_sensitive.astype(bool)]
    now = timezone.now()
    consents = Consent.objects.bulk_create(
        [
            Consent(municipality=municipality, resident=residents[int(pid)],
                    purpose=ConsentPurpose.SENSITIVE_FACTS, text_version=CONSENT_TEXT_VERSION,
                    given_at=now)
            for pid in people.person_id
        ],
        batch_size=BATCH,
    )
    SensitiveFacts.objects.bulk_create(
        [
            SensitiveFacts(municipality=municipality, resident=residents[int(row.person_id)],
                           consent=consent, health_limitation=row.health_limitation,
                           care_duties=bool(row.care_duties), debts=bool(row.debts))
            for row, consent in zip(people.itertuples(), consents, strict=True)
        ],
        batch_size=BATCH,
    )


def _load_checkin_consents(municipality, town, residents) -> None:
    # Synthetic people consented to storing their check-ins when they made their first one.
    first = town.checkins.groupby("person_id").date.min()
    Consent.objects.bulk_create(
        [
            Consent(municipality=municipality, resident=residents[int(pid)],
                    purpose=ConsentPurpose.CHECKINS, text_version=CONSENT_TEXT_VERSION,
                    given_at=_aware(day))
            for pid, day in zip(first.index, _dates(first), strict=True)
        ],
        batch_size=BATCH,
    )


def _load_plans(municipality, town, residents, report) -> None:
    plans_frame = town.plans
    reviews, agreed = _dates(plans_frame.review_date), _dates(plans_frame.agreed_on)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                municipality=municipality,
                resident=residents[int(row.person_id)],
                review_date=reviews[i],
                version=int(row.version),
                agreed_version=int(row.version) if agreed[i] else None,
                agreed_at=_aware(agreed[i]) if agreed[i] else None,
            )
            for i, row in enumerate(plans_frame.itertuples())
        ],
        batch_size=BATCH,
    )
    plan_of = {int(pid): plan for pid, plan in zip(plans_frame.person_id, plans, strict=True)}
    report("plans", len(plans), len(plans))

    goal_rows = list(town.goals.itertuples())
    goals = Goal.objects.bulk_create(
        [Goal(plan=plan_of[int(row.person_id)], route=row.route, own_words=row.own_words)
         for row in goal_rows],
        batch_size=BATCH,
    )
    goal_of = {(int(row.person_id), int(row.goal_no)): goal
               for row, goal in zip(goal_rows, goals, strict=True)}
    Step.objects.bulk_create(
        [Step(goal=goal_of[(int(row.person_id), int(row.goal_no))],
              description=row.description, done=bool(row.done))
         for row in town.steps.itertuples()],
        batch_size=BATCH,
    )
    _load_plan_versions(plans, goal_rows, goals, town.steps)


def _load_plan_versions(plans, goal_rows, goals, steps_frame) -> None:
    steps_by_goal: dict[tuple[int, int], list[dict]] = {}
    for row in steps_frame.itertuples():
        steps_by_goal.setdefault((int(row.person_id), int(row.goal_no)), []).append(
            {"description": row.description, "done": bool(row.done)})
    goals_by_plan: dict[int, list[dict]] = {}
    for row, goal in zip(goal_rows, goals, strict=True):
        goals_by_plan.setdefault(goal.plan_id, []).append({
            "id": goal.pk, "route": goal.route, "own_words": goal.own_words,
            "steps": steps_by_goal.get((int(row.person_id), int(row.goal_no)), []),
        })
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan, number=plan.version, change=PlanVersion.Change.IMPORTED,
                snapshot={"review_date": plan.review_date.isoformat() if plan.review_date
                          else None, "goals": goals_by_plan.get(plan.pk, [])},
            )
            for plan in plans if plan.version > 0
        ],
        batch_size=BATCH,
    )


def _load_checkins(municipality, town, residents, report) -> None:
    frame = town.checkins
    total = len(frame)
    participation = ["social_contact", "organised_activities", "learning", "volunteering",
                     "informal_care", "paid_work_supported", "paid_work_unsupported"]
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    dates = _dates(frame.date)
    who5 = np.stack([columns[f"who5_{i}"] for i in range(1, 6)], axis=1).astype(int)
    mastery = np.stack([columns[f"mastery_{i}"] for i in range(1, 8)], axis=1).astype(int)
    done = 0
    for start in range(0, total, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, total)):
            satisfaction = columns["satisfaction"][i]
            answers = CheckInAnswers(
                date=dates[i],
                participation={name: bool(columns[name][i]) for name in participation},
                work_hours_per_week=float(columns["work_hours_per_week"][i]),
                earnings_per_month=float(columns["earnings_per_month"][i]),
                benefit_independent=bool(columns["benefit_independent"][i]),
                who5=tuple(int(v) for v in who5[i]),
                self_rated_health=int(columns["self_rated_health"][i]),
                mastery=tuple(int(v) for v in mastery[i]),
                satisfaction=None if pd.isna(satisfaction) else round(float(satisfaction)),
            )
            batch.append(checkin_build(
                resident=residents[int(columns["person_id"][i])], answers=answers,
                with_professional=bool(columns["with_professional"][i]), recorded_by=None,
            ))
        CheckIn.objects.bulk_create(batch)
        done += len(batch)
        report("check-ins", done, total)


def _load_offers(municipality: Municipality) -> list[Provider]:
    providers = [Provider.objects.create(municipality=municipality, name=name, description=text)
                 for name, text in PROVIDERS]
    SupportOffer.objects.bulk_create([
        SupportOffer(
            municipality=municipality, provider=providers[p], title=title, instrument=instrument,
            routes=routes, duration_weeks=weeks, hours_per_week=hours, capacity=capacity,
            cost_per_person=cost, description=text, location=where, travel=travel,
            accessibility=access,
        )
        for (p, title, instrument, routes, weeks, hours, capacity, cost, text, where, travel,
             access) in OFFERS
    ])
    return providers


def offer_specs() -> list[OfferSpec]:
    """The demo offers as the generator sees them, in the order they are created."""
    return [OfferSpec(instrument=instrument, routes=tuple(routes), duration_weeks=weeks,
                      capacity=capacity, quality=QUALITY[title])
            for (_p, title, instrument, routes, weeks, _h, capacity, *_rest) in OFFERS]


def _load_enrolments(municipality, town, residents, seed: int, end: datetime.date) -> None:
    """The support residents chose in the past (from the generator, with its effects in the
    check-ins), and waiting lists for offers that are full today.

    The demo resident's own history is left out, so the pages start from a clean choice.
    """
    offers = list(SupportOffer.objects.filter(municipality=municipality).order_by("pk"))
    history = town.enrolments[town.enrolments.person_id != 0]
    rows, reports = [], []
    for person, index, start, stop in zip(history.person_id, history.offer,
                                          _dates(history.start), _dates(history.end),
                                          strict=True):
        ended = stop <= end
        rows.append(Enrolment(
            municipality=municipality, resident=residents[int(person)], offer=offers[index],
            status=Enrolment.Status.ENDED if ended else Enrolment.Status.ACTIVE,
            started_at=_aware(start), ended_at=_aware(stop) if ended else None))
    Enrolment.objects.bulk_create(rows, batch_size=BATCH)
    # chosen_at is set on creation; a past choice was made on its start day.
    for row in rows:
        row.chosen_at = row.started_at
        reports.append(ProgressReport(enrolment=row, kind=ProgressReport.Kind.STARTED))
        if row.status == Enrolment.Status.ENDED:
            reports.append(ProgressReport(enrolment=row, kind=ProgressReport.Kind.ENDED))
    Enrolment.objects.bulk_update(rows, ["chosen_at"], batch_size=BATCH)
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    _load_ratings(municipality, rows, np.random.default_rng([seed, 3]))

    # Full offers today get a short waiting list of people whose goals fit (drawn at random).
    rng = np.random.default_rng(seed)
    routes_of = town.goals.groupby("person_id").route.agg(set)
    busy = set(history.person_id.tolist()) | {0}
    waiting = []
    for offer in offers:
        active = sum(1 for r in rows if r.offer_id == offer.pk
                     and r.status == Enrolment.Status.ACTIVE)
        if active < offer.capacity:
            continue
        fits = [pid for pid, routes in routes_of.items()
                if routes & set(offer.routes) and pid not in busy]
        for pid in rng.permutation(fits)[: max(2, offer.capacity // 4)]:
            busy.add(int(pid))
            waiting.append(Enrolment(municipality=municipality, resident=residents[int(pid)],
                                     offer=offer, status=Enrolment.Status.WAITING))
    Enrolment.objects.bulk_create(waiting, batch_size=BATCH)


def _load_ratings(municipality, enrolments, rng) -> None:
    """About half of the people who finished a support rated it (synthetic): better offers
    get somewhat higher marks, with a lot of personal variation."""
    quality = {offer.pk: QUALITY[offer.title] for offer in
               SupportOffer.objects.filter(municipality=municipality)}
    ended = [e for e in enrolments if e.status == Enrolment.Status.ENDED]
    rates = rng.random(len(ended)) < 0.5
    marks = np.clip(np.rint(3.6 + 1.2 * (np.array([quality[e.offer_id] for e in ended]) - 1.0)
                            + rng.normal(0.0, 0.9, len(ended))), 1, 5)
    Rating.objects.bulk_create(
        [Rating(municipality=municipality, enrolment=e, score=int(mark))
         for e, mark, rated in zip(ended, marks, rates, strict=True) if rated],
        batch_size=BATCH)


def _create_logins(municipality, resident, professional, password, provider) -> User | None:
    """The demo logins; returns the employer login (None without a password)."""
    if not password:
        return None
    hashed = make_password(password)
    employer = None
    for login in DEMO_LOGINS:
        User.objects.filter(username=login.username).delete()
        if login.role == Role.PROFESSIONAL:
            # The professional login takes over the synthetic professional, with their caseload.
            professional.username = login.username
            professional.password = hashed
            professional.save(update_fields=["username", "password"])
            continue
        user = User.objects.create(
            username=login.username, password=hashed, role=login.role,
            municipality=municipality,
            first_name=(resident.given_name if login.role == Role.RESIDENT
                        else login.username.title()),
            last_name=resident.family_name if login.role == Role.RESIDENT else "Demo",
            is_staff=login.role == Role.ADMIN, is_superuser=login.role == Role.ADMIN,
        )
        if login.role == Role.RESIDENT:
            resident.user = user
            resident.save(update_fields=["user"])
        elif login.role == Role.PROVIDER:
            provider.staff.add(user)
        elif login.role == Role.EMPLOYER:
            employer = user
    return employer
