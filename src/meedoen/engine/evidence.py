"""The evidence engine: what works, for whom, with how much certainty.

``EvidenceEngine(roles).fit(episodes)`` runs the one shared nuisance pass and builds the
doubly-robust scores once; every estimate afterwards (average potential outcomes, effects,
effects on the treated, group effects, individual effects, policy trees, placebo test) is a
cheap function of those scores. scikit-learn conventions: ``fit`` returns self, parameters are
stored untouched in ``__init__``, learned attributes end in ``_``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator

from meedoen.engine.data import MIN_PER_SUPPORT, EpisodeData, Roles, validate_episodes
from meedoen.engine.diagnostics import (
    MIN_ESS,
    balance_table,
    effective_sample_size,
    overlap_table,
    placebo_table,
    sensitivity_bounds,
    sensitivity_reason,
)
from meedoen.engine.errors import DataError, EngineRefusal, NotFittedError
from meedoen.engine.heterogeneity import IndividualEffects, fit_individual_effects
from meedoen.engine.inference import Z95, mean_and_se, p_value
from meedoen.engine.nuisance import Nuisance, fit_nuisance
from meedoen.engine.policy import PolicyTree, fit_policy_tree, policy_value_table
from meedoen.engine.scores import Scores, aipw_scores


class EvidenceEngine(BaseEstimator):
    """Doubly-robust, cross-fitted estimates of what each kind of support does.

    Parameters
    ----------
    roles : which columns are the person, the support, the features, the outcomes, etc.
    n_folds : cross-fitting folds (grouped by person).
    propensity_clip : propensities below this are raised to it in the weights (reported).
    min_per_support : fewer people than this in a support is refused as bad input.
    min_effective_n : fewer effective comparable people than this: individual claims refused.
    lgbm_params : overrides of the LightGBM nuisance settings.
    outcome_model : 'pooled' (one model per outcome, support as a feature) or 'per_support'.
    n_jobs : threads for LightGBM.
    random_state : seed for folds and boosting.
    progress : optional callback receiving short progress messages.
    """

    def __init__(
        self,
        roles: Roles,
        *,
        n_folds: int = 5,
        propensity_clip: float = 0.01,
        min_per_support: int = MIN_PER_SUPPORT,
        min_effective_n: float = MIN_ESS,
        lgbm_params: Mapping[str, Any] | None = None,
        outcome_model: str = "pooled",
        n_jobs: int = 2,
        random_state: int = 0,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.roles = roles
        self.n_folds = n_folds
        self.propensity_clip = propensity_clip
        self.min_per_support = min_per_support
        self.min_effective_n = min_effective_n
        self.lgbm_params = lgbm_params
        self.outcome_model = outcome_model
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.progress = progress

    # -- fitting --------------------------------------------------------------------------
    def fit(self, episodes: pd.DataFrame) -> EvidenceEngine:
        """Validate the episodes, cross-fit the nuisance models and build the scores."""
        data = validate_episodes(episodes, self.roles, min_per_support=self.min_per_support)
        return self.fit_data(data)

    def fit_data(self, data: EpisodeData, *, nuisance: Nuisance | None = None) -> EvidenceEngine:
        """Fit on already validated episodes; ``nuisance`` may come from elsewhere (Dask)."""
        if self.n_folds < 2:
            raise DataError("Cross-fitting needs at least 2 folds.", code="bad_parameter")
        if data.n_people < self.n_folds:
            raise DataError("There are fewer people than folds.", code="too_few_rows")
        # The placebo is fitted like any outcome, so it gets exactly the same treatment.
        data = with_placebo(data)
        if nuisance is None:
            nuisance = fit_nuisance(
                data,
                n_folds=self.n_folds,
                params=self.lgbm_params,
                outcome_model=self.outcome_model,
                n_jobs=self.n_jobs,
                seed=self.random_state,
                progress=self.progress,
            )
        scores = aipw_scores(
            data.outcomes, data.treatment, nuisance.propensity, nuisance.mu,
            clip=self.propensity_clip,
        )  # fmt: skip
        self.data_: EpisodeData = data
        self.supports_: tuple[str, ...] = data.supports
        self.outcomes_: tuple[str, ...] = self.roles.outcomes
        self.nuisance_: Nuisance = nuisance
        self.scores_: Scores = scores
        self.n_episodes_: int = data.n
        self.n_people_: int = data.n_people
        self.overlap_: pd.DataFrame = overlap_table(
            nuisance.propensity, data.treatment, data.supports,
            clip=self.propensity_clip, min_ess=self.min_effective_n,
        )  # fmt: skip
        return self

    # -- helpers --------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "scores_"):
            raise NotFittedError("The engine has not been fitted yet: call fit(episodes) first.")

    def _outcome_index(self, outcome: str) -> int:
        self._check_fitted()
        if outcome not in self.outcomes_:
            raise DataError(
                f"'{outcome}' is not one of the fitted outcomes ({', '.join(self.outcomes_)}).",
                code="unknown_outcome",
            )
        return self.outcomes_.index(outcome)

    def _support_index(self, support: str) -> int:
        self._check_fitted()
        if support not in self.supports_:
            raise DataError(
                f"'{support}' is not one of the supports in the data "
                f"({', '.join(self.supports_)}).",
                code="unknown_support",
            )
        return self.supports_.index(support)

    def _outcomes(self, outcome: str | Sequence[str] | None) -> list[str]:
        self._check_fitted()
        if outcome is None:
            return list(self.outcomes_)
        names = [outcome] if isinstance(outcome, str) else list(outcome)
        for name in names:
            self._outcome_index(name)
        return names

    def _status(self, support: str) -> str:
        row = self.overlap_.loc[self.overlap_["support"] == support]
        return str(row["status"].iloc[0])

    # -- averages -------------------------------------------------------------------------
    def average_potential_outcomes(
        self, outcome: str | Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Mean outcome if everyone had received each support, with standard errors."""
        rows = []
        for name in self._outcomes(outcome):
            m = self._outcome_index(name)
            est, se = mean_and_se(self.scores_.gamma[:, :, m], self.data_.person)
            for k, support in enumerate(self.supports_):
                rows.append(_row(name, support, None, "apo", est[k], se[k]))
        return _table(rows, self)

    def effects(
        self,
        outcome: str | Sequence[str] | None = None,
        *,
        reference: str | None = None,
        estimand: str = "ate",
    ) -> pd.DataFrame:
        """Effect of every support versus ``reference`` (default: the control, 'none').

        ``estimand='ate'``: the average effect had everyone received it instead of the
        reference. ``estimand='atet'``: the average effect among those who actually received it
        (what it did for its own participants).
        """
        if estimand not in ("ate", "atet"):
            raise DataError("estimand must be 'ate' or 'atet'.", code="bad_parameter")
        reference = self.roles.control if reference is None else reference
        c = self._support_index(reference)
        rows = []
        for name in self._outcomes(outcome):
            m = self._outcome_index(name)
            for k, support in enumerate(self.supports_):
                if k == c:
                    continue
                if estimand == "ate":
                    est, se = self._ate(m, k, c)
                else:
                    est, se = self._atet(m, k, c)
                rows.append(_row(name, support, reference, estimand, est, se))
        table = _table(rows, self)
        if estimand == "atet":
            # The effect on the treated needs comparable people in the reference group only:
            # judge it by how many of them still count once reweighted to look like the treated.
            status = {s: self._atet_overlap(self._support_index(s), c) for s in self.supports_
                      if s != reference}
            table["overlap"] = table["support"].map(status)
        return table

    def risk_ratios(self, outcome: str | Sequence[str], *,
                    reference: str | None = None) -> pd.DataFrame:
        """Log risk ratios of every support versus ``reference`` for 0/1 outcomes.

        Published research on paid work often reports risk ratios; this puts the local
        estimate on the same scale so that the two can be combined. The standard error comes
        from the influence function of log(mean_k) - log(mean_c), clustered by person.
        """
        reference = self.roles.control if reference is None else reference
        c = self._support_index(reference)
        rows = []
        for name in self._outcomes(outcome):
            m = self._outcome_index(name)
            if not self.data_.binary[m]:
                raise DataError(f"'{name}' is not a 0/1 outcome; risk ratios need one.",
                                code="bad_parameter")
            g = self.scores_.gamma[:, :, m].astype(np.float64)
            means = g.mean(axis=0)
            for k, support in enumerate(self.supports_):
                if k == c:
                    continue
                if means[k] <= 0 or means[c] <= 0:
                    continue  # no ratio of a share estimated at zero
                influence = g[:, k] / means[k] - g[:, c] / means[c]
                _, se = mean_and_se(influence, self.data_.person)
                est = float(np.log(means[k]) - np.log(means[c]))
                rows.append(_row(name, support, reference, "log_rr", est, float(se[0])))
        return _table(rows, self) if rows else pd.DataFrame()

    def _atet_overlap(self, k: int, c: int) -> str:
        e = self.scores_.propensity
        controls = self.data_.treatment == c
        weights = e[controls, k] / np.maximum(e[controls, c], self.propensity_clip)
        ess = effective_sample_size(weights)
        return "ok" if ess >= self.min_effective_n else "insufficient"

    def _ate(self, m: int, k: int, c: int) -> tuple[float, float]:
        g = self.scores_.gamma
        est, se = mean_and_se(g[:, k, m].astype(np.float64) - g[:, c, m], self.data_.person)
        return float(est[0]), float(se[0])

    def _atet(self, m: int, k: int, c: int) -> tuple[float, float]:
        """Doubly-robust effect on the treated: mu_c is imputed for k's participants."""
        data, e = self.data_, self.scores_.propensity
        t, y = data.treatment, data.outcomes[:, m]
        mu_c = self.nuisance_.mu[:, c, m].astype(np.float64)
        in_k = (t == k).astype(np.float64)
        in_c = (t == c).astype(np.float64)
        share_k = in_k.mean()
        signal = in_k * (y - mu_c) - in_c * (e[:, k] / e[:, c]) * (y - mu_c)
        theta = signal.mean() / share_k
        influence = (signal - theta * in_k) / share_k
        _, se = mean_and_se(influence, data.person)
        return float(theta), float(se[0])

    def group_effects(
        self,
        group: str,
        outcome: str,
        *,
        reference: str | None = None,
        bins: int = 4,
    ) -> pd.DataFrame:
        """Effects within each level of a declared group column (GATE), with a test of
        whether they differ. Numeric groups with many values are cut into ``bins`` quantiles.
        """
        self._check_fitted()
        if group not in self.data_.groups:
            raise DataError(
                f"'{group}' was not declared as a group (declared: "
                f"{', '.join(self.roles.groups) or 'none'}).",
                code="unknown_group",
            )
        values = self.data_.groups[group]
        if values.isna().any():
            raise DataError(
                f"The group column '{group}' has missing values.", code="missing_values"
            )
        if pd.api.types.is_numeric_dtype(values) and values.nunique() > 10:
            values = pd.qcut(values, bins, duplicates="drop").astype(str)
        levels = pd.Categorical(values)
        m = self._outcome_index(outcome)
        reference = self.roles.control if reference is None else reference
        c = self._support_index(reference)
        g = self.scores_.gamma[:, :, m].astype(np.float64)
        rows = []
        for k, support in enumerate(self.supports_):
            if k == c:
                continue
            diff = g[:, k] - g[:, c]
            ests, ses = [], []
            for code, level in enumerate(levels.categories):
                sel = levels.codes == code
                est, se = mean_and_se(diff[sel], self.data_.person[sel])
                ests.append(est[0])
                ses.append(se[0])
                row = _row(outcome, support, reference, "gate", est[0], se[0])
                rows.append({**row, "group": group, "level": str(level), "n_group": int(sel.sum())})
            # Wald test that all levels share one effect (levels are disjoint sets of episodes).
            w = 1.0 / np.square(ses)
            pooled = (w * ests).sum() / w.sum()
            chi2 = float((w * np.square(np.asarray(ests) - pooled)).sum())
            p_equal = float(stats.chi2.sf(chi2, len(ests) - 1)) if len(ests) > 1 else 1.0
            for row in rows[-len(ests) :]:
                row["p_groups_differ"] = p_equal
        return pd.DataFrame(rows)

    # -- diagnostics ----------------------------------------------------------------------
    def balance(self) -> pd.DataFrame:
        """Standardised mean differences of the features, raw and after weighting."""
        self._check_fitted()
        return balance_table(
            self.data_.features, self.data_.feature_names, self.data_.treatment,
            self.scores_.propensity, self.supports_,
        )  # fmt: skip

    def placebo_test(self, *, tolerance: float = 0.05) -> pd.DataFrame:
        """'Effects' on the declared placebo outcome; a failed row means a biased comparison.

        ``tolerance``: placebo effects smaller than this many standard deviations of the
        placebo outcome count as negligible even when statistically clear.
        """
        self._check_fitted()
        if self.roles.placebo is None:
            raise EngineRefusal(
                "No placebo outcome was declared, so the comparison cannot be checked this way. "
                "Declare an outcome measured before the support started (e.g. paid work in the "
                "year before).",
                code="no_placebo",
            )
        gamma = self.scores_.gamma[:, :, -1].astype(np.float64)
        return placebo_table(
            gamma, self.data_.person, self.supports_, self.roles.placebo,
            placebo_sd=float(self.data_.placebo.std()), tolerance=tolerance,
        )  # fmt: skip

    def sensitivity(
        self,
        outcome: str,
        *,
        reference: str | None = None,
        cf_y: float = 0.03,
        cf_d: float = 0.03,
    ) -> pd.DataFrame:
        """How strong an unmeasured confounder must be to change each average effect.

        ``cf_y`` and ``cf_d``: the share of the outcome's and of the choice's remaining
        variation such a confounder would explain, for the reported bounds.
        """
        m = self._outcome_index(outcome)
        reference = self.roles.control if reference is None else reference
        c = self._support_index(reference)
        data, e = self.data_, self.scores_.propensity
        t, y = data.treatment, data.outcomes[:, m]
        rows_idx = np.arange(data.n)
        residual = y - self.nuisance_.mu[rows_idx, t, m]
        sigma2 = float(np.mean(residual**2))
        rows = []
        for k, support in enumerate(self.supports_):
            if k == c:
                continue
            alpha = (t == k) / e[:, k] - (t == c) / e[:, c]
            est, se = self._ate(m, k, c)
            bounds = sensitivity_bounds(
                est, se, sigma2, float(np.mean(alpha**2)), cf_y=cf_y, cf_d=cf_d
            )
            rows.append(
                {
                    "outcome": outcome,
                    "support": support,
                    "reference": reference,
                    "estimate": est,
                    "se": se,
                    "cf_y": cf_y,
                    "cf_d": cf_d,
                    **bounds,
                    "reason": sensitivity_reason(support, outcome, bounds["robustness_value_ci"]),
                }
            )
        return pd.DataFrame(rows)

    def check_individual_claims(self, support: str, reference: str | None = None) -> None:
        """Raise ``EngineRefusal`` if overlap is too poor for claims about individuals."""
        reference = self.roles.control if reference is None else reference
        self._support_index(support)
        self._support_index(reference)
        for name in (support, reference):
            if self._status(name) == "insufficient":
                reason = self.overlap_.loc[self.overlap_["support"] == name, "reason"].iloc[0]
                raise EngineRefusal(
                    f"No individual estimates for '{support}' versus '{reference}': {reason}",
                    code="weak_overlap",
                    support=name,
                )

    # -- individual effects -----------------------------------------------------------------
    def individual_effects(
        self,
        outcome: str,
        support: str,
        *,
        reference: str | None = None,
        n_repeats: int = 3,
    ) -> IndividualEffects:
        """Individual effects of ``support`` vs ``reference`` for every fitted episode.

        Refuses (``EngineRefusal``) when overlap is insufficient for either support. The
        result carries the calibration test and RATE, and a verdict in plain words on whether
        the differences between people are real.
        """
        reference = self.roles.control if reference is None else reference
        m = self._outcome_index(outcome)
        k, c = self._support_index(support), self._support_index(reference)
        if k == c:
            raise DataError("Compare two different supports.", code="bad_parameter")
        self.check_individual_claims(support, reference)
        data = self.data_
        plugin = contributions = None
        if self.nuisance_.outcome_models:
            models = self.nuisance_.outcome_models[m]
            plugin = partial(_plugin_effect, self.nuisance_, m=m, k=k, c=c)
            contributions = partial(_plugin_contributions, models, k=k, c=c)
        return fit_individual_effects(
            features=data.features,
            feature_names=data.feature_names,
            y=data.outcomes[:, m],
            treatment=data.treatment,
            propensity=self.nuisance_.propensity,
            mu=self.nuisance_.mu[:, :, m],
            person=data.person,
            k=k,
            c=c,
            clip=self.propensity_clip,
            names=(outcome, support, reference),
            n_repeats=n_repeats,
            n_jobs=self.n_jobs,
            seed=self.random_state,
            plugin=plugin,
            plugin_contributions=contributions,
        )

    # -- policy -----------------------------------------------------------------------------
    def policy_tree(
        self,
        outcome: str | Mapping[str, float],
        *,
        depth: int = 2,
        n_bins: int = 32,
        capacity: Mapping[str, float] | None = None,
        features: Sequence[str] | None = None,
        min_leaf_share: float = 0.02,
    ) -> PolicyResult:
        """Learn a depth-1/2/3 tree of rules that maximises the doubly-robust welfare.

        ``outcome`` is one outcome column or a mapping {outcome: weight} (welfare is the
        weighted sum of scores). ``capacity`` maps supports to the largest share of people
        they can take. ``features`` restricts the features the rules may use.
        The value is reported in-sample and cross-fitted (tree learned without the fold it is
        evaluated on), with the gain over the status quo (what people actually received).
        """
        self._check_fitted()
        weights = {outcome: 1.0} if isinstance(outcome, str) else dict(outcome)
        gamma = np.zeros((self.n_episodes_, len(self.supports_)))
        observed = np.zeros(self.n_episodes_)
        for name, w in weights.items():
            m = self._outcome_index(name)
            gamma += w * self.scores_.gamma[:, :, m]
            observed += w * self.data_.outcomes[:, m]
        names = list(self.data_.feature_names)
        unknown = [f for f in features or () if f not in names]
        if unknown:
            raise DataError(
                "Policy rules can only use fitted features; unknown: " + ", ".join(unknown) + ".",
                code="unknown_feature",
            )
        use = list(range(len(names))) if features is None else [names.index(f) for f in features]
        x = self.data_.features[:, use].astype(np.float64)
        kwargs = {
            "depth": depth,
            "n_bins": n_bins,
            "capacity": capacity,
            "min_leaf_share": min_leaf_share,
        }
        chosen = [names[j] for j in use]
        tree = fit_policy_tree(gamma, x, chosen, self.supports_, **kwargs)
        in_sample = tree.predict(x)
        crossfit = np.empty(self.n_episodes_, dtype=np.int64)
        folds = self.nuisance_.folds
        for f in np.unique(folds):
            test = folds == f
            # Folds reuse the capacity prices found on all data (searching them is the costly
            # part; the prices are a property of the market, not of one fold).
            fold_tree = fit_policy_tree(
                gamma[~test], x[~test], chosen, self.supports_, prices=tree.prices, **kwargs
            )
            crossfit[test] = fold_tree.predict(x[test])
        table = policy_value_table(
            gamma, crossfit, self.data_.treatment, observed, self.data_.person, self.supports_
        )
        return PolicyResult(
            tree=tree,
            assignment=in_sample,
            crossfit_assignment=crossfit,
            values=table,
            gain=table.attrs["gain_vs_status_quo"],
            gain_se=table.attrs["gain_vs_status_quo_se"],
            rules=tree.rules(),
        )


