"""Evidence engine: what works for whom. No Django imports.

Public API::

    from meedoen.engine import EvidenceEngine, Roles

    engine = EvidenceEngine(Roles(person="person_id", treatment="support",
                                  features=[...], outcomes=["paid_work_12m", ...],
                                  placebo="paid_work_before", groups=["age"])).fit(episodes)
    engine.effects()                      # ATE per support and outcome, with standard errors
    engine.effects(estimand="atet")       # effect on those who received it
    engine.group_effects("age", "paid_work_12m")
    engine.individual_effects("paid_work_12m", "ips")   # IATEs + BLP + RATE + verdict
    engine.policy_tree("paid_work_24m", capacity={"basisbaan": 0.05})
    engine.overlap_, engine.balance(), engine.placebo_test(), engine.sensitivity(...)
"""

from meedoen.engine.data import Roles, encode_features, protected_reason, validate_episodes
from meedoen.engine.errors import (
    DataError,
    EngineError,
    EngineRefusal,
    NotFittedError,
    ProtectedAttributeError,
)
from meedoen.engine.evidence import EvidenceEngine, PolicyResult
from meedoen.engine.explain import describe_effects, describe_group_effects
from meedoen.engine.heterogeneity import IndividualEffects
from meedoen.engine.policy import PolicyTree, fit_policy_tree

__all__ = [
    "DataError",
    "EngineError",
    "EngineRefusal",
    "EvidenceEngine",
    "IndividualEffects",
    "NotFittedError",
    "PolicyResult",
    "PolicyTree",
    "ProtectedAttributeError",
    "Roles",
    "describe_effects",
    "describe_group_effects",
    "encode_features",
    "fit_policy_tree",
    "protected_reason",
    "validate_episodes",
]
