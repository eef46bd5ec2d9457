"""Bad input gives a clear error that names the problem, never a silent number."""

import numpy as np
import pandas as pd
import pytest

from meedoen.engine.data import Roles, protected_reason, validate_episodes
from meedoen.engine.errors import DataError, EngineError, NotFittedError, ProtectedAttributeError
from meedoen.engine.evidence import EvidenceEngine
from meedoen.simulation.labour_market import simulate_labour_market


@pytest.fixture(scope="module")
def frame():
    return simulate_labour_market(1_500, seed=2).episodes


def roles(**overrides):
    base = {
        "person": "person_id",
        "treatment": "support",
        "features": ("age", "education", "months_on_benefit", "baseline_wellbeing"),
        "outcomes": ("paid_work_12m", "wellbeing_12m"),
    }
    return Roles(**{**base, **overrides})


def test_missing_column_is_named(frame):
    with pytest.raises(DataError, match="months_on_benefit") as err:
        validate_episodes(frame.drop(columns=["months_on_benefit"]), roles())
    assert err.value.code == "missing_column"


def test_mistyped_feature_is_named(frame):
    bad = frame.assign(age=frame["age"].astype(str) + " years")
    with pytest.raises(DataError, match="'age' must hold numbers") as err:
        validate_episodes(bad, roles())
    assert err.value.code == "mistyped_column"


def test_mistyped_outcome_is_named(frame):
    bad = frame.assign(paid_work_12m=np.where(frame["paid_work_12m"] == 1, "yes", "no"))
    with pytest.raises(DataError, match="paid_work_12m"):
        validate_episodes(bad, roles())


@pytest.mark.parametrize(
    "column", ["nationality", "postcode", "gender", "native_language", "first_name", "herkomst"]
)
def test_protected_attribute_as_feature_is_refused(frame, column):
    bad = frame.assign(**{column: 1.0})
    with pytest.raises(ProtectedAttributeError, match="protected attribute") as err:
        validate_episodes(bad, roles(features=("age", column)))
    assert column in err.value.details["columns"]


def test_ordinary_feature_names_are_not_mistaken_for_protected():
    for column in ("age", "months_on_benefit", "education", "baseline_wellbeing", "debt_problems"):
        assert protected_reason(column) is None


def test_support_with_too_few_people_is_named(frame):
    bad = frame.copy()
    bad["support"] = bad["support"].astype(str)
    bad.loc[bad.index[:5], "support"] = "rare_course"
    with pytest.raises(DataError, match="rare_course") as err:
        validate_episodes(bad, roles())
    assert err.value.code == "too_few_in_support"
    assert err.value.details["supports"] == ["rare_course"]


def test_constant_outcome_is_refused(frame):
    with pytest.raises(DataError, match="same value") as err:
        validate_episodes(frame.assign(paid_work_12m=0.0), roles())
    assert err.value.code == "constant_outcome"


def test_missing_feature_values_are_refused(frame):
    bad = frame.copy()
    bad.loc[bad.index[:7], "age"] = np.nan
    with pytest.raises(DataError, match=r"'age' \(7 missing\)"):
        validate_episodes(bad, roles())


def test_partly_missing_outcome_is_refused(frame):
    bad = frame.copy()
    bad.loc[bad.index[:10], "wellbeing_12m"] = np.nan
    with pytest.raises(DataError, match="missing for 10") as err:
        validate_episodes(bad, roles())
    assert err.value.code == "missing_outcome"


def test_horizon_without_follow_up_is_refused(frame):
    bad = frame.assign(paid_work_24m=np.nan)
    with pytest.raises(DataError, match="no follow-up yet for 'paid_work_24m'") as err:
        validate_episodes(bad, roles(outcomes=("paid_work_12m", "paid_work_24m")))
    assert err.value.code == "no_follow_up"


def test_missing_control_group_is_refused(frame):
    bad = frame[frame["support"] != "none"]
    with pytest.raises(DataError, match="reference support 'none'"):
        validate_episodes(bad, roles())


def test_missing_support_value_is_refused(frame):
    bad = frame.copy()
    bad["support"] = bad["support"].astype(object)
    bad.loc[bad.index[3], "support"] = None
    with pytest.raises(DataError, match="no kind of support"):
        validate_episodes(bad, roles())


def test_column_in_two_roles_is_refused(frame):
    with pytest.raises(DataError, match="only one role"):
        validate_episodes(frame, roles(features=("age", "paid_work_12m")))


def test_not_a_dataframe_is_refused():
    with pytest.raises(DataError, match="DataFrame"):
        validate_episodes(np.zeros((10, 3)), roles())


def test_categorical_features_are_accepted(frame):
    ok = frame.assign(education=pd.Categorical(frame["education"].astype(int).astype(str)))
    data = validate_episodes(ok, roles())
    assert data.categorical == (1,)


def test_asking_before_fit_says_so():
    with pytest.raises(NotFittedError, match="not been fitted"):
        EvidenceEngine(roles()).effects()


def test_unknown_outcome_and_support_are_named(engine):
    with pytest.raises(EngineError, match="'earnings_12m' is not one of the fitted outcomes"):
        engine.effects("earnings_12m")
    with pytest.raises(EngineError, match="'sailing' is not one of the supports"):
        engine.effects("paid_work_12m", reference="sailing")


def test_fit_does_not_change_parameters(frame):
    r = roles()
    engine = EvidenceEngine(r, n_folds=2, lgbm_params={"num_leaves": 7})
    engine.fit(frame)
    assert engine.roles is r and engine.n_folds == 2 and engine.lgbm_params == {"num_leaves": 7}
    assert engine.fit(frame) is engine


def test_engine_follows_scikit_learn_conventions():
    from sklearn.base import clone

    engine = EvidenceEngine(roles(), n_folds=4, propensity_clip=0.02)
    params = engine.get_params()
    assert params["n_folds"] == 4 and params["propensity_clip"] == 0.02
    copy = clone(engine)
    assert copy.get_params()["roles"] == engine.roles
    assert not hasattr(copy, "scores_")
