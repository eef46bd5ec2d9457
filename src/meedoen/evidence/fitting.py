"""Everything one engine run learns, from the episodes table to the numbers pages show.

Plain pandas and ``meedoen.engine``; the service stores the result. Three fits share the
episodes:

1. kinds of support (the offer's instrument) versus no support: average effects (ATE), effects
   on the participants (ATET), overlap, and per kind and outcome individual effects with their
   calibration test, applied to the residents deciding now (personal estimates);
2. single offers versus no support: what each offer added for its own participants (ATET),
   the provider's added value on the quality card;
3. a depth-2 policy tree per outcome, whose rule for each resident is shown with the advice.

A kind of support or an offer with fewer than ``MIN_PER_SUPPORT`` episodes is left out of the
fit (its people are not in it) and reported as too few, instead of stopping the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from meedoen.engine import EngineRefusal, EvidenceEngine, Roles, encode_features
from meedoen.engine.data import MIN_PER_SUPPORT
from meedoen.engine.inference import Z95, mean_and_se

NONE = "none"
# Outcomes the advice ranks on (paid work, participation, well-being, health); mastery is
# estimated on average but not used to rank offers.
ADVICE_OUTCOMES = ("paid_work_6m", "participation_6m", "wellbeing_6m", "health_6m")
TOP_DRIVERS = 3
# Outcomes whose individual estimates are checked per group (fairness report).
AUDIT_OUTCOMES = ("paid_work_6m", "wellbeing_6m")
SMALL_GROUP = 10  # groups smaller than this are not reported (and could identify people)


@dataclass
class RunResult:
    estimates: list[dict[str, Any]]
    overlap: list[dict[str, Any]]
    left_out: dict[str, int]  # kinds of support with too few episodes, and how many
    offers: list[dict[str, Any]]
    personal: list[dict[str, Any]]
    policy: dict[str, dict[str, Any]]
    heterogeneity: list[dict[str, Any]]
    category_levels: dict[str, list[str]] = field(default_factory=dict)
    fairness: list[dict[str, Any]] = field(default_factory=list)


def _enough(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, dict[str, int]]:
    counts = frame[column].astype(str).value_counts()
    small = {str(k): int(v) for k, v in counts.items() if v < MIN_PER_SUPPORT and k != NONE}
    kept = frame[~frame[column].astype(str).isin(small)].copy()
    kept[column] = kept[column].astype(str).astype("category")
    return kept, small


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: those become None (stored as 'not known')."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [_finite(row) for row in table.to_dict(orient="records")]


def fit_run(episodes: pd.DataFrame, roles: Roles, current: pd.DataFrame, *,
            offer_column: str = "offer_id", n_folds: int = 3, seed: int = 0,
            advice_outcomes: Sequence[str] = ADVICE_OUTCOMES,
            audit: pd.DataFrame | None = None,
            progress: Callable[[str], None] | None = None) -> RunResult:
    """Fit everything a run stores. ``current``: one row per resident deciding now
    (``person_id`` and the features), for the personal estimates. ``audit``: one row per
    person (``person_id`` and group columns, protected characteristics included) used only
    to check the individual estimates per group, never as input to any model.

    Raises the engine's own errors when the kinds of support cannot be compared at all.
    """
    say = progress or (lambda message: None)
    kinds, left_out = _enough(episodes, roles.treatment)
    engine = EvidenceEngine(roles, n_folds=n_folds, random_state=seed, progress=say).fit(
        kinds.drop(columns=[offer_column]))
    current = _comparable(current, engine)
    # 0/1 outcomes are also estimated as risk ratios: the scale much published research uses.
    shares = [name for name, binary in zip(roles.outcomes, engine.data_.binary, strict=False)
              if binary]
    estimates = pd.concat([engine.effects(estimand="ate"), engine.effects(estimand="atet"),
                           *([engine.risk_ratios(shares)] if shares else [])])
    say("individual effects")
    fairness: list[dict[str, Any]] = []
    people = kinds[roles.person].to_numpy()  # the engine keeps the rows in this order

    def check_groups(fitted, support: str, outcome: str) -> None:
        fairness.extend(_group_check(engine, fitted, people, audit, support, outcome))

    personal, heterogeneity = _personal(engine, current, roles, advice_outcomes,
                                        audit=check_groups if audit is not None else None)
    say("policy rules")
    policy, personal = _policy(engine, current, personal, advice_outcomes)
    say("offers")
    offers = _offers(episodes, roles, offer_column, n_folds=n_folds, seed=seed, progress=say)
    return RunResult(
        estimates=_records(estimates), overlap=_records(engine.overlap_),
        left_out=left_out, offers=offers, personal=personal, policy=_finite(policy),
        heterogeneity=_finite(heterogeneity), fairness=_finite(fairness),
        category_levels={k: list(v) for k, v in engine.data_.category_levels.items()},
    )


def _comparable(current: pd.DataFrame, engine: EvidenceEngine) -> pd.DataFrame:
    """Residents whose categories the engine has seen; someone in a category nobody in the
    records had gets no personal estimate rather than a guess (and does not stop the run)."""
    keep = pd.Series(True, index=current.index)
    for column, levels in engine.data_.category_levels.items():
        keep &= current[column].astype("string").isin(levels).fillna(False)
    return current[keep].reset_index(drop=True)


def _personal(engine: EvidenceEngine, current: pd.DataFrame, roles: Roles,
              outcomes: Sequence[str], *,
              audit: Callable[[Any, str, str], None] | None = None,
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per resident, kind and outcome: the individual estimate where differences between
    people are real, the average effect where they are not, nothing where overlap is weak."""
    if current.empty:
        return [], []
    x = encode_features(current, engine.data_)
    people = current["person_id"].to_numpy()
    averages = engine.effects(list(outcomes), estimand="ate").set_index(
        ["outcome", "support"])
    rows: list[dict[str, Any]] = []
    verdicts: list[dict[str, Any]] = []
    for support in engine.supports_:
        if support == roles.control:
            continue
        for outcome in outcomes:
            base = {"support": support, "outcome": outcome}
            try:
                fitted = engine.individual_effects(outcome, support, n_repeats=2)
            except EngineRefusal:
                rows.extend({**base, "person_id": int(p), "withheld": "weak_overlap"}
                            for p in people)
                verdicts.append({**base, "heterogeneity": None, "withheld": "weak_overlap"})
                continue
            if audit is not None and outcome in AUDIT_OUTCOMES:
                audit(fitted, support, outcome)
            verdicts.append({**base, "heterogeneity": bool(fitted.heterogeneity_detected),
                             "blp": fitted.blp, "rate": fitted.rate,
                             "verdict": fitted.verdict})
            if fitted.heterogeneity_detected:
                estimate, se = fitted.predict(x)
                contributions = fitted.contributions(x).drop(columns=["baseline"])
                for i, person in enumerate(people):
                    row = contributions.iloc[i]
                    top = row.abs().sort_values(ascending=False).index[:TOP_DRIVERS]
                    rows.append({
                        **base, "person_id": int(person), "basis": "individual",
                        "estimate": float(estimate[i]),
                        "ci_low": float(estimate[i] - Z95 * se[i]),
                        "ci_high": float(estimate[i] + Z95 * se[i]),
                        "drivers": [{"feature": name,
                                     "value": float(x[i, engine.data_.feature_names.index(name)]),
                                     "contribution": float(row[name])}
                                    for name in top if abs(row[name]) > 0],
                    })
            else:
                average = averages.loc[(outcome, support)]
                rows.extend({**base, "person_id": int(p), "basis": "average",
                             "estimate": float(average["estimate"]),
                             "ci_low": float(average["ci_low"]),
                             "ci_high": float(average["ci_high"]), "drivers": []}
                            for p in people)
    return rows, verdicts


