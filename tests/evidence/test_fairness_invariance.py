"""Protected attributes and their proxies never change what the engine says about anyone."""

import pytest

from meedoen.evidence.models import EngineRun, PersonalEstimate
from meedoen.evidence.services import engine_run_execute
from meedoen.people.models import Resident
from tests.evidence.test_engine_runs import town_with_history

pytestmark = pytest.mark.django_db


def _advice(run):
    return {(e.resident_id, e.support, e.outcome): (e.estimate, e.withheld, e.rule)
            for e in PersonalEstimate.objects.filter(run=run)}


def test_changing_names_and_language_changes_no_estimate_and_no_advice(municipality):
    town_with_history(municipality, n_each=80)
    before = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    for n, resident in enumerate(Resident.objects.filter(municipality=municipality)):
        resident.given_name = ["Mohammed", "Anna", "Priya", "Kees"][n % 4]
        resident.family_name = ["El Amrani", "de Vries", "Singh", "Bakker"][(n + 1) % 4]
        resident.language_level = ["below_b1", "b1", "fluent"][n % 3]
        resident.save()
    after = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
    # The engine never saw the difference: the data it learned from are the same ...
    assert before.data_hash == after.data_hash
    # ... and so is everything it says about every resident.
    first, second = _advice(before), _advice(after)
    assert first.keys() == second.keys()
    assert any(estimate is not None for estimate, _, _ in first.values())
    for key, (estimate, withheld, rule) in first.items():
        assert second[key][1:] == (withheld, rule)
        assert second[key][0] == pytest.approx(estimate, abs=1e-9) if estimate is not None \
            else second[key][0] is None
