"""A person's obligations as an iCalendar feed (RFC 5545): all-day events, text escaped and
lines folded at 75 octets, as phone calendars expect."""

import datetime

from django.utils import timezone

from .selectors.calendar import Obligation

PRODID = "-//Cung co TCCSD//Lich nghia vu//VI"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuations starting with a space; a UTF-8 letter is
    never cut in two."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + rest for rest in out[1:])]


def ical(obligations: list[Obligation], *, host: str, name: str) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for item in obligations:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.key}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{(item.last_day or item.day) + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(item.title)}",
            f"URL:https://{host}{item.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
