"""The "Wat werkt" pages: browse, filters, one page per instrument, every number with its source."""

import pytest
from django.urls import reverse

from meedoen.accounts.roles import Role
from meedoen.evidence import selectors
from meedoen.evidence.forest import decimals_of
from meedoen.evidence_base import InstrumentCode, default_evidence_base
from tests.accounts.factories import UserFactory
from tests.evidence.pages import EntryElements, numbers_in, shows

BASE = default_evidence_base()
DISPLAYED = [e for e in BASE.estimates if e.display]


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory(role=Role.ANALYST))
    return client


def page_of(client, code: str) -> str:
    response = client.get(reverse("evidence:instrument", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_browse_page_links_every_instrument(signed_in):
    response = signed_in.get(reverse("evidence:browse"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in InstrumentCode:
        assert f'data-instrument="{code.value}"' in html
        assert reverse("evidence:instrument", args=[code.value]) in html


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_the_evidence(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("evidence:browse")).status_code == 200
    assert client.get(reverse("evidence:instrument", args=["coaching"])).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("evidence:instrument", args=["coaching"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def matching_ids(client, **params) -> set[str]:
    response = client.get(reverse("evidence:browse"), params)
    assert response.status_code == 200
    return EntryElements(response.content.decode()).entry_ids("li")


def test_filter_by_outcome_shows_only_findings_on_that_outcome(signed_in):
    ids = matching_ids(signed_in, outcome="mortality")
    assert ids == {e.id for e in DISPLAYED if e.outcome == "mortality"}
    assert ids  # the data have one


def test_filter_by_instrument_shows_all_of_its_findings_and_nothing_else(signed_in):
    ids = matching_ids(signed_in, instrument="sanction")
    assert ids == {e.id for e in DISPLAYED if e.instrument == "sanction"}


def test_filter_by_group_keeps_findings_about_that_group(signed_in):
    ids = matching_ids(signed_in, group="young")
    expected = {e.id for e in DISPLAYED if "young" in e.target_group.en.lower()}
    assert ids == expected and ids


def test_filters_combine(signed_in):
    ids = matching_ids(signed_in, instrument="supported_employment", outcome="earnings")
    assert ids == {"se-frederick2019-income"}


def test_filters_that_match_nothing_show_no_findings_and_no_cards(signed_in):
    response = signed_in.get(reverse("evidence:browse"),
                             {"instrument": "volunteering", "outcome": "earnings"})
    html = response.content.decode()
    assert EntryElements(html).entry_ids("li") == set()
    assert 'data-instrument="' not in html


def test_an_unknown_filter_value_is_refused_not_ignored(signed_in):
    response = signed_in.get(reverse("evidence:browse"), {"outcome": "happiness"})
    assert response.status_code == 400


def test_every_filter_group_is_used_and_every_finding_has_a_group():
    used = {g.code for e in DISPLAYED for g in selectors.groups_of(e)}
    assert used == {code for code, _label in selectors.group_choices()}


@pytest.mark.parametrize("code", [c.value for c in InstrumentCode])
def test_every_instrument_page_renders_with_what_we_do_not_know(signed_in, code):
    html = page_of(signed_in, code)
    assert 'id="what-it-is"' in html and 'id="research"' in html
    assert 'id="for-whom"' in html and 'id="trade-offs"' in html
    unknown = html[html.index('id="unknown"'):]
    assert unknown.count("<li>") >= 1  # always at least the sentence on carrying over


def test_an_instrument_without_numbers_says_so_among_the_unknowns(signed_in):
    page = selectors.instrument_page("trial_placement")
    assert page.unknowns.no_numbers and not page.numeric
    assert page.unknowns.curators_note  # the curators' line from unknowns.md


def test_evidence_only_instruments_say_the_platform_has_no_such_feature(signed_in):
    for code in ("sanction", "shorter_benefit_duration"):
        html = page_of(signed_in, code)
        assert "utrecht-alert--warning" in html
        assert 'id="trade-offs"' in html
    assert "utrecht-alert--warning" not in page_of(signed_in, "supported_employment")


def test_trade_offs_and_lock_in_list_the_tagged_findings(signed_in):
    html = page_of(signed_in, "sanction")
    section = html[html.index('id="trade-offs"'):html.index('id="unknown"')]
    ids = EntryElements(section).entry_ids("li")
    assert ids == {e.id for e in DISPLAYED if e.instrument == "sanction"
                   and ("trade_off" in e.tags or "lock_in" in e.tags)}
    training = page_of(signed_in, "training")
    section = training[training.index('id="trade-offs"'):training.index('id="unknown"')]
    assert "training-ckw2010-lock-in" in EntryElements(section).entry_ids("li")


def test_unknown_instrument_is_not_found(signed_in):
    assert signed_in.get("/wat-werkt/magic_pill").status_code == 404
    assert signed_in.get("/wat-werkt/SANCTION").status_code == 404


def test_every_entry_is_shown_on_its_instrument_page_with_its_numbers_and_citation(signed_in):
    """The walk over the whole evidence base: every number on a page traces to an entry,
    shown next to the link to that entry's source."""
    pages = {code.value: EntryElements(page_of(signed_in, code.value))
             for code in InstrumentCode}
    shown_in_tables = set()
    for entry in BASE.estimates:
        page = pages[entry.instrument.value]
        cards = page.found.get(("li", entry.id), [])
        if not entry.display:
            assert not cards and ("tr", entry.id) not in page.found, entry.id
            continue
        card = next(c for c in cards if c["id"] == f"finding-{entry.id}")
        assert entry.source.url in card["links"], entry.id
        if entry.arms is not None:
            numbers = numbers_in(card["text"])
            for level in (entry.arms.treatment, entry.arms.control):
                assert shows(level, numbers, decimals_of(level)), (entry.id, level)
        rows = page.found.get(("tr", entry.id), [])
        if entry.effect is None:
            assert not rows, f"{entry.id} has no number but a table row"
            continue
        [row] = rows
        shown_in_tables.add(entry.id)
        assert row["links"] == [entry.source.url], entry.id
        numbers = numbers_in(row["text"])
        decimals = decimals_of(entry.effect, entry.ci_low, entry.ci_high)
        assert shows(entry.effect, numbers, decimals), entry.id
        interval = entry.interval()
        if interval is not None:
            if entry.ci_low is None:  # computed from the published standard error
                decimals = decimals_of(entry.effect, entry.se) + 1
            assert shows(interval[0], numbers, decimals), entry.id
            assert shows(interval[1], numbers, decimals), entry.id
        assert ("g", entry.id) in page.found, f"{entry.id} is in the table but not drawn"
        assert shows(entry.effect, numbers_in(card["text"]), decimals), entry.id
    assert shown_in_tables == {e.id for e in DISPLAYED if e.effect is not None}


def test_forest_table_rows_are_exactly_the_entries_with_a_number(signed_in):
    for code in InstrumentCode:
        page = EntryElements(page_of(signed_in, code.value))
        expected = {e.id for e in DISPLAYED if e.instrument == code and e.effect is not None}
        assert page.entry_ids("tr") == expected
        assert page.entry_ids("g") == expected


def test_pages_show_texts_from_the_data_in_the_readers_language(client, db):
    client.force_login(UserFactory(role=Role.RESIDENT))
    entry = BASE.get("se-frederick2019-income")
    dutch = client.get(reverse("evidence:instrument", args=["supported_employment"]),
                       HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert entry.summary.nl in dutch and "0,48" in dutch
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("evidence:instrument", args=["supported_employment"]))
    html = english.content.decode()
    assert entry.summary.en in html and "0.48" in html
