from django.db import connection
from django.db.utils import load_backend

from config import views


def test_healthz_answers_ok_after_a_database_round_trip(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_when_the_database_is_unreachable(client, db, monkeypatch, tmp_path):
    # A real connection to a database that is not there: a missing SQLite folder, or a
    # PostgreSQL port nobody listens on.
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1", OPTIONS={"connect_timeout": 2})
    backend = load_backend(settings_dict["ENGINE"])
    unreachable = backend.DatabaseWrapper(settings_dict, alias="unreachable")
    monkeypatch.setattr(views, "connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
