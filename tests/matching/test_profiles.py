"""Bad input fails early, with the field named; protected attributes are refused."""

import numpy as np
import pandas as pd
import pytest

from meedoen.matching import (
    LocationError,
    Opportunities,
    Opportunity,
    People,
    Person,
    ProfileError,
    ProtectedAttributeError,
    Scorer,
)
from meedoen.matching.protected import protected_reason

UTRECHT = (52.09, 5.12)


def person(**overrides):
    fields = {"hours_min": 8, "hours_max": 16, "max_travel_km": 10, "location": UTRECHT,
              "skills": {"cleaning"}}
    return {**fields, **overrides}


def opportunity(**overrides):
    fields = {"tasks": {"cleaning"}, "hours_min": 8, "hours_max": 16, "location": UTRECHT}
    return {**fields, **overrides}


def test_opportunity_without_tasks_is_refused_naming_tasks():
    with pytest.raises(ProfileError) as error:
        Opportunities.from_records([opportunity(tasks=set())])
    assert error.value.field == "tasks"
    assert "without tasks" in str(error.value)
    with pytest.raises(ProfileError) as error:
        Opportunities.from_records([{"hours_min": 8, "hours_max": 16, "location": UTRECHT}])
    assert error.value.field == "tasks"


def test_opportunity_without_hours_is_refused_naming_hours():
    with pytest.raises(ProfileError) as error:
        Opportunities.from_records([{"tasks": {"cleaning"}, "location": UTRECHT}])
    assert error.value.field in {"hours_min", "hours_max"}
    assert "without hours" in str(error.value)
    with pytest.raises(ProfileError, match="without hours") as error:
        Opportunities.from_records([opportunity(hours_min=0, hours_max=0)])
    assert error.value.field == "hours_max"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours_min": 20, "hours_max": 10}, "hours_min"),
        ({"hours_min": -1}, "hours_min"),
        ({"hours_max": 60}, "hours_max"),
        ({"hours_max": 12.5}, "hours_max"),
        ({"max_travel_km": 0}, "max_travel_km"),
        ({"max_travel_km": float("nan")}, "max_travel_km"),
        ({"skills": {"juggling"}}, "skills"),
        ({"routes": {"workfare"}}, "routes"),
        ({"adaptations_needed": {"nonexistent"}}, "adaptations_needed"),
    ],
)
def test_inconsistent_person_is_refused_naming_the_field(fields, field):
    with pytest.raises(ProfileError) as error:
        People.from_records([person(**fields)])
    assert error.value.field == field


def test_opportunity_route_must_be_one_an_employer_can_offer():
    with pytest.raises(ProfileError) as error:
        Opportunities.from_records([opportunity(route="recognised_rest")])
    assert error.value.field == "route"


@pytest.mark.parametrize(
    ("location", "crs"),
    [((95.0, 5.0), "wgs84"), ((52.0, 200.0), "wgs84"), ((float("nan"), 5.0), "wgs84"),
     ((10.0, 10.0), "rd"), ((155_000.0, 900_000.0), "rd"), (("a", "b"), "wgs84")],
)
def test_invalid_place_is_refused(location, crs):
    with pytest.raises(LocationError) as error:
        People.from_records([person(location=location)], crs=crs)
    assert error.value.field == "location"
    assert error.value.code == "invalid_location"


def test_unknown_coordinate_system_is_refused():
    with pytest.raises(LocationError, match="coordinate system"):
        People.from_records([person()], crs="postcode")


def test_people_and_opportunities_in_different_coordinate_systems_are_refused():
    people = People.from_records([person(location=(155_000, 463_000))], crs="rd")
    opps = Opportunities.from_records([opportunity()], crs="wgs84")
    with pytest.raises(ProfileError) as error:
        Scorer(people, opps)
    assert error.value.field == "crs"


@pytest.mark.parametrize(
    "field",
    ["origin", "nationality", "language", "first_name", "name", "postcode", "gender", "age",
     "date_of_birth", "birthYear", "countryOfBirth", "mother_tongue", "dutch_level",
     "age_group", "Postcode4", "ethnicity", "sex", "zip_code", "home_address"],
)
def test_protected_field_in_a_mapping_is_refused_and_named(field):
    with pytest.raises(ProtectedAttributeError) as error:
        People.from_records([{**person(), field: "x"}])
    assert error.value.field == field
    assert error.value.code == "protected_attribute"
    with pytest.raises(ProtectedAttributeError):
        Opportunities.from_records([{**opportunity(), field: "x"}])


def test_protected_column_in_a_frame_is_refused():
    frame = pd.DataFrame([{**person(), "postcode": "3511"}])
    with pytest.raises(ProtectedAttributeError) as error:
        People.from_frame(frame)
    assert error.value.field == "postcode"


@pytest.mark.parametrize("field", ["wage", "usage", "stage", "namespace_ok", "agenda"])
def test_innocent_words_that_contain_a_protected_word_are_not_refused(field):
    assert protected_reason(field) is None


def test_unknown_field_is_refused_so_no_proxy_slips_in_under_another_name():
    with pytest.raises(ProfileError) as error:
        People.from_records([{**person(), "district_income": 3}])
    assert error.value.field == "district_income"
    assert not isinstance(error.value, ProtectedAttributeError)


def test_frame_with_lat_lon_columns_builds_the_same_people_as_records():
    row = person()
    lat, lon = row.pop("location")
    from_frame = People.from_frame(pd.DataFrame([{**row, "lat": lat, "lon": lon}]))
    from_records = People.from_records([Person(**person())])
    assert np.array_equal(from_frame.points, from_records.points)
    assert np.array_equal(from_frame.skills, from_records.skills)


def test_records_and_dataclasses_agree():
    a = Opportunities.from_records([Opportunity(**opportunity(route="basisbaan"))])
    b = Opportunities.from_records([opportunity(route="basisbaan")])
    assert np.array_equal(a.tasks, b.tasks)
    assert np.array_equal(a.route, b.route)


def test_a_bare_string_is_one_code_not_a_set_of_letters():
    assert Person(**person(skills="cleaning")).skills == frozenset({"cleaning"})


def test_the_fields_matching_uses_are_not_on_the_deny_list():
    from meedoen.matching.profiles import OPPORTUNITY_FIELDS, PERSON_FIELDS

    assert [f for f in (*PERSON_FIELDS, *OPPORTUNITY_FIELDS) if protected_reason(f)] == []
