"""The vectorised monthly simulation: counts of people per (state, group, months) per draw.

Why counts and not one row per person: within a group, people in the same state with the same
number of months in it face the same transition probabilities, so they are exchangeable and
the number who move from a cell to each destination is exactly multinomial. Drawing those
multinomials (as a chain of binomials) for all cells and all Monte Carlo draws at once gives
the same distribution of outcomes as a person-level simulation, at a cost that does not grow
with the number of people: 1,000,000 people x 60 months x 200 draws is about 100 million
binomial draws instead of 12 billion person-months (docs/policy-lab.md, bench/simulation).

Capacity-limited places (programmes, intensive support, basisbanen) are filled each month
from the eligible cells by a multivariate hypergeometric draw (exact: never more people than
places, every eligible person equally likely).

Two modes share one code path: ``rng`` given draws the random moves; ``rng=None`` moves the
expected numbers (the mean-field model used to find the status-quo steady state).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from meedoen.simulation.policy_lab.baseline import (
    AOW_PROB,
    EXIT_DURATION_BINS,
    EXIT_PROB,
    GROUP_SHARES,
    TARGETS,
    calibrated_spells,
    work_share_by_group,
)
from meedoen.simulation.policy_lab.levers import Scenario, ScenarioError
from meedoen.simulation.policy_lab.outcomes import SimulationResult
from meedoen.simulation.policy_lab.parameters import ParameterSet
from meedoen.simulation.policy_lab.states import (
    BENEFIT_STATES,
    MAX_DURATION,
    N_DURATIONS,
    N_GROUPS,
    N_STATES,
    Group,
    State,
)

S, G, D = N_STATES, N_GROUPS, N_DURATIONS
MAX_MONTHS = 60  # the issue: one to five years
RETURN_WINDOW = 24  # job losses after 2 years in work go to WW first, not back to bijstand
EARLY_TENURE = 6  # job-loss probability differs in the first six months (CBS cohort)
RECORDED_EXITS = ("to_work", "to_work_q", "exit_other", "to_basisbaan")  # CBS "uitstroom"
FLOW_LABELS = (
    "inflow", "fresh_inflow", "return", "to_work", "to_work_q", "exit_other", "aow",
    "to_basisbaan", "to_programme", "to_intensive", "bb_to_work", "job_loss",
)


class SimulationTooLarge(RuntimeError):
    """Refused before starting: the run would not fit in the memory of this machine."""

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(
            f"this simulation needs about {needed / 2**30:.1f} GiB of memory and "
            f"{available / 2**30:.1f} GiB is available; use fewer draws or months"
        )
        self.needed = needed
        self.available = available


@dataclass(frozen=True, slots=True)
class Population:
    """Who is simulated at month 0, and how many new people arrive each month.

    ``counts`` has shape (states, groups, months-in-state). ``fresh_inflow`` is the expected
    number of first-time (or after a long break) entrants per month; people who lose a job
    within two years come back on top of it, as in the CBS inflow.
    """

    counts: np.ndarray
    fresh_inflow: float
    group_shares: np.ndarray

    @property
    def n_people(self) -> int:
        return int(self.counts.sum())

    @property
    def benefit_stock(self) -> int:
        return int(self.counts[list(BENEFIT_STATES)].sum())

    @classmethod
    def synthetic(cls, n_people: int) -> Population:
        """A population in the calibrated status-quo steady state.

        It holds the people on benefit and those who left benefit for a job in the last two
        years (the municipality still follows them: a job loss brings some back).
        """
        if isinstance(n_people, bool) or not isinstance(n_people, int | np.integer) \
                or n_people < 1:
            raise ScenarioError("n_people", f"must be a whole number >= 1, got {n_people!r}")
        st = stationary_status_quo()
        counts = _round_preserving_total(st.shares * (n_people / st.shares.sum()), n_people)
        stock = counts[list(BENEFIT_STATES)].sum()
        return cls(counts, st.fresh_per_stock * float(stock), st.fresh_shares.copy())

    @classmethod
    def from_records(
        cls,
        group: np.ndarray,
        months_on_benefit: np.ndarray,
        state: np.ndarray | None = None,
        *,
        fresh_inflow: float | None = None,
        inflow_group_shares: np.ndarray | None = None,
    ) -> Population:
        """Aggregate anonymised person records (one row per person) into the start counts.

        ``group`` holds 0/1/2 (close/middle/far), ``months_on_benefit`` the current spell (or
        tenure in the state), ``state`` the :class:`State` codes (default: INACTIVE).
        ``fresh_inflow`` (entrants per month) and ``inflow_group_shares`` default to the
        national rate relative to the benefit stock and the national entrant mix.
        """
        group = np.asarray(group)
        months = np.asarray(months_on_benefit)
        state = np.zeros_like(group) if state is None else np.asarray(state)
        if not (group.shape == months.shape == state.shape) or group.ndim != 1:
            raise ScenarioError("records", "group, months_on_benefit and state differ in length")
        if group.size == 0:
            raise ScenarioError("records", "no people")
        if group.min() < 0 or group.max() >= G:
            raise ScenarioError("group", f"must be 0..{G - 1}")
        if months.min() < 0:
            raise ScenarioError("months_on_benefit", "must not be negative")
        if state.min() < 0 or state.max() >= State.EXIT:
            raise ScenarioError("state", "must be a State code other than EXIT")
        counts = np.zeros((S, G, D), dtype=np.int64)
        np.add.at(counts, (state, group, np.minimum(months, MAX_DURATION).astype(int)), 1)
        stock = counts[list(BENEFIT_STATES)].sum()
        if fresh_inflow is None:
            fresh_inflow = stationary_status_quo().fresh_per_stock * float(stock)
        if fresh_inflow < 0:
            raise ScenarioError("fresh_inflow", "must not be negative")
        if inflow_group_shares is None:
            shares = stationary_status_quo().fresh_shares.copy()
        else:
            shares = np.asarray(inflow_group_shares, dtype=np.float64)
            if shares.shape != (G,) or shares.min() < 0 or not np.isclose(shares.sum(), 1.0):
                raise ScenarioError("inflow_group_shares", f"must be {G} shares adding up to 1")
        return cls(counts, float(fresh_inflow), shares)


def _round_preserving_total(x: np.ndarray, total: int) -> np.ndarray:
    """Largest-remainder rounding: deterministic, and the counts add up to ``total``."""
    flat = x.ravel()
    base = np.floor(flat).astype(np.int64)
    short = total - int(base.sum())
    if short > 0:
        base[np.argsort(-(flat - base), kind="stable")[:short]] += 1
    return base.reshape(x.shape)


# --------------------------------------------------------------------------------------------
# Transition tables


@dataclass(frozen=True, slots=True)
class Move:
    label: str
    dest: State
    prob: np.ndarray  # broadcastable to (G, D, R)
    reset: bool  # True: the destination starts counting months from 0


def _r(x: np.ndarray | float) -> np.ndarray:
    """Per-draw values shaped to broadcast over (G, D, R)."""
    return np.asarray(x, dtype=np.float64).reshape(1, 1, -1)


class _Model:
    """Transition probabilities and capacities of one scenario for a set of parameter draws."""

    def __init__(
        self,
        scenario: Scenario,
        p: dict[str, np.ndarray],
        *,
        benefit_stock: float,
        fresh_inflow: float,
        group_shares: np.ndarray,
        mix: np.ndarray,
        parttime_start: float,
        integer_places: bool = True,
    ) -> None:
        self.scenario = scenario
        self.fresh_inflow = fresh_inflow
        self.group_shares = group_shares
        self.entrant_active = float(np.mean(p["entrant_active_share"]))
        n_draws = p["who5_sd"].shape[0]
        self.n_draws = n_draws
        d = np.arange(D)

        work_share = work_share_by_group()
        hw = (EXIT_PROB * work_share)[:, None, None]  # (G,1,1) baseline exit-to-work
        ho = (EXIT_PROB * (1 - work_share))[:, None, None]  # exits for other reasons
        aow = np.where(d == MAX_DURATION, AOW_PROB, 0.0)[None, :, None]

        # Status-quo multipliers on the work hazard, averaged over the status-quo mix at each
        # (group, duration): dividing by this keeps the status quo on the calibrated spells
        # in every draw, whatever the draw says about lock-in or after-effects.
        sq = {
            State.PROGRAMME: _r(p["programme_lockin_hr"]),
            State.POST: _r(p["post_programme_hr"]),
            State.PARTTIME: _r(p["parttime_fulltime_hr"]),
        }
        mbar = np.zeros((G, D, n_draws))
        for i, s in enumerate(BENEFIT_STATES):
            mbar += mix[i][:, :, None] * sq.get(s, 1.0)
        mbar = np.where(mbar > 0, mbar, 1.0)
        hw_star = hw / mbar  # (G, D, R)

        sc = scenario
        e = sc.exemption_share
        cover = sc.sanction_coverage * (1 - e)
        ft = 1 - e + e * _r(p["exemption_fulltime_hr"])
        pt = (1 - e + e * _r(p["exemption_parttime_hr"])) * parttime_start
        if sc.earnings_disregard:
            pt = pt * _r(p["disregard_parttime_hr"])
        choice = _r(p["choice_work_hr"]) if sc.free_choice_of_provider else 1.0
        sanction_hr = _r(p["sanction_work_hr"])
        ptfull = _r(p["parttime_fulltime_hr"])
        if sc.earnings_disregard:
            ptfull = ptfull * _r(p["disregard_fulltime_hr"])
        mult = {
            State.INACTIVE: 1.0,
            State.ACTIVE: 1.0,
            State.PROGRAMME: _r(p["programme_lockin_hr"]) * choice,
            State.POST: _r(p["post_programme_hr"]) * choice,
            State.INTENSIVE: _r(p["intensive_work_hr"]) * choice,
            State.PARTTIME: ptfull,
        }
        length = sc.programme_length_months
        moves: dict[State, list[Move]] = {}
        for s in BENEFIT_STATES:
            work = hw_star * mult[s] * ft
            m = [
                Move("to_work", State.WORK, work * (1 - cover), True),
                Move("to_work_q", State.WORK_Q, work * cover * sanction_hr, True),
                Move("exit_other", State.EXIT, ho, False),
                Move("aow", State.EXIT, aow, False),
            ]
            if s == State.INACTIVE:
                m += [Move("", State.ACTIVE, _r(p["active_start"]), False),
                      Move("", State.PARTTIME, pt, False)]
            elif s == State.ACTIVE:
                m += [Move("", State.INACTIVE, _r(p["active_stop"]), False),
                      Move("", State.PARTTIME, pt, False)]
            elif s == State.PROGRAMME:
                m += [Move("", State.POST, _r(1.0 / length), False)]
            elif s == State.POST:
                m += [Move("", State.PARTTIME, pt, False)]
            elif s == State.INTENSIVE:
                m += [Move("", State.ACTIVE, _r(1.0 / p["intensive_length_months"]), False),
                      Move("", State.PARTTIME, pt * _r(p["intensive_work_hr"]), False)]
            elif s == State.PARTTIME:
                m += [Move("", State.INACTIVE, _r(p["parttime_stop"]), False)]
            moves[s] = m
        moves[State.BASISBAAN] = [
            Move("bb_to_work", State.WORK, hw * _r(p["basisbaan_regular_work_hr"]), True),
            Move("", State.EXIT, _r(p["basisbaan_exit_other"]), False),
        ]
        early = (d < EARLY_TENURE)[None, :, None]
        loss = np.where(early, _r(p["job_loss_early"]), _r(p["job_loss_late"]))
        back = (d < RETURN_WINDOW)[None, :, None] * _r(p["return_share"])
        for s, hr in ((State.WORK, 1.0), (State.WORK_Q, _r(p["sanction_job_loss_hr"]))):
            moves[s] = [
                Move("return", State.INACTIVE, loss * hr * back, True),
                Move("job_loss", State.EXIT, loss * hr * (1 - back), False),
            ]
        # Competing risks must not add up to more than one (possible with extreme overrides).
        for s, ms in moves.items():
            total = sum(np.broadcast_to(mv.prob, (G, D, n_draws)) for mv in ms)
            scale = np.where(total > 1.0, 1.0 / np.maximum(total, 1e-12), 1.0)
            moves[s] = [Move(mv.label, mv.dest,
                             np.broadcast_to(mv.prob * scale, (G, D, n_draws)).copy(), mv.reset)
                        for mv in ms]
        self.moves = moves

        places: float
        if sc.programme_places is not None:
            places = float(sc.programme_places)
        else:
            places = float(p["status_quo_programme_share"][0]) * benefit_stock
            if integer_places:
                places = float(round(places))
        self.programme_places = places
        self.min_bb_months = round(float(p["basisbaan_min_months"][0]))


class _Run:
    """The month-by-month loop of one model; ``rng=None`` is the expected-value mode."""

    def __init__(self, model: _Model, rng: np.random.Generator | None) -> None:
        self.m = model
        self.rng = rng
        self.dtype = np.int64 if rng is not None else np.float64
        self.returns_by_group = np.zeros((G, model.n_draws))

    def _split(self, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        if self.rng is None:
            return n * p
        return self.rng.binomial(n, p)

    def step(self, x: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """One month. Returns the new counts, flows per label (R,) and recorded exits (D, R)."""
        m = self.m
        r = m.n_draws
        new = np.zeros_like(x)
        flows = {k: np.zeros(r, dtype=self.dtype) for k in FLOW_LABELS}
        exits_by_d = np.zeros((D, r), dtype=self.dtype)
        for s, moves in m.moves.items():
            n = x[s]
            if not n.any():
                continue
            left = n.copy()
            left_p = np.ones(n.shape)
            for mv in moves:
                q = np.clip(mv.prob / np.maximum(left_p, 1e-12), 0.0, 1.0)
                k = self._split(left, q)
                left = left - k
                left_p = left_p - mv.prob
                if mv.reset:
                    new[mv.dest][:, 0, :] += k.sum(axis=1)
                else:
                    _advance_into(new[mv.dest], k)
                if mv.label == "return":
                    self.returns_by_group = k.sum(axis=1)
                if mv.label:
                    flows[mv.label] += k.sum(axis=(0, 1))
                    if mv.label in RECORDED_EXITS:
                        exits_by_d += k.sum(axis=0)
            _advance_into(new[s], left)
        new[State.EXIT] += x[State.EXIT]  # absorbing: kept as a count, months not tracked
        self._allocate(new, flows, exits_by_d)
        self._inflow(new, flows)
        return new, flows, exits_by_d

    def _allocate(self, x: np.ndarray, flows: dict[str, np.ndarray], exits_by_d: np.ndarray
                  ) -> None:
        m, sc = self.m, self.m.scenario
        pool_states = [State.INACTIVE, State.ACTIVE, State.POST]
        if sc.basisbanen > 0:
            taken = self._fill(x, pool_states, list(range(G)), m.min_bb_months,
                               sc.basisbanen - x[State.BASISBAAN].sum(axis=(0, 1)))
            x[State.BASISBAAN][:, 0, :] += taken.sum(axis=(0, 2))
            flows["to_basisbaan"] += taken.sum(axis=(0, 1, 2))
            exits_by_d += taken.sum(axis=(0, 1))
        if sc.intensive_support_places > 0:
            taken = self._fill(x, pool_states, [Group.FAR], 0,
                               sc.intensive_support_places - x[State.INTENSIVE].sum(axis=(0, 1)))
            x[State.INTENSIVE][Group.FAR] += taken.sum(axis=0)[0]
            flows["to_intensive"] += taken.sum(axis=(0, 1, 2))
        if m.programme_places > 0:
            taken = self._fill(x, [State.INACTIVE, State.ACTIVE], [Group.CLOSE, Group.MIDDLE],
                               0, m.programme_places - x[State.PROGRAMME].sum(axis=(0, 1)))
            x[State.PROGRAMME][[Group.CLOSE, Group.MIDDLE]] += taken.sum(axis=0)
            flows["to_programme"] += taken.sum(axis=(0, 1, 2))

    def _fill(self, x: np.ndarray, states: list[State], groups: list[int], min_d: int,
              vacancies: np.ndarray) -> np.ndarray:
        """Take up to ``vacancies`` people (per draw) from the eligible cells; remove them.

        Returns the taken counts with shape (len(states), len(groups), D, R).
        """
        si = np.array(states)[:, None]
        gi = np.array(groups)[None, :]
        pool = x[si, gi].copy()  # (nS, nG, D, R)
        pool[:, :, :min_d] = 0
        total = pool.sum(axis=(0, 1, 2))
        need = np.minimum(np.maximum(vacancies, 0), total)
        if self.rng is None:
            frac = np.where(total > 0, need / np.maximum(total, 1e-300), 0.0)
            taken = pool * frac
        else:
            need = need.astype(np.int64)
            flat = pool.reshape(-1, pool.shape[-1])
            taken_flat = np.zeros_like(flat)
            rest = total.astype(np.int64)
            for c in np.flatnonzero(flat.any(axis=1)):
                if not need.any():
                    break
                good = flat[c]
                t = self.rng.hypergeometric(good, rest - good, need)
                taken_flat[c] = t
                need = need - t
                rest = rest - good
            taken = taken_flat.reshape(pool.shape)
        x[si, gi] -= taken
        return taken

    def _inflow(self, x: np.ndarray, flows: dict[str, np.ndarray]) -> None:
        m = self.m
        if self.rng is None:
            fresh = np.full(m.n_draws, m.fresh_inflow)
            by_group = fresh[:, None] * m.group_shares[None, :]  # (R, G)
            active = by_group * m.entrant_active
        else:
            fresh = self.rng.poisson(m.fresh_inflow, m.n_draws)
            by_group = self.rng.multinomial(fresh, m.group_shares)
            active = self.rng.binomial(by_group, m.entrant_active)
        x[State.INACTIVE][:, 0, :] += (by_group - active).T
        x[State.ACTIVE][:, 0, :] += active.T
        flows["fresh_inflow"] += fresh
        flows["inflow"] += fresh + flows["return"]


def _advance_into(dest: np.ndarray, k: np.ndarray) -> None:
    """Add ``k`` one month later: months-in-state + 1, the last bin is open-ended."""
    dest[:, 1:, :] += k[:, :-1, :]
    dest[:, MAX_DURATION, :] += k[:, MAX_DURATION, :]


# --------------------------------------------------------------------------------------------
# The status-quo steady state


@dataclass(frozen=True, slots=True)
class Stationary:
    shares: np.ndarray  # (S, G, D), benefit stock = 1
    fresh_per_stock: float  # first-time entrants per month per person on benefit
    fresh_shares: np.ndarray  # (G,) group mix of first-time entrants
    mix: np.ndarray  # (len(BENEFIT_STATES), G, D) status-quo sub-state mix on benefit
    parttime_start: float  # monthly probability of starting part-time work (calibrated)


@lru_cache(maxsize=1)
def stationary_status_quo() -> Stationary:
    """Run the expected-value model until the status quo is in its steady state.

    The total inflow (first-time entrants plus people coming back after losing a job) is
    held at the calibrated CBS rate *and* group mix (people coming back are more often from
    the group close to the labour market, so first-time entrants are a little less); the
    part-time start probability is tuned so that 8% of
    the people on benefit work part-time; the sub-state mix found is what the work hazard is
    normalised by. Three rounds are enough for these to settle (changes < 1e-4).
    """
    spells = calibrated_spells()
    st = np.zeros((G, D))
    d = np.arange(D)
    surv = (1 - EXIT_PROB[:, None]) ** d[None, :]
    st[:] = surv
    st[:, MAX_DURATION] = surv[:, MAX_DURATION] / (EXIT_PROB + AOW_PROB)
    st *= GROUP_SHARES[:, None]
    st /= st.sum()
    params = {k: np.array([v]) for k, v in ParameterSet().central().items()}
    target_pt = TARGETS["parttime_share"].value
    mix = np.zeros((len(BENEFIT_STATES), G, D))
    mix[0], mix[1] = 0.7, 0.3
    pt_start = 0.008
    x = np.zeros((S, G, D, 1))
    x[State.INACTIVE, :, :, 0] = 0.7 * st
    x[State.ACTIVE, :, :, 0] = 0.3 * st
    fresh = spells.inflow_rate
    shares_in = GROUP_SHARES.copy()
    for _ in range(3):
        model = _Model(Scenario(), params, benefit_stock=1.0, fresh_inflow=fresh,
                       group_shares=GROUP_SHARES, mix=mix, parttime_start=pt_start,
                       integer_places=False)
        run = _Run(model, None)
        for _month in range(600):
            x, _flows, _ = run.step(x)
            # keep the total inflow at the calibrated rate of the current stock
            stock = x[list(BENEFIT_STATES)].sum()
            by_group = np.maximum(
                GROUP_SHARES * spells.inflow_rate * stock - run.returns_by_group[:, 0], 0.0)
            model.fresh_inflow = fresh = float(by_group.sum())
            model.group_shares = shares_in = by_group / fresh
        ben = x[list(BENEFIT_STATES), :, :, 0]
        tot = ben.sum(axis=0)
        mix = np.where(tot > 0, ben / np.where(tot > 0, tot, 1.0), 0.0)
        pt_share = ben[BENEFIT_STATES.index(State.PARTTIME)].sum() / ben.sum()
        pt_start *= target_pt / pt_share
    shares = x[..., 0].copy()
    shares[State.EXIT] = 0.0
    for s in (State.WORK, State.WORK_Q):
        shares[s, :, RETURN_WINDOW:] = 0.0  # follow job leavers for their first two years
    stock = shares[list(BENEFIT_STATES)].sum()
    return Stationary(shares / stock, float(fresh / stock), shares_in, mix, float(pt_start))


# --------------------------------------------------------------------------------------------
# Memory check and the public entry point


def available_memory() -> int:
    """Bytes the kernel says can be allocated without swapping (MemAvailable)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 2 * 2**30  # unknown platform: assume a modest 2 GiB


