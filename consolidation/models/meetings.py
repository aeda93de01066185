"""The cell-meeting register (sinh hoạt chi bộ, seed 004): every chi bộ meets every month
(thường kỳ) and once a quarter on a theme (chuyên đề); at least 90 % of the members expected
attend; committee members attend the cells in their charge, and the Standing Committee's
members rotate among the cells, at least once a quarter each (seed 004, I.3 and 6.1)."""

import datetime
from dataclasses import dataclass
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from simple_history.models import HistoricalRecords

from organizations.models import CommitteeMember, Kind, Unit, refuse_future_dates

from .evidence import EvidenceFile

# The units that hold cell meetings: chi bộ cơ sở and chi bộ trực thuộc (a đảng bộ cơ sở's
# members meet in its sub-cells).
CELL_KINDS = (Kind.BASE_CELL, Kind.SUB_CELL)

# Seed 004, I.3: "Tỷ lệ đảng viên tham gia sinh hoạt chi bộ hàng tháng đạt từ 90% trở lên";
# under 80 % for a quarter is an early warning.
ATTENDANCE_GOAL = 0.9
ATTENDANCE_WARNING = 0.8

# The steps of a meeting as seed 004 (II.2–3, after HD 12-HD/BTCTW) names them.
MEETING_STEPS = (
    ("notice", "Chi ủy chuẩn bị và thông báo trước nội dung sinh hoạt"),
    ("review", "Kiểm điểm kết quả thực hiện nghị quyết, việc phân công đảng viên kỳ trước"),
    ("discussion", "Dành thời gian cho đảng viên thảo luận, phát biểu ý kiến"),
    ("conclusion", "Người chủ trì kết luận; chi bộ thống nhất ban hành nghị quyết (kết luận)"),
    ("minutes", "Ghi đầy đủ diễn biến, ý kiến vào sổ ghi nghị quyết của chi bộ"),
)
STEP_CODES = tuple(code for code, _ in MEETING_STEPS)

KIND_NEEDED = "Chọn loại buổi sinh hoạt: thường kỳ, chuyên đề, hoặc cả hai."
TOPIC_NEEDED = "Sinh hoạt chuyên đề cần ghi chủ đề."
MORE_PRESENT = (
    "Số có mặt ({present}) lớn hơn số đảng viên phải dự ({expected}). Nếu số liệu đảng viên đã "
    "thay đổi, sửa số phải dự; đảng viên miễn sinh hoạt đến dự không tính vào số có mặt."
)
MORE_ABSENT = (
    "Số vắng có lý do ({absent}) lớn hơn số vắng ({missing} = {expected} phải dự − {present} "
    "có mặt)."
)
SECOND_REGULAR = (
    "Tháng {month} chi bộ đã có buổi sinh hoạt thường kỳ ngày {day}. Buổi thứ hai trong tháng "
    "cần ghi lý do (ví dụ: sinh hoạt bất thường để bàn việc cấp bách)."
)
NOT_A_CELL = (
    "{name} là {kind}: sinh hoạt chi bộ được ghi ở các chi bộ (chi bộ cơ sở, chi bộ trực thuộc)."
)


def attendance_rate(present: int | None, expected: int | None) -> float | None:
    """Present over expected; None when nobody was expected (no figure, not 0 %)."""
    return (present or 0) / expected if expected else None


def month_ends(year: int, month: int) -> datetime.date:
    next_first = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return next_first - datetime.timedelta(days=1)


def months_of_quarter(year: int, number: int) -> list[tuple[int, int]]:
    return [(year, month) for month in range(3 * number - 2, 3 * number + 1)]


class CellMeetingQuerySet(models.QuerySet["CellMeeting"]):
    def regular(self) -> Self:
        return self.filter(regular=True)

    def between(self, first: datetime.date, last: datetime.date) -> Self:
        return self.filter(held_on__gte=first, held_on__lte=last)

    def month_figures(self) -> models.QuerySet:
        """One row per cell and month: its regular and thematic meetings, and the members
        present and expected at its regular meetings. MonthFigures.of_meetings in memory."""
        return (
            self.annotate(year=ExtractYear("held_on"), month=ExtractMonth("held_on"))
            .values("unit_id", "year", "month")
            .annotate(
                regular_count=Count("pk", filter=Q(regular=True)),
                thematic_count=Count("pk", filter=Q(thematic=True)),
                present_sum=Sum("present", filter=Q(regular=True), default=0),
                expected_sum=Sum("expected", filter=Q(regular=True), default=0),
            )
            .order_by()
        )


