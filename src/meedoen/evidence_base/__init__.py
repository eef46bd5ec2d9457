"""The curated evidence base of "Wat werkt": published effect estimates as versioned data.

Pure Python, no Django: the `evidence` app reads it. Start with::

    from meedoen.evidence_base import default_evidence_base, combine, LocalEstimate

    base = default_evidence_base()
    prior = select_prior(base.find("supported_employment", "paid_work_any",
                                   unit="risk_ratio", combinable_only=True))
    result = combine(prior, LocalEstimate(effect=1.4, se=0.2, n=120, unit=Unit.RISK_RATIO))

See docs/evidence-base.md for the schema, how to add an entry and the status policy.
"""

from meedoen.evidence_base.combine import (
    Agreement,
    Combination,
    CombinationError,
    LocalEstimate,
    combine,
    select_prior,
    tau_floor,
)
from meedoen.evidence_base.loader import (
    DATA_DIR,
    EvidenceBase,
    EvidenceDataError,
    Problem,
    default_evidence_base,
    load_evidence_base,
    validate_records,
)
from meedoen.evidence_base.schema import (
    CORE_OUTCOMES,
    ENGINE_OUTCOMES,
    LOWER_IS_BETTER,
    Design,
    Estimate,
    Instrument,
    InstrumentCode,
    InstrumentKind,
    Outcome,
    Source,
    Status,
    Text,
    Unit,
)

__all__ = [
    "CORE_OUTCOMES",
    "DATA_DIR",
    "ENGINE_OUTCOMES",
    "LOWER_IS_BETTER",
    "Agreement",
    "Combination",
    "CombinationError",
    "Design",
    "Estimate",
    "EvidenceBase",
    "EvidenceDataError",
    "Instrument",
    "InstrumentCode",
    "InstrumentKind",
    "LocalEstimate",
    "Outcome",
    "Problem",
    "Source",
    "Status",
    "Text",
    "Unit",
    "combine",
    "default_evidence_base",
    "load_evidence_base",
    "select_prior",
    "tau_floor",
    "validate_records",
]
