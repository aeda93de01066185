"""The ward's reporting calendar: quarters, their codes and the seed's deadlines."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organizations.models import Unit

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


QUARTER_CODE = "Quý «{code}» chưa đúng dạng năm-quý, ví dụ 2026-Q4."


# The years a quarter may belong to: a typed address outside them is "not found", not an error.
FIRST_YEAR, LAST_YEAR = 2000, 2099
QUARTER_YEAR = "Năm {year} nằm ngoài các năm phần mềm theo dõi ({first}–{last})."


QUARTER_NOT_STARTED = "{quarter} bắt đầu từ {starts}, chưa báo cáo được."


_CODE = re.compile(r"^\s*(\d{4})\s*-\s*Q([1-4])\s*$", re.I)


def quarter_key(day: datetime.date) -> tuple[int, int]:
    """(year, quarter number) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, number: int) -> str:
    """ "Quý IV/2026", as the forms write a quarter."""
    return f"Quý {ROMAN[number]}/{year}"


def previous_key(year: int, number: int) -> tuple[int, int]:
    """The quarter before: the fourth of the year before the first."""
    return (year, number - 1) if number > 1 else (year - 1, 4)


def next_key(year: int, number: int) -> tuple[int, int]:
    """The quarter after: the first of the next year after the fourth."""
    return (year, number + 1) if number < 4 else (year + 1, 1)


def parse_quarter_code(code: str) -> tuple[int, int]:
    """(2026, 4) from "2026-Q4"; ValidationError otherwise."""
    match = _CODE.match(code or "")
    if not match:
        raise ValidationError(QUARTER_CODE.format(code=code))
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(QUARTER_YEAR.format(year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return year, int(match.group(2))


def default_deadlines(year: int, number: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """Seed 000, "Chế độ thông tin, báo cáo": the ward sends its summary before the 15th of the
    quarter's last month; the units by the 10th; the quarter locks with the ward deadline."""
    month = 3 * number
    ward = datetime.date(year, month, 15)
    return datetime.date(year, month, 10), ward, ward


class Quarter(models.Model):
    """A ward's reporting quarter: the units report by the unit deadline (default the 10th
    of the quarter's last month), the ward sends Phụ lục 3 by the ward deadline (the 15th,
    seed 000 "Chế độ thông tin, báo cáo"); after the lock date only Board staff reopen."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="quarters"
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("quý")
    unit_deadline = models.DateField("hạn các chi bộ nộp báo cáo")
    ward_deadline = models.DateField("hạn phường gửi báo cáo (Phụ lục 3)")
    lock_date = models.DateField(
        "ngày khóa sổ", help_text="Sau ngày này bí thư không sửa, nộp được nữa."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quý báo cáo"
        verbose_name_plural = "quý báo cáo"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year", "number"], name="quarter_one_per_ward"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(lock_date__gte=models.F("unit_deadline")),
                name="quarter_lock_after_unit_deadline",
                violation_error_message="Ngày khóa sổ phải từ hạn nộp của chi bộ trở đi.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def default(cls, ward: Unit, year: int, number: int) -> "Quarter":
        """The quarter with the seed's deadlines, not saved: what a page shows of a quarter
        nobody has written anything for yet (reads never create it)."""
        unit_deadline, ward_deadline, lock = default_deadlines(year, number)
        return cls(
            ward=ward,
            year=year,
            number=number,
            unit_deadline=unit_deadline,
            ward_deadline=ward_deadline,
            lock_date=lock,
        )

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.number)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> datetime.date:
        last_month = 3 * self.number
        next_first = datetime.date(self.year + (last_month == 12), last_month % 12 + 1, 1)
        return next_first - datetime.timedelta(days=1)

    def has_started_on(self, day: datetime.date) -> bool:
        """A quarter is reported on from its first day (a report for a quarter still to come
        cannot be written or sent)."""
        return day >= self.starts_on

    def not_started_reason(self, day: datetime.date) -> str | None:
        if self.has_started_on(day):
            return None
        return QUARTER_NOT_STARTED.format(quarter=self.label, starts=f"{self.starts_on:%d/%m/%Y}")

    def is_locked_on(self, day: datetime.date) -> bool:
        return day > self.lock_date

    def is_on_time(self, moment: datetime.datetime) -> bool:
        """A report sent at `moment` is on time when sent on or before the unit deadline,
        in the ward's local date (23:59 that day counts, 00:00 the next does not).
        `sent_condition(on_time=True)` is the same rule as a query."""
        return timezone.localtime(moment).date() <= self.unit_deadline