@dataclass
class MonthFigures:
    """A cell's month: CellMeetingQuerySet.month_figures's row, or made from meetings."""

    regular_count: int = 0
    thematic_count: int = 0
    present_sum: int = 0
    expected_sum: int = 0

    @classmethod
    def of_meetings(cls, meetings: "list[CellMeeting]") -> "MonthFigures":
        regular = [m for m in meetings if m.regular]
        return cls(
            regular_count=len(regular),
            thematic_count=sum(1 for m in meetings if m.thematic),
            present_sum=sum(m.present for m in regular),
            expected_sum=sum(m.expected for m in regular),
        )

    @property
    def kept(self) -> bool:
        """The month's regular meeting was held (seed 004: "họp thường lệ mỗi tháng một lần")."""
        return self.regular_count > 0

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.present_sum, self.expected_sum)


@dataclass
class QuarterRecord:
    """A cell's quarter: its three months, from which the regime and the attendance follow.
    A month not yet over when the record is read is `pending`, judged when it ends."""

    months: list[tuple[tuple[int, int], MonthFigures]]
    today: datetime.date

    def month_over(self, key: tuple[int, int]) -> bool:
        return month_ends(*key) < self.today

    @property
    def thematic_held(self) -> bool:
        return any(figures.thematic_count for _, figures in self.months)

    @property
    def over(self) -> bool:
        return self.month_over(self.months[-1][0])

    @property
    def missed_months(self) -> list[tuple[int, int]]:
        return [key for key, figures in self.months if self.month_over(key) and not figures.kept]

    @property
    def regime_kept(self) -> bool:
        """Seed 000, III.2 "100 % chi bộ thực hiện nghiêm túc chế độ sinh hoạt" for a quarter
        that is over: a regular meeting in each of its months, and its thematic meeting."""
        return self.over and not self.missed_months and self.thematic_held

    @property
    def present(self) -> int:
        return sum(figures.present_sum for _, figures in self.months)

    @property
    def expected(self) -> int:
        return sum(figures.expected_sum for _, figures in self.months)

    @property
    def rate(self) -> float | None:
        """The quarter's attendance at regular meetings: all present over all expected."""
        return attendance_rate(self.present, self.expected)


