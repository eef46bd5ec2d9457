"""Reads for support: the catalogue a resident explores, and a provider's own participants."""

from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.charts import format_number
from meedoen.core.models import Municipality
from meedoen.evidence.episodes import HORIZON_MONTHS, WINDOW_DAYS
from meedoen.evidence.models import EngineRun, OfferEstimate
from meedoen.evidence.refusals import refusal_text
from meedoen.evidence.run_selectors import latest_ready_run, offer_estimates
from meedoen.evidence.selectors import instrument_page
from meedoen.insights.outcomes import MIN_CELL
from meedoen.people.models import Resident
from meedoen.people.selectors import residents_left_out_of
from meedoen.plans.models import CheckIn, Goal
from meedoen.support.draws import draw_order
from meedoen.support.models import (
    Enrolment,
    Lottery,
    LotteryEntry,
    Provider,
    Rating,
    SupportOffer,
)

MAX_COMPARE = 3


def _with_places(offers: QuerySet) -> QuerySet:
    return offers.select_related("provider").annotate(
        taking_part=Count("enrolments", filter=Q(enrolments__status="active")),
        waiting=Count("enrolments", filter=Q(enrolments__status="waiting")),
    )


def resident_routes(resident: Resident) -> set[str]:
    return set(Goal.objects.filter(plan__resident=resident).values_list("route", flat=True))


def catalogue(resident: Resident, *, routes: set[str] | None = None,
              instrument: str = "") -> list[SupportOffer]:
    """Open offers in the resident's municipality; ``routes`` keeps those that help with one."""
    offers = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, active=True))
    if instrument:
        offers = offers.filter(instrument=instrument)
    # Routes are a short JSON list per offer and a municipality has few offers, so the
    # filter runs here rather than as a JSON query that SQLite and PostgreSQL spell apart.
    return [offer for offer in offers if routes is None or routes & set(offer.routes)]


def offers_to_compare(resident: Resident, ids: list[int]) -> list[SupportOffer]:
    offers = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, pk__in=ids[:MAX_COMPARE]))
    return sorted(offers, key=lambda offer: ids.index(offer.pk))


def offer_for_resident(resident: Resident, offer_id: int) -> SupportOffer:
    offer = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, pk=offer_id)).first()
    if offer is None:
        raise Http404
    return offer


def enrolments_of(resident: Resident) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(resident=resident).select_related("offer__provider",
                                                                      "switched_to__offer")


def open_enrolments(resident: Resident) -> list[Enrolment]:
    return list(enrolments_of(resident).filter(status__in=Enrolment.OPEN))


def open_enrolment(resident: Resident, enrolment_id: int) -> Enrolment:
    enrolment = enrolments_of(resident).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    return enrolment


def providers_of(staff: User) -> QuerySet[Provider]:
    return Provider.objects.filter(staff=staff, municipality_id=staff.municipality_id)


def offers_of(staff: User) -> QuerySet[SupportOffer]:
    return _with_places(SupportOffer.objects.filter(provider__staff=staff,
                                                    municipality_id=staff.municipality_id))


def participants_of(staff: User) -> QuerySet[Enrolment]:
    """Only the people who chose one of this provider's offers, and only while it runs."""
    return (
        Enrolment.objects.filter(offer__provider__staff=staff,
                                 municipality_id=staff.municipality_id,
                                 status__in=Enrolment.OPEN)
        .select_related("resident", "offer")
        .order_by("offer__title", "status", "chosen_at")
    )


def participant_for_staff(staff: User, enrolment_id: int) -> Enrolment:
    if staff.role != Role.PROVIDER:
        raise Http404
    enrolment = participants_of(staff).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    return enrolment


def offer_for_staff(staff: User, offer_id: int) -> SupportOffer:
    offer = offers_of(staff).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


def public_offers(municipality_code: str, *, instrument: str = "") -> QuerySet[SupportOffer]:
    """Open offers of a municipality, as published openly (no personal data)."""
    offers = _with_places(SupportOffer.objects.filter(municipality__code=municipality_code,
                                                      active=True))
    if instrument:
        offers = offers.filter(instrument=instrument)
    return offers.order_by("title", "pk")


