"""Synthetic residents on social assistance (algemene bijstand) and their professionals.

Every marginal used here is listed, with its source and whether it was confirmed, in
docs/simulation.md. Constants carry the same names as the rows of that table. All draws
are vectorised over people; the only per-person Python work is building the e-mail local
parts.

Days are counted as integers since 1970-01-01 (numpy ``datetime64[D]`` epoch) until the
frames are assembled, so that arithmetic stays in plain int64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from meedoen.simulation.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    ORIGIN_GROUPS,
)

DAYS_PER_YEAR = 365.25

HOUSEHOLDS: tuple[str, ...] = ("single", "single_parent", "couple", "couple_with_children")
EDUCATION_LEVELS: tuple[str, ...] = ("low", "middle", "high")
LANGUAGE_LEVELS: tuple[str, ...] = ("fluent", "b1", "below_b1")
HEALTH_LIMITATIONS: tuple[str, ...] = ("none", "some", "severe")

# Age at the end date: (lower, upper, share). CBS, Q1 2024: 39k under 27, 136k 27-44,
# 229k 45 up to AOW age out of 403k (9.7% / 33.7% / 56.8%). The split inside the bands
# is assumed.
AGE_BANDS: tuple[tuple[float, float, float], ...] = (
    (18.0, 21.0, 0.025),
    (21.0, 27.0, 0.075),
    (27.0, 35.0, 0.15),
    (35.0, 45.0, 0.185),
    (45.0, 55.0, 0.255),
    (55.0, 67.0, 0.315),
)
# Age group used for conditional tables: 0 = under 27, 1 = 27-44, 2 = 45-54, 3 = 55+.
_AGE_GROUP_OF_BAND = np.array([0, 0, 1, 1, 2, 3])

# Household by age group (assumed; overall about 59/19/9/13 per person, in line with the
# CBS 37955 per-benefit split single 63% / single parent 24% / couple 13%, where a couple
# counts twice when counting persons).
HOUSEHOLD_BY_AGE = np.array(
    [
        [0.72, 0.20, 0.03, 0.05],
        [0.42, 0.33, 0.06, 0.19],
        [0.58, 0.20, 0.08, 0.14],
        [0.74, 0.04, 0.14, 0.08],
    ]
)
SHARE_FEMALE = 0.57  # CBS Q1 2024: women about 57% of people on bijstand (confirmed)
SHARE_FEMALE_SINGLE_PARENT = 0.95  # CBS 2006: 97% of single-parent benefits to women

# Education by age group: low (no startkwalificatie) / middle / high (assumed split;
# CBS: about two thirds low, about 7% higher education, older people lower).
EDUCATION_BY_AGE = np.array(
    [
        [0.60, 0.33, 0.07],
        [0.55, 0.32, 0.13],
        [0.63, 0.28, 0.09],
        [0.72, 0.21, 0.07],
    ]
)

# Origin groups only steer names and language level; they are not stored. CBS 2018:
# 235k of 459k had a non-western migration background; the split is assumed.
ORIGIN_SHARES = np.array([0.50, 0.15, 0.07, 0.16, 0.12])
LANGUAGE_BY_ORIGIN = np.array(
    [
        [0.97, 0.03, 0.00],  # nl
        [0.50, 0.28, 0.22],  # ma_tr (first and second generation mixed)
        [0.90, 0.10, 0.00],  # sr_an
        [0.10, 0.35, 0.55],  # refugee
        [0.30, 0.35, 0.35],  # other
    ]
)

# Benefit duration. CBS: 36% of all recipients >= 5 years and 60% of those 55+ (2017);
# "almost 50%" five years or longer (2022); one in ten longer than 15 years.
# The mixture below reproduces about 45% >= 5 years and about 9% >= 15 years.
P_LONG_TERM_BY_BAND = np.array([0.0, 0.10, 0.33, 0.42, 0.52, 0.64])
LONG_TERM_EXTRA_MEAN_YEARS = 6.5  # long spells: 5 years + exponential(6.5)
SHORT_TERM_MEAN_YEARS = 1.6  # short spells: exponential(1.6) truncated at 5 years
MIN_DURATION_DAYS = 14

# Health limitation (shares fixed; who has one depends on age, duration and education).
# Arbeidsinspectie/SCP: more than half report health problems; the severe share is assumed.
SHARE_HEALTH_SEVERE = 0.20
SHARE_HEALTH_SOME = 0.35

SHARE_CONSENT_SENSITIVE = 0.80  # assumed for the demo


@dataclass(frozen=True)
class Population:
    """Latent, complete facts about every resident (before consent masking)."""

    n: int
    female: np.ndarray  # bool
    origin: np.ndarray  # int index into ORIGIN_GROUPS
    age_band: np.ndarray  # int index into AGE_BANDS
    age_group: np.ndarray  # int 0..3, see _AGE_GROUP_OF_BAND
    age_years: np.ndarray  # float, age at the end date
    birth_day: np.ndarray  # int64 day number
    household: np.ndarray  # int index into HOUSEHOLDS
    education: np.ndarray  # int index into EDUCATION_LEVELS
    language: np.ndarray  # int index into LANGUAGE_LEVELS
    benefit_start_day: np.ndarray  # int64 day number
    duration_years: np.ndarray  # float, at the end date
    health: np.ndarray  # int index into HEALTH_LIMITATIONS
    care_duties: np.ndarray  # bool
    debts: np.ndarray  # bool
    consent_sensitive: np.ndarray  # bool
    professional_id: np.ndarray  # int64
    given_name: np.ndarray  # object (str)
    family_name: np.ndarray  # object (str)


def _categorical_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0])[:, None] * cum[:, -1:]
    return (u > cum).sum(axis=1)


def _draw_names(
    rng: np.random.Generator, origin: np.ndarray, female: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = origin.shape[0]
    given = np.empty(n, dtype=object)
    family = np.empty(n, dtype=object)
    u_given = rng.random(n)
    u_family = rng.random(n)
    for g, group in enumerate(ORIGIN_GROUPS):
        for is_female, table in ((True, GIVEN_NAMES_FEMALE), (False, GIVEN_NAMES_MALE)):
            sel = (origin == g) & (female == is_female)
            names = np.array(table[group], dtype=object)
            given[sel] = names[(u_given[sel] * len(names)).astype(np.int64)]
        sel = origin == g
        names = np.array(FAMILY_NAMES[group], dtype=object)
        family[sel] = names[(u_family[sel] * len(names)).astype(np.int64)]
    return given, family


def draw_population(
    rng: np.random.Generator, *, n: int, end_day: int, n_professionals: int
) -> Population:
    """Draw ``n`` residents whose marginals follow the table in docs/simulation.md."""
    band_shares = np.array([b[2] for b in AGE_BANDS])
    age_band = rng.choice(len(AGE_BANDS), size=n, p=band_shares / band_shares.sum())
    lo = np.array([b[0] for b in AGE_BANDS])[age_band]
    hi = np.array([b[1] for b in AGE_BANDS])[age_band]
    age_years = lo + rng.random(n) * (hi - lo)
    # Keep everyone strictly between their 18th birthday and the AOW age of 67.
    age_days = np.clip(
        np.round(age_years * DAYS_PER_YEAR).astype(np.int64),
        int(18 * DAYS_PER_YEAR) + 1,
        int(67 * DAYS_PER_YEAR) - 1,
    )
    age_years = age_days / DAYS_PER_YEAR
    birth_day = end_day - age_days
    age_group = _AGE_GROUP_OF_BAND[age_band]

    household = _categorical_rows(rng, HOUSEHOLD_BY_AGE[age_group])
    single_parent = household == 1
    p_female = np.where(
        single_parent,
        SHARE_FEMALE_SINGLE_PARENT,
        # Solve for the rest so that the overall share stays at SHARE_FEMALE.
        (SHARE_FEMALE - 0.19 * SHARE_FEMALE_SINGLE_PARENT) / 0.81,
    )
    female = rng.random(n) < p_female

    education = _categorical_rows(rng, EDUCATION_BY_AGE[age_group])

    origin = rng.choice(len(ORIGIN_GROUPS), size=n, p=ORIGIN_SHARES)
    lang_probs = LANGUAGE_BY_ORIGIN[origin].copy()
    # Younger people with Moroccan/Turkish roots mostly grew up here.
    young_ma_tr = (origin == 1) & (age_years < 35)
    lang_probs[young_ma_tr] = (0.85, 0.12, 0.03)
    language = _categorical_rows(rng, lang_probs)

    # Benefit duration: a mixture of short and long spells, never before the 18th birthday.
    long_term = rng.random(n) < P_LONG_TERM_BY_BAND[age_band]
    m = SHORT_TERM_MEAN_YEARS
    short = -m * np.log1p(-rng.random(n) * (1.0 - np.exp(-5.0 / m)))
    long = 5.0 + rng.exponential(LONG_TERM_EXTRA_MEAN_YEARS, size=n)
    duration_years = np.where(long_term, long, short)
    max_years = age_years - 18.0
    duration_years = np.minimum(duration_years, max_years * rng.uniform(0.85, 1.0, size=n))
    duration_days = np.maximum(
        np.round(duration_years * DAYS_PER_YEAR).astype(np.int64), MIN_DURATION_DAYS
    )
    duration_days = np.minimum(duration_days, age_days - int(18 * DAYS_PER_YEAR))
    duration_years = duration_days / DAYS_PER_YEAR
    benefit_start_day = end_day - duration_days

    debts_p = 0.28 + np.select(
        [age_group == 0, age_group == 1, age_group == 3], [0.02, 0.06, -0.08], 0.0
    )
    debts_p = debts_p + 0.12 * single_parent
    debts = rng.random(n) < debts_p

    # Health: rank a latent score so that the shares are fixed while older people, people
    # with long spells, lower education and debts are more often limited.
    latent = (
        0.035 * (age_years - 45.0)
        + 0.45 * (duration_years >= 5.0)
        + 0.25 * (education == 0)
        + 0.20 * debts
        + rng.standard_normal(n)
    )
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(latent, kind="stable")] = np.arange(n)
    quantile = (rank + 0.5) / n
    health = np.where(
        quantile >= 1.0 - SHARE_HEALTH_SEVERE,
        2,
        np.where(quantile >= 1.0 - SHARE_HEALTH_SEVERE - SHARE_HEALTH_SOME, 1, 0),
    )

    care_p = 0.10 + 0.07 * (age_group >= 2) + 0.03 * (household == 3)
    care_duties = rng.random(n) < care_p

    consent_sensitive = rng.random(n) < SHARE_CONSENT_SENSITIVE

    # Balanced caseloads: every professional gets n // k or n // k + 1 residents.
    professional_id = rng.permutation(np.arange(n, dtype=np.int64) % n_professionals)

    given, family = _draw_names(rng, origin, female)

    return Population(
        n=n,
        female=female,
        origin=origin,
        age_band=age_band,
        age_group=age_group,
        age_years=age_years,
        birth_day=birth_day,
        household=household,
        education=education,
        language=language,
        benefit_start_day=benefit_start_day,
        duration_years=duration_years,
        health=health,
        care_duties=care_duties,
        debts=debts,
        consent_sensitive=consent_sensitive,
        professional_id=professional_id,
        given_name=given,
        family_name=family,
    )


def draw_professionals(rng: np.random.Generator, *, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Given and family names for ``n`` professionals (klantregisseurs)."""
    origin = rng.choice(len(ORIGIN_GROUPS), size=n, p=(0.70, 0.12, 0.08, 0.04, 0.06))
    female = rng.random(n) < 0.7
    return _draw_names(rng, origin, female)
