import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.roles import Role
from meedoen.advice import learning
from meedoen.advice.models import Advice, AdviceChoice, Reflection
from meedoen.insights.outcomes import MIN_CELL
from tests.accounts.factories import UserFactory
from tests.advice.factories import AdviceChoiceFactory, AdviceFactory
from tests.core.test_pdf import pdf_text
from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import make_checkin

pytestmark = pytest.mark.django_db

QUARTER = learning.period("2026-Q1")
ADVISED_ON = datetime.date(2026, 2, 1)


def advised(municipality, *, differs: bool, wellbeing_after: int, choice: str | None = None):
    resident = ResidentFactory(municipality=municipality)
    advice = AdviceFactory(resident=resident, engine=Advice.Engine.RANKED,
                           differs_from_engine=differs)
    Advice.objects.filter(pk=advice.pk).update(created_at=timezone.make_aware(
        datetime.datetime.combine(ADVISED_ON, datetime.time(10))))
    make_checkin(resident, date=ADVISED_ON - datetime.timedelta(days=10), who5=(2,) * 5)
    make_checkin(resident, date=ADVISED_ON + datetime.timedelta(days=120),
                 who5=(wellbeing_after,) * 5, participation={"volunteering": True})
    if choice:
        AdviceChoiceFactory(advice=advice, kind=choice)
    return advice


def test_periods_are_quarters_and_nonsense_is_not_found():
    assert (QUARTER.start, QUARTER.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 4, 1))
    assert learning.period("2026-Q4").end == datetime.date(2027, 1, 1)
    with pytest.raises(learning.Http404):
        learning.period("2026-Q5")


def test_small_groups_are_suppressed_and_large_ones_show_what_followed(municipality):
    for _index in range(MIN_CELL):
        advised(municipality, differs=False, wellbeing_after=4, choice="advised")
    for _index in range(2):
        advised(municipality, differs=True, wellbeing_after=1, choice="other")
    report = learning.learning_report(municipality, QUARTER)
    assert report.advised == MIN_CELL + 2 and report.differed == 2
    assert report.with_follow_up == MIN_CELL + 2
    agreed, differed, unranked = report.by_agreement
    assert agreed.advised == MIN_CELL and not agreed.cell.suppressed
    # WHO-5 from 2/5 on every item (40) to 4/5 (80): 40 points up; everyone volunteers.
    assert agreed.cell.values["wellbeing_change"] == "+40,0"
    assert agreed.cell.values["taking_part"] == "100"
    assert differed.advised == 2 and differed.cell.suppressed and differed.cell.values == {}
    assert unranked.advised == 0
    by_choice = {row.label: row for row in report.by_choice}
    assert [row.advised for row in report.by_choice] == [MIN_CELL, 2, 0, 0]
    assert len(by_choice) == 4


def test_advice_outside_the_period_is_not_counted(municipality):
    advised(municipality, differs=False, wellbeing_after=3)
    assert learning.learning_report(municipality, learning.period("2026-Q2")).advised == 0


def test_the_report_shows_local_estimates_and_providers_added_value(municipality, english):
    run = EngineRunFactory(municipality=municipality, estimates=[
        {"outcome": "participation_6m", "support": "volunteering", "estimand": "ate",
         "estimate": 0.08, "ci_low": 0.02, "ci_high": 0.14},
        {"outcome": "participation_6m", "support": "volunteering", "estimand": "log_rr",
         "estimate": 0.3, "ci_low": 0.1, "ci_high": 0.5}])
    OfferEstimateFactory(run=run, outcome="paid_work_6m", estimate=0.05, ci_low=0.01,
                         ci_high=0.09)
    report = learning.learning_report(municipality, QUARTER)
    (effect,) = report.local_effects  # the average effect; not the log risk ratio
    assert (effect.amount, effect.interval) == ("+8 out of 100 people",
                                                "somewhere between +2 and +14")
    (_provider, _offer, rows), = report.provider_values
    assert rows[0].amount == "+5 out of 100 people" and rows[0].participants == 40


def test_the_report_kind_table_counts_choices(municipality):
    advice = advised(municipality, differs=False, wellbeing_after=3, choice="none")
    AdviceChoiceFactory(advice=advice, kind=AdviceChoice.Kind.ADVISED)  # changed their mind
    (row,) = learning.learning_report(municipality, QUARTER).by_kind
    assert row.total == 1 and row.counts == {"advised": 1}


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.ANALYST])
def test_professionals_and_analysts_add_reflections_to_a_period(client, municipality, role):
    client.force_login(UserFactory(role=role, municipality=municipality))
    response = client.post(reverse("advice:reflection_add"),
                           {"periode": "2026-Q1", "text": "Vaker vragen wat mensen zelf willen."})
    assert response.status_code == 302 and response["Location"].endswith("periode=2026-Q1")
    page = client.get(response["Location"])
    assert "Vaker vragen wat mensen zelf willen." in page.content.decode()
    assert Reflection.objects.get().period == "2026-Q1"


def test_an_empty_reflection_is_refused(client, municipality, professional):
    client.force_login(professional)
    response = client.post(reverse("advice:reflection_add"), {"periode": "2026-Q1", "text": ""})
    assert response.status_code == 400 and not Reflection.objects.exists()


def test_the_report_downloads_as_a_tagged_pdf(client, municipality, professional):
    advised(municipality, differs=True, wellbeing_after=3)
    client.force_login(professional)
    response = client.get(reverse("advice:report_pdf"), {"periode": "2026-Q1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('leerverslag-2026-Q1.pdf"')
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert b"/StructTreeRoot" in text and b"/TH" in text  # tagged, tables keep their headers
