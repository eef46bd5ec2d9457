"""Participation states and groups of the policy lab.

A person is in exactly one state each month. Six states are *on* social assistance
(bijstand), three are off it, and ``EXIT`` collects everyone who left for another reason
(partner's income, study, another benefit, AOW age, moving away) and is no longer followed.

Groups are a coarse "distance to the labour market" (close / middle / far). They are the
strata within which people are treated as exchangeable: the engine moves *counts* of people
per (state, group, months-in-state), not individual records (see docs/policy-lab.md).
"""

from __future__ import annotations

from enum import IntEnum


class State(IntEnum):
    INACTIVE = 0  # on benefit; no organised participation (ladder rungs 1-2)
    ACTIVE = 1  # on benefit; volunteering, informal care, learning, social activation (3-4)
    PROGRAMME = 2  # on benefit; in a re-integration programme (training, job search help)
    POST = 3  # on benefit; finished a programme (its after-effect on job finding applies)
    INTENSIVE = 4  # on benefit; intensified, IPS-style support for the most vulnerable
    PARTTIME = 5  # part-time paid work with a supplementary benefit (rung 5)
    BASISBAAN = 6  # subsidised basic job paid by the municipality; off benefit (rung 5)
    WORK = 7  # paid work, no benefit (rung 6)
    WORK_Q = 8  # paid work found under strict obligations with sanctions (lower job quality)
    EXIT = 9  # left for another reason; not followed further


N_STATES = len(State)
STATE_NAMES: tuple[str, ...] = tuple(s.name.lower() for s in State)

BENEFIT_STATES: tuple[State, ...] = (
    State.INACTIVE,
    State.ACTIVE,
    State.PROGRAMME,
    State.POST,
    State.INTENSIVE,
    State.PARTTIME,
)
WORK_STATES: tuple[State, ...] = (State.WORK, State.WORK_Q)  # regular work without benefit


class Group(IntEnum):
    CLOSE = 0  # close to the labour market
    MIDDLE = 1
    FAR = 2  # the most vulnerable: "intensified support" targets this group


N_GROUPS = len(Group)
GROUP_NAMES: tuple[str, ...] = tuple(g.name.lower() for g in Group)

# Months-in-state are tracked 0..59 and one open bin "60 or more". For benefit states this is
# the spell duration (CBS counts spells), for work and basisbaan the tenure in that state.
MAX_DURATION = 60
N_DURATIONS = MAX_DURATION + 1

# Participatieladder rung used when an outcome is reported on the six-rung ladder.
LADDER_RUNG: dict[State, int] = {
    State.INACTIVE: 1,  # 1-2: the model does not tell isolation from weekly contact
    State.ACTIVE: 4,  # 3-4: organised activities or unpaid work
    State.PROGRAMME: 3,
    State.POST: 1,
    State.INTENSIVE: 3,
    State.PARTTIME: 5,
    State.BASISBAAN: 5,
    State.WORK: 6,
    State.WORK_Q: 6,
}
