"""The calibrated baseline: social assistance (bijstand) dynamics as CBS publishes them.

Calibration targets (national, people below AOW age; all CBS, status "statistic"):

=======================================  ===========  ===================================
target                                   value        source
=======================================  ===========  ===================================
inflow per month / stock                 1.728 %      CBS 82662NED 2023: 83,560 inflows;
                                                      stock 403,000 (CBS Q1 2024)
recorded outflow per month / stock       1.501 %      CBS 82662NED 2023: 72,570 outflows
                                                      (CBS excludes leaving at AOW age)
duration of ended spells (7 bins)        22/15/17/    CBS 85617NED 2023: 16,130 / 10,990 /
  <6m, 6-12m, 1-2y, 2-3y, 3-4y, 4-5y, 5y+ 11/7/5/22 %  12,360 / 8,020 / 5,290 / 3,640 /
                                                      16,170 of 72,610
stock with duration < 6 months           9.1 %        CBS 82663NED 2019 Q1: 39,120/431,560
stock with duration 6-12 months          8.0 %        CBS 82663NED 2019 Q1: 34,630/431,560
share of leavers who leave for a job     50 %         CBS 2021: 49k of 98k leavers
job leavers in work after 6 / 18 months  82 / 72 %    CBS 2024 cohort study (2021 leavers)
job leavers back on bijstand, 18 months  9 %          same
part-time work alongside the benefit     8 %          docs/simulation.md (CBS, confirmed)
=======================================  ===========  ===================================

Where each figure was read (stored copies of the pages; "confirmed" = the number itself was
read there, not recalled):

* CBS StatLine 82662NED "Personen met bijstand; (her)instroom en uitstroom"
  (https://www.cbs.nl/nl-nl/cijfers/detail/82662NED): inflow / outflow 2023 Q1 21,450 /
  18,180, Q2 19,450 / 17,370, Q3 20,940 / 20,240 (provisional), Q4 21,720 / 16,780; outflow
  2021 Q1-Q4 22,090 + 24,780 + 29,070 + 22,100 = 98,040. Confirmed.
* CBS StatLine 85617NED "Personen met bijstand; duur van de gestopte uitkeringssituatie"
  (https://cbs.nl/nl-nl/cijfers/detail/85617NED): 2023, 72,610 ended, by duration as in the
  table above. Confirmed.
* CBS StatLine 82663NED "Personen met bijstand; duur van de lopende uitkeringssituatie"
  (https://www.cbs.nl/nl-nl/cijfers/detail/82663NED): 2019 Q1 total 431,560, 0-6 months
  39,120, 6-12 months 34,630. Confirmed. (2019, not 2023: the successor table 85585NED was
  not read by duration; the shares change slowly, an assumption.)
* CBS news release 2024/22 "Meer jongeren in de bijstand in eerste kwartaal 2024": 403,000
  below AOW age (docs/simulation.md). Confirmed.
* CBS cohort study "Cohortonderzoek bijstandsuitstroom naar werk, 2021" (dashboard
  https://dashboards.cbs.nl/v5/Cohortonderzoek_uitstroom_bijstand_naar_werk/; figures as
  reported by blikopnieuws.nl, April 2024): 49k left for a job in 2021; 82% / 72% in a job
  without bijstand after 6 / 18 months; 9% back on bijstand after 18 months. Confirmed
  (secondary report of the CBS release; CBS published an erratum on the 18-month column).
* Divosa factsheet part-time work in the bijstand (docs/simulation.md): about 8%. Confirmed.

Assumptions (not statistics; shown as such on the policy-lab page): the split of exits to
work by group (``WORK_RATIO``); that the 2019 duration shares of the stock still hold; mixing
years (2023 flows, 2024 stock, 2021 work share); the 45% long-term share is an order of
magnitude only and is not fitted.

Model. Three groups (close / middle / far from the labour market) enter in shares ``pi`` and
leave benefit with a constant monthly probability ``lam`` per group; people still on benefit
after 60 months also reach AOW age with probability ``aow``. The mixture alone produces the
falling aggregate exit rate by duration that CBS shows (the fit did not need any duration
dependence within a group: a decay parameter went to zero, so it was dropped). The stock
share on benefit for 5 years or longer, which was *not* a target, comes out at 45%, as in
docs/simulation.md ("about 45%", confirmed order of magnitude): an independent check.

Exits split into work and other reasons per group in the fixed ratio 1 : 0.75 : 0.3
(assumption: the further from the labour market, the fewer exits are to a job), scaled so
that 50% of all exits are to work.

Sub-states on benefit (participating, in a programme, part-time work, ...) multiply the
hazard of finding work (lock-in, after-effect, stepping stone). The base work hazard is
divided by the average multiplier of the status-quo mix at each (group, duration), so the
status quo reproduces the calibrated spell dynamics exactly (:func:`calibrated_baseline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import least_squares

from meedoen.simulation.policy_lab.states import MAX_DURATION, N_DURATIONS, N_GROUPS

STOCK_2024 = 403_000
INFLOW_2023 = 21_450 + 19_450 + 20_940 + 21_720
OUTFLOW_2023 = 18_180 + 17_370 + 20_240 + 16_780
EXIT_DURATION_2023 = np.array([16_130, 10_990, 12_360, 8_020, 5_290, 3_640, 16_170])
EXIT_DURATION_BINS: tuple[tuple[int, int], ...] = (
    (0, 6), (6, 12), (12, 24), (24, 36), (36, 48), (48, 60), (60, N_DURATIONS)
)
EXIT_DURATION_LABELS = ("<6m", "6-12m", "1-2y", "2-3y", "3-4y", "4-5y", "5y+")


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    value: float
    unit: str
    source: str
    status: str = "confirmed"


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("inflow_rate", INFLOW_2023 / 12 / STOCK_2024, "per month, of stock",
               "CBS-82662NED; CBS-STOCK-2024"),
        Target("outflow_rate", OUTFLOW_2023 / 12 / STOCK_2024, "per month, of stock",
               "CBS-82662NED; CBS-STOCK-2024"),
        *(
            Target(f"exit_duration_{lab}", float(v), "share of ended spells", "CBS-85617NED")
            for lab, v in zip(EXIT_DURATION_LABELS,
                              EXIT_DURATION_2023 / EXIT_DURATION_2023.sum(), strict=True)
        ),
        Target("stock_under_6m", 39_120 / 431_560, "share of stock", "CBS-82663NED"),
        Target("stock_6_12m", 34_630 / 431_560, "share of stock", "CBS-82663NED"),
        Target("exit_to_work_share", 49_000 / 98_040, "share of exits", "CBS-WORKSHARE"),
        Target("in_work_6m", 0.82, "share of job leavers", "CBS-2024-COHORT"),
        Target("in_work_18m", 0.72, "share of job leavers", "CBS-2024-COHORT"),
        Target("back_on_benefit_18m", 0.09, "share of job leavers", "CBS-2024-COHORT"),
        Target("parttime_share", 0.08, "share of stock", "PARTTIME-8"),
        Target("stock_5y_plus", 0.45, "share of stock (check, not fitted)",
               "docs/simulation.md", "order of magnitude"),
    )
}

# Result of fit_spell_model() (kept as constants so a run does not refit; a test refits).
GROUP_SHARES = np.array([0.197782, 0.392036, 0.410182])  # inflow shares close / middle / far
EXIT_PROB = np.array([0.113287, 0.036154, 0.006259])  # monthly exit probability per group
AOW_PROB = 0.005048  # monthly probability of reaching AOW age after 5+ years on benefit
WORK_RATIO = np.array([1.0, 0.75, 0.3])  # relative share of exits to work (assumption)


@dataclass(frozen=True, slots=True)
class SpellModel:
    group_shares: np.ndarray
    exit_prob: np.ndarray
    aow_prob: float
    inflow_rate: float
    outflow_rate: float
    exit_duration: np.ndarray
    stock_under_6m: float
    stock_6_12m: float
    stock_5y_plus: float
    exits_by_group: np.ndarray


def spell_model(group_shares: np.ndarray, exit_prob: np.ndarray, aow_prob: float) -> SpellModel:
    """Stationary stock and exits of the mixture model (closed form, cap bin geometric)."""
    d = np.arange(N_DURATIONS)
    h = np.broadcast_to(exit_prob[:, None], (N_GROUPS, N_DURATIONS))
    surv = (1 - exit_prob[:, None]) ** d[None, :]
    stock = surv.copy()
    stock[:, MAX_DURATION] = surv[:, MAX_DURATION] / (exit_prob + aow_prob)
    exits = surv * h
    exits[:, MAX_DURATION] = stock[:, MAX_DURATION] * exit_prob
    st = (group_shares[:, None] * stock).sum(0)
    ex = (group_shares[:, None] * exits).sum(0)
    total = st.sum()
    bins = np.array([ex[a:b].sum() for a, b in EXIT_DURATION_BINS])
    return SpellModel(
        group_shares=group_shares, exit_prob=exit_prob, aow_prob=aow_prob,
        inflow_rate=1 / total, outflow_rate=ex.sum() / total, exit_duration=bins / bins.sum(),
        stock_under_6m=st[:6].sum() / total, stock_6_12m=st[6:12].sum() / total,
        stock_5y_plus=st[MAX_DURATION] / total,
        exits_by_group=(group_shares[:, None] * exits).sum(1) / ex.sum(),
    )


def fit_spell_model() -> SpellModel:
    """Least-squares fit of shares, exit probabilities and AOW probability to the targets."""
    t = TARGETS
    exit_t = EXIT_DURATION_2023 / EXIT_DURATION_2023.sum()

    def unpack(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        pi = np.exp(np.r_[x[0:2], 0.0])
        return pi / pi.sum(), np.exp(x[2:5]), float(np.exp(x[5]))

    def residuals(x: np.ndarray) -> np.ndarray:
        m = spell_model(*unpack(x))
        return np.r_[
            (m.exit_duration - exit_t) * 10,
            (m.inflow_rate / t["inflow_rate"].value - 1) * 5,
            (m.outflow_rate / t["outflow_rate"].value - 1) * 5,
            (m.stock_under_6m - t["stock_under_6m"].value) * 5,
            (m.stock_6_12m - t["stock_6_12m"].value) * 5,
        ]

    x0 = np.r_[0.5, 0.3, np.log([0.15, 0.03, 0.005]), np.log(0.005)]
    fit = least_squares(residuals, x0)
    return spell_model(*unpack(fit.x))


def work_share_by_group(exits_by_group: np.ndarray | None = None) -> np.ndarray:
    """Share of exits to work per group, scaled to the CBS share of exits to work."""
    if exits_by_group is None:
        exits_by_group = spell_model(GROUP_SHARES, EXIT_PROB, AOW_PROB).exits_by_group
    scale = TARGETS["exit_to_work_share"].value / float(exits_by_group @ WORK_RATIO)
    return WORK_RATIO * scale


@lru_cache(maxsize=1)
def calibrated_spells() -> SpellModel:
    return spell_model(GROUP_SHARES, EXIT_PROB, AOW_PROB)