def _group_check(engine: EvidenceEngine, fitted, people: np.ndarray, audit: pd.DataFrame,
                 support: str, outcome: str) -> list[dict[str, Any]]:
    """Per group: the mean individual estimate (out of fold) beside the doubly-robust group
    effect with its interval. An estimate outside the interval means the individual
    estimates are off for that group; that is what the fairness report shows."""
    k, c = engine.supports_.index(support), engine.supports_.index(engine.roles.control)
    m = engine.outcomes_.index(outcome)
    gamma = engine.scores_.gamma[:, :, m].astype(np.float64)
    difference = gamma[:, k] - gamma[:, c]
    lookup = audit.drop_duplicates("person_id").set_index("person_id")
    rows = []
    for column in lookup.columns:
        levels = pd.Series(people).map(lookup[column]).fillna("unknown").astype(str).to_numpy()
        for level in np.unique(levels):
            chosen = levels == level
            if chosen.sum() < SMALL_GROUP:
                continue
            observed, se = mean_and_se(difference[chosen], engine.data_.person[chosen])
            predicted = float(fitted.out_of_fold[chosen].mean())
            low, high = float(observed[0] - Z95 * se[0]), float(observed[0] + Z95 * se[0])
            rows.append({"support": support, "outcome": outcome, "group": column,
                         "level": level, "n": int(chosen.sum()), "predicted": predicted,
                         "observed": float(observed[0]), "observed_low": low,
                         "observed_high": high, "covered": low <= predicted <= high})
    return rows