class CellMeeting(models.Model):
    """One meeting of a chi bộ: regular (monthly), thematic (quarterly), or both."""

    unit = models.ForeignKey(
        Unit, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField("ngày sinh hoạt")
    regular = models.BooleanField("sinh hoạt thường kỳ", default=True)
    thematic = models.BooleanField("sinh hoạt chuyên đề", default=False)
    topic = models.CharField("chủ đề (sinh hoạt chuyên đề)", max_length=300, blank=True)
    expected = models.PositiveIntegerField(
        "số đảng viên phải dự", help_text="Tổng số đảng viên trừ số được miễn sinh hoạt."
    )
    present = models.PositiveIntegerField("số có mặt")
    absent_with_reason = models.PositiveIntegerField("số vắng có lý do", default=0)
    absent_names = models.TextField("đảng viên vắng và lý do (không bắt buộc)", blank=True)
    attended_by = models.ManyToManyField(
        CommitteeMember,
        verbose_name="đảng ủy viên, ủy viên Ban Thường vụ dự",
        blank=True,
        related_name="meetings",
    )
    steps = models.JSONField("các bước đã thực hiện", default=list, blank=True)
    second_reason = models.CharField(
        "lý do buổi thường kỳ thứ hai trong tháng", max_length=300, blank=True
    )
    notes = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[attended_by])
    objects = CellMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "buổi sinh hoạt chi bộ"
        verbose_name_plural = "buổi sinh hoạt chi bộ"
        ordering = ["unit__sort_key", "-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="meeting_unit_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(regular=True) | Q(thematic=True),
                name="meeting_regular_or_thematic",
                violation_error_message=KIND_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(present__lte=models.F("expected")),
                name="meeting_present_within_expected",
                violation_error_message="Số có mặt không được lớn hơn số đảng viên phải dự.",
            ),
            models.CheckConstraint(
                condition=Q(absent_with_reason__lte=models.F("expected") - models.F("present")),
                name="meeting_absent_within_missing",
                violation_error_message="Số vắng có lý do không được lớn hơn số vắng.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.held_on:%d/%m/%Y}"

    @property
    def kind_label(self) -> str:
        kinds = [
            label
            for flag, label in ((self.regular, "thường kỳ"), (self.thematic, "chuyên đề"))
            if flag
        ]
        return ", ".join(kinds)

    @property
    def absent(self) -> int:
        return self.expected - self.present

    @property
    def absent_without_reason(self) -> int:
        return max(0, self.absent - self.absent_with_reason)

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.present, self.expected)

    @property
    def followed_steps(self) -> bool:
        """Seed 004, I.3 (2): "thực hiện đầy đủ nội dung, đúng quy trình các bước"."""
        return set(STEP_CODES) <= set(self.steps or [])

    @property
    def step_labels(self) -> list[tuple[str, bool]]:
        done = set(self.steps or [])
        return [(label, code in done) for code, label in MEETING_STEPS]

    def clean(self) -> None:
        problems: dict[str, str] = {}
        if self.unit_id is not None and self.unit.kind not in CELL_KINDS:
            problems["unit"] = NOT_A_CELL.format(
                name=self.unit.name, kind=self.unit.get_kind_display().lower()
            )
        if not (self.regular or self.thematic):
            problems["regular"] = KIND_NEEDED
        if self.thematic and not self.topic.strip():
            problems["topic"] = TOPIC_NEEDED
        if self.present is not None and self.expected is not None:
            if self.present > self.expected:
                problems["present"] = MORE_PRESENT.format(
                    present=self.present, expected=self.expected
                )
            elif (self.absent_with_reason or 0) > self.expected - self.present:
                problems["absent_with_reason"] = MORE_ABSENT.format(
                    absent=self.absent_with_reason,
                    missing=self.expected - self.present,
                    expected=self.expected,
                    present=self.present,
                )
        unknown = set(self.steps or []) - set(STEP_CODES)
        if unknown:
            problems["steps"] = "Bước không có trong quy trình: " + ", ".join(sorted(unknown))
        try:
            refuse_future_dates(self, "held_on")
        except ValidationError as exc:
            problems.update({k: v[0] for k, v in exc.message_dict.items()})
        second = self._second_regular_problem()
        if second:
            problems["second_reason"] = second
        if problems:
            raise ValidationError(problems)

    def _second_regular_problem(self) -> str | None:
        """One regular meeting a month; a second one needs its reason."""
        if (
            not self.regular
            or self.second_reason.strip()
            or self.unit_id is None
            or self.held_on is None
        ):
            return None
        other = (
            CellMeeting.objects.regular()
            .filter(unit_id=self.unit_id, held_on__year=self.held_on.year)
            .filter(held_on__month=self.held_on.month)
            .exclude(pk=self.pk)
            .order_by("held_on")
            .first()
        )
        if other is None:
            return None
        return SECOND_REGULAR.format(
            month=f"{self.held_on.month}/{self.held_on.year}", day=f"{other.held_on:%d/%m/%Y}"
        )


class MeetingMinutes(EvidenceFile):
    """The minutes (biên bản) of a meeting: a PDF or a picture of the pages."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="minutes")

    folder = "meetings"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "biên bản sinh hoạt"
        verbose_name_plural = "biên bản sinh hoạt"


class ThematicPlan(models.Model):
    """A cell's annual plan of thematic meetings (seed 004, II.2: "Hằng năm, chi bộ xây dựng
    kế hoạch tổ chức sinh hoạt chuyên đề"): the topic planned for each quarter."""

    unit = models.ForeignKey(
        Unit, verbose_name="chi bộ", on_delete=models.CASCADE, related_name="thematic_plans"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    topic = models.CharField("chủ đề dự kiến", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kế hoạch sinh hoạt chuyên đề"
        verbose_name_plural = "kế hoạch sinh hoạt chuyên đề"
        ordering = ["unit", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"],
                name="thematic_plan_one_per_quarter",
                violation_error_message="Quý này đã có chủ đề dự kiến.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="thematic_plan_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – Quý {self.quarter}/{self.year}: {self.topic}"
