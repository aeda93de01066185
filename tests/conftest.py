"""Users for each role on a ward, a unit with a secretary, and outsiders.

`ward` is the demo-like root; `unit` one of its grassroots units with `secretary`; `other_unit`
has its own secretary (`other_secretary`); `outsider` is Board staff of another ward.
"""

import datetime
import io
import os

import pytest
from django.test import Client

from consolidation.services import plans as plan_services
from consolidation.services import reviews as review_services
from organizations.models import Role

from .factories import TEST_PASSWORD, UnitFactory, make_user
from .helpers import approved, confirm, weak_input


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test's rows (and SQLite's reused
    ids) must not meet a dashboard cached by the one before."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def ward(db):
    return UnitFactory(code="DB-TEST", name="Đảng bộ phường Thử Nghiệm", parent=None)


@pytest.fixture
def unit(ward):
    return UnitFactory(code="KDC-01", name="Chi bộ Khu dân cư số 1", parent=ward)


@pytest.fixture
def other_unit(ward):
    return UnitFactory(code="KDC-02", name="Chi bộ Khu dân cư số 2", parent=ward)


@pytest.fixture
def board_user(ward):
    return make_user("bxd", ward, Role.BOARD, first_name="Hoa", last_name="Nguyễn Thị")


@pytest.fixture
def standing_user(ward):
    return make_user("btv", ward, Role.STANDING, first_name="Minh", last_name="Trần Văn")


@pytest.fixture
def inspection_user(ward):
    return make_user("ubkt", ward, Role.INSPECTION)


@pytest.fixture
def office_user(ward):
    return make_user("vpdu", ward, Role.OFFICE)


@pytest.fixture
def front_user(ward):
    return make_user("mttq", ward, Role.FRONT)


@pytest.fixture
def secretary(unit):
    return make_user("bithu.kdc-01", unit, Role.SECRETARY, first_name="Bình", last_name="Lê Văn")


@pytest.fixture
def other_secretary(other_unit):
    return make_user("bithu.kdc-02", other_unit, Role.SECRETARY)


@pytest.fixture
def other_ward(db):
    return UnitFactory(code="DB-KHAC", name="Đảng bộ phường Khác", parent=None)


@pytest.fixture
def outsider(other_ward):
    return make_user("bxd.khac", other_ward, Role.BOARD)


# Each test process's first seed_demo: every row of the database it started from, every
# row it left, and the rows it added when it changed none ({}: it changed some).
_demo_empty: dict = {}
_demo_seeded: dict = {}
_demo_added: dict = {}


def _every_row() -> dict:
    from django.apps import apps

    return {
        model: {row["pk"]: row for row in model._base_manager.values("pk", *_columns(model))}
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _stored(model) -> list:
    """The fields a row is written with (a generated column computes itself)."""
    return [field for field in model._meta.concrete_fields if not field.generated]


def _columns(model) -> list[str]:
    return [field.attname for field in _stored(model)]


def _added(before: dict, after: dict) -> dict:
    """The rows seed_demo added, per model; {} when it also changed or removed one."""
    added = {}
    for model, rows in after.items():
        old = before[model]
        if any(rows.get(pk) != row for pk, row in old.items()):
            return {}
        new = [row for pk, row in rows.items() if pk not in old]
        if new:
            added[model] = new
    return added


def _insert(rows: dict) -> None:
    """The rows as they were read: no save(), signals or auto_now (loaddata's raw insert),
    then PostgreSQL's sequences past them. No model of the project inherits another's table;
    one that did would fail here, loudly, for its parent's columns."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():  # foreign keys checked at the end, whatever the order
        for model, values in rows.items():
            fields = _stored(model)
            objects = [model(**{f.attname: row[f.attname] for f in fields}) for row in values]
            for start in range(0, len(objects), 500):
                model._base_manager._insert(objects[start : start + 500], fields=fields, raw=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(sql)


def _as_seeded() -> None:
    """The database as the first seed left it: emptied with the ids restarted (a
    transactional test's flush made the content types again under other ids, and a test
    may have left rows), then every row of it put back."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    call_command(
        "flush", interactive=False, reset_sequences=True, inhibit_post_migrate=True, verbosity=0
    )
    _insert({model: list(rows.values()) for model, rows in _demo_seeded.items() if rows})
    ContentType.objects.clear_cache()


@pytest.fixture
def demo_ward(db, settings):
    """The demo ward as `make run` loads it (84 grassroots units from fixtures/). seed_demo
    runs once in each test process (13 to 70 s); later tests get its result copied in a
    second or two: the rows it added, where the database is as the first seed found it,
    otherwise (after a transactional test's flush) the whole database as the first seed left
    it, so ask for demo_ward before any fixture that makes rows. test_seed_demo runs the
    command itself."""
    from django.core.management import call_command

    from organizations.models import Kind, Unit

    settings.DEBUG = True  # seed_demo refuses to run on a production-like setting
    before = _every_row()
    if not _demo_seeded:
        call_command("seed_demo", stdout=io.StringIO())
        _demo_empty.update(before)
        _demo_seeded.update(_every_row())
        _demo_added.update(_added(_demo_empty, _demo_seeded))
    elif _demo_added and before == _demo_empty:
        _insert(_demo_added)  # the common case: only the added rows
    else:
        _as_seeded()
    settings.DEBUG = False  # and the pages are then served as in production
    return Unit.objects.get(kind=Kind.WARD, code="DB-DONGDA")


# Data migrations that load reference data; transactional tests get it back after each flush.
REFERENCE_DATA = [("consolidation", "0002_catalogue")]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test (browser tests, backups) ends with a flush that also empties the
    tables data migrations filled (the indicator catalogue). Run those loaders again.
    (Serialized rollback cannot do it for browser tests: Playwright's greenlets give the
    test another database connection object than the one that holds the serialized copy.)"""
    from importlib import import_module

    from django.apps import apps

    for app_label, migration in REFERENCE_DATA:
        import_module(f"{app_label}.migrations.{migration}").load(apps, None)


@pytest.fixture
def login():
    """login(user) -> a test client logged in as that user."""

    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def test_password():
    return TEST_PASSWORD


# --- consolidation: a round, a review, a confirmed review, a plan ---------------------------


@pytest.fixture
def dates():
    return review_services.default_round_dates(2026)


@pytest.fixture
def review_round(ward, unit, other_unit, board_user, dates):
    return review_services.round_open(
        ward=ward,
        name="Rà soát giai đoạn 1 năm 2026",
        period="04–05/2026",
        dates=dates,
        by=board_user,
    )


@pytest.fixture
def review(review_round, unit):
    return review_round.reviews.get(unit=unit)


@pytest.fixture
def confirmed_review(review, board_user):
    from consolidation.models import Review

    confirm(review, board_user, weak_input(("1.1", "3.4")))
    return Review.objects.get(pk=review.pk)


@pytest.fixture
def plan(confirmed_review, board_user):
    return plan_services.plan_create_from_review(
        review=confirmed_review, by=board_user, started_on=datetime.date(2026, 5, 20)
    )


@pytest.fixture
def approved_plan(plan, board_user, standing_user):
    return approved(plan, board_user, standing_user)


_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and "e2e" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped browser test is a failure: the browser must be there."""
    if os.environ.get("CI") and _skipped_browser_tests:
        print("\nBrowser tests were skipped under CI:", *_skipped_browser_tests, sep="\n  ")
        session.exitstatus = 1
