"""A synthetic labour market with known truth, for testing and benchmarking the evidence engine.

People on social assistance choose a kind of support (or none). Their outcomes of the core
outcome set are measured 6, 12 and 24 months after the start. Because every outcome is drawn
from a distribution whose conditional mean we write down in closed form, the true individual
effects, the true average effects and the oracle policy are known exactly, so accuracy and
regret can be measured without simulation error in the truth.

Design choices, with the evidence they lean on (see shared/reference/what-works-evidence.md):

- Selection is strong and on observed characteristics (people choose routes that suit them and
  that they expect to work for them), so naive comparisons are badly biased. An optional
  unobserved confounder (``confounding > 0``) breaks unconfoundedness on purpose: the placebo
  outcome then reveals it.
- Effects on paid work follow the programme-type pattern of the meta-analyses: job-search help
  and coaching work in the short run and fade (CKW 2018 M6; Dutch RCT N1, +2 pp at 12 months,
  larger for people closer to the labour market N3); training has a lock-in dip at 6 months and
  pays off later, more for the low-educated and long-term unemployed (M4, M8, Lammers & Kok);
  IPS helps most for people with mental-health problems (I2/I4, RR 1.6-2.3); a basisbaan is a
  subsidised job, so it raises "any paid work" while it lasts and much less after (M5/M17);
  volunteering and social activation barely move paid work but raise participation, well-being
  and mastery, most for people who were isolated (W4/W5, N11).
- Well-being, health and mastery also move with paid work itself (W1: unemployment d~0.5 on
  distress), so part of every effect on them runs through work.

Outcome scales: ``paid_work`` and ``participation`` are 0/1; ``wellbeing`` is WHO-5 (0-100 in
steps of 4); ``health`` is self-rated health 1-5; ``mastery`` is the Pearlin mastery sum 7-28.
Every bounded outcome is drawn as a beta-binomial with the stated mean, so means are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SUPPORTS: tuple[str, ...] = (
    "none",
    "coaching",
    "training",
    "job_search",
    "ips",
    "basisbaan",
    "volunteering",
    "social_activation",
)
OUTCOMES: tuple[str, ...] = ("paid_work", "wellbeing", "health", "mastery", "participation")
HORIZONS: tuple[int, ...] = (6, 12, 24)
FEATURES: tuple[str, ...] = (
    "age",
    "education",
    "months_on_benefit",
    "work_experience_years",
    "health_limitation",
    "mental_health_problem",
    "debt_problems",
    "caring_duties",
    "digital_skills",
    "local_unemployment",
    "baseline_wellbeing",
    "baseline_health",
    "baseline_mastery",
    "baseline_participation",
)
PLACEBO = "paid_work_before"

# Logit shifts of P(paid work) by horizon (6, 12, 24 months) before heterogeneity.
_WORK_SHIFT: dict[str, tuple[float, float, float]] = {
    "none": (0.0, 0.0, 0.0),
    "coaching": (0.20, 0.15, 0.05),
    "training": (-0.40, 0.05, 0.40),
    "job_search": (0.30, 0.20, 0.05),
    "ips": (0.15, 0.35, 0.35),
    "basisbaan": (1.60, 1.30, 0.40),
    "volunteering": (-0.10, 0.0, 0.10),
    "social_activation": (-0.15, -0.05, 0.05),
}
# Logit shifts of P(organised participation | no paid work): programmes count while they run.
_PARTICIPATION_SHIFT: dict[str, tuple[float, float, float]] = {
    "none": (0.0, 0.0, 0.0),
    "coaching": (0.2, 0.15, 0.1),
    "training": (2.0, 1.0, 0.3),
    "job_search": (0.1, 0.05, 0.0),
    "ips": (0.3, 0.3, 0.2),
    "basisbaan": (0.6, 0.5, 0.3),
    "volunteering": (2.5, 2.0, 1.2),
    "social_activation": (2.0, 1.5, 0.8),
}
_HORIZON_INTERCEPT = {6: -0.45, 12: 0.0, 24: 0.30}
# Utility intercepts of the choice model, tuned so that shares are roughly realistic.
_CHOICE_INTERCEPT = {
    "none": 0.0,
    "coaching": -0.45,
    "training": -1.0,
    "job_search": -0.9,
    "ips": -2.6,
    "basisbaan": -1.9,
    "volunteering": -1.3,
    "social_activation": -1.3,
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _beta_binomial(
    rng: np.random.Generator, trials: int, mean_share: np.ndarray, concentration: float
) -> np.ndarray:
    """Counts in 0..trials with expectation exactly ``trials * mean_share``."""
    p = rng.beta(mean_share * concentration, (1.0 - mean_share) * concentration)
    return rng.binomial(trials, p)


@dataclass
class LabourMarket:
    """One draw of the synthetic labour market: the observed episodes and the hidden truth.

    ``episodes`` is what an analyst would get: one row per episode with ``person_id``,
    ``support``, the feature columns, the placebo column and outcome columns named
    ``{outcome}_{horizon}m``. Everything else (``propensity`` and the ``expected_*`` methods)
    is the truth the engine must recover.
    """

    episodes: pd.DataFrame
    propensity: np.ndarray
    confounding: float
    _latent: dict[str, np.ndarray] = field(repr=False)

    supports: tuple[str, ...] = SUPPORTS
    feature_columns: tuple[str, ...] = FEATURES
    placebo_column: str = PLACEBO

    @property
    def outcome_columns(self) -> tuple[str, ...]:
        return tuple(f"{o}_{h}m" for o in OUTCOMES for h in HORIZONS)

    # -- truth ---------------------------------------------------------------------------
    def expected_outcome(self, column: str, support: str) -> np.ndarray:
        """E[Y(support) | person] for every episode, for an outcome column like 'paid_work_12m'."""
        outcome, horizon = _parse_column(column)
        if support not in self.supports:
            raise KeyError(f"unknown support {support!r}")
        return _expected(self._latent, outcome, horizon, support)

    def expected_outcomes(self, column: str) -> np.ndarray:
        """E[Y(k) | person] for all supports k, shape (n, K) in the order of ``supports``."""
        return np.column_stack([self.expected_outcome(column, k) for k in self.supports])

    def true_effect(self, column: str, support: str, reference: str = "none") -> np.ndarray:
        """The true individual effect of ``support`` versus ``reference`` for every episode."""
        return self.expected_outcome(column, support) - self.expected_outcome(column, reference)

    def true_ate(self, column: str, support: str, reference: str = "none") -> float:
        """Average of the true individual effects over this sample (the conditional ATE)."""
        return float(self.true_effect(column, support, reference).mean())

    def true_atet(self, column: str, support: str, reference: str = "none") -> float:
        """Average true effect among the episodes that actually received ``support``."""
        treated = self.episodes["support"].to_numpy() == support
        return float(self.true_effect(column, support, reference)[treated].mean())

    def oracle_policy(self, column: str, capacity: Mapping[str, float] | None = None) -> np.ndarray:
        """The assignment that maximises the expected outcome, optionally under capacity shares.

        ``capacity`` maps a support to the largest share of episodes it may receive. Capacities
        are met with Lagrangian prices (the exact solution of the relaxed assignment problem).
        Returns support names, one per episode.
        """
        mu = self.expected_outcomes(column)
        choice = _argmax_with_capacity(mu, self.supports, capacity)
        return np.asarray(self.supports, dtype=object)[choice]

    def policy_value(self, column: str, assignment: Sequence[str] | np.ndarray) -> float:
        """True mean expected outcome if every episode got the support in ``assignment``."""
        mu = self.expected_outcomes(column)
        index = {k: j for j, k in enumerate(self.supports)}
        codes = np.fromiter((index[a] for a in assignment), dtype=np.int64, count=len(mu))
        return float(mu[np.arange(len(mu)), codes].mean())

    def regret(
        self,
        column: str,
        assignment: Sequence[str] | np.ndarray,
        capacity: Mapping[str, float] | None = None,
    ) -> float:
        """How much the oracle policy beats ``assignment`` on the true expected outcome."""
        oracle = self.oracle_policy(column, capacity)
        return self.policy_value(column, oracle) - self.policy_value(column, assignment)


def _parse_column(column: str) -> tuple[str, int]:
    for outcome in OUTCOMES:
        prefix = outcome + "_"
        if column.startswith(prefix) and column.endswith("m"):
            horizon = int(column[len(prefix) : -1])
            if horizon in HORIZONS:
                return outcome, horizon
    raise KeyError(f"unknown outcome column {column!r}")


def _argmax_with_capacity(
    values: np.ndarray, supports: Sequence[str], capacity: Mapping[str, float] | None
) -> np.ndarray:
    """Row-wise argmax, with per-column prices raised until no capacity share is exceeded."""
    n, k = values.shape
    prices = np.zeros(k)
    choice = values.argmax(axis=1)
    if not capacity:
        return choice
    limits = np.full(k, np.inf)
    for name, share in capacity.items():
        limits[list(supports).index(name)] = share * n
    scale = float(np.abs(values).max()) + 1.0
    for _ in range(60):
        choice = (values - prices).argmax(axis=1)
        counts = np.bincount(choice, minlength=k)
        over = counts > limits
        if not over.any():
            break
        # Bisection per over-full column: the price at which the column's demand fits.
        for j in np.flatnonzero(over):
            lo, hi = prices[j], prices[j] + scale
            for _ in range(40):
                mid = 0.5 * (lo + hi)
                trial = prices.copy()
                trial[j] = mid
                demand = np.count_nonzero((values - trial).argmax(axis=1) == j)
                lo, hi = (mid, hi) if demand > limits[j] else (lo, mid)
            prices[j] = hi
    return choice


def _work_logit(lat: Mapping[str, np.ndarray], support: str, horizon: int) -> np.ndarray:
    h = HORIZONS.index(horizon)
    base = lat["employability"] + _HORIZON_INTERCEPT[horizon]
    return base + _work_effect_logit(lat, support, h)


def _work_effect_logit(lat: Mapping[str, np.ndarray], support: str, h: int) -> np.ndarray:
    """Heterogeneous logit shift of paid work for one support at horizon index h."""
    shift = _WORK_SHIFT[support][h]
    z = lat["z_employability"]
    if support == "coaching":
        # Guidance helps people closer to the labour market more (Dutch RCT, N3).
        return shift * (1.0 + 0.6 * np.clip(z, -1.5, 2.0))
    if support == "training":
        # Lock-in first; later gains largest for low education and long-term unemployed (M8).
        gain = (0.0, 0.35, 0.45)[h]
        low_edu = (lat["education"] <= 1).astype(float)
        ltu = (lat["months_on_benefit"] > 36).astype(float)
        return shift + gain * low_edu + 0.25 * gain * ltu - 0.01 * np.maximum(lat["age"] - 45, 0)
    if support == "job_search":
        # Work-first works best for the skilled and motivated (N5).
        return shift + 0.25 * z + 0.2 * (lat["digital_skills"] - 0.5)
    if support == "ips":
        # Large gains for people with mental-health problems (I2/I4), smaller for others.
        mental = lat["mental_health_problem"]
        extra = (0.6, 1.0, 0.9)[h]
        return shift + extra * mental + 0.3 * lat["health_limitation"] * (h > 0)
    if support == "basisbaan":
        # A subsidised job: most useful for people far from regular work.
        return shift * (1.0 - 0.25 * np.clip(z, -2.0, 2.0))
    if support == "social_activation":
        isolated = 1.0 - lat["baseline_participation"]
        return shift + (0.0, 0.05, 0.15)[h] * isolated
    return np.full_like(z, shift)


def _expected(lat: Mapping[str, np.ndarray], outcome: str, horizon: int, support: str):
    h = HORIZONS.index(horizon)
    p_work = _sigmoid(_work_logit(lat, support, horizon))
    if outcome == "paid_work":
        return p_work
    if outcome == "participation":
        return p_work + (1.0 - p_work) * _participation_no_work(lat, support, h)
    mean_if_work, mean_if_not = _conditional_means(lat, outcome, support, h)
    return p_work * mean_if_work + (1.0 - p_work) * mean_if_not


def _participation_no_work(lat: Mapping[str, np.ndarray], support: str, h: int) -> np.ndarray:
    z = (
        -0.7
        + 1.3 * lat["baseline_participation"]
        - 0.5 * lat["mental_health_problem"]
        - 0.4 * lat["health_limitation"]
        + 0.3 * lat["z_employability"]
        + _PARTICIPATION_SHIFT[support][h]
    )
    return _sigmoid(z)


_BOUNDS = {"wellbeing": (0.0, 100.0), "health": (1.0, 5.0), "mastery": (7.0, 28.0)}


def _direct_effect(lat: Mapping[str, np.ndarray], outcome: str, support: str, h: int):
    """Effect on well-being, health or mastery that does not run through paid work."""
    isolated = 1.0 - lat["baseline_participation"]
    zero = np.zeros_like(lat["age"])
    if outcome == "wellbeing":
        table = {
            "coaching": 1.0 + zero,
            "training": (0.0, 0.5, 1.5)[h] + zero,
            "job_search": -1.5 + zero,  # pressure to apply hurts a little
            "ips": 2.0 + 1.5 * lat["mental_health_problem"],
            "basisbaan": 3.0 + zero,  # brede baten van werk (N11)
            "volunteering": 1.0 + 3.0 * isolated,
            "social_activation": 1.0 + 4.0 * isolated,
        }
    elif outcome == "health":
        table = {
            "ips": 0.05 + zero,
            "basisbaan": 0.08 + zero,
            "volunteering": 0.05 + zero,
            "social_activation": 0.04 + 0.06 * isolated,
        }
    else:  # mastery
        table = {
            "coaching": 0.5 + zero,
            "training": (0.2, 0.5, 0.8)[h] + zero,
            "ips": 0.5 + zero,
            "basisbaan": 0.8 + zero,
            "volunteering": 0.8 + 0.5 * isolated,
            "social_activation": 0.6 + 0.8 * isolated,
        }
    return table.get(support, zero)


def _conditional_means(lat: Mapping[str, np.ndarray], outcome: str, support: str, h: int):
    if outcome == "wellbeing":
        base = 20.0 + 0.55 * lat["baseline_wellbeing"] - 4.0 * lat["debt_problems"]
        gain_work = 10.0
    elif outcome == "health":
        base = 1.0 + 0.55 * (lat["baseline_health"] - 1.0) + 0.5 - 0.35 * lat["health_limitation"]
        gain_work = 0.25
    elif outcome == "mastery":
        base = 7.0 + 0.55 * lat["baseline_mastery"] - 0.5 * lat["debt_problems"]
        gain_work = 1.5
    else:
        raise KeyError(outcome)
    lo, hi = _BOUNDS[outcome]
    margin = 0.02 * (hi - lo)
    direct = _direct_effect(lat, outcome, support, h)
    # Clip the means (deterministic), so the truth stays exact and draws stay in range.
    mean_not = np.clip(base + direct, lo + margin, hi - margin)
    mean_work = np.clip(base + direct + gain_work, lo + margin, hi - margin)
    return mean_work, mean_not


def simulate_labour_market(
    n: int,
    *,
    seed: int | None = 0,
    selection: float = 1.0,
    confounding: float = 0.0,
    repeat_share: float = 0.2,
    n_noise_features: int = 3,
) -> LabourMarket:
    """Draw ``n`` episodes of the synthetic labour market.

    Parameters
    ----------
    n : number of episodes (rows).
    seed : random seed; the same seed gives the same data.
    selection : strength of selection on observed characteristics (0 = randomised choice).
    confounding : strength of an unobserved characteristic ("drive") that affects both the
        choice of support and the outcomes. 0 keeps the data unconfounded given the features.
    repeat_share : share of people who have a second episode (folds must group by person).
    n_noise_features : extra features with no influence at all (as in real data).
    """
    if n < 10:
        raise ValueError("n must be at least 10")
    rng = np.random.default_rng(seed)
    n_people = int(np.ceil(n / (1.0 + repeat_share)))
    person_of_row = np.arange(n_people)
    second = rng.random(n_people) < repeat_share
    person_of_row = np.concatenate([person_of_row, np.flatnonzero(second)])[:n]
    if len(person_of_row) < n:  # top up if the draw gave too few repeats
        person_of_row = np.concatenate(
            [person_of_row, rng.integers(0, n_people, n - len(person_of_row))]
        )
    is_repeat = np.zeros(n, dtype=bool)
    is_repeat[n_people:] = True

    def person_draw(values: np.ndarray) -> np.ndarray:
        return values[person_of_row]

    person_age = rng.integers(18, 67, n_people).astype(float)
    age = person_draw(person_age)
    education = person_draw(rng.choice(4, n_people, p=[0.25, 0.30, 0.30, 0.15])).astype(float)
    mental = person_draw(rng.random(n_people) < 0.22).astype(float)
    # Health limitations become more common with age.
    health_lim = person_draw(rng.random(n_people) < 0.08 + 0.006 * (person_age - 18)).astype(float)
    debt = person_draw(rng.random(n_people) < 0.28).astype(float)
    caring = person_draw(rng.random(n_people) < 0.15).astype(float)
    digital = person_draw(rng.beta(3, 2, n_people) - 0.004 * np.maximum(person_age - 50, 0))
    digital = np.clip(digital, 0.0, 1.0)
    months = np.clip(rng.lognormal(np.log(28.0), 0.9, n), 1, 240).round()
    months = np.where(is_repeat, months + 12, months)
    age = np.where(is_repeat, age + 1, age)
    experience = np.clip(
        (age - 18 - 2 * education) * rng.beta(2, 3, n) - months / 24, 0, None
    ).round(1)
    unemployment = person_draw(rng.uniform(3.0, 8.0, n_people)).round(1)
    drive = person_draw(rng.normal(size=n_people))  # never observed

    b_wellbeing = np.clip(rng.normal(58 - 12 * mental - 6 * debt - 4 * health_lim, 16, n), 0, 100)
    baseline_wellbeing = (np.round(b_wellbeing / 4) * 4).astype(float)
    baseline_health = np.clip(
        np.round(rng.normal(3.4 - 0.9 * health_lim - 0.3 * mental - 0.01 * (age - 40), 0.8)), 1, 5
    )
    baseline_mastery = np.clip(
        np.round(rng.normal(19 - 2.0 * mental - 1.0 * debt + 0.5 * education, 3.2)), 7, 28
    )
    baseline_participation = (
        rng.random(n) < _sigmoid(0.2 - 0.6 * mental + 0.3 * caring + 0.4 * (education - 1.5) / 1.5)
    ).astype(float)

    employability = (
        -1.35
        + 0.35 * (education - 1.5)
        - 0.45 * np.log1p(months / 12.0)
        - 0.035 * np.maximum(age - 50, 0)
        - 0.02 * np.maximum(25 - age, 0)
        + 0.6 * (digital - 0.6)
        - 0.7 * health_lim
        - 0.5 * mental
        - 0.25 * debt
        - 0.3 * caring
        + 0.03 * np.minimum(experience, 20)
        - 0.12 * (unemployment - 5.5)
        + 0.06 * (baseline_mastery - 19)
        + 0.5 * confounding * drive
    )
    z_emp = (employability - employability.mean()) / employability.std()
    lat = {
        "age": age,
        "education": education,
        "months_on_benefit": months,
        "health_limitation": health_lim,
        "mental_health_problem": mental,
        "debt_problems": debt,
        "digital_skills": digital,
        "baseline_wellbeing": baseline_wellbeing,
        "baseline_health": baseline_health,
        "baseline_mastery": baseline_mastery,
        "baseline_participation": baseline_participation,
        "employability": employability,
        "z_employability": z_emp,
    }

    # Choice of support: multinomial logit on observed characteristics, partly on the expected
    # gain in paid work at 12 months (people choose routes that suit them), plus "drive".
    s = selection
    utility = {
        "none": np.zeros(n),
        "coaching": 0.3 * s * z_emp + 0.1 * s * caring,
        "training": s * (-0.035 * (age - 35) + 0.4 * (education <= 1) - 0.2 * mental),
        "job_search": 0.9 * s * z_emp + 0.4 * confounding * drive,
        "ips": s * (2.3 * mental + 0.5 * health_lim - 0.3 * z_emp),
        "basisbaan": s * (-0.8 * z_emp + 0.35 * np.log1p(months / 12.0) - 0.3 * caring),
        "volunteering": s * (0.025 * (age - 40) - 0.3 * z_emp + 0.3 * caring),
        "social_activation": s
        * (
            -1.3 * baseline_participation
            - 0.5 * z_emp
            + 0.5 * mental
            - 0.02 * (baseline_wellbeing - 50)
        ),
    }
    for k in SUPPORTS:
        gain = _work_effect_logit(lat, k, 1)
        utility[k] = utility[k] + _CHOICE_INTERCEPT[k] + 0.6 * s * (gain - gain.mean())
    u = np.column_stack([utility[k] for k in SUPPORTS])
    u -= u.max(axis=1, keepdims=True)
    propensity = np.exp(u)
    propensity /= propensity.sum(axis=1, keepdims=True)
    cum = propensity.cumsum(axis=1)
    draw = rng.random(n)[:, None]
    treatment = np.minimum((draw > cum).sum(axis=1), len(SUPPORTS) - 1)

    # Outcomes: shared latent normals make horizons and repeat episodes of a person correlate,
    # while every marginal mean stays exactly as written above.
    person_noise = rng.normal(size=n_people)[person_of_row]
    episode_noise = rng.normal(size=n)
    common = np.sqrt(0.4) * person_noise + np.sqrt(0.6) * episode_noise
    from scipy.special import ndtr  # local import: scipy is only needed when drawing

    columns: dict[str, np.ndarray] = {}
    support_names = np.asarray(SUPPORTS, dtype=object)
    for horizon in HORIZONS:
        h = HORIZONS.index(horizon)
        z_h = np.sqrt(0.5) * common + np.sqrt(0.5) * rng.normal(size=n)
        uniform = ndtr(z_h)
        p_work = np.empty(n)
        for j, k in enumerate(SUPPORTS):
            rows = treatment == j
            sub = {key: val[rows] for key, val in lat.items()}
            p_work[rows] = _sigmoid(_work_logit(sub, k, horizon))
        work = (uniform < p_work).astype(float)
        columns[f"paid_work_{horizon}m"] = work
        part_p = np.empty(n)
        means = {o: np.empty(n) for o in _BOUNDS}
        for j, k in enumerate(SUPPORTS):
            rows = treatment == j
            sub = {key: val[rows] for key, val in lat.items()}
            part_p[rows] = _participation_no_work(sub, k, h)
            for o in _BOUNDS:
                m_work, m_not = _conditional_means(sub, o, k, h)
                means[o][rows] = np.where(work[rows] == 1.0, m_work, m_not)
        participation = np.where(work == 1.0, 1.0, (rng.random(n) < part_p).astype(float))
        columns[f"participation_{horizon}m"] = participation
        columns[f"wellbeing_{horizon}m"] = 4.0 * _beta_binomial(
            rng, 25, means["wellbeing"] / 100.0, 6.0
        )
        columns[f"health_{horizon}m"] = 1.0 + _beta_binomial(
            rng, 4, (means["health"] - 1.0) / 4.0, 8.0
        )
        columns[f"mastery_{horizon}m"] = 7.0 + _beta_binomial(
            rng, 21, (means["mastery"] - 7.0) / 21.0, 10.0
        )

    placebo = (rng.random(n) < _sigmoid(employability - 0.4)).astype(float)
    features = {
        "age": age,
        "education": education,
        "months_on_benefit": months,
        "work_experience_years": experience,
        "health_limitation": health_lim,
        "mental_health_problem": mental,
        "debt_problems": debt,
        "caring_duties": caring,
        "digital_skills": digital.round(3),
        "local_unemployment": unemployment,
        "baseline_wellbeing": baseline_wellbeing,
        "baseline_health": baseline_health,
        "baseline_mastery": baseline_mastery,
        "baseline_participation": baseline_participation,
    }
    noise = {f"noise_{i + 1}": rng.normal(size=n).round(3) for i in range(n_noise_features)}
    frame = pd.DataFrame(
        {
            "person_id": person_of_row.astype(np.int64),
            "support": pd.Categorical(support_names[treatment], categories=list(SUPPORTS)),
            **features,
            **noise,
            PLACEBO: placebo,
            **{c: columns[c] for c in (f"{o}_{h}m" for o in OUTCOMES for h in HORIZONS)},
        }
    )
    return LabourMarket(
        episodes=frame,
        propensity=propensity,
        confounding=confounding,
        _latent=lat,
        feature_columns=FEATURES + tuple(noise),
    )
