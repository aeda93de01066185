"""Demo data for `make run`: two review rounds of the demo ward, then for each weak unit a plan
built through the six steps, its quarterly reports, the two registers, a year of cell
meetings, the key cadres' evaluations, the checklist of IT use, inspections and the people's
feedback – written through the services, as a person on the pages would, but for the meetings
(`demo.meetings`)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Unit

from ..models import (
    CauseKind,
    Conclusion,
    IndicatorGroup,
    Plan,
    Review,
    ReviewRound,
)
from ..services import reviews as review_services
from ..services.reviews import CauseInput, FindingInput, GroupInput, ReviewInput, RoundDates
from .inspections import seed_inspections
from .meetings import seed_cadres, seed_digital, seed_meetings
from .plans import build_plan
from .registers import registers

MANIFESTATIONS = {
    "1.1": "Bí thư chi bộ tự quyết một số việc chi tiêu quỹ, không đưa ra chi ủy bàn.",
    "1.2": "Sinh hoạt chi bộ ít ý kiến phê bình; hai nhóm đảng viên không thống nhất về nhân sự tổ dân phố.",
    "1.3": "Nghị quyết chi bộ chép lại nghị quyết cấp trên, không có chỉ tiêu cụ thể của chi bộ.",
    "1.5": "Chưa lập nhóm Zalo sinh hoạt; hồ sơ, biên bản chưa số hóa.",
    "2.1": "Một đồng chí chi ủy viên bị nhân dân phản ánh thái độ phục vụ chưa đúng mực.",
    "2.2": "Bí thư mới nhận nhiệm vụ, chưa nắm quy trình, nghiệp vụ công tác đảng.",
    "2.3": "Lúng túng khi xử lý mâu thuẫn giữa các hộ kinh doanh.",
    "2.5": "Phân công nhiệm vụ cho đảng viên chung chung, không kiểm tra kết quả.",
    "2.6": "Ứng dụng «Sổ tay đảng viên điện tử» mới có 60 % đảng viên cài đặt.",
    "3.1": "Không hoàn thành chỉ tiêu vận động thu quỹ và vệ sinh môi trường năm 2025.",
    "3.2": "Chậm hoàn thành việc giải phóng mặt bằng ngõ theo kế hoạch của phường.",
    "3.3": "Tình trạng lấn chiếm vỉa hè, ngập úng kéo dài chưa được chỉ đạo xử lý.",
    "3.4": "Có 03 đơn thư khiếu nại kéo dài về tranh chấp lối đi chung chưa giải quyết dứt điểm.",
}


CAUSES = {
    1: [
        (
            CauseKind.SUBJECTIVE,
            "Người đứng đầu chưa nêu gương, chưa thực hiện nghiêm quy chế làm việc của chi ủy.",
        ),
        (CauseKind.OBJECTIVE, "Địa bàn đông dân, nhiều biến động sau sắp xếp đơn vị hành chính."),
    ],
    2: [
        (
            CauseKind.SUBJECTIVE,
            "Cấp ủy chưa quan tâm đào tạo, bồi dưỡng; bố trí cán bộ chưa phù hợp năng lực.",
        ),
        (
            CauseKind.OBJECTIVE,
            "Đội ngũ đảng viên cao tuổi, đảng viên trẻ thường xuyên đi làm ăn xa.",
        ),
    ],
    3: [
        (CauseKind.SUBJECTIVE, "Chi bộ chưa bám sát địa bàn, chưa phân công rõ người, rõ việc."),
        (CauseKind.OBJECTIVE, "Vụ việc có nguồn gốc lịch sử phức tạp, liên quan nhiều cơ quan."),
    ],
}


ROUND_2026 = {
    # code: (conclusion, indicators, severity per group)
    "KDC-07": (Conclusion.WEAK, ["1.1", "1.2", "3.3", "3.4"], {1: "serious", 3: "medium"}),
    "KDC-41": (Conclusion.WEAK, ["2.2", "2.5", "3.1"], {2: "medium", 3: "serious"}),
    "HC-19": (Conclusion.WEAK, ["1.3", "2.1", "2.3"], {1: "medium", 2: "medium"}),
    "KDC-15": (Conclusion.COMPLEX, ["3.4"], {3: "serious"}),
    "DN-02": (Conclusion.COMPLEX, ["1.2", "1.5"], {1: "medium"}),
    "KDC-33": (Conclusion.COMPLEX, ["2.6", "3.2"], {2: "light", 3: "medium"}),
    "KDC-23": (Conclusion.AT_RISK, ["1.5"], {1: "light"}),
}


ROUND_2025 = {
    "KDC-07": (Conclusion.WEAK, ["1.1", "3.4"], {1: "medium", 3: "medium"}),
    "KDC-41": (Conclusion.COMPLEX, ["2.2"], {2: "light"}),
}


def _review_input(review: Review, spec) -> ReviewInput:
    conclusion, codes, severity = spec
    groups = {g.number: g for g in IndicatorGroup.objects.all()}
    indicators = {i.code: i for i in review_services.active_indicators(review.round)}
    numbers = sorted({int(code[0]) for code in codes})
    return ReviewInput(
        weak_aspects="; ".join(groups[n].short_title for n in numbers),
        weak_links="Sinh hoạt chi bộ và phân công, kiểm tra thực hiện nhiệm vụ." if numbers else "",
        head_responsibility="Bí thư chi bộ chịu trách nhiệm chính về những hạn chế đã nêu."
        if numbers
        else "",
        conclusion=conclusion,
        justification="",
        findings=[
            FindingInput(indicators[code].pk, True, MANIFESTATIONS.get(code, "")) for code in codes
        ],
        groups=[
            GroupInput(
                groups[n].pk,
                strengths="Duy trì sinh hoạt định kỳ hằng tháng.",
                limitations="; ".join(MANIFESTATIONS[c] for c in codes if c.startswith(f"{n}.")),
                severity=severity.get(n, ""),
            )
            for n in numbers
        ],
        causes=[
            CauseInput(kind=kind, text=text, group_id=groups[n].pk)
            for n in numbers
            for kind, text in CAUSES[n]
        ]
        if conclusion in (Conclusion.WEAK, Conclusion.COMPLEX)
        else [],
    )


def _run_round(ward, board, name, period, dates, scenario, close=True) -> ReviewRound:
    round_ = review_services.round_open(ward=ward, name=name, period=period, dates=dates, by=board)
    for review in round_.reviews.select_related("unit", "round"):
        spec = scenario.get(review.unit.code, (Conclusion.NOT_NEEDED, [], {}))
        if review.suggestion_state == "pending":
            if spec[0] == Conclusion.NOT_NEEDED:
                review_services.suggestion_dismiss(
                    review=review, by=board, reason="Đã khắc phục sau kiểm điểm."
                )
            else:
                review_services.suggestion_accept(review=review, by=board)
            review.refresh_from_db()
        review_services.review_save(
            review=review,
            data=_review_input(review, spec),
            by=board,
            expected_version=None,
        )
        review_services.review_confirm(review=review, by=board)
    if close:
        review_services.round_close(round_=round_, by=board)
    return round_


@transaction.atomic
def seed(*, ward: Unit, password_hash: str, stdout) -> None:
    if ReviewRound.objects.filter(ward=ward).exists():
        return
    board = get_user_model().objects.get(username="bxd")
    _run_round(
        ward,
        board,
        "Rà soát cuối năm 2025",
        "10–11/2025",
        RoundDates(
            starts_on=datetime.date(2025, 10, 1),
            ends_on=datetime.date(2025, 11, 30),
            phase2_starts_on=datetime.date(2025, 12, 1),
            phase3_starts_on=datetime.date(2026, 2, 1),
            phase3_ends_on=datetime.date(2026, 3, 31),
        ),
        ROUND_2025,
    )
    round_2026 = _run_round(
        ward,
        board,
        "Rà soát giai đoạn 1 năm 2026",
        "04–05/2026",
        review_services.default_round_dates(2026),
        ROUND_2026,
    )
    standing = get_user_model().objects.get(username="btv")
    reviews = round_2026.reviews.filter(conclusion__in=[Conclusion.WEAK, Conclusion.COMPLEX])
    for review in reviews.select_related("unit"):
        build_plan(review, board, standing)
    registers(ward, board)
    seed_meetings(ward, board)
    seed_cadres(ward, board)
    seed_digital(ward, board)
    seed_inspections(ward)
    stdout.write(
        f"Rà soát: 2 đợt, {Review.objects.filter(round__ward=ward).count()} đánh giá; "
        f"{Plan.objects.filter(unit__path__startswith=ward.path).count()} đề án, kế hoạch."
    )
