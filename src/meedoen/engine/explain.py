"""Plain-language statements of the engine's tables, for professionals and residents.

Every sentence carries its uncertainty (a 95% range) and says when the data cannot tell.
Numbers are given in the outcome's own unit (share of people for 0/1 outcomes, points
otherwise).
"""

from __future__ import annotations

import pandas as pd


def _amount(value: float, binary: bool) -> str:
    return f"{100 * value:+.1f} percentage points" if binary else f"{value:+.2f} points"


def _is_binary(outcome: str) -> bool:
    # The engine's 0/1 outcomes in the core set; others are scales.
    return outcome.startswith(("paid_work", "participation"))


def describe_effects(table: pd.DataFrame) -> list[str]:
    """One sentence per row of ``EvidenceEngine.effects()``."""
    out = []
    for row in table.itertuples(index=False):
        binary = _is_binary(row.outcome)
        who = "for the people who chose it" if row.estimand == "atet" else "on average"
        sure = (
            "This is a clear difference."
            if row.ci_low > 0 or row.ci_high < 0
            else "The data cannot tell whether it helps or not."
        )
        caution = (
            " Few comparable people: treat with care."
            if getattr(row, "overlap", "ok") != "ok"
            else ""
        )
        out.append(
            f"'{row.support}' instead of '{row.reference}' changes {row.outcome} {who} by "
            f"{_amount(row.estimate, binary)} (95% range {_amount(row.ci_low, binary)} to "
            f"{_amount(row.ci_high, binary)}). {sure}{caution}"
        )
    return out


def describe_group_effects(table: pd.DataFrame, support: str) -> str:
    """A paragraph on how the effect of ``support`` differs between the groups of a table
    from ``EvidenceEngine.group_effects``."""
    rows = table[table["support"] == support]
    if rows.empty:
        raise KeyError(f"no group effects for '{support}'")
    group, outcome = rows["group"].iloc[0], rows["outcome"].iloc[0]
    binary = _is_binary(outcome)
    parts = [
        f"for {group} {r.level}: {_amount(r.estimate, binary)} "
        f"({_amount(r.ci_low, binary)} to {_amount(r.ci_high, binary)})"
        for r in rows.itertuples(index=False)
    ]
    p = rows["p_groups_differ"].iloc[0]
    verdict = (
        f"These groups really differ (p = {p:.3f})."
        if p < 0.05
        else f"The data do not show that these groups differ (p = {p:.2f})."
    )
    return f"Effect of '{support}' on {outcome}: " + "; ".join(parts) + ". " + verdict
