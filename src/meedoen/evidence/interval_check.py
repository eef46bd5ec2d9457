"""Do the engine's margins hold for every group? Checked where the truth is known.

Nobody's personal effect can be observed in real records (a person either had the support or
did not), so how often the margins shown to people contain their true effect cannot be
measured on the municipality's own data. Each run therefore also fits the engine, with the
same settings, on a synthetic labour market of about the same size whose true effects are
known (``meedoen.simulation.labour_market``), and counts per group how often the margin a
person would be shown contains their true effect: the personal margin where the engine finds
real differences between people, the margin of the average where it does not.

The strict comparison with each person's own true effect is on purpose: where real
differences exist but the records are too few to find them, the average's margin misses
many people, and a group it misses more often than others is a fairness finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from meedoen.engine import EngineRefusal, EvidenceEngine, Roles
from meedoen.simulation.labour_market import simulate_labour_market

# Below this the synthetic check itself is too noisy to say anything per group; above it
# the check costs more than it adds (coverage settles well before 8,000 episodes).
MIN_EPISODES, MAX_EPISODES = 2_000, 8_000
EVERYONE = ("everyone", "everyone")


def _groups(episodes: pd.DataFrame) -> dict[str, np.ndarray]:
    """The synthetic market's people in the fairness report's groups (same level keys)."""
    age = pd.cut(episodes["age"], [0, 27, 45, 200], right=False,
                 labels=["under_27", "27_44", "45_and_over"]).astype(str).to_numpy()
    # Education 0-1 is without a startkwalificatie, as "low" is on the platform.
    education = np.asarray(["low", "low", "middle", "high"])[
        episodes["education"].to_numpy().astype(int)]
    return {"age_band": age, "education": education}


def _shown_margin(fitted: Any, average: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The margin a person would see: personal where differences are real, else the average's
    (``average``: the support's row of the engine's average effects)."""
    if fitted.heterogeneity_detected:
        return fitted.ci_low, fitted.ci_high
    n = len(fitted.estimate)
    return np.full(n, float(average["ci_low"])), np.full(n, float(average["ci_high"]))


def interval_coverage(n_episodes: int, outcomes: Sequence[str], *, seed: int = 0,
                      n_folds: int = 3, confounding: float = 0.0) -> list[dict[str, Any]]:
    """Per outcome and group: the share of (person, kind of support) margins that contain
    the person's true effect on a synthetic market of about ``n_episodes`` episodes.

    Rows: outcome, group, level, people, margins (how many were checked), covered (share),
    personal (share of those margins that were personal rather than the average's).
    ``confounding`` adds an unobserved characteristic to the synthetic market (for tests:
    the check must show margins failing when the records miss what drives the choice).
    """
    n = int(np.clip(n_episodes, MIN_EPISODES, MAX_EPISODES))
    market = simulate_labour_market(n, seed=seed, confounding=confounding)
    roles = Roles(person="person_id", treatment="support", features=market.feature_columns,
                  outcomes=tuple(outcomes), control="none")
    engine = EvidenceEngine(roles, n_folds=n_folds, random_state=seed).fit(market.episodes)
    groups = {EVERYONE[0]: np.full(n, EVERYONE[1]), **_groups(market.episodes)}
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        averages = engine.effects([outcome], estimand="ate").set_index("support")
        inside: list[np.ndarray] = []
        personal: list[np.ndarray] = []
        for support in engine.supports_:
            if support == roles.control:
                continue
            try:
                fitted = engine.individual_effects(outcome, support, n_repeats=2)
            except EngineRefusal:
                continue  # no margin is shown where overlap is weak, so none can miss
            low, high = _shown_margin(fitted, averages.loc[support])
            truth = market.true_effect(outcome, support)
            inside.append((low <= truth) & (truth <= high))
            personal.append(np.full(n, bool(fitted.heterogeneity_detected)))
        if not inside:
            continue
        hit, own = np.column_stack(inside), np.column_stack(personal)
        for group, levels in groups.items():
            for level in np.unique(levels):
                chosen = levels == level
                rows.append({"outcome": outcome, "group": group, "level": str(level),
                             "people": int(chosen.sum()), "margins": int(hit[chosen].size),
                             "covered": float(hit[chosen].mean()),
                             "personal": float(own[chosen].mean())})
    return rows
