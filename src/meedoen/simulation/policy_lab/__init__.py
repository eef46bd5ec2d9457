"""Policy lab: a microsimulation of a municipality's social-assistance population under policy
scenarios, with uncertainty bands from the uncertainty of published effects. No Django.

    from meedoen.simulation.policy_lab import Population, Scenario, simulate
    pop = Population.synthetic(100_000)
    base = simulate(Scenario(), pop, months=60, draws=200, seed=1)
    alt = simulate(Scenario(name="regie", exemption_share=1.0, basisbanen=2_000), pop,
                   months=60, draws=200, seed=1)
    base.compare(alt, "paid_work_share")   # 5/50/95 percentiles of the difference per month

See docs/policy-lab.md for the model, its parameters and their evidence.
"""

from meedoen.simulation.policy_lab.baseline import TARGETS, Target, fit_spell_model
from meedoen.simulation.policy_lab.engine import (
    Population,
    SimulationTooLarge,
    available_memory,
    estimate_memory,
    simulate,
    stationary_status_quo,
)
from meedoen.simulation.policy_lab.levers import Scenario, ScenarioError
from meedoen.simulation.policy_lab.outcomes import OUTCOMES, SimulationResult
from meedoen.simulation.policy_lab.parameters import PARAMETERS, SOURCES, Parameter, ParameterSet
from meedoen.simulation.policy_lab.states import Group, State

__all__ = [
    "OUTCOMES",
    "PARAMETERS",
    "SOURCES",
    "TARGETS",
    "Group",
    "Parameter",
    "ParameterSet",
    "Population",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "SimulationTooLarge",
    "State",
    "Target",
    "available_memory",
    "estimate_memory",
    "fit_spell_model",
    "simulate",
    "stationary_status_quo",
]
