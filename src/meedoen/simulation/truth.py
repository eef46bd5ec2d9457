"""The true effects in a synthetic municipality with a support history.

A town generated with ``support_effects_on=False`` is the same world (same people, same
choices, same random draws) in which the chosen support does nothing. Comparing each
participant's outcome in the two worlds, measured the way the evidence engine measures it
(the check-in nearest to six months after the start), gives the true effect on the
participants of every offer: the number the quality card's added value should be close to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meedoen.simulation.municipality import SyntheticMunicipality

HORIZON_DAYS = 183  # six months of 30.4 days, as in the episodes table
WINDOW_DAYS = 60


def outcomes_at_horizon(town: SyntheticMunicipality) -> pd.DataFrame:
    """Per enrolment: paid work (0/1) and WHO-5 (0-100) at the check-in nearest to six
    months after the start (within the window), NaN where there is none."""
    checkins = town.checkins
    measured = pd.DataFrame({
        "person_id": checkins["person_id"].to_numpy(),
        "measured": checkins["date"].to_numpy().astype("datetime64[ns]"),
        "paid_work": (checkins["paid_work_supported"] | checkins["paid_work_unsupported"])
        .astype(float).to_numpy(),
        "wellbeing": 4.0 * sum(checkins[f"who5_{i}"] for i in range(1, 6)).to_numpy(),
    }).sort_values("measured")
    enrolments = town.enrolments.reset_index(drop=True)
    target = pd.DataFrame({
        "row": np.arange(len(enrolments)),
        "person_id": enrolments["person_id"].to_numpy(),
        "offer": enrolments["offer"].to_numpy(),
        "at": (enrolments["start"] + pd.Timedelta(days=HORIZON_DAYS)).to_numpy()
        .astype("datetime64[ns]"),
    }).sort_values("at")
    merged = pd.merge_asof(target, measured, left_on="at", right_on="measured", by="person_id",
                           direction="nearest", tolerance=pd.Timedelta(days=WINDOW_DAYS))
    return merged.sort_values("row").reset_index(drop=True)


def offer_truth(town: SyntheticMunicipality,
                counterfactual: SyntheticMunicipality) -> pd.DataFrame:
    """True effect on the participants of each offer (index of the offers given to the
    generator): columns offer, outcome ('paid_work_6m', 'wellbeing_6m'), n, true_effect."""
    if not town.enrolments.equals(counterfactual.enrolments):
        raise ValueError("The two towns must come from the same arguments (same choices).")
    with_support = outcomes_at_horizon(town)
    without = outcomes_at_horizon(counterfactual)
    rows = []
    for name, column in (("paid_work_6m", "paid_work"), ("wellbeing_6m", "wellbeing")):
        difference = with_support[column] - without[column]
        frame = pd.DataFrame({"offer": with_support["offer"], "d": difference}).dropna()
        for offer, group in frame.groupby("offer"):
            rows.append({"offer": int(offer), "outcome": name, "n": len(group),
                         "true_effect": float(group["d"].mean())})
    return pd.DataFrame(rows)
