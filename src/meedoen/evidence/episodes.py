"""The episodes table the evidence engine learns from, built from the platform's records.

One row per decision: a resident starting a chosen support (the offer's kind of support),
or, for residents who chose none, their second check-in ('none'), when they had been on the
platform about as long as participants before their start. Features are what was
known at that moment; outcomes come from the check-in nearest to 6 months later.

Left out on purpose: protected attributes and their proxies (name, language, postcode,
origin), sensitive facts (stored for support, not for learning), and everyone who objects
to their data being used to learn. Episodes without follow-up are left out and counted, so
missing follow-up is never mistaken for an outcome.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils import timezone

from meedoen.core.models import Municipality
from meedoen.engine import Roles
from meedoen.people.models import Resident
from meedoen.people.selectors import residents_left_out_of
from meedoen.plans.models import CheckIn, Goal
from meedoen.support.models import Enrolment

HORIZON_MONTHS = 6
WINDOW_DAYS = 60  # a check-in this close to the horizon counts as measured at the horizon
OUTCOMES = ("paid_work_6m", "wellbeing_6m", "health_6m", "mastery_6m", "participation_6m")
FEATURES = ("age", "household", "education", "benefit_months", "months_on_platform",
            "work_goal", "activity_goal", "wellbeing_before", "mastery_before",
            "health_before", "rung_before")
# The routes a person chose shape both the support they choose and what follows, so they are
# features. A plan's goals are set in the first conversation; their current set is used.
WORK_ROUTES = ("paid_work", "supported_work", "basisbaan", "leerwerkplek")
ACTIVITY_ROUTES = ("volunteering", "social_activation", "mantelzorg", "education")
EDUCATION_ORDER = ("low", "middle", "high")


@dataclass(frozen=True)
class Episodes:
    frame: pd.DataFrame
    roles: Roles
    data_hash: str
    report: dict


def _checkins(municipality: Municipality, excluded: set[int]) -> pd.DataFrame:
    rows = CheckIn.objects.filter(municipality=municipality).exclude(
        resident_id__in=excluded).values_list(
        "resident_id", "date", "who5_score", "mastery_score", "self_rated_health",
        "ladder_rung", "paid_work_supported", "paid_work_unsupported")
    frame = pd.DataFrame(list(rows), columns=[
        "person_id", "date", "wellbeing", "mastery", "health", "rung", "work_s", "work_u"])
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["paid_work"] = (frame.pop("work_s") | frame.pop("work_u")).astype(float)
    return frame.sort_values(["person_id", "date"])


def _decisions(municipality: Municipality, checkins: pd.DataFrame,
               excluded: set[int]) -> pd.DataFrame:
    starts = Enrolment.objects.filter(municipality=municipality, started_at__isnull=False
                                      ).exclude(resident_id__in=excluded).values_list(
        "resident_id", "started_at", "offer__instrument", "offer_id")
    chosen = pd.DataFrame(list(starts), columns=["person_id", "decided", "support", "offer_id"])
    chosen["decided"] = (pd.to_datetime(chosen["decided"], utc=True).dt.tz_localize(None)
                         .astype("datetime64[ns]"))
    with_support = set(chosen["person_id"])
    # People who chose nothing are compared at their second check-in: by then they had had
    # the time to choose that participants had before their start (months_on_platform).
    second = (checkins[~checkins.person_id.isin(with_support)].groupby("person_id").date
              .nth(1))
    people = checkins.loc[second.index, "person_id"]
    none = pd.DataFrame({"person_id": people.to_numpy(), "decided": second.to_numpy(),
                         "support": "none", "offer_id": np.nan})
    both = pd.concat([chosen, none], ignore_index=True)
    # An empty side (no enrolments yet) would otherwise turn the ids into objects.
    both["person_id"] = both["person_id"].astype("int64")
    both["decided"] = both["decided"].astype("datetime64[ns]")
    both["offer_id"] = both["offer_id"].astype("Int64")
    return both


def _nearest(checkins: pd.DataFrame, decisions: pd.DataFrame, offset_days: int,
             direction: str) -> pd.DataFrame:
    target = decisions.assign(
        at=(decisions["decided"] + pd.Timedelta(days=offset_days)).astype("datetime64[ns]"))
    merged = pd.merge_asof(
        target.sort_values("at"),
        checkins.rename(columns={"date": "measured"}).sort_values("measured"),
        left_on="at", right_on="measured", by="person_id", direction=direction,
        tolerance=pd.Timedelta(days=WINDOW_DAYS if direction == "nearest" else 366),
    )
    return merged.sort_values(["person_id", "decided", "support"]).reset_index(drop=True)


def _people(municipality: Municipality) -> pd.DataFrame:
    people = pd.DataFrame(list(Resident.objects.filter(municipality=municipality).values_list(
        "pk", "birth_date", "household", "education", "benefit_start")),
        columns=["person_id", "birth", "household", "education", "benefit_start"])
    people = people.merge(_goal_flags(municipality), on="person_id", how="left")
    people[["work_goal", "activity_goal"]] = people[["work_goal", "activity_goal"]].fillna(0.0)
    return people


def _goal_flags(municipality: Municipality) -> pd.DataFrame:
    goals = pd.DataFrame(list(Goal.objects.filter(plan__municipality=municipality).values_list(
        "plan__resident_id", "route")), columns=["person_id", "route"])
    flags = pd.DataFrame({
        "person_id": goals["person_id"],
        "work_goal": goals["route"].isin(WORK_ROUTES).astype(float),
        "activity_goal": goals["route"].isin(ACTIVITY_ROUTES).astype(float),
    })
    return flags.groupby("person_id", as_index=False).max()


def _add_person_features(frame: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    frame = frame.merge(people, on="person_id", how="left")
    frame["age"] = (frame["decided"] - pd.to_datetime(frame["birth"])).dt.days / 365.25
    frame["benefit_months"] = ((frame["decided"] - pd.to_datetime(frame["benefit_start"]))
                               .dt.days / 30.4).clip(lower=0).fillna(0)
    return frame


def current_features(municipality: Municipality) -> pd.DataFrame:
    """The features of every resident as they are today, for personal estimates.

    Left out: people who object to advice from the engine (or whose processing is restricted
    or data erased), and people without a check-in in the last year (their situation is not
    known well enough).
    """
    excluded = set(residents_left_out_of("advice", municipality=municipality))
    checkins = _checkins(municipality, excluded)
    today = pd.Timestamp(timezone.localdate())
    recent = checkins[checkins["date"] >= today - pd.Timedelta(days=366)]
    latest = recent.groupby("person_id").tail(1)
    frame = pd.DataFrame({"person_id": latest["person_id"].to_numpy(),
                          "decided": today.to_datetime64()})
    frame["decided"] = frame["decided"].astype("datetime64[ns]")
    frame = _add_person_features(frame, _people(municipality))
    joined = checkins.groupby("person_id").date.min()
    frame["months_on_platform"] = ((frame["decided"] - frame["person_id"].map(joined))
                                   .dt.days / 30.4).clip(lower=0)
    for column in ("wellbeing", "mastery", "health", "rung"):
        frame[f"{column}_before"] = latest[column].to_numpy()
    frame = frame.dropna(subset=list(FEATURES))
    return frame[["person_id", *FEATURES]].reset_index(drop=True)


def build_episodes(municipality: Municipality) -> Episodes:
    excluded = set(residents_left_out_of("learning", municipality=municipality))
    checkins = _checkins(municipality, excluded)
    decisions = _decisions(municipality, checkins, excluded).sort_values(
        ["person_id", "decided", "support"]).reset_index(drop=True)
    before = _nearest(checkins, decisions, 0, "backward")
    after = _nearest(checkins, decisions, round(HORIZON_MONTHS * 30.4), "nearest")
    frame = _add_person_features(decisions, _people(municipality))
    joined = checkins.groupby("person_id").date.min()
    frame["months_on_platform"] = ((frame["decided"] - frame["person_id"].map(joined))
                                   .dt.days / 30.4).clip(lower=0)
    for column in ("wellbeing", "mastery", "health", "rung"):
        frame[f"{column}_before"] = before[column].to_numpy()
    frame["paid_work_6m"] = after["paid_work"].to_numpy()
    frame["wellbeing_6m"] = after["wellbeing"].to_numpy()
    frame["health_6m"] = after["health"].to_numpy()
    frame["mastery_6m"] = after["mastery"].to_numpy()
    frame["participation_6m"] = (after["rung"] >= 3).astype(float).where(after["rung"].notna())
    for column in ("household", "support"):
        frame[column] = frame[column].astype("category")
    # Education has an order; trees split on category codes, so the codes must follow it.
    frame["education"] = pd.Categorical(frame["education"], categories=EDUCATION_ORDER,
                                        ordered=True)
    complete = frame.dropna(subset=[*OUTCOMES, *FEATURES])
    report = {"decisions": len(frame), "without_follow_up_or_history": len(frame) - len(complete),
              "objecting_left_out": len(excluded), "horizon_months": HORIZON_MONTHS}
    columns = ["person_id", "support", "offer_id", *FEATURES, *OUTCOMES]
    complete = complete[columns].reset_index(drop=True)
    digest = hashlib.sha256(pd.util.hash_pandas_object(complete, index=False).values).hexdigest()
    roles = Roles(person="person_id", treatment="support", features=FEATURES,
                  outcomes=OUTCOMES, control="none", placebo=None)
    return Episodes(frame=complete, roles=roles, data_hash=digest, report=report)


AGE_BANDS = ((27, "under_27"), (45, "27_44"), (200, "45_and_over"))


def audit_groups(municipality: Municipality) -> pd.DataFrame:
    """Per resident the groups the fairness report compares: age band, household, education
    and Dutch language level. Language is a protected characteristic: it is never a feature
    of any model, only used here to check that the estimates hold for every group."""
    rows = Resident.objects.filter(municipality=municipality).values_list(
        "pk", "birth_date", "household", "education", "language_level")
    frame = pd.DataFrame(list(rows), columns=["person_id", "birth", "household", "education",
                                              "language_level"])
    age = (pd.Timestamp(timezone.localdate()) - pd.to_datetime(frame.pop("birth"))).dt.days
    years = age / 365.25
    frame.insert(1, "age_band", pd.cut(years, [0, 27, 45, 200], right=False,
                                       labels=[label for _, label in AGE_BANDS]).astype(str))
    frame["language_level"] = frame["language_level"].replace("", "unknown")
    return frame
