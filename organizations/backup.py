"""Backups of the whole site: one dated archive holding the database and the uploaded files,
and putting both back.

The archive (`cungco-backup-YYYYmmdd-HHMMSS.tar.gz`) holds
- `database.pgdump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite:
  a consistent copy through SQLite's online backup API, safe while the site runs);
- `media/…`, every file under MEDIA_ROOT (evidence, minutes, kept imports);
- `manifest.json`: when, which engine, the row count of every table and the SHA-256 of
  every file, all taken from the same snapshot as the dump, so a restore can prove itself.

A restore goes into an empty database and an empty media folder (or, with `force`, empties
them first), then counts every table and hashes every file against the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.utils import timezone

ARCHIVE_PREFIX = "cungco-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
FORMAT = 1

ERROR_NOT_EMPTY_DB = (
    "Cơ sở dữ liệu đích đã có dữ liệu ({tables} bảng). Phục hồi chỉ vào cơ sở dữ liệu trống; "
    "thêm --force để xóa hết dữ liệu hiện có rồi phục hồi."
)
ERROR_NOT_EMPTY_MEDIA = (
    "Thư mục tệp đính kèm «{path}» đã có {count} tệp. Phục hồi chỉ vào thư mục trống; thêm "
    "--force để xóa các tệp đó rồi phục hồi."
)
ERROR_ENGINE = (
    "Bản sao lưu là của {archive}, còn cơ sở dữ liệu đích là {target}; không phục hồi được."
)
ERROR_NOT_AN_ARCHIVE = "«{path}» không phải bản sao lưu của phần mềm (thiếu manifest.json)."
ERROR_UNSAFE_MEMBER = "Bản sao lưu có tệp «{name}» nằm ngoài thư mục cho phép; không phục hồi."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def _engine(database: dict) -> str:
    engine = database["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {engine}.")


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_env(database: dict) -> dict:
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _pg_args(database: dict) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return args


def _pg_connect(database: dict, *, autocommit: bool = False):
    return psycopg.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        autocommit=autocommit,
    )


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_dump(database: dict, target: Path) -> dict[str, int]:
    """Dump and count inside one snapshot: the counts are exactly the dump's rows."""
    with _pg_connect(database) as conn, conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *_pg_args(database),
                database["NAME"],
            ],
            check=True,
            env=_pg_env(database),
            capture_output=True,
        )
        counts = _counts(cursor, _pg_tables(cursor), _pg_quote)
        conn.rollback()
    return counts


def _pg_restore(database: dict, dump: Path, *, force: bool) -> None:
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        tables = _pg_tables(cursor)
        if tables and not force:
            raise BackupError(ERROR_NOT_EMPTY_DB.format(tables=len(tables)))
        if tables:
            cursor.execute("DROP TABLE " + ", ".join(_pg_quote(t) for t in tables) + " CASCADE")
    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            *_pg_args(database),
            str(dump),
        ],
        env=_pg_env(database),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {result.stderr.strip()[:500]}")


def _pg_counts(database: dict) -> dict[str, int]:
    with _pg_connect(database) as conn, conn.cursor() as cursor:
        return _counts(cursor, _pg_tables(cursor), _pg_quote)


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def _sqlite_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return _counts(conn.cursor(), _sqlite_tables(conn), _sqlite_quote)
    finally:
        conn.close()


