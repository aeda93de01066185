"""Uploads kept for an import preview that was never confirmed go after a day."""

import io
import os
import time
from pathlib import Path

from django.core.management import call_command


def _kept(settings, name, hours_old):
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"PK")
    moment = time.time() - hours_old * 3600
    os.utime(path, (moment, moment))
    return path


def test_a_preview_older_than_a_day_is_removed_and_a_newer_one_kept(settings):
    old = _kept(settings, "registry-import-1-old.xlsx", hours_old=24.1)
    recent = _kept(settings, "registry-import-1-new.xlsx", hours_old=23.9)
    out = io.StringIO()

    call_command("purge_stale_uploads", stdout=out)

    assert not old.exists()
    assert recent.exists()
    assert "Đã xóa 1 tệp" in out.getvalue()


def test_evidence_outside_the_imports_folder_is_never_touched(settings):
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "bien-ban.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF")
    os.utime(evidence, (0, 0))

    call_command("purge_stale_uploads", stdout=io.StringIO())

    assert evidence.exists()
