import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from organizations.models import Membership


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


def test_seed_demo_creates_one_user_per_role_and_is_idempotent(db, debug_on, settings):
    call_command("seed_demo")
    users = get_user_model().objects.count()
    memberships = Membership.objects.count()

    call_command("seed_demo")

    assert get_user_model().objects.count() == users
    assert Membership.objects.count() == memberships
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["bxd"] == "board"
    assert roles["btv"] == "standing"
    assert roles["ubkt"] == "inspection"
    assert roles["vpdu"] == "office"
    assert get_user_model().objects.get(username="bxd").check_password(settings.DEMO_PASSWORD)


def test_seed_demo_runs_with_force_when_debug_is_off(db, settings):
    settings.DEBUG = False

    call_command("seed_demo", "--force")

    assert Membership.objects.filter(user__username="bxd").exists()
