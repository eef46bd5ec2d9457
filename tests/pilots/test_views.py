"""The pilot pages: analysts set up and run pilots, professionals read, residents decide."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from meedoen.accounts.roles import Role
from meedoen.pilots import selectors, services
from meedoen.pilots.models import Allocation, Analysis, Pilot, PilotConsent
from tests.accounts.factories import UserFactory
from tests.pilots.factories import (
    AnalystFactory,
    PilotFactory,
    draw_paid_work,
    join_all,
    residents,
)
from tests.support.factories import OfferFactory


@pytest.fixture
def analyst(municipality):
    return AnalystFactory(municipality=municipality)


@pytest.fixture
def offer(municipality):
    return OfferFactory(provider__municipality=municipality, instrument="supported_employment",
                        capacity=500)


def _form(offer, **overrides):
    data = {"title": "Jobcoaching", "hypothesis": "Meer mensen aan werk.",
            "outcome": "paid_work_6m", "offer_a": offer.pk, "offer_b": "", "route": "",
            "baseline": "0.2", "minimal_effect": "0.4"}
    data.update(overrides)
    return data


def test_an_analyst_creates_a_draft_with_a_computed_sample_size(client, analyst, offer):
    client.force_login(analyst)
    response = client.post(reverse("pilots:create"), _form(offer))
    pilot = Pilot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pilots:detail", args=[pilot.pk])
    assert pilot.sample_size_per_arm == services.sample_size_per_arm(
        outcome="paid_work_6m", baseline=0.2, minimal_effect=0.4)
    page = client.get(response["Location"]).content.decode()
    assert str(pilot.sample_size_per_arm) in page and str(2 * pilot.sample_size_per_arm) in page


@pytest.mark.parametrize(("field", "value"), [
    ("outcome", ""), ("baseline", ""), ("minimal_effect", ""), ("minimal_effect", "0"),
    ("baseline", "1.5"), ("minimal_effect", "0.9"), ("baseline", "x")])
def test_a_pilot_without_outcome_or_sample_size_inputs_is_refused_with_form_errors(
        client, analyst, offer, field, value):
    client.force_login(analyst)
    response = client.post(reverse("pilots:create"), _form(offer, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Pilot.objects.exists()


def test_a_missing_outcome_is_explained_next_to_the_field(client, analyst, offer):
    client.force_login(analyst)
    response = client.post(reverse("pilots:create"), _form(offer, outcome=""))
    # Shown in the reader's language (Dutch by default), from the translation catalogue.
    assert gettext("Choose the outcome the pilot measures.") in response.content.decode()


def test_a_continuous_outcome_takes_a_spread_not_a_share(client, analyst, offer):
    client.force_login(analyst)
    response = client.post(reverse("pilots:create"), _form(
        offer, outcome="wellbeing_6m", baseline="20", minimal_effect="10"))
    assert response.status_code == 302
    assert Pilot.objects.get().sample_size_per_arm == services.power.n_per_arm_means(
        sd=20, difference=10)


def test_an_analyst_registers_and_the_plan_can_no_longer_be_edited(client, analyst, offer):
    pilot = PilotFactory(offer_a=offer)
    client.force_login(analyst)
    client.post(reverse("pilots:register", args=[pilot.pk]))
    pilot.refresh_from_db()
    assert pilot.is_registered
    response = client.get(reverse("pilots:edit", args=[pilot.pk]))
    assert response.status_code == 302
    response = client.post(reverse("pilots:edit", args=[pilot.pk]), _form(offer, title="Nieuw"))
    pilot.refresh_from_db()
    assert pilot.title != "Nieuw"


def test_starting_without_enough_consent_says_how_many_are_needed(client, analyst, offer):
    pilot = services.pilot_register(pilot=PilotFactory(offer_a=offer), actor=analyst)
    client.force_login(analyst)
    response = client.post(reverse("pilots:lottery", args=[pilot.pk]), follow=True)
    assert str(2 * pilot.sample_size_per_arm) in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_whole_run_through_the_pages(client, analyst, offer):
    pilot = services.pilot_register(pilot=PilotFactory(offer_a=offer), actor=analyst)
    join_all(pilot, residents(pilot.municipality, 2 * pilot.sample_size_per_arm))
    client.force_login(analyst)
    client.post(reverse("pilots:lottery", args=[pilot.pk]))
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.RUNNING
    client.post(reverse("pilots:analyse", args=[pilot.pk]))
    page = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    missing = Analysis.objects.get().result["missing"]
    assert missing == 2 * pilot.sample_size_per_arm
    assert str(missing) in page
    draw_paid_work(Allocation.objects.filter(pilot=pilot), rates={"a": 0.6, "b": 0.2},
                   seed=3, date=selectors.follow_up_target(pilot))
    client.post(reverse("pilots:analyse", args=[pilot.pk]))
    response = client.get(reverse("pilots:detail", args=[pilot.pk]))
    assert response.context["summary"]["n_a"] == pilot.sample_size_per_arm
    assert response.context["reproduces"] is True


def test_professionals_read_pilots_but_cannot_change_them(client, professional, offer):
    pilot = PilotFactory(offer_a=offer)
    client.force_login(professional)
    assert client.get(reverse("pilots:list")).status_code == 200
    page = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert reverse("pilots:register", args=[pilot.pk]) not in page
    assert client.post(reverse("pilots:register", args=[pilot.pk])).status_code == 404
    assert client.get(reverse("pilots:create")).status_code == 404


def test_pilots_of_another_municipality_are_not_there(client, analyst):
    other = PilotFactory()
    client.force_login(analyst)
    assert client.get(reverse("pilots:detail", args=[other.pk])).status_code == 404
    assert other.title not in client.get(reverse("pilots:list")).content.decode()


def test_a_resident_joins_withdraws_and_declines(client, analyst, offer):
    pilot = services.pilot_register(pilot=PilotFactory(offer_a=offer), actor=analyst)
    [resident] = residents(pilot.municipality, 1)
    client.force_login(resident.user)
    page = client.get(reverse("pilots:mine")).content.decode()
    assert pilot.title in page and reverse("pilots:join", args=[pilot.pk]) in page
    client.post(reverse("pilots:join", args=[pilot.pk]))
    assert selectors.consenting_residents(pilot).get() == resident
    page = client.get(reverse("pilots:mine")).content.decode()
    assert reverse("pilots:withdraw", args=[pilot.pk]) in page
    client.post(reverse("pilots:withdraw", args=[pilot.pk]))
    assert not selectors.consenting_residents(pilot).exists()
    client.post(reverse("pilots:decline", args=[pilot.pk]))
    assert PilotConsent.objects.get(withdrawn_at__isnull=True).decision == "declined"


def test_residents_do_not_see_drafts(client, offer):
    draft = PilotFactory(offer_a=offer)
    [resident] = residents(draft.municipality, 1)
    client.force_login(resident.user)
    assert draft.title not in client.get(reverse("pilots:mine")).content.decode()
    assert client.post(reverse("pilots:join", args=[draft.pk])).status_code == 404


def test_the_evidence_include_shows_finished_pilots_with_their_margin(analyst, offer):
    pilot = services.pilot_register(pilot=PilotFactory(offer_a=offer), actor=analyst)
    join_all(pilot, residents(pilot.municipality, 2 * pilot.sample_size_per_arm))
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=5)
    pilot.refresh_from_db()
    draw_paid_work(Allocation.objects.filter(pilot=pilot), rates={"a": 0.6, "b": 0.2},
                   seed=5, date=selectors.follow_up_target(pilot))
    services.pilot_analyse(pilot=pilot, actor=analyst)
    shown = selectors.finished_pilots_for(pilot.municipality, "supported_employment")
    html = render_to_string("pilots/_results_for_instrument.html", {"pilots": shown})
    assert pilot.title in html
    assert f'{shown[0]["low"]:.1f}'.replace(".", ",") in html
    assert render_to_string("pilots/_results_for_instrument.html", {"pilots": []}).strip() == ""


def test_the_menu_shows_pilots_to_analysts_professionals_and_residents(client, analyst,
                                                                         professional,
                                                                         resident):
    for user in (analyst, professional, resident.user):
        client.force_login(user)
        labels = [item.url for item in client.get(reverse("core:home"), follow=True)
                  .context["nav_items"]]
        expected = reverse("pilots:mine" if user.role == Role.RESIDENT else "pilots:list")
        assert expected in labels
    client.force_login(UserFactory(role=Role.PROVIDER, municipality=analyst.municipality))
    assert reverse("pilots:list") not in [item.url for item in client.get(
        reverse("core:home"), follow=True).context["nav_items"]]


def test_after_the_lottery_a_participant_sees_their_group(client, analyst, offer):
    pilot = services.pilot_register(pilot=PilotFactory(offer_a=offer), actor=analyst)
    people = residents(pilot.municipality, 2 * pilot.sample_size_per_arm)
    join_all(pilot, people)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=9)
    allocation = Allocation.objects.get(resident=people[0])
    client.force_login(people[0].user)
    page = client.get(reverse("pilots:mine")).content.decode()
    told = gettext("The lottery put you in the group with %(drawn)s.") % {
        "drawn": selectors.arm_label(pilot, allocation.arm)}
    assert told in page
    assert reverse("pilots:join", args=[pilot.pk]) not in page
