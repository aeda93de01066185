"""Backups proven by a round trip: the demo backed up, restored into a fresh database and
media folder, every table's row count and every file's checksum compared."""

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from organizations import backup as backups

# The round trip needs committed data: pg_dump reads through a connection of its own.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def fresh_database(tmp_path):
    """Settings of an empty database of the same engine as the tests'."""
    current = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**current, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{current['NAME']}_restore"
    admin = {**current, "NAME": "postgres"}
    with backups._pg_connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {**current, "NAME": name}
    with backups._pg_connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "evidence" / "2026").mkdir(parents=True)
    (root / "evidence" / "2026" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bien ban " * 500)
    (root / "minutes" / "ảnh họp chi bộ.jpg").parent.mkdir(parents=True)
    (root / "minutes" / "ảnh họp chi bộ.jpg").write_bytes(bytes(range(256)) * 40)
    return root


def _only_archive(folder: Path) -> Path:
    archives = list(folder.glob("cungco-backup-*.tar.gz"))
    assert len(archives) == 1
    return archives[0]


def test_the_demo_survives_a_backup_and_a_restore(demo_ward, media, tmp_path, fresh_database):
    before = _live_counts()
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    archive = _only_archive(tmp_path / "backups")

    report = backups.restore(
        archive_path=archive, database=fresh_database, media_root=tmp_path / "restored-media"
    )

    assert report.ok, report.mismatches
    restored = (
        backups._pg_counts(fresh_database)
        if connection.vendor == "postgresql"
        else backups._sqlite_counts(Path(fresh_database["NAME"]))
    )
    assert restored == before
    assert before["organizations_unit"] > 80  # the demo was really there
    assert _checksums(tmp_path / "restored-media") == _checksums(media)
    assert report.files == 2


def test_the_manifest_counts_every_table_and_hashes_every_file(demo_ward, media, tmp_path):
    archive = backups.backup(
        directory=tmp_path,
        database=connection.settings_dict,
        media_root=media,
        connection=connection,
    )

    manifest = backups.read_manifest(archive)
    assert manifest["tables"] == _live_counts()
    assert {k: v["sha256"] for k, v in manifest["files"].items()} == _checksums(media)
    assert manifest["engine"] == connection.vendor


def test_a_restore_into_a_database_with_tables_is_refused_without_force(
    ward, tmp_path, fresh_database
):
    archive = backups.backup(
        directory=tmp_path,
        database=connection.settings_dict,
        media_root=tmp_path / "none",
        connection=connection,
    )
    backups.restore(archive_path=archive, database=fresh_database, media_root=tmp_path / "m1")

    with pytest.raises(backups.BackupError, match="đã có dữ liệu"):
        backups.restore(archive_path=archive, database=fresh_database, media_root=tmp_path / "m2")
    forced = backups.restore(
        archive_path=archive, database=fresh_database, media_root=tmp_path / "m2", force=True
    )
    assert forced.ok


def test_a_restore_into_a_media_folder_with_files_is_refused_without_force(
    ward, media, tmp_path, fresh_database
):
    archive = backups.backup(
        directory=tmp_path,
        database=connection.settings_dict,
        media_root=media,
        connection=connection,
    )
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "old.txt").write_text("cũ")

    with pytest.raises(backups.BackupError, match="đã có 1 tệp"):
        backups.restore(archive_path=archive, database=fresh_database, media_root=occupied)
    assert (occupied / "old.txt").exists()


def test_a_file_that_is_not_a_backup_is_refused_by_name(tmp_path, fresh_database):
    bogus = tmp_path / "cungco-backup-x.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("other.txt"), io.BytesIO(b""))

    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(bogus), stdout=io.StringIO())


def test_keep_leaves_only_the_newest_archives(ward, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in ("20261128", "20261129", "20261130"):
        (folder / f"cungco-backup-{day}-020000.tar.gz").write_bytes(b"old")

    call_command("backup", str(folder), "--keep", "2", stdout=io.StringIO())

    names = sorted(p.name for p in folder.glob("cungco-backup-*"))
    assert len(names) == 2
    assert names[0] == "cungco-backup-20261130-020000.tar.gz"
