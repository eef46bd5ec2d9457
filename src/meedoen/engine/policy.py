"""Shallow policy trees that maximise doubly-robust welfare, searched exactly on binned features.

A policy tree is a set of simple rules ("if months on benefit <= 24 and age <= 45, advise job
search help") chosen so that the estimated average outcome, if everyone followed the rules,
is as high as possible (Athey & Wager 2021; Zhou, Athey & Wager 2023). Estimated outcomes come
from the doubly-robust scores, so the welfare of any rule is just a sum of scores.

Speed: every feature is cut into at most ``n_bins`` quantile bins once. The search then works
on per-bin (and per pair of bins) sums of the scores, so after one pass over the data its cost
depends on features, bins and supports, not on the number of people. The search over all
depth-2 trees on those bins is exhaustive, hence exact.

Capacity: a support with limited places gets a price per person (a Lagrange multiplier) that
is raised until the tree sends no more people to it than there are places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from meedoen.engine.errors import DataError
from meedoen.engine.inference import Z95, mean_and_se

NEG = -np.inf


@dataclass(frozen=True)
class Binning:
    """Quantile bins per feature; code b means value <= edges[b] (last code: above all)."""

    edges: tuple[np.ndarray, ...]

    @classmethod
    def fit(cls, x: np.ndarray, n_bins: int) -> Binning:
        edges = []
        qs = np.linspace(0, 1, n_bins + 1)[1:-1]
        for j in range(x.shape[1]):
            e = np.unique(np.quantile(x[:, j], qs))
            e = e[e < x[:, j].max()]  # an edge at the maximum would leave an empty last bin
            edges.append(e.astype(np.float64))
        return cls(tuple(edges))

    def transform(self, x: np.ndarray) -> np.ndarray:
        codes = np.empty(x.shape, dtype=np.int32)
        for j, e in enumerate(self.edges):
            codes[:, j] = np.searchsorted(e, x[:, j], side="left")
        return codes

    def n_codes(self, j: int) -> int:
        return len(self.edges[j]) + 1


@dataclass(frozen=True)
class Split:
    feature: int
    code: int  # rows with bin code <= code go left
    threshold: float  # equivalently: value <= threshold goes left


@dataclass
class Node:
    """A node of a policy tree: a split with two children, or a leaf with an action."""

    split: Split | None = None
    left: Node | None = None
    right: Node | None = None
    action: int = 0

    def leaves(self) -> list[Node]:
        if self.split is None:
            return [self]
        return self.left.leaves() + self.right.leaves()

    @property
    def depth(self) -> int:
        return 0 if self.split is None else 1 + max(self.left.depth, self.right.depth)


@dataclass
class PolicyTree:
    """A fitted policy tree: rules that send each person to one support."""

    feature_names: tuple[str, ...]
    supports: tuple[str, ...]
    root: Node
    welfare: float  # in-sample objective (mean score under the policy, after prices)
    prices: np.ndarray  # capacity prices used, per support

    @property
    def actions(self) -> tuple[int, ...]:
        return tuple(leaf.action for leaf in self.root.leaves())

    def leaf_of(self, x: np.ndarray) -> np.ndarray:
        """Index (left to right) of the leaf each row of ``x`` falls in."""
        x = np.asarray(x, dtype=np.float64)
        out = np.zeros(len(x), dtype=np.int64)
        counter = [0]

        def walk(node: Node, rows: np.ndarray) -> None:
            if node.split is None:
                out[rows] = counter[0]
                counter[0] += 1
                return
            go_left = x[rows, node.split.feature] <= node.split.threshold
            walk(node.left, rows[go_left])
            walk(node.right, rows[~go_left])

        walk(self.root, np.arange(len(x)))
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Support index for each row of ``x`` (features in the fitted order)."""
        return np.asarray(self.actions, dtype=np.int64)[self.leaf_of(x)]

    def predict_support(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.supports, dtype=object)[self.predict(x)]

    def rules(self) -> list[str]:
        """The tree as plain-language rules, one per leaf."""
        names, out = self.feature_names, []

        def walk(node: Node, conditions: list[str]) -> None:
            if node.split is None:
                advice = f"advise '{self.supports[node.action]}'."
                if conditions:
                    out.append("If " + " and ".join(conditions) + ": " + advice)
                else:
                    out.append("For everyone: " + advice)
                return
            name, value = names[node.split.feature], _fmt(node.split.threshold)
            walk(node.left, [*conditions, f"{name} is at most {value}"])
            walk(node.right, [*conditions, f"{name} is more than {value}"])

        walk(self.root, [])
        return out


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _pair_histograms(
    codes: np.ndarray, gamma: np.ndarray, n_bins: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of scores and counts for every pair of features and pair of bins.

    Returns H (p, B, p, B, K) and C (p, B, p, B). One pass per feature pair; everything after
    this is independent of the number of rows.
    """
    _n, p = codes.shape
    k_arms = gamma.shape[1]
    h = np.zeros((p, n_bins, p, n_bins, k_arms))
    c = np.zeros((p, n_bins, p, n_bins))
    for j in range(p):
        for jj in range(j, p):
            index = codes[:, j].astype(np.int64) * n_bins + codes[:, jj]
            counts = np.bincount(index, minlength=n_bins * n_bins).reshape(n_bins, n_bins)
            c[j, :, jj, :] = counts
            c[jj, :, j, :] = counts.T
            for k in range(k_arms):
                sums = np.bincount(index, weights=gamma[:, k], minlength=n_bins * n_bins)
                sums = sums.reshape(n_bins, n_bins)
                h[j, :, jj, :, k] = sums
                h[jj, :, j, :, k] = sums.T
    return h, c


def _best_single_split(
    hist: np.ndarray, counts: np.ndarray, valid: np.ndarray, min_leaf: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best depth-1 split for many sets at once.

    ``hist`` (..., p, B, K) and ``counts`` (..., p, B) describe a set of rows per leading
    index. Returns for each leading index the best value, the feature and the code of the split
    (code = -1 means "no split is better": one leaf).
    """
    cum = np.cumsum(hist, axis=-2)
    cum_n = np.cumsum(counts, axis=-1)
    total = cum[..., -1:, :]
    total_n = cum_n[..., -1:]
    value = cum.max(axis=-1) + (total - cum).max(axis=-1)
    ok = valid & (cum_n >= min_leaf) & (total_n - cum_n >= min_leaf)
    value = np.where(ok, value, NEG)
    flat = value.reshape(*value.shape[:-2], -1)
    best = flat.argmax(axis=-1)
    best_value = np.take_along_axis(flat, best[..., None], axis=-1)[..., 0]
    leaf_value = total[..., 0, 0, :].max(axis=-1)  # the set as one leaf (any feature: same sum)
    n_b = value.shape[-1]
    use_split = best_value > leaf_value + 1e-12
    feature = np.where(use_split, best // n_b, -1)
    code = np.where(use_split, best % n_b, -1)
    return np.maximum(best_value, leaf_value), feature, code


def _search(
    h: np.ndarray,
    c: np.ndarray,
    prices: np.ndarray,
    valid: np.ndarray,
    depth: int,
    min_leaf: float,
) -> tuple[float, tuple]:
    """Exhaustive search of the best depth-1 or depth-2 tree on the histograms."""
    p = c.shape[0]
    adj = h - prices * c[..., None]  # welfare after paying the capacity prices
    diag_h = adj[np.arange(p), :, np.arange(p), :, :]  # (p, B, B, K) -> need per-bin sums
    # Single-feature histograms: H1[j, b, k] = sum over b' of H[j, b, j, b'].
    h1 = diag_h.sum(axis=2)
    c1 = c[np.arange(p), :, np.arange(p), :].sum(axis=2)
    if depth == 1:
        value, feat, code = _best_single_split(h1, c1, valid, min_leaf)
        return float(value), (int(feat), int(code), None, None)
    best = (NEG, None)
    total_h = h1[0].sum(axis=0)  # (K,)
    total_c = c1[0].sum()
    for j in range(p):
        # Left child of a root split at code t: cumulative over the root feature's bins.
        left_h = np.cumsum(adj[j], axis=0)  # (B, p, B, K)
        left_c = np.cumsum(c[j], axis=0)  # (B, p, B)
        right_h = h1[None] - left_h
        right_c = c1[None] - left_c
        lv, lf, lc = _best_single_split(left_h, left_c, valid, min_leaf)
        rv, rf, rc = _best_single_split(right_h, right_c, valid, min_leaf)
        n_left = left_c[:, 0, :].sum(axis=-1)
        ok = valid[j] & (n_left >= min_leaf) & (total_c - n_left >= min_leaf)
        value = np.where(ok, lv + rv, NEG)
        t = int(value.argmax())
        if value[t] > best[0]:
            best = (float(value[t]), (j, t, (int(lf[t]), int(lc[t])), (int(rf[t]), int(rc[t]))))
    one_leaf = float(total_h.max())
    if best[1] is None or one_leaf >= best[0]:
        return one_leaf, (-1, -1, None, None)
    return best


def _leaf_actions(
    tree_leaves: np.ndarray, gamma: np.ndarray, prices: np.ndarray, n_leaves: int
) -> np.ndarray:
    sums = np.column_stack(
        [
            np.bincount(tree_leaves, weights=gamma[:, k], minlength=n_leaves)
            for k in range(gamma.shape[1])
        ]
    )
    counts = np.bincount(tree_leaves, minlength=n_leaves)
    return (sums - prices * counts[:, None]).argmax(axis=1)


def fit_policy_tree(
    gamma: np.ndarray,
    features: np.ndarray,
    feature_names: Sequence[str],
    supports: Sequence[str],
    *,
    depth: int = 2,
    n_bins: int = 32,
    capacity: Mapping[str, float] | None = None,
    min_leaf_share: float = 0.02,
    binning: Binning | None = None,
    prices: np.ndarray | None = None,
) -> PolicyTree:
    """Exact search of the depth-1/2 tree maximising the mean score, under capacities.

    ``depth=3`` is a hybrid: the root of the best depth-2 tree, then the best depth-2 subtree
    on each side (exact given the root, not over all depth-3 trees).

    ``gamma`` (n, K) holds the doubly-robust scores of one outcome (or a weighted welfare);
    ``capacity`` maps a support to the largest share of people it may receive. Given
    ``prices`` (per support, e.g. from a fit on all data) are used as they are, without
    searching new ones.
    """
    if depth not in (1, 2, 3):
        raise DataError(
            "Policy trees of depth 1, 2 or 3 are available (deeper rules are not explainable).",
            code="bad_parameter",
        )
    x = np.asarray(features, dtype=np.float64)
    gamma = np.asarray(gamma, dtype=np.float64)
    n, k_arms = gamma.shape
    binning = binning or Binning.fit(x, n_bins)
    codes = binning.transform(x)
    p = x.shape[1]
    valid = np.zeros((p, n_bins), dtype=bool)
    for j in range(p):
        valid[j, : binning.n_codes(j) - 1] = True
    h, c = _pair_histograms(codes, gamma, n_bins)
    min_leaf = max(1.0, min_leaf_share * n)

    limits = np.full(k_arms, np.inf)
    for name, share in (capacity or {}).items():
        if name not in supports:
            raise DataError(f"Capacity given for unknown support '{name}'.", code="unknown_support")
        limits[list(supports).index(name)] = share * n
    fixed_prices = prices is not None
    prices = np.zeros(k_arms) if prices is None else np.asarray(prices, dtype=np.float64).copy()

    def build(pr: np.ndarray) -> PolicyTree:
        value, (j, t, left, right) = _search(h, c, pr, valid, min(depth, 2), min_leaf)
        root = _assemble(binning, j, t, left, right)
        if depth == 3 and root.split is not None:
            # Hybrid look-ahead (as policytree's hybrid trees): keep the root of the best
            # depth-2 tree, then search each side exactly for its best depth-2 subtree.
            go_left = x[:, root.split.feature] <= root.split.threshold
            for side, rows in (("left", go_left), ("right", ~go_left)):
                sub = fit_policy_tree(
                    gamma[rows], x[rows], feature_names, supports, depth=2, n_bins=n_bins,
                    min_leaf_share=min_leaf / max(rows.sum(), 1), binning=binning, prices=pr,
                )  # fmt: skip
                setattr(root, side, sub.root)
        tree = PolicyTree(tuple(feature_names), tuple(supports), root, value / n, pr.copy())
        leaves = tree.leaf_of(x)
        actions = _leaf_actions(leaves, gamma, pr, len(root.leaves()))
        for leaf, action in zip(root.leaves(), actions, strict=True):
            leaf.action = int(action)
        if depth == 3:
            chosen = gamma[np.arange(n), tree.predict(x)] - pr[tree.predict(x)]
            tree.welfare = float(chosen.mean())
        return tree

    tree = build(prices)
    if np.isfinite(limits).any() and not fixed_prices:
        scale = float(np.abs(gamma).mean(axis=0).max() * 4 + 1.0)
        for _ in range(4):  # rounds of coordinate-wise price bisection
            assigned = np.bincount(tree.predict(x), minlength=k_arms)
            over = np.flatnonzero(assigned > limits)
            if not len(over):
                break
            for k in over:
                lo, hi = prices[k], prices[k] + scale
                for _ in range(12):
                    mid = 0.5 * (lo + hi)
                    trial = prices.copy()
                    trial[k] = mid
                    demand = np.count_nonzero(build(trial).predict(x) == k)
                    lo, hi = (mid, hi) if demand > limits[k] else (lo, mid)
                prices[k] = hi
            tree = build(prices)
    return tree


def _assemble(
    binning: Binning,
    j: int,
    t: int,
    left: tuple[int, int] | None,
    right: tuple[int, int] | None,
) -> Node:
    def split(feature: int, code: int) -> Split:
        return Split(feature, code, float(binning.edges[feature][code]))

    if j < 0:
        return Node()
    children = []
    for child in (left, right):
        if child is not None and child[0] >= 0:
            children.append(Node(split(*child), Node(), Node()))
        else:
            children.append(Node())
    return Node(split(j, t), children[0], children[1])


def policy_value_table(
    gamma: np.ndarray,
    assignment: np.ndarray,
    treatment: np.ndarray,
    outcome: np.ndarray,
    person: np.ndarray,
    supports: Sequence[str],
) -> pd.DataFrame:
    """Estimated value of a policy, the status quo and each single support for everyone.

    Differences against the status quo are paired (same people), so their standard errors
    are much smaller than those of the values themselves.
    """
    rows = np.arange(len(gamma))
    policy = gamma[rows, assignment]
    columns = {"policy": policy, "status_quo": outcome}
    for k, name in enumerate(supports):
        columns[f"everyone: {name}"] = gamma[:, k]
    values = np.column_stack(list(columns.values()))
    est, se = mean_and_se(values, person)
    gain, gain_se = mean_and_se(policy - outcome, person)
    table = pd.DataFrame(
        {"policy": list(columns), "value": est, "se": se, "ci_low": est - Z95 * se}
    )
    table["ci_high"] = est + Z95 * se
    table.attrs["gain_vs_status_quo"] = float(gain[0])
    table.attrs["gain_vs_status_quo_se"] = float(gain_se[0])
    return table
