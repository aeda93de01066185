from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consolidation.models import Plan, PlanStatus, parse_quarter_code
from consolidation.selectors.quarterly import quarter_find
from organizations.management.commands._ward import ward_from_option
from organizations.models import Unit
from reporting.appendices.appendix1 import appendix1
from reporting.appendices.appendix2 import appendix2
from reporting.appendices.appendix3 import appendix3
from reporting.renderers import RENDERERS, render_document


class Command(BaseCommand):
    help = (
        "Xuất biểu mẫu: appendix1 (đề án của một tổ chức, --unit), appendix2, appendix3 (theo quý, "
        "--quarter 2026-Q4; --unit MÃ để lấy một đảng bộ cơ sở) ra html, pdf, xlsx hoặc docx."
    )

    def add_arguments(self, parser):
        parser.add_argument("form", choices=["appendix1", "appendix2", "appendix3"])
        parser.add_argument("--quarter", help="Quý, ví dụ 2026-Q4 (Phụ lục 2, 3).")
        parser.add_argument("--unit", help="Mã tổ chức (Phụ lục 1; hoặc phạm vi của Phụ lục 3).")
        parser.add_argument("--format", dest="fmt", choices=sorted(RENDERERS), default="pdf")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp sẽ ghi.")
        parser.add_argument("--root", help="Mã đảng bộ phường (khi có nhiều phường).")

    def handle(self, *args, **options):
        ward = ward_from_option(options["root"])
        today = timezone.localdate()
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(
                code=options["unit"].upper(), path__startswith=ward.path
            ).first()
            if unit is None:
                raise CommandError(
                    f"Không có tổ chức nào mang mã «{options['unit']}» trong {ward.name}."
                )
        if options["form"] == "appendix1":
            if unit is None:
                raise CommandError("Phụ lục 1 cần --unit MÃ của tổ chức.")
            plan = (
                Plan.objects.filter(unit=unit)
                .exclude(status=PlanStatus.RECOGNIZED)
                .order_by("-started_on")
                .first()
            )
            plan = plan or Plan.objects.filter(unit=unit).order_by("-started_on").first()
            if plan is None:
                raise CommandError(f"{unit.name} không có đề án, kế hoạch củng cố.")
            document = appendix1(plan=plan, today=today)
        else:
            if not options["quarter"]:
                raise CommandError("Cần --quarter, ví dụ 2026-Q4.")
            try:
                quarter = quarter_find(ward, *parse_quarter_code(options["quarter"]))
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            if options["form"] == "appendix2":
                document = appendix2(user=None, ward=ward, quarter=quarter, today=today)
            else:
                document = appendix3(user=None, scope=unit or ward, quarter=quarter, today=today)
        path = Path(options["output"])
        if not path.parent.exists():
            raise CommandError(f"Thư mục «{path.parent}» không tồn tại.")
        path.write_bytes(render_document(document, options["fmt"]))
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi {path} ({document.filename_stem}.{options['fmt']}).")
        )
