"""The columns of each list's Excel export, declared once per list as django-import-export
resources (organizations.list_export writes them; the admin exports with the same). Rows come
from the list page's own filtered, scoped queryset; choices are written as their labels."""

from import_export import resources
from import_export.fields import Field

from organizations.list_export import column
from organizations.selectors import display_name

from .models import Cadre, ComplexCase, Feedback, Inspection, Plan, Review, Task


class PlanResource(resources.ModelResource):
    unit = column("Tổ chức", "unit__name")
    code = column("Mã", "unit__code")
    kind = Field(column_name="Loại")
    title = column("Tên đề án, kế hoạch", "title")
    number = Field(column_name="Số, ngày ban hành")
    status = Field(column_name="Tình trạng")
    started_on = column("Đưa vào củng cố", "started_on")
    expected_end = column("Dự kiến hoàn thành", "expected_end")
    committee_member = column("Cấp ủy viên phụ trách", "committee_member")

    class Meta:
        model = Plan
        fields = (
            "unit", "code", "kind", "title", "number", "status", "started_on", "expected_end",
            "committee_member",
        )  # fmt: skip

    def dehydrate_kind(self, plan: Plan) -> str:
        return plan.get_kind_display()

    def dehydrate_number(self, plan: Plan) -> str:
        return plan.number_display

    def dehydrate_status(self, plan: Plan) -> str:
        return plan.get_status_display()


class ReviewResource(resources.ModelResource):
    unit = column("Tổ chức", "unit__name")
    code = column("Mã", "unit__code")
    state = Field(column_name="Tình trạng")
    conclusion = Field(column_name="Kết luận")
    groups = Field(column_name="Nhóm biểu hiện")
    prolonged = Field(column_name="Yếu kém kéo dài")

    class Meta:
        model = Review
        fields = ("unit", "code", "state", "conclusion", "groups", "prolonged")

    def dehydrate_state(self, review: Review) -> str:
        return review.get_state_display()

    def dehydrate_conclusion(self, review: Review) -> str:
        return review.get_conclusion_display() if review.conclusion else "Chưa kết luận"

    def dehydrate_groups(self, review: Review) -> str:
        return ", ".join(str(n) for n in review.group_numbers)

    def dehydrate_prolonged(self, review: Review) -> str:
        return "Có" if review.is_prolonged else ""


class TaskResource(resources.ModelResource):
    group = Field(column_name="Nhóm")
    what = column("Rõ việc", "what")
    person = Field(column_name="Rõ người")
    lead = column("Chủ trì", "lead")
    coordinate = column("Phối hợp", "coordinate")
    deadline = column("Hạn hoàn thành", "deadline")
    deliverable = column("Rõ sản phẩm", "deliverable")
    effect_sought = column("Hiệu quả cần đạt", "effect_sought")
    status = Field(column_name="Tình trạng")

    class Meta:
        model = Task
        fields = (
            "group", "what", "person", "lead", "coordinate", "deadline", "deliverable",
            "effect_sought", "status",
        )  # fmt: skip

    def dehydrate_group(self, task: Task) -> str:
        return f"Nhóm {task.group.number}" if task.group_id else ""

    def dehydrate_person(self, task: Task) -> str:
        return ", ".join(p for p in (task.person_name, task.person_position) if p)

    def dehydrate_status(self, task: Task) -> str:
        return task.get_status_display()


class CadreResource(resources.ModelResource):
    unit = column("Tổ chức", "unit__name")
    name = column("Họ tên", "name")
    position = column("Chức vụ", "position")
    key_role = Field(column_name="Cán bộ chủ chốt")
    limitation = column("Hạn chế", "limitation")
    action = Field(column_name="Hướng xử lý")
    action_on = column("Ngày xử lý", "action_on")
    result = column("Kết quả", "result")

    class Meta:
        model = Cadre
        fields = (
            "unit", "name", "position", "key_role", "limitation", "action", "action_on", "result",
        )  # fmt: skip

    def dehydrate_key_role(self, cadre: Cadre) -> str:
        return cadre.get_key_role_display() if cadre.key_role else ""

    def dehydrate_action(self, cadre: Cadre) -> str:
        return cadre.get_action_display() if cadre.action else ""


