"""Policy scenarios built from levers, validated so that an impossible one is refused.

A :class:`Scenario` with every lever at its default is the calibrated status quo (the
Participatiewet as the CBS statistics reflect it). Each lever is a *change* from that status
quo. "Obligations with sanctions" is a lever so that the tool can compare policies with the
published effects of sanctions; meedoen itself has no obligation or sanction feature.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from meedoen.simulation.policy_lab.parameters import PARAMETERS


class ScenarioError(ValueError):
    """A scenario (or run setting) that cannot be simulated; ``field`` names the culprit."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True, slots=True)
class Scenario:
    """Levers of a policy scenario. Counts of places are absolute for the simulated population.

    sanction_coverage
        Share of people on benefit (who are not exempted) placed under strict obligations
        enforced with sanctions, beyond the status quo. 0..1.
    exemption_share
        Share of people on benefit exempted from all obligations (ontheffing). 0..1.
    earnings_disregard, disregard_share, disregard_cap_eur
        Extra earnings disregard: people with part-time work keep ``disregard_share`` of their
        earnings, up to ``disregard_cap_eur`` a month (Utrecht experiment: 50%, EUR 202).
    intensive_support_places
        Places of IPS-style intensified support for the group furthest from the labour market.
    free_choice_of_provider
        Residents choose, and may switch, the provider of programmes and support.
    basisbanen
        Number of subsidised basic jobs (for people at least ``basisbaan_min_months`` on
        benefit).
    programme_places, programme_length_months
        Re-integration programme places (None: the status quo, 6% of the people on benefit at
        the start) and their mean length (status quo 6 months).
    parameter_overrides
        The analyst's values for any parameter in :data:`PARAMETERS` (by name).
    """

    name: str = "status quo"
    sanction_coverage: float = 0.0
    exemption_share: float = 0.0
    earnings_disregard: bool = False
    disregard_share: float = 0.5
    disregard_cap_eur: float = 202.0
    intensive_support_places: int = 0
    free_choice_of_provider: bool = False
    basisbanen: int = 0
    programme_places: int | None = None
    programme_length_months: float = 6.0
    parameter_overrides: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _share(self, "sanction_coverage")
        _share(self, "exemption_share")
        _share(self, "disregard_share")
        _nonnegative(self, "disregard_cap_eur")
        _count(self, "intensive_support_places")
        _count(self, "basisbanen")
        if self.programme_places is not None:
            _count(self, "programme_places")
        length = _number(self, "programme_length_months")
        if not 1.0 <= length <= 36.0:
            raise ScenarioError("programme_length_months", f"must be 1-36 months, got {length}")
        for flag in ("earnings_disregard", "free_choice_of_provider"):
            if not isinstance(getattr(self, flag), bool):
                raise ScenarioError(flag, "must be true or false")
        for name, value in self.parameter_overrides.items():
            where = f"parameter_overrides.{name}"
            if name not in PARAMETERS:
                raise ScenarioError(where, "unknown parameter")
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not math.isfinite(value):
                raise ScenarioError(where, f"must be a finite number, got {value!r}")
            lo, hi = PARAMETERS[name].bounds
            if not lo <= value <= hi:
                unit = PARAMETERS[name].unit
                raise ScenarioError(where, f"{value} is outside {lo}..{hi} ({unit})")

    @property
    def is_status_quo(self) -> bool:
        defaults = Scenario()
        return all(
            getattr(self, f.name) == getattr(defaults, f.name)
            for f in fields(self) if f.name != "name"
        )


def _number(s: Scenario, name: str) -> float:
    value = getattr(s, name)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        raise ScenarioError(name, f"must be a finite number, got {value!r}")
    return float(value)


def _share(s: Scenario, name: str) -> None:
    value = _number(s, name)
    if not 0.0 <= value <= 1.0:
        raise ScenarioError(name, f"is a share and must be between 0 and 1, got {value}")


def _nonnegative(s: Scenario, name: str) -> None:
    value = _number(s, name)
    if value < 0:
        raise ScenarioError(name, f"must not be negative, got {value}")


def _count(s: Scenario, name: str) -> None:
    value = getattr(s, name)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ScenarioError(name, f"must be a whole number, got {value!r}")
    if value < 0:
        raise ScenarioError(name, f"is a capacity and must not be negative, got {value}")