# --------------------------------------------------------------------------------------
# Quality cards
# --------------------------------------------------------------------------------------
#
# A card puts three things side by side, on the core outcome set: how participants rate the
# support, what happened to them about six months after they started (raw), and what the
# evidence engine estimates the support ADDED for them compared with similar people who had
# no support. Raw rates are never the quality measure on their own: they reward taking on
# people who would have done well anyway (cream-skimming). Every cell describing fewer than
# MIN_CELL people is suppressed, as on the outcomes dashboard.


@dataclass(frozen=True)
class AddedValue:
    """The engine's estimate for one outcome, or the reason why there is none."""

    outcome: str
    label: str
    kind: str  # "share" (0..1, shown in percentage points) or "points" (on the scale)
    participants: int
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    withheld: str = ""
    withheld_code: str = ""

    @property
    def has_number(self) -> bool:
        return self.estimate is not None and not self.withheld

    def _text(self, value: float) -> str:
        scaled = value * 100 if self.kind == "share" else value
        decimals = 0 if self.kind == "share" else 1
        number = format_number(abs(scaled), decimals)
        rounded = round(scaled, decimals)
        sign = "+" if rounded > 0 else ("\u2212" if rounded < 0 else "")  # a real minus sign
        return f"{sign}{number}"

    @property
    def unit(self) -> str:
        return str(_("percentage points") if self.kind == "share" else _("points"))

    @property
    def text(self) -> str:
        return f"{self._text(self.estimate)} {self.unit}" if self.has_number else ""

    @property
    def interval(self) -> str:
        if not self.has_number or self.low is None or self.high is None:
            return ""
        return gettext("%(low)s to %(high)s") % {"low": self._text(self.low),
                                                  "high": self._text(self.high)}

    @property
    def verdict(self) -> str:
        if not self.has_number or self.low is None or self.high is None:
            return ""
        if self.low > 0:
            return gettext("Clearly more than without this support.")
        if self.high < 0:
            return gettext("Clearly less than without this support.")
        return gettext("No clear difference from no support.")


@dataclass(frozen=True)
class Research:
    """What published research says about one kind of support (the evidence base)."""

    code: str
    name: str
    findings: list
    n_findings: int

    @property
    def no_numbers(self) -> bool:
        return not any(f.has_number for f in self.findings)


@dataclass
class QualityCard:
    level: str  # "offer" or "provider"
    pk: int
    title: str
    subtitle: str
    participants: int
    measured: int
    paid_work: float | None
    taking_part: float | None
    wellbeing: float | None
    ratings: int
    rating: float | None
    added: list[AddedValue]
    run_date: date | None
    research: list[Research]
    offers_with_added_value: int = 0
    offers: int = 1
    min_cell: int = MIN_CELL
    # Withheld although about enough people: the offer cards would reveal a small rest.
    outcomes_withheld: bool = False
    rating_withheld: bool = False

    @property
    def key(self) -> str:
        return f"{self.level}-{self.pk}"

    @property
    def participants_shown(self) -> bool:
        return self.participants >= MIN_CELL

    @property
    def outcomes_shown(self) -> bool:
        return self.measured >= MIN_CELL and not self.outcomes_withheld

    @property
    def rating_shown(self) -> bool:
        return self.ratings >= MIN_CELL and not self.rating_withheld

    @property
    def has_added_value(self) -> bool:
        return any(a.has_number for a in self.added)

    @property
    def added_paid_work(self) -> AddedValue | None:
        return next((a for a in self.added if a.outcome == "paid_work_6m"), None)

    @staticmethod
    def _percent(share: float | None) -> str:
        return "-" if share is None else f"{format_number(share * 100, 0)}%"

    @property
    def paid_work_text(self) -> str:
        return self._percent(self.paid_work)

    @property
    def taking_part_text(self) -> str:
        return self._percent(self.taking_part)

    @property
    def wellbeing_text(self) -> str:
        return "-" if self.wellbeing is None else format_number(self.wellbeing, 0)

    @property
    def rating_text(self) -> str:
        return "-" if self.rating is None else format_number(self.rating, 1)


@dataclass
class _Raw:
    people: set = field(default_factory=set)
    measured: set = field(default_factory=set)
    rows: list = field(default_factory=list)  # (paid_work, taking_part, wellbeing)

    def share(self, index: int) -> float | None:
        values = [row[index] for row in self.rows if row[index] is not None]
        return sum(values) / len(values) if values else None


def _checkin_at_horizon(checkins: list[tuple], started: date) -> tuple | None:
    """The check-in nearest to six months after the start, within the engine's window."""
    target = started + timedelta(days=round(HORIZON_MONTHS * 30.4))
    near = [c for c in checkins if abs((c[0] - target).days) <= WINDOW_DAYS]
    if not near:
        return None
    return min(near, key=lambda c: (abs((c[0] - target).days), c[0]))