def estimate_memory(months: int, draws: int) -> int:
    """Peak bytes of a run: transition tables, state arrays, temporaries, stored series.

    Independent of the number of people (counts, not rows). The factors were measured with
    tracemalloc on the benchmark run and rounded up.
    """
    cell = G * D * draws * 8
    n_moves = 8 * len(BENEFIT_STATES) + 6
    tables = n_moves * cell
    states = 3 * S * cell
    temporaries = 24 * cell
    series = (months + 1) * S * G * draws * 8 + months * (len(FLOW_LABELS) + D) * draws * 8
    params = 64 * draws * 8
    return int(1.25 * (tables + states + temporaries + series + params)) + 64 * 2**20


def simulate(
    scenario: Scenario,
    population: Population,
    *,
    months: int = 60,
    draws: int = 200,
    seed: int = 0,
    memory_limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Simulate ``scenario`` for ``months`` months with ``draws`` Monte Carlo draws.

    Each draw takes its own values of every uncertain parameter (the uncertainty of the
    effects) and its own random moves. The same ``seed`` gives identical results, and two
    scenarios with the same seed share their parameter draws, so their difference per draw
    is a fair comparison. Refuses, before starting, a run that would not fit in memory
    (``memory_limit`` defaults to 80% of MemAvailable).

    """
    if isinstance(months, bool) or not isinstance(months, int | np.integer) \
            or not 1 <= months <= MAX_MONTHS:
        raise ScenarioError("months", f"must be 1-{MAX_MONTHS} (one to five years), got {months}")
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ScenarioError("draws", f"must be a whole number >= 1, got {draws}")
    needed = estimate_memory(months, draws)
    limit = int(0.8 * available_memory()) if memory_limit is None else memory_limit
    if needed > limit:
        raise SimulationTooLarge(needed, limit)

    pset = ParameterSet().with_overrides(scenario.parameter_overrides)
    params = pset.draw(draws, seed)
    st = stationary_status_quo()
    model = _Model(scenario, params, benefit_stock=float(population.benefit_stock),
                   fresh_inflow=population.fresh_inflow, group_shares=population.group_shares,
                   mix=st.mix, parttime_start=st.parttime_start)
    rng = np.random.default_rng([seed, 7])  # moves: a stream separate from the parameters
    run = _Run(model, rng)
    x = np.repeat(population.counts[..., None], draws, axis=-1).astype(np.int64)
    counts = np.empty((months + 1, S, G, draws), dtype=np.int64)
    counts[0] = x.sum(axis=2)
    flows = {k: np.empty((months, draws), dtype=np.int64) for k in FLOW_LABELS}
    exits_by_d = np.zeros((D, draws), dtype=np.int64)
    benefit_by_d = np.empty((2, D, draws), dtype=np.int64)
    benefit_by_d[0] = x[list(BENEFIT_STATES)].sum(axis=(0, 1))
    for t in range(months):
        x, f, e = run.step(x)
        counts[t + 1] = x.sum(axis=2)
        for k in FLOW_LABELS:
            flows[k][t] = f[k]
        exits_by_d += e
        if progress is not None:
            progress(t + 1, months)
    benefit_by_d[1] = x[list(BENEFIT_STATES)].sum(axis=(0, 1))
    exit_bins = np.stack([exits_by_d[a:b].sum(axis=0) for a, b in EXIT_DURATION_BINS], axis=1)
    return SimulationResult(
        scenario=scenario, parameters=pset, draws_of=params, counts=counts, flows=flows,
        exit_duration_counts=exit_bins, benefit_by_duration=benefit_by_d,
        programme_places=model.programme_places, seed=seed,
    )


def programme_cohort_effect(
    post_programme_hr: float | None = None,
    *,
    length_months: float = 6.0,
    after_end: tuple[int, ...] = (6, 18, 36),
    lockin_hr: float | None = None,
) -> dict[int, float]:
    """Employment effect (percentage points) of a programme for a participant cohort.

    The cohort is the status-quo stock of the groups that get programmes (close, middle),
    not in a programme; the treated copy starts a programme of ``length_months``, the control
    copy does not (and neither gets another one). Returned: the difference in the share in
    paid work ``after_end`` months after the programme's mean end, in the horizons of Card,
    Kluve & Weber (M1 short term < 1 yr, M2 1-2 yr, M3 > 2 yr). Used to calibrate
    ``post_programme_hr`` to M2 and to test it.
    """
    central = ParameterSet().central()
    if post_programme_hr is not None:
        central["post_programme_hr"] = post_programme_hr
    if lockin_hr is not None:
        central["programme_lockin_hr"] = lockin_hr
    params = {k: np.array([v]) for k, v in central.items()}
    st = stationary_status_quo()
    scen = Scenario(programme_places=0, programme_length_months=length_months)
    model = _Model(scen, params, benefit_stock=1.0, fresh_inflow=0.0,
                   group_shares=st.fresh_shares, mix=st.mix, parttime_start=st.parttime_start,
                   integer_places=False)
    cohort = np.zeros((S, G, D, 1))
    for s in (State.INACTIVE, State.ACTIVE):
        cohort[State.PROGRAMME, :2, :, 0] += st.shares[s, :2]
    treated = cohort.copy()
    control = np.zeros_like(cohort)
    control[State.INACTIVE] = cohort[State.PROGRAMME]
    horizon = round(length_months) + max(after_end)
    work_t, work_c = [], []
    for x, out in ((treated, work_t), (control, work_c)):
        run = _Run(model, None)
        for _ in range(horizon + 1):
            out.append(x[[State.WORK, State.WORK_Q, State.PARTTIME]].sum()
                       / cohort.sum())
            x, _, _ = run.step(x)
    end = round(length_months)
    return {h: 100 * (work_t[end + h] - work_c[end + h]) for h in after_end}
