import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from organizations.models import Membership


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


def test_seed_demo_runs_with_force_when_debug_is_off_then_again_without_a_change(db, settings):
    """One user per role; --force lets it run on a production-like setting; a second run
    adds nothing (each seed takes seconds, so both are checked on one database)."""
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    users = get_user_model().objects.count()
    memberships = Membership.objects.count()

    settings.DEBUG = True
    call_command("seed_demo")

    assert get_user_model().objects.count() == users
    assert Membership.objects.count() == memberships
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["bxd"] == "board"
    assert roles["btv"] == "standing"
    assert roles["ubkt"] == "inspection"
    assert roles["vpdu"] == "office"
    assert get_user_model().objects.get(username="bxd").check_password(settings.DEMO_PASSWORD)


def test_the_demo_shows_every_seed_target_with_its_figures(demo_ward, login):
    """Seed 000, III.2's targets on the demo: each with a denominator, a light, and its
    list marking each row counted or not; the three new early warnings appear."""
    import datetime

    from django.utils import timezone

    from organizations.models import Unit
    from reporting.dashboard.scope import scope_for
    from reporting.dashboard.target_lists import target_rows
    from reporting.dashboard.warnings import early_warnings

    client = login(get_user_model().objects.get(username="btv"))
    html = client.get("/").content.decode()
    for key in ("meetings", "attendance", "evaluations", "digital", "cadres", "cases"):
        assert f'data-target="{key}"' in html, key
    board = client.get("/").context["board"]
    found = {t.key: t for t in board.targets}
    for key in ("meetings", "attendance", "evaluations", "digital"):
        target = found[key]
        assert target.denominator and target.status != "none", key
        listed = target_rows(
            get_user_model().objects.get(username="btv"),
            scope_for(get_user_model().objects.get(username="btv"), Unit.objects.get(depth=0)),
            key,
            timezone.localdate(),
        )
        assert any(r.counts for r in listed.rows) and not all(r.counts for r in listed.rows)
    today = max(timezone.localdate(), datetime.date(2026, 12, 5))
    user = get_user_model().objects.get(username="bxd")
    kinds = {
        r.kind
        for w in early_warnings(user, scope_for(user, Unit.objects.get(depth=0)), today)
        for r in w.reasons
    }
    assert {"cadre", "attendance"} <= kinds
