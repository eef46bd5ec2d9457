"""The loader refuses bad entries and names the file, the entry and the field."""

import json
import shutil

import pytest

from meedoen.evidence_base import (
    DATA_DIR,
    EvidenceDataError,
    Status,
    load_evidence_base,
    validate_records,
)


def valid_entry(**changes):
    entry = {
        "id": "test-entry",
        "instrument": "coaching",
        "status": "confirmed",
        "outcome": "paid_work_any",
        "design": "rct",
        "target_group": {"nl": "Iedereen", "en": "Everyone"},
        "comparison": "coaching vs none",
        "country": "NL",
        "effect": 2.0,
        "unit": "pp",
        "ci_low": 0.5,
        "ci_high": 3.5,
        "summary": {"nl": "Iets meer werk.", "en": "Somewhat more work."},
        "source": {
            "citation": "Author (2020). Title. Journal.",
            "url": "https://example.org/paper",
        },
        "verification": "Checked in the abstract: 'two points (0.5 to 3.5)'.",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not ...}


def problems_of(*entries):
    with pytest.raises(EvidenceDataError) as caught:
        validate_records(entries, file="estimates/coaching.json")
    return caught.value.problems


def only_problem(*entries):
    problems = problems_of(*entries)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_entry_loads():
    [estimate] = validate_records([valid_entry()])
    assert estimate.effect == 2.0
    assert estimate.status == Status.CONFIRMED


def test_an_entry_without_a_source_is_refused_naming_entry_and_field():
    problem = only_problem(valid_entry(source=...))
    assert (problem.entry_id, problem.field) == ("test-entry", "source")
    assert "test-entry" in str(problem) and "'source'" in str(problem)


def test_a_source_without_a_link_is_refused():
    problem = only_problem(valid_entry(source={"citation": "Author (2020). Title."}))
    assert (problem.entry_id, problem.field) == ("test-entry", "source.url")


def test_a_source_without_a_citation_is_refused():
    problem = only_problem(valid_entry(source={"url": "https://example.org"}))
    assert problem.field == "source.citation"


def test_an_unknown_unit_is_refused():
    problem = only_problem(valid_entry(unit="furlongs"))
    assert (problem.entry_id, problem.field) == ("test-entry", "unit")
    assert "furlongs" in problem.message


def test_an_interval_that_does_not_contain_its_estimate_is_refused():
    problem = only_problem(valid_entry(effect=5.0))
    assert (problem.entry_id, problem.field) == ("test-entry", "ci_low/ci_high")
    assert "does not contain" in problem.message


def test_a_reversed_interval_is_refused():
    problem = only_problem(valid_entry(ci_low=3.5, ci_high=0.5))
    assert problem.field == "ci_low"


def test_units_mixed_in_one_pooled_figure_are_refused():
    problem = only_problem(valid_entry(pooled=True, pooled_units=["pp", "smd"]))
    assert (problem.entry_id, problem.field) == ("test-entry", "pooled_units")
    assert "mixed" in problem.message


def test_a_pooled_figure_must_say_what_it_pooled():
    problem = only_problem(valid_entry(pooled=True))
    assert problem.field == "pooled_units"


def test_a_pooled_figure_in_one_unit_loads():
    [estimate] = validate_records([valid_entry(pooled=True, pooled_units=["pp", "pp"])])
    assert estimate.pooled


@pytest.mark.parametrize("status", ["unverified", "contested"])
def test_an_unconfirmed_entry_may_not_show_a_number(status):
    problem = only_problem(valid_entry(status=status))
    assert (problem.entry_id, problem.field) == ("test-entry", "effect")


def test_an_unverified_number_may_be_kept_when_hidden():
    [estimate] = validate_records([valid_entry(status="unverified", display=False)])
    assert not estimate.display


def test_an_unverified_entry_without_a_number_loads():
    [estimate] = validate_records(
        [valid_entry(status="unverified", effect=..., unit=..., ci_low=..., ci_high=...)]
    )
    assert not estimate.is_numeric


def test_a_percent_level_is_not_an_effect_unit():
    assert only_problem(valid_entry(unit="percent")).field == "unit"


def test_a_ratio_must_be_positive():
    problems = problems_of(valid_entry(unit="risk_ratio", effect=-1.0, ci_low=-2.0, ci_high=0.5))
    assert {p.field for p in problems} == {"effect", "ci_low"}


def test_an_effect_needs_a_unit():
    assert only_problem(valid_entry(unit=...)).field == "unit"


def test_an_interval_without_an_effect_is_refused():
    assert only_problem(valid_entry(effect=...)).field == "effect"


def test_a_misspelt_field_is_refused_by_name():
    problem = only_problem(valid_entry(efect=2.0))
    assert problem.field == "efect"


def test_unknown_codes_are_refused_by_field():
    problems = problems_of(valid_entry(outcome="happiness", design="vibes", status="sure"))
    assert {p.field for p in problems} == {"outcome", "design", "status"}


def test_a_summary_needs_both_languages():
    problem = only_problem(valid_entry(summary={"nl": "Alleen Nederlands."}))
    assert problem.field == "summary" and "en" in problem.message


def test_a_verification_is_required():
    assert only_problem(valid_entry(verification="")).field == "verification"


def test_duplicate_ids_are_refused():
    problem = only_problem(valid_entry(), valid_entry())
    assert (problem.entry_id, problem.field) == ("test-entry", "id")


def test_a_conflict_must_point_at_an_existing_entry():
    problem = only_problem(valid_entry(conflicts_with=["no-such-entry"]))
    assert problem.field == "conflicts_with"


def test_an_entry_in_the_wrong_instrument_file_is_refused():
    with pytest.raises(EvidenceDataError) as caught:
        validate_records([valid_entry()], expected_instrument="training")
    assert caught.value.problems[0].field == "instrument"


def test_all_problems_are_reported_at_once():
    problems = problems_of(
        valid_entry(unit="furlongs", source=...), valid_entry(id="other", effect=9.0)
    )
    assert {(p.entry_id, p.field) for p in problems} == {
        ("test-entry", "unit"),
        ("test-entry", "source"),
        ("other", "ci_low/ci_high"),
    }


def test_arms_outside_zero_to_hundred_percent_are_refused():
    problem = only_problem(valid_entry(arms={"treatment": 120, "control": 20, "unit": "percent"}))
    assert problem.field == "arms"


def _copy_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_loading_a_broken_data_file_names_the_file_entry_and_field(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "estimates" / "supported_employment.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["entries"][0]["ci_high"] = 1.5  # below the estimate 1.63
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(EvidenceDataError) as caught:
        load_evidence_base(data)
    [problem] = caught.value.problems
    assert problem.file == "estimates/supported_employment.json"
    assert problem.entry_id == document["entries"][0]["id"]
    assert problem.field == "ci_low/ci_high"


def test_a_missing_instrument_file_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    (data / "estimates" / "debt_help.json").unlink()
    with pytest.raises(EvidenceDataError) as caught:
        load_evidence_base(data)
    assert any("debt_help" in p.file for p in caught.value.problems)


def test_a_file_named_after_another_instrument_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    (data / "estimates" / "debt_help.json").rename(data / "estimates" / "debts.json")
    with pytest.raises(EvidenceDataError) as caught:
        load_evidence_base(data)
    fields = {(p.file, p.field) for p in caught.value.problems}
    assert ("estimates/debts.json", "instrument") in fields
