"""Evidence files: PDF, DOCX, XLSX, JPG, PNG, at most 10 MB each, the type checked by the
file's content (not its name), stored outside the web root under a random name."""

import hashlib
import io
import zipfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED = {
    "pdf": ("PDF", {".pdf"}, "application/pdf"),
    "docx": (
        "Word (DOCX)",
        {".docx"},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel (XLSX)",
        {".xlsx"},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "jpg": ("ảnh JPG", {".jpg", ".jpeg"}, "image/jpeg"),
    "png": ("ảnh PNG", {".png"}, "image/png"),
}


def sniff(head: bytes, data_for_zip) -> str | None:
    """The real type of a file from its first bytes (and, for zips, its entries)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data_for_zip()) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


MINUTES_KINDS = frozenset({"pdf", "jpg", "png"})  # a meeting's minutes: a PDF or its pictures


def allowed_text(kinds: frozenset[str] | None = None) -> str:
    """ "PDF, DOCX, XLSX, JPG, PNG", or the part of it `kinds` allows."""
    return ", ".join(k.upper() for k in ALLOWED if kinds is None or k in kinds)


def check_evidence(upload, kinds: frozenset[str] | None = None) -> str:
    """The file's kind if it is acceptable (one of `kinds` when given); ValidationError
    (Vietnamese, naming the file) otherwise."""
    name = upload.name
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"Tệp «{name}» nặng {upload.size / 1024 / 1024:.1f} MB, vượt quá 10 MB cho mỗi tệp."
        )
    if upload.size == 0:
        raise ValidationError(f"Tệp «{name}» không có nội dung.")
    suffix = Path(name).suffix.lower()
    expected = next(
        (
            kind
            for kind, (_, suffixes, _) in ALLOWED.items()
            if suffix in suffixes and (kinds is None or kind in kinds)
        ),
        None,
    )
    if expected is None:
        raise ValidationError(f"Tệp «{name}» không thuộc loại được nhận ({allowed_text(kinds)}).")
    upload.seek(0)
    head = upload.read(16)

    def whole():
        upload.seek(0)
        return io.BytesIO(upload.read())

    actual = sniff(head, whole)
    upload.seek(0)
    if actual != expected:
        label = ALLOWED[expected][0]
        raise ValidationError(
            f"Tệp «{name}» mang đuôi {suffix} nhưng nội dung không phải là {label}. "
            "Hãy mở tệp bằng phần mềm tương ứng, lưu lại đúng định dạng rồi tải lên lần nữa."
        )
    return actual


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked by content; cleans to a list of (upload, kind)."""

    widget = MultipleFileInput

    def __init__(self, *args, kinds: frozenset[str] | None = None, **kwargs):
        self.kinds = kinds
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            f"{allowed_text(kinds)}; mỗi tệp tối đa 10 MB. Có thể chọn nhiều tệp một lần.",
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ",".join(
            suffix
            for kind, (_, suffixes, _) in ALLOWED.items()
            if kinds is None or kind in kinds
            for suffix in sorted(suffixes)
        )

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        errors, accepted = [], []
        for upload in uploads:
            try:
                accepted.append((upload, check_evidence(upload, self.kinds)))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return accepted


def digest_of(upload) -> str:
    """SHA-256 of an upload's content (read in chunks, then rewound)."""
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def store(model, *, owner_field: str, owner, uploads, by) -> list:
    """Save accepted uploads as `model` rows attached to owner, each content once: a file
    the owner already has (a page sent again after a refusal, the same file chosen twice)
    is not stored a second time. Returns the rows, new or already there."""
    saved = []
    for upload, kind in uploads:
        digest = digest_of(upload)
        existing = model.objects.filter(**{owner_field: owner}, digest=digest).first()
        if existing is None:
            existing = model(
                **{owner_field: owner},
                original_name=Path(upload.name).name[:255],
                kind=kind,
                size=upload.size,
                digest=digest,
                uploaded_by=by,
            )
            existing.file.save(upload.name, upload, save=False)
            existing.save()
        if existing not in saved:
            saved.append(existing)
    return saved