def _raw_outcomes(municipality: Municipality, offers: list[SupportOffer]) -> dict[str, _Raw]:
    """Raw outcomes per "offer-<id>" and "provider-<id>" (a provider: all its offers).

    Reading every participant's check-ins takes seconds in a large town, and a person's page
    shows several cards, so the town's outcomes are kept in the cache under a fingerprint of
    the records they come from: any new check-in, start or objection makes a new key.
    """
    version = _records_version(municipality)
    key = f"support:raw-outcomes:{municipality.pk}:{version}"
    found = cache.get(key)
    if found is None:
        found = _raw_outcomes_of_town(municipality)
        cache.set(key, found, RAW_OUTCOMES_SECONDS)
    wanted = {f"offer-{o.pk}" for o in offers} | {f"provider-{o.provider_id}" for o in offers}
    return {name: raw for name, raw in found.items() if name in wanted}


RAW_OUTCOMES_SECONDS = 60 * 60


def _records_version(municipality: Municipality) -> str:
    """A fingerprint that changes whenever a card's outcomes may have changed.

    Read on every page with a card, so every part is an index lookup or a small table:
    counting a large town's check-ins took 70-100 ms on PostgreSQL (a scan of every row).
    Check-ins are only ever added, or deleted when a resident withdraws consent for them, so
    the newest check-in and the withdrawals together notice every change.
    """
    from meedoen.people.choices import ConsentPurpose
    from meedoen.people.models import Consent, Objection

    newest_checkin = (CheckIn.objects.filter(municipality=municipality)
                      .order_by("-pk").values_list("pk", flat=True).first())
    withdrawn = Consent.objects.filter(municipality=municipality,
                                       purpose=ConsentPurpose.CHECKINS,
                                       withdrawn_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("pk"))
    starts = Enrolment.objects.filter(municipality=municipality,
                                      started_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("pk"))
    objections = Objection.objects.filter(municipality=municipality,
                                          ended_at__isnull=True).aggregate(
        n=Count("pk"), last=Max("pk"))
    left_out = Resident.objects.filter(municipality=municipality).filter(
        Q(restricted_at__isnull=False) | Q(erased_at__isnull=False)).aggregate(
        n=Count("pk"), last=Max("pk"))
    return "-".join([str(newest_checkin)] + [
        str(part[k]) for part in (withdrawn, starts, objections, left_out)
        for k in ("n", "last")])


def _raw_outcomes_of_town(municipality: Municipality) -> dict[str, _Raw]:
    """Raw outcomes of every offer and provider in the town, counted the engine's way.

    A participant is someone whose support started; their outcome is the check-in nearest
    to six months after that start (episodes.py). People objecting to their data being used
    to learn what works (or whose data are restricted or erased) are left out, as the engine
    leaves them out.
    """
    # The few people left out are read once; excluding them inside the check-ins query
    # made PostgreSQL plan a multi-second anti-join in a large town.
    left_out = set(residents_left_out_of("learning", municipality=municipality))
    starts = (Enrolment.objects.filter(municipality=municipality, started_at__isnull=False)
              .exclude(resident_id__in=left_out)
              .order_by("started_at", "pk"))
    checkins: dict[int, list[tuple]] = {}
    # A subquery rather than a list of ids: a large town has more participants than
    # SQLite accepts as query parameters.
    started = Enrolment.objects.filter(municipality=municipality, started_at__isnull=False)
    rows = (CheckIn.objects.filter(municipality=municipality,
                                   resident_id__in=started.values("resident_id"))
            .exclude(resident_id__in=left_out)
            .values_list("resident_id", "date", "paid_work_supported", "paid_work_unsupported",
                         "ladder_rung", "who5_score"))
    for resident_id, *values in rows:
        checkins.setdefault(resident_id, []).append(tuple(values))
    found: dict[str, _Raw] = {}
    for resident_id, offer_id, provider_id, started_at in starts.values_list(
            "resident_id", "offer_id", "offer__provider_id", "started_at"):
        # The engine counts from the start's date in UTC (episodes.py); so does the card.
        after = _checkin_at_horizon(checkins.get(resident_id, []),
                                    started_at.astimezone(UTC).date())
        for key in (f"offer-{offer_id}", f"provider-{provider_id}"):
            raw = found.setdefault(key, _Raw())
            if resident_id in raw.people:
                continue  # a person counts once per card: their first start
            raw.people.add(resident_id)
            if after is not None:
                raw.measured.add(resident_id)
                _day, supported, unsupported, rung, who5 = after
                raw.rows.append((float(supported or unsupported),
                                 None if rung is None else float(rung >= 3),
                                 None if who5 is None else float(who5)))
    return found


