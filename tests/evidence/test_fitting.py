"""What one engine run learns, checked against the synthetic labour market's truth."""

import numpy as np
import pandas as pd
import pytest

from meedoen.engine import Roles
from meedoen.evidence.fitting import fit_run
from meedoen.simulation.labour_market import FEATURES, simulate_labour_market

OUTCOMES = ("paid_work_6m", "wellbeing_6m")


@pytest.fixture(scope="module")
def market():
    train = simulate_labour_market(6000, seed=5)
    deciding = simulate_labour_market(2000, seed=6)  # new people, deciding now
    roles = Roles(person="person_id", treatment="support", features=FEATURES,
                  outcomes=OUTCOMES, control="none")
    episodes = train.episodes[["person_id", "support", *FEATURES, *OUTCOMES]].assign(
        offer_id=pd.array([pd.NA] * len(train.episodes), dtype="Int64"))
    current = deciding.episodes[list(FEATURES)].assign(
        person_id=np.arange(len(deciding.episodes)))
    result = fit_run(episodes, roles, current, advice_outcomes=OUTCOMES, seed=1)
    return result, deciding


def _advised(result, outcome: str, n: int) -> np.ndarray:
    """Per person the kind of support with the highest estimate ('none' if all withheld)."""
    table = pd.DataFrame([r for r in result.personal
                          if r["outcome"] == outcome and r.get("estimate") is not None])
    best = table.loc[table.groupby("person_id")["estimate"].idxmax()].set_index("person_id")
    advised = np.full(n, "none", dtype=object)
    positive = best["estimate"] > 0  # advise nothing where no support is expected to add
    advised[best.index[positive]] = best.loc[positive, "support"].to_numpy()
    return advised


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_following_the_ranking_beats_random_choice_and_current_practice(market, outcome):
    result, deciding = market
    n = len(deciding.episodes)
    advised = _advised(result, outcome, n)
    rng = np.random.default_rng(0)
    random_choice = rng.choice(np.asarray(deciding.supports, dtype=object), size=n)
    status_quo = deciding.episodes["support"].to_numpy()
    value = {name: deciding.policy_value(outcome, assignment) for name, assignment in
             (("advised", advised), ("random", random_choice), ("status_quo", status_quo))}
    assert value["advised"] > value["random"], value
    assert value["advised"] > value["status_quo"], value


def test_every_resident_gets_an_estimate_or_a_reason_for_each_kind_and_outcome(market):
    result, deciding = market
    kinds = {r["support"] for r in result.personal}
    assert len(result.personal) == len(deciding.episodes) * len(kinds) * len(OUTCOMES)
    for row in result.personal[:500]:
        assert (row.get("estimate") is not None) != bool(row.get("withheld"))
        if row.get("estimate") is not None:
            assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
            assert row["rule"].count("=>") == 1  # the policy rule of the person's leaf


def test_policy_rules_cover_everyone_once(market):
    result, deciding = market
    for outcome in OUTCOMES:
        rules = result.policy[outcome]["rules"]
        assert 1 <= len(rules) <= 4  # depth 2
        # Every resident deciding now is given exactly one of the tree's rules.
        given = {}
        for row in result.personal:
            if row["outcome"] == outcome:
                given.setdefault(row["person_id"], set()).add(row["rule"])
        assert len(given) == len(deciding.episodes)
        assert all(len(mine) == 1 and mine <= set(rules) for mine in given.values())


def test_group_check_puts_the_mean_estimate_beside_the_records_per_group():
    train = simulate_labour_market(4000, seed=9)
    roles = Roles(person="person_id", treatment="support", features=FEATURES,
                  outcomes=("paid_work_6m", "wellbeing_6m"), control="none")
    episodes = train.episodes[["person_id", "support", *FEATURES, "paid_work_6m",
                               "wellbeing_6m"]].assign(
        offer_id=pd.array([pd.NA] * len(train.episodes), dtype="Int64"))
    people = train.episodes.drop_duplicates("person_id")
    audit = pd.DataFrame({"person_id": people["person_id"],
                          "mental_health": np.where(people["mental_health_problem"] > 0,
                                                    "yes", "no")})
    current = episodes[list(FEATURES)].head(50).assign(person_id=np.arange(50))
    result = fit_run(episodes, roles, current, advice_outcomes=("paid_work_6m",),
                     audit=audit, seed=2)
    rows = [r for r in result.fairness if r["support"] == "ips"]
    assert {r["level"] for r in rows} == {"yes", "no"}
    for row in rows:
        assert row["observed_low"] <= row["observed"] <= row["observed_high"]
        assert row["covered"] == (row["observed_low"] <= row["predicted"]
                                  <= row["observed_high"])
        assert row["n"] >= 10
    # Most groups agree: the estimates are not systematically off.
    assert sum(r["covered"] for r in result.fairness) >= 0.8 * len(result.fairness)


def test_a_resident_in_a_category_nobody_in_the_records_had_gets_no_estimate():
    frame = pd.DataFrame({
        "person_id": np.arange(400), "support": pd.Categorical(np.tile(["none", "coaching"],
                                                                       200)),
        "group": pd.Categorical(np.tile(["a", "b", "b", "a"], 100)),
        "x": np.linspace(0, 1, 400), "paid_work_6m": np.tile([0.0, 1.0, 1.0, 0.0], 100),
    }).assign(offer_id=pd.array([pd.NA] * 400, dtype="Int64"))
    roles = Roles(person="person_id", treatment="support", features=("group", "x"),
                  outcomes=("paid_work_6m",), control="none")
    current = pd.DataFrame({"person_id": [1, 2], "group": ["a", "new"], "x": [0.5, 0.5]})
    result = fit_run(frame, roles, current, advice_outcomes=("paid_work_6m",))
    assert {row["person_id"] for row in result.personal} == {1}