@dataclass
class PolicyResult:
    """A learned policy tree with its cross-fitted value and gain over the status quo."""

    tree: PolicyTree
    assignment: np.ndarray  # support index per fitted episode (tree learned on all)
    crossfit_assignment: np.ndarray  # support index from trees that never saw the episode
    values: pd.DataFrame
    gain: float  # cross-fitted mean welfare gain over what people actually received
    gain_se: float
    rules: list[str]

    def summary(self) -> str:
        low, high = self.gain - Z95 * self.gain_se, self.gain + Z95 * self.gain_se
        verdict = (
            "Following these rules would likely do better than current practice"
            if low > 0
            else "The data do not show that these rules would do better than current practice"
        )
        return (
            f"{verdict}: estimated gain {self.gain:.3f} (95% interval {low:.3f} to {high:.3f}).\n"
            + "\n".join(self.rules)
        )


def _plugin_effect(nuisance: Nuisance, x: np.ndarray, *, m: int, k: int, c: int) -> np.ndarray:
    mu = nuisance.predict_outcomes(x, m)
    return (mu[:, k] - mu[:, c]).astype(np.float64)


def _plugin_contributions(models: list, x: np.ndarray, *, k: int, c: int) -> np.ndarray:
    """TreeSHAP of mu_k(x) - mu_c(x); the support column's share goes to the baseline.

    For 0/1 outcomes the trees work in log-odds; their contributions are rescaled per person so
    that they add up to the difference in probability (a linearisation, exact in the sum).
    """
    p = x.shape[1]
    total = np.zeros((len(x), p + 1))
    for booster in models:
        parts, preds = [], []
        for arm in (k, c):
            design = np.column_stack([x, np.full(len(x), arm, dtype=np.float32)])
            parts.append(booster.predict(design, pred_contrib=True))
            preds.append(booster.predict(design))
        diff = parts[0] - parts[1]  # columns: p features, support column, baseline
        if booster.params.get("objective") == "binary":
            raw = diff.sum(axis=1)
            prob = preds[0] - preds[1]
            safe = np.abs(raw) > 1e-12
            scale = np.divide(prob, raw, out=np.zeros_like(raw), where=safe)
            features = diff[:, :p] * scale[:, None]
            total[:, :p] += features
            total[:, p] += prob - features.sum(axis=1)
        else:
            total[:, :p] += diff[:, :p]
            total[:, p] += diff[:, p] + diff[:, p + 1]
    return total / len(models)