def _policy(engine: EvidenceEngine, current: pd.DataFrame, personal: list[dict[str, Any]],
            outcomes: Sequence[str]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """A depth-2 tree per advice outcome; each resident's row gets the rule of their leaf."""
    policy: dict[str, dict[str, Any]] = {}
    rule_of: dict[tuple[int, str], str] = {}
    x = encode_features(current, engine.data_) if not current.empty else None
    for outcome in outcomes:
        result = engine.policy_tree(outcome, depth=2)
        leaves = _leaf_rules(result.tree)
        policy[outcome] = {
            "rules": list(leaves),
            "gain": result.gain, "gain_low": result.gain - Z95 * result.gain_se,
            "gain_high": result.gain + Z95 * result.gain_se,
        }
        if x is not None:
            for person, leaf in zip(current["person_id"], result.tree.leaf_of(x), strict=True):
                rule_of[(int(person), outcome)] = leaves[int(leaf)]
    for row in personal:
        row["rule"] = rule_of.get((row["person_id"], row["outcome"]), "")
    return policy, personal


def _leaf_rules(tree) -> list[str]:
    """Each leaf as a compact rule 'feature:le:value|feature:gt:value=>support', left to
    right (the order of ``PolicyTree.leaf_of``); pages put it into words."""
    out: list[str] = []

    def walk(node, conditions: list[str]) -> None:
        if node.split is None:
            out.append("|".join(conditions) + "=>" + tree.supports[node.action])
            return
        name = tree.feature_names[node.split.feature]
        value = f"{node.split.threshold:.6g}"
        walk(node.left, [*conditions, f"{name}:le:{value}"])
        walk(node.right, [*conditions, f"{name}:gt:{value}"])

    walk(tree.root, [])
    return out


def _offers(episodes: pd.DataFrame, roles: Roles, offer_column: str, *, n_folds: int,
            seed: int, progress: Callable[[str], None]) -> list[dict[str, Any]]:
    """Each offer's effect on its own participants versus no support; too few → withheld."""
    frame = episodes.copy()
    chosen = frame[offer_column].notna()
    frame[roles.treatment] = np.where(chosen, "offer-" + frame[offer_column].astype("Int64")
                                      .astype(str), NONE)
    counts = frame.loc[chosen, offer_column].astype(int).value_counts()
    kept, small = _enough(frame.drop(columns=[offer_column]), roles.treatment)
    outcomes = list(roles.outcomes)
    rows: list[dict[str, Any]] = []
    for offer_id, n in counts.items():
        if f"offer-{offer_id}" in small:
            rows.extend({"offer_id": int(offer_id), "outcome": o, "participants": int(n),
                         "withheld": "too_few"} for o in outcomes)
    if kept[roles.treatment].nunique() < 2:
        return rows
    engine = EvidenceEngine(roles, n_folds=n_folds, random_state=seed, progress=progress).fit(kept)
    table = engine.effects(outcomes, estimand="atet")
    for record in table.to_dict(orient="records"):
        offer_id = int(str(record["support"]).removeprefix("offer-"))
        weak = record["overlap"] == "insufficient"
        rows.append({
            "offer_id": offer_id, "outcome": record["outcome"],
            "participants": int(counts[offer_id]),
            "estimate": None if weak else float(record["estimate"]),
            "ci_low": None if weak else float(record["ci_low"]),
            "ci_high": None if weak else float(record["ci_high"]),
            "withheld": "weak_overlap" if weak else "",
        })
    return rows


def current_features(frame: pd.DataFrame, features: Sequence[str]) -> pd.DataFrame:
    """Residents with every feature known (others get no personal estimate: no guessing)."""
    return frame.dropna(subset=list(features)).reset_index(drop=True)
