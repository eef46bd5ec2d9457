"""Every number the policy lab uses, with its unit, uncertainty and where it comes from.

Three kinds of basis, never mixed up:

``evidence``
    The value is a number read in a confirmed entry of the evidence base
    (``/work/shared/reference/what-works-evidence.md``, status C or C2). The entry id is kept
    (e.g. ``"I2"``) with its status, so the page can show "published research, status ...".
``calibrated``
    Fitted to published Dutch statistics (CBS) in :mod:`.baseline`; the statistic ids are in
    :data:`SOURCES`.
``assumption``
    Our choice. The analyst may change it (``Scenario.parameter_overrides``). Where a
    confirmed entry supports the *direction* but gives no usable size, ``direction_from``
    names it: the sign is evidence, the size is not.

Uncertainty: ``low``/``high`` is a central 95% interval; Monte Carlo draws sample it as a
normal (``"normal"``) or a log-normal (``"lognormal"``, for ratios). ``low == high`` means
fixed. Evidence intervals are the published ones where the entry gives them; where it gives
none, the interval is an assumption and ``interval_note`` says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

Basis = Literal["evidence", "calibrated", "assumption"]
Distribution = Literal["normal", "lognormal"]

# Status codes of the evidence base: C = read in retrieved text, C2 = read in a secondary
# summary. Only these may carry a number as evidence; R (recalled) and NF (not found) may not.
CONFIRMED_STATUS = frozenset({"C", "C2"})


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    status: str  # evidence-base status code (C, C2, C/R, R, NF) or "statistic"
    url: str = ""


SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        # --- evidence base (ids as in what-works-evidence.md) -------------------------------------
        Source("M1", "Card, Kluve & Weber 2018 JEEA 16:894: all ALMP, P(employment) short "
               "term +1.6 pp", "C2"),
        Source("M2", "Card, Kluve & Weber 2018: all ALMP, P(employment) medium term (1-2 yr "
               "after end) +5.4 pp", "C2"),
        Source("M3", "Card, Kluve & Weber 2018: all ALMP, P(employment) long term +8.7 pp", "C2"),
        Source("M5", "Card, Kluve & Weber 2018 Table 3a: public-sector employment negligible or "
               "negative at all horizons", "C2"),
        Source("M17", "Vooren et al. 2019 JoES 33:125: subsidised labour/PSE negative at first",
               "C"),
        Source("M20", "ESB 18-4-2008: public job schemes 10/13 null or negative", "C"),
        Source("M21", "SBU 2021 report 351: long workplace training beats usual services for "
               "long-term social-assistance recipients", "C"),
        Source("I2", "Frederick & VanderWeele 2019 PLoS One: IPS competitive job RR 1.63 "
               "(1.46-1.82); quality of life d 0.30 (-0.07, 0.67)", "C"),
        Source("N7", "CPB, Verlaat & Zulkarnain 2022: ontheffing (Utrecht), works >= 12 h/week "
               "about 2 yr after: 24% vs 15%", "C"),
        Source("N8", "CPB 2022; SZW letter 28-5-2020: ontheffing, no effect on outflow to work "
               "during the experiment", "C"),
        Source("N9", "CPB 2022: extra guidance and earnings disregard sometimes raise part-time "
               "outflow; disregard sometimes lowers later full-time outflow", "C"),
        Source("N11", "van Eijkel et al. 2020 (CPB/SCP) De brede baten van werk: a job lowers "
               "mental-health care use", "C"),
        Source("LK2014", "Lammers & Kok, ESB 20-2-2014: trajectories lower the job chance in "
               "the short term (lock-in), higher later; coefficients NF", "C"),
        Source("S1", "van den Berg, van der Klaauw & van Ours 2004 JOLE: welfare sanction "
               "substantially increases exit to work (magnitude NF)", "C"),
        Source("S2", "Abbring, van den Berg & van Ours 2005 EJ 115:602: UI sanctions raise "
               "re-employment (magnitude NF)", "C"),
        Source("S4", "Arni, Lalive & van Ours 2013 JAE 28:1153: sanctions raise job finding, "
               "lower later earnings and job duration; net about -30 days' pay over 2 yr", "C"),
        Source("S5", "van den Berg & Vikstrom 2014 SJE 116:284: after a sanction lower wage, "
               "more part-time work, lower occupation", "C"),
        Source("S7", "Williams 2019 J Soc Policy: +10 sanctions and +4.57 antidepressant items "
               "(ecological)", "C"),
        Source("S8", "van Bennekom 2023 (WUR) review: rules and sanctions raise mental load and "
               "stigma", "C"),
        Source("W1", "Paul & Moser 2009 JVB 74:264: unemployed vs employed distress d 0.51",
               "C"),
        Source("W2", "Paul & Moser 2009: interventions for the unemployed, distress d -0.35",
               "C"),
        Source("W4", "Jenkinson et al. 2013: volunteering, well-being gains not confirmed by "
               "RCTs", "C"),
        # --- statistics for the calibration (see baseline.py) -------------------------------------
        Source("CBS-82662NED", "CBS StatLine 82662NED Personen met bijstand; (her)instroom en "
               "uitstroom, 2023 quarters", "statistic",
               "https://www.cbs.nl/nl-nl/cijfers/detail/82662NED"),
        Source("CBS-85617NED", "CBS StatLine 85617NED Personen met bijstand; duur van de "
               "gestopte uitkeringssituatie, 2023", "statistic",
               "https://cbs.nl/nl-nl/cijfers/detail/85617NED"),
        Source("CBS-82663NED", "CBS StatLine 82663NED Personen met bijstand; duur van de "
               "lopende uitkeringssituatie, 2019 Q1", "statistic",
               "https://www.cbs.nl/nl-nl/cijfers/detail/82663NED"),
        Source("CBS-2024-COHORT", "CBS 2024 (via blikopnieuws.nl 2024-04): of 49k who left "
               "bijstand for a job in 2021, 82% still in a job without bijstand after 6 months, "
               "72% after 18 months, 9% back on bijstand", "statistic",
               "https://dashboards.cbs.nl/v5/Cohortonderzoek_uitstroom_bijstand_naar_werk/"),
        Source("CBS-STOCK-2024", "CBS Q1 2024: 403,000 people on bijstand below AOW age",
               "statistic",
               "https://www.cbs.nl/nl-nl/nieuws/2024/22/meer-jongeren-in-de-bijstand-in-eerste-"
               "kwartaal-2024"),
        Source("CBS-WORKSHARE", "CBS 2021: 49k of 98k leavers left for a job (82662NED outflow "
               "2021 quarters; CBS 2024 cohort study); CBS 2018 via nu.nl: about half",
               "statistic"),
        Source("NORM-2025", "Bijstandsnormen 1 January 2025 incl. holiday pay: single 21+ "
               "EUR 1,345.45, couple EUR 1,922.07 (Rijksoverheid; gemeente Westland)",
               "statistic",
               "https://www.gemeentewestland.nl/aanvragen-en-regelen/toeslagen-vergoedingen-en-"
               "bijdragen/normenoverzicht-minimuminkomen-voor-de-bijzondere-bijstand"),
        Source("WML-2025", "Minimum hourly wage 21+, July 2025: EUR 14.40 (docs/simulation.md)",
               "statistic"),
        Source("PARTTIME-8", "About 8% of people on bijstand have income from part-time work "
               "(docs/simulation.md, confirmed)", "statistic"),
    )
}


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    value: float
    unit: str
    basis: Basis
    description: str
    low: float | None = None  # central 95% interval; None = fixed
    high: float | None = None
    distribution: Distribution = "normal"
    sources: tuple[str, ...] = ()  # evidence or statistic ids behind the value
    direction_from: tuple[str, ...] = ()  # for assumptions: entries that back the sign only
    bounds: tuple[float, float] = (-np.inf, np.inf)  # admissible range (drawn values clipped)
    interval_note: str = ""

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def check(self) -> None:
        """Refuse an inconsistent definition: an evidence number must cite a confirmed entry."""
        lo, hi = self.bounds
        if not lo <= self.value <= hi:
            raise ValueError(f"{self.name}: value {self.value} outside {self.bounds}")
        if self.basis == "evidence":
            if not self.sources:
                raise ValueError(f"{self.name}: evidence without a source id")
            for sid in self.sources:
                if SOURCES[sid].status not in CONFIRMED_STATUS:
                    raise ValueError(f"{self.name}: {sid} is not confirmed; use 'assumption'")
        for sid in (*self.sources, *self.direction_from):
            if sid not in SOURCES:
                raise ValueError(f"{self.name}: unknown source {sid}")

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if not self.uncertain:
            return np.full(n, self.value)
        assert self.low is not None and self.high is not None
        if self.distribution == "lognormal":
            sigma = (np.log(self.high) - np.log(self.low)) / (2 * 1.959964)
            out = self.value * np.exp(sigma * rng.standard_normal(n))
        else:
            sigma = (self.high - self.low) / (2 * 1.959964)
            out = self.value + sigma * rng.standard_normal(n)
        return np.clip(out, *self.bounds)


PROB = (0.0, 1.0)
POS = (0.0, np.inf)


def _p(name: str, value: float, unit: str, basis: Basis, description: str, **kw) -> Parameter:
    return Parameter(name, value, unit, basis, description, **kw)


_DEFS: tuple[Parameter, ...] = (
    # --- obligations with sanctions (a policy-comparison lever; no such feature in meedoen) ---
    _p("sanction_work_hr", 1.30, "hazard ratio", "assumption",
       "exit-to-work hazard of people under strict obligations with sanctions",
       low=1.10, high=1.60, distribution="lognormal", direction_from=("S1", "S2", "S4"),
       bounds=POS, interval_note="magnitude NF in the evidence base; size assumed"),
    _p("sanction_wage_penalty", 0.05, "share of earnings", "assumption",
       "lower earnings in jobs found under sanctions (wage, hours)",
       low=0.0, high=0.10, direction_from=("S4", "S5"), bounds=PROB,
       interval_note="S4 reports a net loss of about 30 days' pay over 2 years (a cross-check)"),
    _p("sanction_job_loss_hr", 1.25, "hazard ratio", "assumption",
       "job-loss hazard in jobs found under sanctions (shorter job duration)",
       low=1.0, high=1.6, distribution="lognormal", direction_from=("S4",), bounds=POS),
    _p("sanction_wellbeing_sd", -0.15, "SD of WHO-5", "assumption",
       "well-being of people on benefit under strict obligations with sanctions",
       low=-0.30, high=0.0, direction_from=("S7", "S8"), bounds=(-2.0, 0.0)),
    _p("enforcement_cost_eur", 40.0, "EUR per covered person-month", "assumption",
       "casework for monitoring obligations and imposing sanctions", low=20.0, high=80.0,
       bounds=POS),
    # --- exemption from obligations (ontheffing) ----------------------------------------------
    _p("exemption_fulltime_hr", 1.0, "hazard ratio", "evidence",
       "full exit to work of exempted people: no effect", sources=("N8",),
       low=0.85, high=1.15, distribution="lognormal", bounds=POS,
       interval_note="N8 reports no effect; the interval is an assumption"),
    _p("exemption_parttime_hr", 1.60, "hazard ratio", "evidence",
       "entry into part-time work (>= 12 h/week) of exempted people: 24% vs 15% = 1.6",
       sources=("N7",), low=1.05, high=2.15, distribution="lognormal", bounds=POS,
       interval_note="interval derived assuming about 180 people per arm (N10 gives 710 in "
       "Utrecht over several arms): an assumption"),
    _p("exemption_wellbeing_sd", 0.05, "SD of WHO-5", "assumption",
       "well-being of exempted people (less mental load)", low=0.0, high=0.15,
       direction_from=("S8",), bounds=(-2.0, 2.0)),
    # --- earnings disregard (vrijlating) ------------------------------------------------------
    _p("disregard_parttime_hr", 1.20, "hazard ratio", "assumption",
       "entry into part-time work with an extra earnings disregard", low=1.0, high=1.5,
       distribution="lognormal", direction_from=("N9",), bounds=POS),
    _p("disregard_fulltime_hr", 0.90, "hazard ratio", "assumption",
       "full exit to work from part-time work with an extra earnings disregard",
       low=0.75, high=1.0, distribution="lognormal", direction_from=("N9",), bounds=POS),
    # --- intensified support for the most vulnerable ------------------------------------------
    _p("intensive_work_hr", 1.63, "hazard ratio", "evidence",
       "job finding with IPS-style intensive support (RR of a competitive job, used as a "
       "hazard ratio); evidence is for severe mental illness, transfer to the far group assumed",
       sources=("I2",), low=1.46, high=1.82, distribution="lognormal", bounds=POS),
    _p("intensive_wellbeing_sd", 0.30, "SD of WHO-5", "evidence",
       "quality of life with IPS-style support (d 0.30, -0.07 to 0.67)", sources=("I2",),
       low=-0.07, high=0.67, bounds=(-2.0, 2.0)),
    _p("intensive_length_months", 18.0, "months", "assumption",
       "mean time in intensive support before it ends (then back to organised activities)",
       low=12.0, high=24.0, bounds=(1.0, 120.0)),
    _p("intensive_cost_eur", 900.0, "EUR per person-month", "assumption",
       "cost of an intensive-support place", low=600.0, high=1300.0, bounds=POS),
    # --- free choice of provider --------------------------------------------------------------
    _p("choice_work_hr", 1.05, "hazard ratio", "assumption",
       "job finding in programmes and support when residents choose (and may switch) provider; "
       "no evidence entry", low=1.0, high=1.15, distribution="lognormal", bounds=POS),
    _p("choice_wellbeing_sd", 0.05, "SD of WHO-5", "assumption",
       "well-being in programmes and support with free choice of provider (experienced regie)",
       low=0.0, high=0.10, bounds=(-2.0, 2.0)),
    # --- programmes (short versus long) -------------------------------------------------------
    _p("programme_lockin_hr", 0.60, "hazard ratio", "assumption",
       "job finding while in a programme (lock-in)", low=0.40, high=0.85,
       distribution="lognormal", direction_from=("LK2014", "M1"), bounds=POS),
    _p("post_programme_hr", 1.91, "hazard ratio", "evidence",
       "job finding after a programme; calibrated (engine.programme_cohort_effect, with the "
       "default lock-in) so that a participant cohort is +5.4 pp in paid work 18 months after "
       "the end (M2); gives +2.2 pp at 6 months (M1: +1.6) and +5.9 pp at 36 (M3: +8.7)",
       sources=("M2",), low=1.5, high=2.4,
       distribution="lognormal", bounds=POS,
       interval_note="CKW give no interval in the evidence base; interval assumed"),
    _p("programme_cost_eur", 600.0, "EUR per person-month", "assumption",
       "cost of a programme place", low=400.0, high=900.0, bounds=POS),
    _p("programme_wellbeing_sd", 0.35, "SD of WHO-5", "evidence",
       "well-being while in a programme or after (interventions for the unemployed, distress d "
       "-0.35)", sources=("W2",), low=0.15, high=0.55, bounds=(-2.0, 2.0),
       interval_note="interval assumed"),
    _p("status_quo_programme_share", 0.06, "share of people on benefit", "assumption",
       "programme places in the status quo, per person on benefit at the start", bounds=PROB),
    _p("status_quo_programme_months", 6.0, "months", "assumption",
       "mean programme length in the status quo", bounds=(1.0, 36.0)),
    # --- basisbanen ---------------------------------------------------------------------------
    _p("basisbaan_regular_work_hr", 0.90, "hazard ratio", "assumption",
       "move from a basisbaan to regular work, relative to job finding from benefit",
       low=0.60, high=1.10, distribution="lognormal", direction_from=("M5", "M17", "M20"),
       bounds=POS),
    _p("basisbaan_min_months", 24.0, "months on benefit", "assumption",
       "basisbanen go to people at least this long on benefit", bounds=(0.0, 60.0)),
    _p("basisbaan_exit_other", 0.003, "probability per month", "assumption",
       "leaving a basisbaan for another reason (AOW age, moving, health)", bounds=PROB),
    _p("basisbaan_cost_eur", 2600.0, "EUR per place-month", "assumption",
       "wage cost of a basisbaan: 32 h/week at the minimum wage plus employer costs",
       low=2200.0, high=3000.0, bounds=POS),
    _p("basisbaan_hours_week", 32.0, "hours per week", "assumption", "hours in a basisbaan",
       bounds=(0.0, 60.0)),
    _p("basisbaan_wellbeing_share", 0.8, "share of the work gain", "assumption",
       "well-being gain of a basisbaan relative to regular work", low=0.5, high=1.0,
       direction_from=("N11",), bounds=(0.0, 2.0)),
    # --- well-being (WHO-5, 0-100) ------------------------------------------------------------
    _p("who5_sd", 20.0, "WHO-5 points", "assumption",
       "standard deviation of WHO-5, converts effect sizes d into points", bounds=(1.0, 50.0)),
    _p("who5_benefit", 50.0, "WHO-5 points", "assumption",
       "mean WHO-5 on benefit without participation (docs/simulation.md: about 50-55)",
       bounds=(0.0, 100.0)),
    _p("work_wellbeing_sd", 0.51, "SD of WHO-5", "evidence",
       "well-being gap between employed and unemployed (distress d 0.51)", sources=("W1",),
       low=0.40, high=0.62, bounds=(0.0, 2.0), interval_note="interval assumed"),
    _p("active_wellbeing_sd", 0.10, "SD of WHO-5", "assumption",
       "well-being of organised unpaid participation", low=0.0, high=0.20,
       direction_from=("W4",), bounds=(-2.0, 2.0),
       interval_note="W4: well-being gains of volunteering not confirmed by RCTs"),
    _p("parttime_wellbeing_share", 0.5, "share of the work gain", "assumption",
       "well-being gain of part-time work with benefit relative to work", bounds=(0.0, 2.0)),
    # --- income and costs ---------------------------------------------------------------------
    _p("benefit_eur", 1261.0, "EUR per person-month", "calibrated",
       "benefit per person: 78% single norm EUR 1,345.45, 22% half the couple norm EUR 1,922.07 "
       "(household mix assumed)", sources=("NORM-2025",), bounds=POS),
    _p("wage_eur_hour", 14.40, "EUR per hour", "calibrated", "minimum hourly wage, 21+",
       sources=("WML-2025",), bounds=POS),
    _p("work_hours_week", 30.0, "hours per week", "assumption", "hours in regular work",
       bounds=(0.0, 60.0)),
    _p("parttime_hours_week", 14.0, "hours per week", "assumption",
       "hours in part-time work alongside benefit", bounds=(0.0, 60.0)),
    _p("net_factor", 0.88, "share", "assumption", "net earnings per gross euro near the "
       "minimum wage", bounds=PROB),
    # --- baseline transitions (fixed; calibrated in baseline.py or assumed) -------------------
    _p("job_loss_early", 0.0325, "probability per month", "calibrated",
       "job loss in the first 6 months (82% still in work after 6 months)",
       sources=("CBS-2024-COHORT",), bounds=PROB),
    _p("job_loss_late", 0.0108, "probability per month", "calibrated",
       "job loss after 6 months (72% still in work after 18 months)",
       sources=("CBS-2024-COHORT",), bounds=PROB),
    _p("return_share", 0.33, "share of job losses", "calibrated",
       "job losses in the first 2 years that lead back to bijstand (9% of 28%)",
       sources=("CBS-2024-COHORT",), bounds=PROB),
    _p("active_start", 0.02, "probability per month", "assumption",
       "start organised unpaid participation (gives about 30% of people on benefit active)",
       bounds=PROB),
    _p("active_stop", 0.0467, "probability per month", "assumption",
       "stop organised unpaid participation", bounds=PROB),
    _p("parttime_stop", 0.05, "probability per month", "assumption",
       "part-time job ends, person stays on benefit", bounds=PROB),
    _p("parttime_fulltime_hr", 1.5, "hazard ratio", "assumption",
       "full exit to work from part-time work (stepping stone)", bounds=POS),
    _p("entrant_active_share", 0.2, "share", "assumption",
       "new entrants who already take part in organised activities", bounds=PROB),
)

PARAMETERS: dict[str, Parameter] = {p.name: p for p in _DEFS}
for _p_ in _DEFS:
    _p_.check()


@dataclass(frozen=True, slots=True)
class ParameterSet:
    """The parameters of one run: the defaults with the analyst's overrides applied."""

    values: Mapping[str, Parameter] = field(default_factory=lambda: dict(PARAMETERS))

    def with_overrides(self, overrides: Mapping[str, float]) -> ParameterSet:
        """Override central values; an overridden parameter becomes an analyst assumption.

        Its interval is shifted with the value (same relative width for log-normal ones) so
        the uncertainty stays as wide as before.
        """
        new = dict(self.values)
        for name, value in overrides.items():
            p = new[name]
            lo, hi = p.low, p.high
            if p.uncertain and lo is not None and hi is not None:
                if p.distribution == "lognormal" and p.value > 0 and value > 0:
                    lo, hi = lo * value / p.value, hi * value / p.value
                else:
                    lo, hi = lo + value - p.value, hi + value - p.value
            new[name] = replace(p, value=float(value), low=lo, high=hi, basis="assumption",
                                interval_note=f"overridden by the analyst (default {p.value})")
        return ParameterSet(new)

    def central(self) -> dict[str, float]:
        return {k: p.value for k, p in self.values.items()}

    def draw(self, draws: int, seed: int) -> dict[str, np.ndarray]:
        """One value per Monte Carlo draw for every parameter.

        Each parameter has its own random stream keyed by its name, so adding a parameter or
        a scenario never changes the draws of the others, and two scenarios run with the same
        seed share their parameter draws (common random numbers: their difference is not
        blurred by different luck).
        """
        out: dict[str, np.ndarray] = {}
        for name, p in self.values.items():
            key = int.from_bytes(name.encode(), "little") % (2**63)
            rng = np.random.default_rng([seed, key])
            out[name] = p.draw(rng, draws)
        return out
