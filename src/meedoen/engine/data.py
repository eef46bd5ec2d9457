"""Declared roles of the episodes table and its validation into arrays the engine works on.

Roles are declared, never guessed: the caller names the person id, the kind of support, the
features, the outcomes (one column per outcome and horizon, e.g. ``paid_work_12m``), an
optional placebo outcome measured before the support started and optional groups for group
effects. Anything the engine cannot use honestly is refused with a reason that names the
column and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meedoen.engine.errors import DataError, ProtectedAttributeError

# Protected attributes and their proxies are never model features (DESIGN.md). A feature is
# refused if one of its name parts is in PROTECTED_TOKENS or its name contains one of
# PROTECTED_FRAGMENTS. English and Dutch, because column names come from Dutch systems.
PROTECTED_TOKENS: frozenset[str] = frozenset(
    {
        "origin", "nationality", "nationalities", "language", "languages", "name", "names",
        "postcode", "postcodes", "zip", "zipcode", "postal", "gender", "sex", "ethnicity",
        "ethnic", "race", "religion", "migration", "migrant", "birthplace", "surname",
        "address", "bsn", "herkomst", "nationaliteit", "taal", "naam", "geslacht", "adres",
        "geboorteland", "etniciteit", "religie", "migratieachtergrond",
    }
)  # fmt: skip
PROTECTED_FRAGMENTS: tuple[str, ...] = (
    "postcode", "postal", "nationalit", "ethnic", "etnic", "religio", "gender", "geslacht",
    "language", "taal", "herkomst", "migra", "country_of_birth", "birth_country",
    "geboorteland", "firstname", "first_name", "lastname", "last_name", "surname", "naam",
)  # fmt: skip

MIN_PER_SUPPORT = 30


def protected_reason(column: str) -> str | None:
    """Why ``column`` looks like a protected attribute or proxy, or None if it does not."""
    lower = column.lower()
    tokens = set(re.split(r"[^a-z0-9]+", lower))
    hit = sorted(tokens & PROTECTED_TOKENS) or [f for f in PROTECTED_FRAGMENTS if f in lower]
    if hit:
        return f"'{column}' looks like a protected attribute or a proxy for one ({hit[0]})"
    return None


@dataclass(frozen=True)
class Roles:
    """Which column plays which part. Outcome columns are named ``{outcome}_{months}m``."""

    person: str
    treatment: str
    features: tuple[str, ...]
    outcomes: tuple[str, ...]
    control: str = "none"
    placebo: str | None = None
    groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples, so Roles stays hashable and frozen.
        for name in ("features", "outcomes", "groups"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True)
class EpisodeData:
    """The validated episodes as arrays. Support index 0 is always the control ('none')."""

    roles: Roles
    supports: tuple[str, ...]
    treatment: np.ndarray  # (n,) int codes into supports
    features: np.ndarray  # (n, p) float32; categorical features as integer codes
    feature_names: tuple[str, ...]
    categorical: tuple[int, ...]
    category_levels: dict[str, tuple[str, ...]]
    outcomes: np.ndarray  # (n, M) float64
    outcome_names: tuple[str, ...]
    binary: tuple[bool, ...]
    person: np.ndarray  # (n,) int codes 0..n_people-1
    placebo: np.ndarray | None = None
    groups: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.treatment)

    @property
    def n_people(self) -> int:
        return int(self.person.max()) + 1 if self.n else 0

    def counts(self) -> np.ndarray:
        return np.bincount(self.treatment, minlength=len(self.supports))


def _missing_columns(frame: pd.DataFrame, roles: Roles) -> list[str]:
    declared = [roles.person, roles.treatment, *roles.features, *roles.outcomes, *roles.groups]
    if roles.placebo is not None:
        declared.append(roles.placebo)
    return [c for c in dict.fromkeys(declared) if c not in frame.columns]


def _check_roles(roles: Roles) -> None:
    if not roles.features:
        raise DataError("No features were declared: the engine needs characteristics of people.")
    if not roles.outcomes:
        raise DataError("No outcomes were declared: say which outcome columns to analyse.")
    protected = [r for r in map(protected_reason, roles.features) if r]
    if protected:
        raise ProtectedAttributeError(
            "Protected attributes and their proxies may not be used to estimate effects or to "
            "advise people; they may only be used to audit fairness. Remove: "
            + "; ".join(protected)
            + ".",
            columns=[c for c in roles.features if protected_reason(c)],
        )
    roles_of: dict[str, list[str]] = {}
    for role, cols in (
        ("person", [roles.person]),
        ("treatment", [roles.treatment]),
        ("feature", roles.features),
        ("outcome", roles.outcomes),
        ("placebo", [roles.placebo] if roles.placebo else []),
    ):
        for c in cols:
            roles_of.setdefault(c, []).append(role)
    double = {c: r for c, r in roles_of.items() if len(r) > 1}
    if double:
        text = "; ".join(f"'{c}' is declared as {' and '.join(r)}" for c, r in double.items())
        raise DataError(f"A column can play only one role: {text}.", columns=sorted(double))


def _numeric(frame: pd.DataFrame, column: str, role: str) -> np.ndarray:
    series = frame[column]
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=np.float64)
    if not pd.api.types.is_numeric_dtype(series):
        example = series.dropna().iloc[0] if series.notna().any() else None
        raise DataError(
            f"The {role} column '{column}' must hold numbers, but it holds "
            f"{series.dtype} values (for example {example!r}).",
            code="mistyped_column",
            column=column,
        )
    return series.to_numpy(dtype=np.float64, na_value=np.nan)


def validate_episodes(
    frame: pd.DataFrame, roles: Roles, *, min_per_support: int = MIN_PER_SUPPORT
) -> EpisodeData:
    """Check the episodes table against the declared roles and convert it to arrays.

    Raises ``DataError`` (or ``ProtectedAttributeError``) naming the problem; never repairs
    data silently.
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError("The episodes must be a pandas DataFrame.", code="not_a_table")
    _check_roles(roles)
    missing = _missing_columns(frame, roles)
    if missing:
        raise DataError(
            "These declared columns are not in the episodes table: " + ", ".join(missing) + ".",
            code="missing_column",
            columns=missing,
        )
    n = len(frame)
    if n < 2 * min_per_support:
        raise DataError(
            f"There are only {n} episodes; the engine needs at least {2 * min_per_support}.",
            code="too_few_rows",
        )

    # Person and support may not be missing: an episode without them cannot be used.
    for column, role in ((roles.person, "person id"), (roles.treatment, "kind of support")):
        gaps = int(frame[column].isna().sum())
        if gaps:
            raise DataError(
                f"{gaps} episodes have no {role} (column '{column}').",
                code="missing_values",
                column=column,
                count=gaps,
            )
    person = pd.factorize(frame[roles.person], sort=False)[0].astype(np.int64)

    treatment_text = frame[roles.treatment].astype(str)
    if roles.control not in set(treatment_text.unique()):
        raise DataError(
            f"No episode has the reference support '{roles.control}' (column "
            f"'{roles.treatment}'); effects are measured against it.",
            code="no_control",
        )
    others = sorted(set(treatment_text.unique()) - {roles.control})
    supports = (roles.control, *others)
    codes = {s: i for i, s in enumerate(supports)}
    treatment = treatment_text.map(codes).to_numpy(dtype=np.int64)
    counts = np.bincount(treatment, minlength=len(supports))
    small = [(s, int(c)) for s, c in zip(supports, counts, strict=True) if c < min_per_support]
    if small:
        listed = ", ".join(f"'{s}' ({c} people)" for s, c in small)
        raise DataError(
            f"Too few people received {listed} to learn anything reliable about it; at least "
            f"{min_per_support} are needed. Leave it out or combine it with a similar support.",
            code="too_few_in_support",
            supports=[s for s, _ in small],
        )
    if len(supports) < 2:
        raise DataError("Everyone had the same support, so there is nothing to compare.")

    columns: list[np.ndarray] = []
    categorical: list[int] = []
    levels: dict[str, tuple[str, ...]] = {}
    gaps: dict[str, int] = {}
    for j, column in enumerate(roles.features):
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes_j = series.cat.codes.to_numpy().astype(np.float64)
            codes_j[codes_j < 0] = np.nan
            categorical.append(j)
            levels[column] = tuple(map(str, series.cat.categories))
            columns.append(codes_j)
        else:
            columns.append(_numeric(frame, column, "feature"))
        missing_count = int(np.isnan(columns[-1]).sum())
        if missing_count:
            gaps[column] = missing_count
    if gaps:
        listed = ", ".join(f"'{c}' ({k} missing)" for c, k in gaps.items())
        raise DataError(
            f"Some features have missing values: {listed}. Fill them in at the source or leave "
            "the feature out; the engine does not guess missing characteristics.",
            code="missing_values",
            columns=list(gaps),
        )
    features = np.column_stack(columns).astype(np.float32)

    outcomes = np.column_stack([_numeric(frame, c, "outcome") for c in roles.outcomes])
    _check_outcomes(outcomes, roles.outcomes)
    binary = tuple(
        bool(np.isin(outcomes[:, m], (0.0, 1.0)).all()) for m in range(outcomes.shape[1])
    )

    placebo = None
    if roles.placebo is not None:
        placebo = _numeric(frame, roles.placebo, "placebo")[:, None]
        _check_outcomes(placebo, (roles.placebo,))
        placebo = placebo[:, 0]

    groups = {g: frame[g].reset_index(drop=True) for g in roles.groups}
    return EpisodeData(
        roles=roles,
        supports=supports,
        treatment=treatment,
        features=features,
        feature_names=roles.features,
        categorical=tuple(categorical),
        category_levels=levels,
        outcomes=outcomes,
        outcome_names=roles.outcomes,
        binary=binary,
        person=person,
        placebo=placebo,
        groups=groups,
    )


