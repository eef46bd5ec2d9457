"""Explanations: structured reasons with codes and parameters, rendered in Dutch and English."""

import pytest

from meedoen.matching import Opportunity, Person, explain_match, render
from meedoen.matching.explain import _TEMPLATES

HOME = (150_000, 450_000)


def pair(**opportunity):
    person = Person(hours_min=16, hours_max=24, max_travel_km=10, location=HOME,
                    skills={"cleaning"}, learn={"cooking"}, wished_tasks={"cleaning"},
                    routes={"basisbaan"}, adaptations_needed={"job_coach"})
    fields = {"tasks": {"cleaning", "cooking"}, "hours_min": 20, "hours_max": 32,
              "location": (152_000, 450_000), "route": "basisbaan",
              "adaptations_offered": {"job_coach"}}
    return person, Opportunity(**{**fields, **opportunity})


def test_reasons_carry_codes_and_parameters_for_translation():
    explanation = explain_match(*pair(), crs="rd")
    codes = [r.code for r in explanation.reasons]
    assert codes == ["hours_overlap", "within_reach", "adaptations_offered", "tasks_known",
                     "tasks_to_learn", "tasks_wished", "route_chosen"]
    hours = explanation.reasons[0].params
    assert hours == {"person": (16, 24), "opportunity": (20, 32), "both": (20, 24)}
    assert explanation.reasons[1].params == {"distance_km": 2.0, "max_km": 10.0}


def test_points_of_the_reasons_add_up_to_the_score():
    explanation = explain_match(*pair(), crs="rd")
    assert sum(r.points for r in explanation.reasons) == pytest.approx(explanation.score)
    # skills 2/2 (cooking to learn counts at a basisbaan), wishes 1/2, route, 2 of 10 km
    assert explanation.score == pytest.approx(0.35 + 0.1 + 0.25 + 0.2 * 0.9)


def test_a_task_to_learn_does_not_count_where_the_work_expects_it_already():
    explanation = explain_match(*pair(route="paid_work"), crs="rd")
    codes = [r.code for r in explanation.reasons]
    assert "tasks_to_learn_elsewhere" in codes
    assert "route_not_chosen" in codes
    learn = next(r for r in explanation.reasons if r.code == "tasks_to_learn_elsewhere")
    assert learn.points == 0.0


def test_english_rendering_names_the_failed_constraint_in_plain_words():
    explanation = explain_match(*pair(hours_min=30, hours_max=40), crs="rd")
    sentences = render(explanation, "en")
    assert sentences[0] == ("Hours do not fit: you want 16-24 hours a week, the work "
                            "offers 30-40.")
    assert "Within reach: 2.0 km away; your limit is 10 km." in sentences


def test_dutch_is_the_default_rendering():
    sentences = render(explain_match(*pair(), crs="rd"))
    assert sentences[0].startswith("De uren passen")
    assert "U wilt koken leren, en dat kan hier (basisbaan)." in sentences


def test_every_reason_code_has_a_sentence_in_both_languages():
    assert set(_TEMPLATES["nl"]) == set(_TEMPLATES["en"])
    for route in ("paid_work", "basisbaan"):
        for hours in ((20, 32), (30, 40)):
            explanation = explain_match(*pair(route=route, hours_min=hours[0],
                                              hours_max=hours[1], tasks={"security"}),
                                        crs="rd")
            for language in ("nl", "en"):
                assert len(render(explanation, language)) == len(explanation.reasons)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        render(explain_match(*pair(), crs="rd"), "fr")


def test_a_distance_just_past_the_limit_is_not_printed_as_the_limit():
    person, opportunity = pair(location=(160_004, 450_000))  # 10.004 km, limit 10
    sentences = render(explain_match(person, opportunity, crs="rd"), "en")
    assert "Too far: 10.004 km away, more than your limit of 10 km." in sentences
    assert "Te ver: 10,004 km hiervandaan" in render(
        explain_match(person, opportunity, crs="rd"))[1]
