import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meedoen.accounts.models import User
from meedoen.people.models import Resident
from meedoen.plans.models import CheckIn, Goal, PlanVersion
from meedoen.plans.services import goal_add, plan_get_or_create
from meedoen.privacy.models import ProcessingLogEntry
from tests.plans.factories import make_checkin

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("username", "password", "role")),
        "residents": sorted(Resident.objects.values_list("pk", "family_name", "professional")),
        "goals": sorted(Goal.objects.values_list("pk", "route", "own_words")),
        "versions": sorted(PlanVersion.objects.values_list("number", "change", "detail")),
        "checkins": sorted(CheckIn.objects.values_list("pk", "date", "who5_score")),
        "log": sorted(ProcessingLogEntry.objects.values_list("trace_id", "activity")),
    }


def test_backup_and_restore_give_back_exactly_what_was_stored(resident, tmp_path):
    plan = plan_get_or_create(resident=resident)
    goal_add(plan=plan, actor=resident.user, expected_version=0, route="mantelzorg",
             own_words="Zorgen voor mijn vader")
    make_checkin(resident)
    before = snapshot()
    path = tmp_path / "backup.json.gz"
    call_command("backup", output=path, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Resident.objects.exists()
    call_command("restore", str(path), verbosity=0)
    assert snapshot() == before
    # New records continue after the restored ids (sequences reset on PostgreSQL).
    make_checkin(resident)
    assert CheckIn.objects.count() == 2


def test_restore_refuses_to_mix_into_a_database_with_data(resident, tmp_path):
    path = tmp_path / "backup.json.gz"
    call_command("backup", output=path, verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), verbosity=0)
    call_command("restore", str(path), replace=True, verbosity=0)
    assert Resident.objects.count() == 1