def _sqlite_dump(source: sqlite3.Connection, target: Path) -> dict[str, int]:
    """SQLite's online backup: a consistent copy even while the site writes."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
    return _sqlite_counts(target)


def _sqlite_restore(database: dict, copy: Path, *, force: bool) -> None:
    path = Path(database["NAME"])
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            tables = _sqlite_tables(conn)
        finally:
            conn.close()
        if tables and not force:
            raise BackupError(ERROR_NOT_EMPTY_DB.format(tables=len(tables)))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(copy), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


# --- media ---------------------------------------------------------------------------------


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- backup and restore --------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def backup(*, directory: Path, database: dict, media_root: Path, connection=None, now=None) -> Path:
    """Write one archive into `directory`; its path. `connection` is the Django connection
    to copy an SQLite database through (it may be in memory, as in tests)."""
    engine = _engine(database)
    stamp = timezone.localtime(now or timezone.now())
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{ARCHIVE_PREFIX}{stamp:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"
    with tempfile.TemporaryDirectory() as work:
        if engine == "postgresql":
            dump = Path(work) / "database.pgdump"
            counts = _pg_dump(database, dump)
        else:
            dump = Path(work) / "database.sqlite3"
            if connection is not None:
                connection.ensure_connection()
                counts = _sqlite_dump(connection.connection, dump)
            else:
                source = sqlite3.connect(database["NAME"])
                try:
                    counts = _sqlite_dump(source, dump)
                finally:
                    source.close()
        partial = directory / f".{name}.partial"
        files = {}
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for path in _media_files(media_root):
                data = path.read_bytes()  # hashed from the very bytes archived
                relative = path.relative_to(media_root).as_posix()
                files[relative] = {"sha256": _sha256(data), "size": len(data)}
                info = tarfile.TarInfo(f"media/{relative}")
                info.size, info.mtime = len(data), int(path.stat().st_mtime)
                archive.addfile(info, io.BytesIO(data))
            manifest = {
                "format": FORMAT,
                "created": stamp.isoformat(),
                "engine": engine,
                "database_file": dump.name,
                "tables": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(stamp.timestamp())
            archive.addfile(info, io.BytesIO(data))
        final = directory / name
        partial.replace(final)
    return final


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:  # a directory of that name, not the manifest
                raise KeyError(MANIFEST)
            return json.loads(member.read().decode("utf-8"))
    except (KeyError, tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(ERROR_NOT_AN_ARCHIVE.format(path=archive_path)) from exc


def restore(*, archive_path: Path, database: dict, media_root: Path, force: bool = False):
    """Put the archive's database and files back, then check every table and file."""
    manifest = read_manifest(archive_path)
    engine = _engine(database)
    if manifest["engine"] != engine:
        raise BackupError(ERROR_ENGINE.format(archive=manifest["engine"], target=engine))
    present = _media_files(media_root)
    if present and not force:
        raise BackupError(ERROR_NOT_EMPTY_MEDIA.format(path=media_root, count=len(present)))
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            target = (Path(work) / member.name).resolve()
            if not target.is_relative_to(Path(work).resolve()) or not (
                member.isfile() or member.isdir()
            ):
                raise BackupError(ERROR_UNSAFE_MEMBER.format(name=member.name))
        archive.extractall(work, filter="data")
        dump = Path(work) / manifest["database_file"]
        if engine == "postgresql":
            _pg_restore(database, dump, force=force)
        else:
            _sqlite_restore(database, dump, force=force)
        if present:
            shutil.rmtree(media_root)
        extracted = Path(work) / "media"
        if extracted.is_dir():
            shutil.copytree(extracted, media_root, dirs_exist_ok=True)
    return verify(manifest=manifest, database=database, media_root=media_root)


def verify(*, manifest: dict, database: dict, media_root: Path) -> RestoreReport:
    counts = (
        _pg_counts(database)
        if _engine(database) == "postgresql"
        else _sqlite_counts(Path(database["NAME"]))
    )
    report = RestoreReport(tables=len(counts), rows=sum(counts.values()))
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            report.mismatches.append(f"bảng {table}: {counts.get(table)} dòng, cần {expected}")
    for relative, facts in manifest["files"].items():
        path = media_root / relative
        if not path.is_file() or _sha256(path.read_bytes()) != facts["sha256"]:
            report.mismatches.append(f"tệp {relative} thiếu hoặc khác bản sao lưu")
        else:
            report.files += 1
    return report


def prune(directory: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` archives in `directory`; the removed ones."""
    archives = sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed
