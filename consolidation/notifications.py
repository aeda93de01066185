"""E-mails about quarterly updates, through Django's e-mail backend (SMTP set by env, the
console in `make run`, the in-memory outbox in tests). A mail that cannot be sent is
logged; it never undoes the work it reports on."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from organizations.models import Role
from organizations.selectors import display_name, ward_of_unit

from .models import ComplexCase, QuarterlyUpdate

log = logging.getLogger(__name__)
User = get_user_model()

SUBJECTS = {
    "submitted": "[Củng cố TCCSĐ] {unit} đã nộp báo cáo {quarter}",
    "returned": "[Củng cố TCCSĐ] Báo cáo {quarter} của {unit} bị trả lại",
    "accepted": "[Củng cố TCCSĐ] Báo cáo {quarter} của {unit} đã được tiếp nhận",
    "reopened": "[Củng cố TCCSĐ] Báo cáo {quarter} của {unit} được mở lại để bổ sung",
}


def board_emails(ward) -> list[str]:
    return list(
        User.objects.filter(membership__unit=ward, membership__role=Role.BOARD, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def secretary_emails(unit, also=None) -> list[str]:
    emails = set(
        User.objects.filter(membership__unit=unit, membership__role=Role.SECRETARY, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if also is not None and also.email:
        emails.add(also.email)
    return sorted(emails)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send(subject: str, template: str, context: dict, recipients: list[str]) -> bool:
    if not recipients:
        return False
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # SMTP down, bad address: log it, keep going
        log.exception("could not send %r to %s", subject, recipients)
        return False
    return True


def update_notice(kind: str, update_pk: int) -> bool:
    update = QuarterlyUpdate.objects.select_related("plan__unit", "quarter", "submitted_by").get(
        pk=update_pk
    )
    unit = update.plan.unit
    if kind == "submitted":
        recipients = board_emails(ward_of_unit(unit))
    else:
        recipients = secretary_emails(unit, update.submitted_by)
    context = {
        "update": update,
        "unit": unit,
        "quarter": update.quarter,
        "submitter": display_name(update.submitted_by) if update.submitted_by else "",
        "url": absolute(reverse("consolidation:update_detail", args=[update.pk])),
    }
    subject = SUBJECTS[kind].format(unit=unit.name, quarter=update.quarter.label)
    return send(subject, f"emails/update_{kind}.txt", context, recipients)


def standing_emails(ward) -> list[str]:
    return list(
        User.objects.filter(membership__unit=ward, membership__role=Role.STANDING, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def urgent_case_notice(case_pk: int) -> bool:
    """Seed 000, "Chế độ thông tin, báo cáo": an urgent case ("trường hợp đột xuất") is
    reported at once to the Standing Committee and the Board."""
    case = ComplexCase.objects.select_related("unit", "owner").get(pk=case_pk)
    ward = ward_of_unit(case.unit)
    if ward is None:
        return False
    return send(
        f"[Củng cố TCCSĐ] Vụ việc đột xuất tại {case.unit.name}",
        "emails/urgent_case.txt",
        {
            "case": case,
            "owner": display_name(case.owner) if case.owner else "",
            "url": absolute(reverse("consolidation:case_detail", args=[case.pk])),
        },
        sorted(set(standing_emails(ward)) | set(board_emails(ward))),
    )
