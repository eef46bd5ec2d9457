"""Outcomes of a run: counts per state become paid work, participation, well-being, income and
the municipality's costs, per month and per Monte Carlo draw, summarised as bands.

Denominator of the shares: the people followed that month (everyone simulated except those
who left for another reason: they are no longer in the municipality's records).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from meedoen.simulation.policy_lab.baseline import EXIT_DURATION_LABELS, TARGETS
from meedoen.simulation.policy_lab.levers import Scenario
from meedoen.simulation.policy_lab.parameters import ParameterSet
from meedoen.simulation.policy_lab.states import BENEFIT_STATES, STATE_NAMES, State

WEEKS_PER_MONTH = 4.33
BANDS = (5.0, 50.0, 95.0)

OUTCOMES: dict[str, str] = {
    "people": "people followed (count)",
    "on_benefit": "people on benefit (count)",
    "on_benefit_share": "share on benefit",
    "paid_work_share": "share in paid work (regular, part-time with benefit, basisbaan)",
    "regular_work_share": "share in regular paid work (incl. part-time with benefit)",
    "independent_share": "share in paid work without benefit (incl. basisbaan)",
    "participation_share": "share taking part (ladder rung 3 or higher)",
    "wellbeing": "mean WHO-5 (0-100)",
    "income": "mean net income per person (EUR/month)",
    "cost_benefits": "benefits paid by the municipality (EUR/month)",
    "cost_support": "programmes, support, basisbanen, enforcement (EUR/month)",
    "cost_total": "benefits and support (EUR/month)",
}


@dataclass(frozen=True)
class SimulationResult:
    scenario: Scenario
    parameters: ParameterSet
    draws_of: Mapping[str, np.ndarray]  # parameter name -> value per draw
    counts: np.ndarray  # (months + 1, states, groups, draws)
    flows: Mapping[str, np.ndarray]  # label -> (months, draws)
    exit_duration_counts: np.ndarray  # (draws, 7) recorded exits by spell-duration bin
    benefit_by_duration: np.ndarray  # (2, durations, draws): at the start and at the end
    programme_places: float
    seed: int
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def months(self) -> int:
        return self.counts.shape[0] - 1

    @property
    def draws(self) -> int:
        return self.counts.shape[-1]

    def state_counts(self) -> np.ndarray:
        """(months + 1, states, draws): everyone, summed over groups."""
        return self.counts.sum(axis=2)

    @cached_property
    def outcomes(self) -> dict[str, np.ndarray]:
        """Each outcome as an array (months + 1, draws)."""
        c = self.state_counts().astype(np.float64)
        p = self.draws_of
        sc = self.scenario
        st = {s: c[:, s, :] for s in State}
        people = c.sum(axis=1) - st[State.EXIT]
        benefit = sum(st[s] for s in BENEFIT_STATES)
        regular = st[State.WORK] + st[State.WORK_Q] + st[State.PARTTIME]
        paid = regular + st[State.BASISBAAN]
        independent = st[State.WORK] + st[State.WORK_Q] + st[State.BASISBAAN]
        taking_part = paid + st[State.ACTIVE] + st[State.PROGRAMME] + st[State.INTENSIVE]
        safe = np.where(people > 0, people, 1.0)

        e = sc.exemption_share
        cover = sc.sanction_coverage * (1 - e)
        sd = p["who5_sd"]
        base = p["who5_benefit"]
        work_gain = p["work_wellbeing_sd"] * sd
        choice = p["choice_wellbeing_sd"] * sd if sc.free_choice_of_provider else 0.0
        on_benefit_adj = (cover * p["sanction_wellbeing_sd"] + e * p["exemption_wellbeing_sd"]) * sd
        wb = {
            State.INACTIVE: base + on_benefit_adj,
            State.ACTIVE: base + p["active_wellbeing_sd"] * sd + on_benefit_adj,
            State.PROGRAMME: base + p["programme_wellbeing_sd"] * sd + choice + on_benefit_adj,
            State.POST: base + choice + on_benefit_adj,
            State.INTENSIVE: base + p["intensive_wellbeing_sd"] * sd + choice + on_benefit_adj,
            State.PARTTIME: base + p["parttime_wellbeing_share"] * work_gain + on_benefit_adj,
            State.BASISBAAN: base + p["basisbaan_wellbeing_share"] * work_gain,
            State.WORK: base + work_gain,
            State.WORK_Q: base + work_gain,
        }
        wellbeing = sum(st[s] * wb[s] for s in wb) / safe

        month = WEEKS_PER_MONTH * p["wage_eur_hour"] * p["net_factor"]
        pt_gross = p["parttime_hours_week"] * WEEKS_PER_MONTH * p["wage_eur_hour"]
        pt_net = pt_gross * p["net_factor"]
        disregard = (np.minimum(sc.disregard_share * pt_gross, sc.disregard_cap_eur)
                     if sc.earnings_disregard else 0.0)
        work_income = p["work_hours_week"] * month
        income_of = dict.fromkeys(BENEFIT_STATES, p["benefit_eur"])
        income_of[State.PARTTIME] = np.maximum(p["benefit_eur"], pt_net) + disregard
        income_of[State.BASISBAAN] = p["basisbaan_hours_week"] * month
        income_of[State.WORK] = work_income
        income_of[State.WORK_Q] = work_income * (1 - p["sanction_wage_penalty"])
        income = sum(st[s] * income_of[s] for s in income_of) / safe

        topup = np.maximum(p["benefit_eur"] - pt_net, 0.0) + disregard
        cost_benefits = (benefit - st[State.PARTTIME]) * p["benefit_eur"] \
            + st[State.PARTTIME] * topup
        cost_support = (
            st[State.PROGRAMME] * p["programme_cost_eur"]
            + st[State.INTENSIVE] * p["intensive_cost_eur"]
            + st[State.BASISBAAN] * p["basisbaan_cost_eur"]
            + benefit * cover * p["enforcement_cost_eur"]
        )
        return {
            "people": people,
            "on_benefit": benefit,
            "on_benefit_share": benefit / safe,
            "paid_work_share": paid / safe,
            "regular_work_share": regular / safe,
            "independent_share": independent / safe,
            "participation_share": taking_part / safe,
            "wellbeing": wellbeing,
            "income": income,
            "cost_benefits": cost_benefits,
            "cost_support": cost_support,
            "cost_total": cost_benefits + cost_support,
        }

    def band(self, outcome: str, q: Sequence[float] = BANDS) -> np.ndarray:
        """Percentiles across draws per month: shape (len(q), months + 1)."""
        return np.percentile(self.outcomes[outcome], q, axis=1)

    def table(self, months: Sequence[int] = (12, 24, 36, 48, 60),
              q: Sequence[float] = BANDS) -> pd.DataFrame:
        """Outcomes at selected months with their bands (one row per outcome and month)."""
        rows = []
        for name in OUTCOMES:
            pct = self.band(name, q)
            for m in months:
                if m <= self.months:
                    rows.append({"outcome": name, "month": m,
                                 **{f"p{int(v)}": pct[i, m] for i, v in enumerate(q)}})
        return pd.DataFrame(rows)

    def compare(self, other: SimulationResult, outcome: str,
                q: Sequence[float] = BANDS) -> np.ndarray:
        """Bands of ``other - self`` per month, paired by draw (same seed: same parameters)."""
        if other.draws != self.draws or other.seed != self.seed:
            raise ValueError("compare runs with the same draws and seed")
        return np.percentile(other.outcomes[outcome] - self.outcomes[outcome], q, axis=1)

    def benefit_rates(self) -> dict[str, np.ndarray]:
        """Monthly inflow and recorded outflow per person on benefit, per draw (mean over
        months), and the share of recorded exits that are to work or a basisbaan."""
        ben = self.outcomes["on_benefit"]
        mid = (ben[:-1] + ben[1:]) / 2
        f = self.flows
        out = f["to_work"] + f["to_work_q"] + f["exit_other"] + f["to_basisbaan"]
        work = f["to_work"] + f["to_work_q"] + f["to_basisbaan"]
        return {
            "inflow_rate": (f["inflow"] / mid).mean(axis=0),
            "outflow_rate": (out / mid).mean(axis=0),
            "exit_to_work_share": work.sum(axis=0) / np.maximum(out.sum(axis=0), 1),
        }

    def calibration_table(self) -> pd.DataFrame:
        """Simulated (median over draws) against the CBS targets."""
        rates = self.benefit_rates()
        ex = self.exit_duration_counts / self.exit_duration_counts.sum(axis=1, keepdims=True)
        end = self.benefit_by_duration[1] / self.benefit_by_duration[1].sum(axis=0)
        c = self.state_counts()[-1]
        pt = c[State.PARTTIME] / sum(c[s] for s in BENEFIT_STATES)
        sim = {
            "inflow_rate": rates["inflow_rate"],
            "outflow_rate": rates["outflow_rate"],
            "exit_to_work_share": rates["exit_to_work_share"],
            **{f"exit_duration_{lab}": ex[:, i] for i, lab in enumerate(EXIT_DURATION_LABELS)},
            "stock_under_6m": end[:6].sum(axis=0),
            "stock_6_12m": end[6:12].sum(axis=0),
            "stock_5y_plus": end[60],
            "parttime_share": pt,
        }
        return pd.DataFrame([
            {"target": k, "value": TARGETS[k].value, "simulated": float(np.median(v)),
             "source": TARGETS[k].source, "status": TARGETS[k].status}
            for k, v in sim.items()
        ])

    def state_table(self, month: int) -> pd.DataFrame:
        c = self.state_counts()[month]
        return pd.DataFrame({"state": STATE_NAMES, "median": np.median(c, axis=1)})
