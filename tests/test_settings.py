"""Production settings: refuse to start without secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

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
}


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