def _check_outcomes(values: np.ndarray, names: Sequence[str]) -> None:
    for m, column in enumerate(names):
        col = values[:, m]
        missing = int(np.isnan(col).sum())
        if missing == len(col):
            raise DataError(
                f"There is no follow-up yet for '{column}': every value is missing. Leave this "
                "outcome out until people have reached that moment.",
                code="no_follow_up",
                column=column,
            )
        if missing:
            raise DataError(
                f"'{column}' is missing for {missing} of {len(col)} episodes. Analyse only "
                "episodes that have reached this moment (filter them first), so that missing "
                "follow-up is not mistaken for an outcome.",
                code="missing_outcome",
                column=column,
                count=missing,
            )
        if np.nanmin(col) == np.nanmax(col):
            raise DataError(
                f"'{column}' has the same value ({col[0]:g}) for everyone, so no support can be "
                "shown to change it.",
                code="constant_outcome",
                column=column,
            )


def outcome_label(column: str) -> tuple[str, int | None]:
    """Split 'paid_work_12m' into ('paid_work', 12); columns without a horizon give None."""
    match = re.fullmatch(r"(.+)_(\d+)m", column)
    if match:
        return match.group(1), int(match.group(2))
    return column, None


def encode_features(frame: pd.DataFrame, data: EpisodeData) -> np.ndarray:
    """New people's features in the fitted encoding (categories as the fitted codes).

    Used to apply what was learned to people who are deciding now. A category the engine
    never saw, or a missing value, is refused: the engine does not guess characteristics.
    """
    columns: list[np.ndarray] = []
    for column in data.feature_names:
        if column not in frame.columns:
            raise DataError(f"The feature '{column}' is missing.", code="missing_columns")
        series = frame[column]
        if column in data.category_levels:
            levels = data.category_levels[column]
            text = series.astype("string")
            unknown = sorted(set(text.dropna()) - set(levels))
            if unknown:
                raise DataError(
                    f"'{column}' has values the engine never saw: {', '.join(unknown)}.",
                    code="unknown_category",
                )
            codes = text.map({level: float(i) for i, level in enumerate(levels)})
            values = codes.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)
        if np.isnan(values).any():
            raise DataError(f"'{column}' has missing values.", code="missing_values")
        columns.append(values)
    return np.column_stack(columns).astype(np.float32) if columns else np.empty((len(frame), 0))