@dataclass
class _Ratings:
    people: set = field(default_factory=set)
    scores: list = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


def _ratings(offers: list[SupportOffer]) -> dict[str, _Ratings]:
    """Ratings per "offer-<id>" and "provider-<id>"; suppression counts different people."""
    found: dict[str, _Ratings] = {}
    rows = Rating.objects.filter(enrolment__offer__in=offers).values_list(
        "enrolment__resident_id", "enrolment__offer_id", "enrolment__offer__provider_id",
        "score")
    for resident_id, offer_id, provider_id, score in rows:
        for key in (f"offer-{offer_id}", f"provider-{provider_id}"):
            ratings = found.setdefault(key, _Ratings())
            ratings.people.add(resident_id)
            ratings.scores.append(score)
    return found


def _small_rest(whole: set, parts: list[set]) -> bool:
    """Would the whole, minus the parts shown, describe fewer than MIN_CELL people?

    A provider's card pools its offers. If all but a few of its people are on offer cards
    that are shown, subtracting those from the provider's figures would reveal the few: then
    the provider's figures are withheld too (complementary suppression).
    """
    shown = set().union(*(part for part in parts if len(part) >= MIN_CELL))
    return 0 < len(whole - shown) < MIN_CELL


ADDED_OUTCOMES = {
    "paid_work_6m": (_("Paid work"), "share"),
    "participation_6m": (_("Taking part (step 3 or higher on the Participatieladder)"),
                         "share"),
    "wellbeing_6m": (_("Well-being (WHO-5, 0 to 100)"), "points"),
    "health_6m": (_("Own view of health (1 to 5)"), "points"),
    "mastery_6m": (_("Grip on your own life (7 to 28)"), "points"),
}
TOO_FEW = OfferEstimate.Withheld.TOO_FEW


def _withheld_text(code: str) -> str:
    try:
        return str(OfferEstimate.Withheld(code).label)
    except ValueError:
        return str(OfferEstimate.Withheld.TOO_FEW.label if not code else refusal_text(code))


def _added_value(row: OfferEstimate) -> AddedValue:
    label, kind = ADDED_OUTCOMES[row.outcome]
    withheld = row.withheld
    if not withheld and (row.estimate is None or row.participants < MIN_CELL):
        withheld = TOO_FEW  # never a number about fewer than MIN_CELL people
    return AddedValue(outcome=row.outcome, label=str(label), kind=kind,
                      participants=row.participants,
                      estimate=None if withheld else row.estimate,
                      low=None if withheld else row.ci_low,
                      high=None if withheld else row.ci_high,
                      withheld=_withheld_text(withheld) if withheld else "",
                      withheld_code=str(withheld))


def _pooled(outcome: str, values: list[AddedValue]) -> AddedValue:
    """A provider's added value: its offers' estimates weighted by their participants.

    The interval is the same weighting of the offers' bounds. That is never narrower than
    the true interval of the weighted mean, whatever the correlation between the offers'
    estimates (they share the comparison group), so it errs on the side of caution.
    """
    label, kind = ADDED_OUTCOMES[outcome]
    numbers = [v for v in values if v.has_number and v.low is not None and v.high is not None]
    if not numbers:
        reasons = {(v.withheld_code, v.withheld) for v in values}
        code, text = reasons.pop() if len(reasons) == 1 else (TOO_FEW.value, str(TOO_FEW.label))
        return AddedValue(outcome=outcome, label=str(label), kind=kind,
                          participants=sum(v.participants for v in values),
                          withheld=text, withheld_code=code)
    total = sum(v.participants for v in numbers)

    def mean(attribute: str) -> float:
        return sum(getattr(v, attribute) * v.participants for v in numbers) / total

    return AddedValue(outcome=outcome, label=str(label), kind=kind, participants=total,
                      estimate=mean("estimate"), low=mean("low"), high=mean("high"))