class CaseResource(resources.ModelResource):
    """A case without its letters: a sender's name never leaves the case's page."""

    unit = column("Tổ chức", "unit__name")
    kind = Field(column_name="Loại vụ việc")
    description = column("Nội dung", "description")
    classification = column("Phân loại", "classification")
    urgent = Field(column_name="Đột xuất")
    owner = Field(column_name="Người theo dõi")
    status = Field(column_name="Tình trạng")
    closed_on = column("Ngày giải quyết xong", "closed_on")

    class Meta:
        model = ComplexCase
        fields = (
            "unit", "kind", "description", "classification", "urgent", "owner", "status",
            "closed_on",
        )  # fmt: skip

    def dehydrate_kind(self, case: ComplexCase) -> str:
        return case.get_kind_display()

    def dehydrate_urgent(self, case: ComplexCase) -> str:
        return "Có" if case.urgent else ""

    def dehydrate_owner(self, case: ComplexCase) -> str:
        return display_name(case.owner) if case.owner_id else ""

    def dehydrate_status(self, case: ComplexCase) -> str:
        return case.get_status_display()


class InspectionResource(resources.ModelResource):
    kind = Field(column_name="Loại")
    mode = Field(column_name="Hình thức")
    subject = column("Nội dung", "subject")
    units = Field(column_name="Tổ chức")
    decision = Field(column_name="Quyết định")
    starts_on = column("Từ ngày", "starts_on")
    ends_on = column("Đến ngày", "ends_on")
    state = Field(column_name="Tình trạng")
    concluded_on = column("Ngày kết luận", "concluded_on")

    class Meta:
        model = Inspection
        fields = (
            "kind", "mode", "subject", "units", "decision", "starts_on", "ends_on", "state",
            "concluded_on",
        )  # fmt: skip

    def dehydrate_kind(self, inspection: Inspection) -> str:
        return inspection.get_kind_display()

    def dehydrate_mode(self, inspection: Inspection) -> str:
        return inspection.get_mode_display()

    def dehydrate_units(self, inspection: Inspection) -> str:
        """The prefetched units: the list's own, scoped to what the person may see."""
        return "; ".join(u.name for u in inspection.units.all())

    def dehydrate_decision(self, inspection: Inspection) -> str:
        if not inspection.decision_number:
            return ""
        day = inspection.decision_date
        return inspection.decision_number + (f", ngày {day:%d/%m/%Y}" if day else "")

    def dehydrate_state(self, inspection: Inspection) -> str:
        return inspection.get_state_display()


class FeedbackResource(resources.ModelResource):
    received_on = column("Ngày tiếp nhận", "received_on")
    source = Field(column_name="Nguồn")
    unit = column("Tổ chức", "unit__name")
    group = Field(column_name="Nhóm biểu hiện")
    content = column("Nội dung", "content")
    responded_on = column("Ngày trả lời", "responded_on")
    response_by = column("Người, cơ quan trả lời", "response_by")
    response = column("Nội dung trả lời", "response")

    class Meta:
        model = Feedback
        fields = (
            "received_on", "source", "unit", "group", "content", "responded_on", "response_by",
            "response",
        )  # fmt: skip

    def dehydrate_source(self, feedback: Feedback) -> str:
        return feedback.get_source_display()

    def dehydrate_group(self, feedback: Feedback) -> str:
        return f"Nhóm {feedback.group.number}" if feedback.group else ""


class QuarterlyGridResource(resources.Resource):
    """The completeness grid: a row per expected plan, a column per quarter with the
    report's state as the grid shows it (selectors.quarterly.CELL_LABELS)."""

    unit = Field(column_name="Tổ chức")
    code = Field(column_name="Mã")
    bloc = Field(column_name="Khối")

    def __init__(self, quarters: list, labels: dict[str, str]) -> None:
        super().__init__()
        for index, quarter in enumerate(quarters):
            self.fields[f"q{index}"] = Field(
                column_name=quarter.label,
                dehydrate_method=lambda row, i=index: self._state(row, i, labels),
            )

    @staticmethod
    def _state(row, index: int, labels: dict[str, str]) -> str:
        state = row.cells[index][1]
        return labels[state] if state else "Không phải báo cáo"

    def get_export_order(self):
        return tuple(self.fields)

    def dehydrate_unit(self, row) -> str:
        return row.plan.unit.name

    def dehydrate_code(self, row) -> str:
        return row.plan.unit.code

    def dehydrate_bloc(self, row) -> str:
        return row.plan.unit.get_bloc_display()