def with_placebo(data: EpisodeData) -> EpisodeData:
    """The episodes with the placebo appended as the last outcome (if one was declared)."""
    if data.placebo is None or len(data.outcome_names) > len(data.roles.outcomes):
        return data
    return _with_outcomes(data, np.column_stack([data.outcomes, data.placebo]))


def _with_outcomes(data: EpisodeData, outcomes: np.ndarray) -> EpisodeData:
    from dataclasses import replace

    names = (*data.outcome_names, data.roles.placebo or "placebo")
    binary = tuple(
        bool(np.isin(outcomes[:, m], (0.0, 1.0)).all()) for m in range(outcomes.shape[1])
    )
    return replace(data, outcomes=outcomes, outcome_names=names, binary=binary)


def _row(
    outcome: str, support: str, reference: str | None, estimand: str, est: float, se: float
) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "support": support,
        "reference": reference,
        "estimand": estimand,
        "estimate": float(est),
        "se": float(se),
        "ci_low": float(est - Z95 * se),
        "ci_high": float(est + Z95 * se),
        "p_value": float(p_value(est, se)) if reference is not None else np.nan,
    }


def _table(rows: list[dict[str, Any]], engine: EvidenceEngine) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    counts = dict(zip(engine.supports_, engine.data_.counts().tolist(), strict=True))
    table["n_support"] = table["support"].map(counts)
    status = dict(zip(engine.overlap_["support"], engine.overlap_["status"], strict=True))
    table["overlap"] = [
        _worst(status[s], status[r] if isinstance(r, str) else "ok")
        for s, r in zip(table["support"], table["reference"], strict=True)
    ]
    return table


def _worst(a: str, b: str) -> str:
    order = ["ok", "weak", "insufficient"]
    return order[max(order.index(a), order.index(b))]
