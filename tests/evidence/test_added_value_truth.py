"""The quality card's added value against the truth of the demo town's generator.

The demo town's support history has effects known to the generator: the same town generated
with ``support_effects_on=False`` is the world without them. The engine, learning only from
the records in the database, must get closer to each offer's true effect on its participants
than the raw comparison of participants with everyone else, which rewards providers whose
participants had better prospects to begin with.
"""

import dataclasses
import datetime

import numpy as np
import pytest

from meedoen.demo.services import demo_municipality_load, offer_specs
from meedoen.evidence.episodes import build_episodes
from meedoen.evidence.models import EngineRun, OfferEstimate
from meedoen.evidence.services import engine_run_execute
from meedoen.simulation.municipality import generate_municipality
from meedoen.simulation.truth import offer_truth
from meedoen.support.models import SupportOffer

END = datetime.date(2026, 6, 30)
PEOPLE, SEED = 3000, 11
SCALE = {"paid_work_6m": 1.0, "wellbeing_6m": 100.0}


@pytest.fixture(scope="module")
def fitted(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        municipality = demo_municipality_load(n_people=PEOPLE, seed=SEED, password=None, end=END)
        run = engine_run_execute(run_id=EngineRun.objects.create(municipality=municipality).pk)
        frame = build_episodes(municipality).frame
        offers = list(SupportOffer.objects.filter(municipality=municipality).order_by("pk"))
        estimates = list(OfferEstimate.objects.filter(run=run, outcome__in=list(SCALE)))
        yield run, frame, offers, estimates
        from meedoen.demo.services import municipality_delete

        municipality_delete(code=municipality.code)


def _truth():
    towns = [generate_municipality(n_people=PEOPLE, seed=SEED, end=END, offers=offer_specs(),
                                   support_effects_on=on) for on in (True, False)]
    # The demo resident's own history is not loaded (see demo.services).
    towns = [dataclasses.replace(t, enrolments=t.enrolments[t.enrolments.person_id != 0])
             for t in towns]
    return offer_truth(*towns).set_index(["offer", "outcome"])["true_effect"]


@pytest.mark.django_db
def test_added_value_is_closer_to_the_truth_than_the_raw_comparison(fitted):
    run, frame, offers, estimates = fitted
    assert run.status == EngineRun.Status.READY, run.refusal
    truth = _truth()
    index_of = {offer.pk: i for i, offer in enumerate(offers)}
    none = frame[frame.support == "none"]
    engine_errors = {outcome: [] for outcome in SCALE}
    raw_errors = {outcome: [] for outcome in SCALE}
    for row in estimates:
        if row.withheld:
            continue
        true = truth[(index_of[row.offer_id], row.outcome)]
        participants = frame[frame.offer_id == row.offer_id]
        raw = participants[row.outcome].mean() - none[row.outcome].mean()
        engine_errors[row.outcome].append(abs(row.estimate - true))
        raw_errors[row.outcome].append(abs(raw - true))
    for outcome in SCALE:
        assert len(engine_errors[outcome]) >= 5, "the demo town gives numbers for most offers"
        # On each outcome the engine's added value is closer to the truth on average ...
        assert np.mean(engine_errors[outcome]) < np.mean(raw_errors[outcome]), outcome
    # ... and over both outcomes (on a common scale) clearly so.
    engine = np.mean([e / SCALE[o] for o, errors in engine_errors.items() for e in errors])
    raw = np.mean([e / SCALE[o] for o, errors in raw_errors.items() for e in errors])
    assert engine < 0.8 * raw