def _research(codes: list[str]) -> list[Research]:
    found = []
    for code in dict.fromkeys(codes):
        try:
            page = instrument_page(code)
        except Http404:
            continue
        shown = page.numeric[:3] or page.statements[:2]
        found.append(Research(code=code, name=page.name, findings=shown,
                              n_findings=len(page.findings)))
    return found


def quality_cards(municipality: Municipality, offers: list[SupportOffer], *,
                  run: EngineRun | None = None) -> dict[int, QualityCard]:
    """The quality card of each offer, by offer id; ``run``: the newest ready run, when the
    caller has already read it."""
    raw = _raw_outcomes(municipality, offers)
    ratings = _ratings(offers)
    run = run or latest_ready_run(municipality)
    estimates = offer_estimates(municipality, [o.pk for o in offers], run=run)
    research = {code: _research([code]) for code in {offer.instrument for offer in offers}}
    cards = {}
    for offer in offers:
        added = _added_values(estimates.get(offer.pk, []))
        cards[offer.pk] = _card(
            "offer", offer.pk, offer.title, offer.provider.name, raw.get(f"offer-{offer.pk}"),
            ratings.get(f"offer-{offer.pk}"), added, run, research[offer.instrument],
            with_numbers=int(any(a.has_number for a in added)))
    return cards


def _added_values(rows: list[OfferEstimate]) -> list[AddedValue]:
    """One offer's estimates on the card's outcomes, in the card's order."""
    by_outcome = {row.outcome: row for row in rows}
    return [_added_value(by_outcome[o]) for o in ADDED_OUTCOMES if o in by_outcome]


def provider_cards(municipality: Municipality,
                   providers: list[Provider]) -> dict[int, QualityCard]:
    """The quality card of each provider: its offers pooled, by provider id."""
    offers = list(SupportOffer.objects.filter(municipality=municipality,
                                              provider__in=providers)
                  .select_related("provider").order_by("title", "pk"))
    raw = _raw_outcomes(municipality, offers)
    ratings = _ratings(offers)
    run = latest_ready_run(municipality)
    estimates = offer_estimates(municipality, [o.pk for o in offers], run=run)
    cards = {}
    for provider in providers:
        mine = [o for o in offers if o.provider_id == provider.pk]
        per_offer = [_added_values(estimates.get(offer.pk, [])) for offer in mine]
        per_outcome: dict[str, list[AddedValue]] = {}
        for values in per_offer:
            for value in values:
                per_outcome.setdefault(value.outcome, []).append(value)
        added = [_pooled(outcome, per_outcome[outcome]) for outcome in ADDED_OUTCOMES
                 if outcome in per_outcome]
        with_numbers = sum(1 for values in per_offer if any(v.has_number for v in values))
        own_raw = raw.get(f"provider-{provider.pk}") or _Raw()
        own_ratings = ratings.get(f"provider-{provider.pk}") or _Ratings()
        card = _card("provider", provider.pk, provider.name, "", own_raw, own_ratings,
                     added, run, _research([o.instrument for o in mine]),
                     with_numbers=with_numbers)
        offer_keys = [f"offer-{o.pk}" for o in mine]
        card.outcomes_withheld = _small_rest(
            own_raw.measured, [raw[k].measured for k in offer_keys if k in raw])
        card.rating_withheld = _small_rest(
            own_ratings.people, [ratings[k].people for k in offer_keys if k in ratings])
        card.offers = len(mine)
        cards[provider.pk] = card
    return cards


def _card(level, pk, title, subtitle, raw, rating, added, run, research, *,
          with_numbers) -> QualityCard:
    raw = raw or _Raw()
    rating = rating or _Ratings()
    shown = len(raw.rows) >= MIN_CELL  # one row per person measured
    return QualityCard(
        level=level, pk=pk, title=title, subtitle=subtitle,
        participants=len(raw.people), measured=len(raw.rows),
        paid_work=raw.share(0) if shown else None,
        taking_part=raw.share(1) if shown else None,
        wellbeing=raw.share(2) if shown else None,
        ratings=len(rating.people),
        rating=rating.mean if len(rating.people) >= MIN_CELL else None,
        added=added, run_date=timezone.localdate(run.finished_at) if run and run.finished_at
        else None,
        research=research, offers_with_added_value=with_numbers,
    )


def offer_cards(municipality: Municipality, offers: list[SupportOffer]) -> list[QualityCard]:
    cards = quality_cards(municipality, offers)
    return [cards[offer.pk] for offer in offers]


