"""Production settings: refuse to start without secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-very-long-random-secret-key-for-this-test-only-8f3b2c1d9e7a6b5c4d3e2f1a",
    "DJANGO_ALLOWED_HOSTS": "cungco.example.vn",
    "DJANGO_ADMIN_URL": "quan-tri-thu/",
}


def _env_example_value(name: str) -> str:
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} is not in .env.example")


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_ALLOWED_HOSTS"]

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_no_issues():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_on_an_http_only_intranet_reports_no_issues():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_HTTPS="false", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_the_placeholder_secret_of_env_example():
    placeholder = _env_example_value("DJANGO_SECRET_KEY")

    result = _manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": placeholder})

    assert result.returncode != 0
    assert "giá trị mẫu của .env.example" in result.stderr


def test_production_refuses_a_secret_key_of_49_characters_and_takes_50():
    short = _manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "k3Yx9" * 9 + "q7Wz"})
    enough = _manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "k3Yx9" * 10})

    assert short.returncode != 0
    assert "chỉ có 49 ký tự" in short.stderr
    assert enough.returncode == 0, enough.stderr


def test_production_refuses_to_start_without_an_admin_path():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_ADMIN_URL"]

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL" in result.stderr


def test_the_admin_lives_under_the_path_the_environment_sets():
    script = (
        "from django.urls import resolve; "
        "print(resolve('/quan-tri-thu/').app_name); "
        "from django.urls import Resolver404\n"
        "try:\n    resolve('/admin/')\nexcept Resolver404:\n    print('no /admin/')"
    )

    result = _manage("shell", "--no-imports", "-c", script, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["admin", "no", "/admin/"]


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """bench/jit.py: every query PostgreSQL compiled with JIT ran slower for it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