def enrolment_to_rate(resident: Resident, enrolment_id: int) -> Enrolment:
    """Only the resident's own enrolments that actually started can be rated."""
    enrolment = (enrolments_of(resident).select_related("rating")
                 .filter(pk=enrolment_id, started_at__isnull=False).first())
    if enrolment is None:
        raise Http404
    return enrolment


def provider_for_resident(resident: Resident, provider_id: int) -> Provider:
    provider = Provider.objects.filter(municipality_id=resident.municipality_id,
                                       pk=provider_id).first()
    if provider is None:
        raise Http404
    return provider


def provider_offers(provider: Provider) -> list[SupportOffer]:
    return list(_with_places(provider.offers.filter(active=True)).order_by("title", "pk"))


def public_municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def transparency(municipality: Municipality) -> tuple[list[QualityCard], list[QualityCard]]:
    """All offers' and all providers' cards of a municipality, as published openly."""
    offers = list(SupportOffer.objects.filter(municipality=municipality)
                  .select_related("provider").order_by("title", "pk"))
    providers = list(Provider.objects.filter(municipality=municipality).order_by("name", "pk"))
    by_offer = quality_cards(municipality, offers)
    by_provider = provider_cards(municipality, providers)
    return ([by_offer[o.pk] for o in offers], [by_provider[p.pk] for p in providers])


# --------------------------------------------------------------------------------------
# Draws
# --------------------------------------------------------------------------------------


def offer_for_draw(user: User, offer_id: int) -> SupportOffer:
    """Provider staff reach their own offers; analysts every offer of their municipality."""
    offers = SupportOffer.objects.filter(municipality_id=user.municipality_id)
    if user.role != Role.ANALYST:
        offers = offers.filter(provider__staff=user)
    offer = _with_places(offers.filter(pk=offer_id)).annotate(
        consenting=Count("enrolments", filter=Q(enrolments__status="waiting",
                                                 enrolments__lottery_consent_at__isnull=False)),
    ).first()
    if offer is None:
        raise Http404
    return offer


def offers_for_draws(user: User) -> QuerySet[SupportOffer]:
    return _with_places(SupportOffer.objects.filter(municipality_id=user.municipality_id)
                        ).order_by("title", "pk")


def lotteries_of(offer: SupportOffer) -> QuerySet[Lottery]:
    return offer.lotteries.prefetch_related("entries").all()


def lottery_of(offer: SupportOffer, lottery_id: int) -> Lottery:
    lottery = offer.lotteries.filter(pk=lottery_id).first()
    if lottery is None:
        raise Http404
    return lottery


@dataclass(frozen=True)
class DrawCheck:
    """The outcome of drawing again with a stored seed: does it give the stored result?"""

    order: list[int]
    drawn: list[int]
    matches: bool


def lottery_replay(lottery: Lottery) -> DrawCheck:
    """Draw again from the stored seed and candidates, and compare with what was stored."""
    entries = list(lottery.entries.order_by("position"))
    stored = [e.enrolment_id for e in entries]
    order = draw_order(lottery.seed, sorted(stored))
    # Positions, not list indexes: if someone's data was erased since (their entry goes
    # with it), the others keep their order and their place, so the check still holds.
    by_id = {e.enrolment_id: e for e in entries}
    drawn = [pk for pk in order if by_id[pk].position <= lottery.places]
    matches = order == stored and all(e.drawn == (e.position <= lottery.places)
                                      for e in entries)
    return DrawCheck(order=order, drawn=drawn, matches=matches)


def lottery_arms(municipality: Municipality) -> list[dict]:
    """Everyone who took part in a draw, with whether chance gave them a place.

    For the evidence engine: within one draw the two groups differ only by chance, so their
    later outcomes compare without adjustment (an intention-to-treat contrast; people not
    drawn may still get a place in a later draw, which ``started_at`` shows). One row per
    entry: resident id, offer id, kind of support, draw id, the moment of the draw, drawn.
    """
    rows = (LotteryEntry.objects.filter(lottery__municipality=municipality)
            .order_by("lottery__drawn_at", "lottery_id", "position")
            .values_list("enrolment__resident_id", "lottery__offer_id",
                         "lottery__offer__instrument", "lottery_id", "lottery__drawn_at",
                         "drawn", "enrolment__started_at"))
    keys = ("person_id", "offer_id", "support", "draw_id", "decided", "drawn", "started_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]
