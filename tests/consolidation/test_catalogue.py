"""The catalogue matches the seed's 16 indicators word for word (DOMAIN.md, seed 000 IV.1)."""

import re
from pathlib import Path

import pytest
from django.db.models import ProtectedError

from consolidation.models import Indicator, IndicatorGroup
from consolidation.services import reviews as review_services

# Copied verbatim from DOMAIN.md ("The three indicator groups").
EXPECTED = {
    "1.1": "Chưa thực hiện nghiêm nguyên tắc tập thể lãnh đạo, cá nhân phụ trách; có biểu hiện vi phạm quy chế làm việc; người đứng đầu còn áp đặt, lấn sân, bao biện, làm thay hoặc buông lỏng vai trò lãnh đạo.",
    "1.2": "Việc tiến hành tự phê bình và phê bình không nghiêm túc; nội bộ có biểu hiện cục bộ, bè phái, thiếu thống nhất, nhất là trong công tác cán bộ.",
    "1.3": "Việc cụ thể hóa thực hiện Nghị quyết Đại hội Đảng các cấp, nghị quyết của cấp ủy cấp trên còn chậm, thiếu tính khả thi, hiệu quả thấp.",
    "1.4": "Việc cải cách lề lối làm việc còn chậm, chưa chuyển mạnh từ tư duy quản lý, điều hành sang tư duy kiến tạo, phục vụ; thực hiện phương châm “làm nhanh, làm đúng, làm hiệu quả, làm đến cùng”.",
    "1.5": "Việc triển khai chuyển đổi số, ứng dụng công nghệ thông tin trong lãnh đạo, điều hành còn chậm; hiệu quả chưa cao.",
    "2.1": "Hạn chế về phẩm chất chính trị, đạo đức công vụ; thiếu gương mẫu; ý thức chấp hành kỷ luật, kỷ cương chưa nghiêm; còn biểu hiện né tránh, đùn đẩy trách nhiệm; tinh thần phục vụ Nhân dân chưa cao.",
    "2.2": "Hạn chế về kiến thức, năng lực chuyên môn; chưa nắm vững chủ trương, chính sách; năng lực quản lý, chuyên môn chưa đáp ứng yêu cầu; chậm thích ứng với yêu cầu chuyển đổi số.",
    "2.3": "Hạn chế về kinh nghiệm thực tiễn, năng lực tổ chức thực thi: xử lý tình huống còn lúng túng; hiệu quả tổ chức thực hiện nhiệm vụ chưa cao.",
    "2.4": "Hạn chế về tư duy chiến lược, tầm nhìn phát triển; tư duy còn ngắn hạn; năng lực dự báo yếu; chưa cụ thể hóa định hướng thành kế hoạch khả thi.",
    "2.5": "Hạn chế về năng lực lãnh đạo, điều hành, quy tụ; phân công, kiểm soát công việc chưa hiệu quả; thiếu khả năng tạo đồng thuận trong tập thể.",
    "2.6": "Hạn chế về tư duy số, đổi mới sáng tạo và bản lĩnh trách nhiệm: còn e ngại đổi mới; chuyển đổi số hình thức; thiếu sáng kiến đột phá trong thực thi nhiệm vụ.",
    "3.1": "Không hoàn thành các chỉ tiêu, nhiệm vụ hàng năm về phát triển kinh tế xã hội và công tác xây dựng Đảng.",
    "3.2": "Việc tổ chức thực hiện các nhiệm vụ trọng tâm, nhiệm vụ do Thành phố giao không bảo đảm tiến độ theo yêu cầu và không hoàn thành kế hoạch.",
    "3.3": "Việc chỉ đạo giải quyết điểm nghẽn, những tồn tại, những vấn đề dân sinh bức xúc không kịp thời.",
    "3.4": "Trên địa bàn có vụ việc mất ANCT-TTATXH (điểm nóng), đơn thư khiếu nại, tố cáo phức tạp kéo dài chưa giải quyết.",
    "3.5": "Việc thực hiện các kết luận thanh tra, kiểm tra của cấp có thẩm quyền thiếu quyết liệt, kịp thời, xử lý dứt điểm.",
}
GROUP_TITLES = {
    1: "TCCSĐ có vấn đề trong thực hiện nguyên tắc tập trung dân chủ; đoàn kết nội bộ trong tập thể lãnh đạo cơ quan, đơn vị; hạn chế về đổi mới phương thức lãnh đạo của cấp ủy.",
    2: "TCCSĐ có vấn đề về cán bộ, nhất là người đứng đầu cơ quan, đơn vị.",
    3: "TCCSĐ có hạn chế trong lãnh đạo thực hiện nhiệm vụ chính trị.",
}
DOMAIN_MD = Path(__file__).resolve().parents[3] / "shared" / "DOMAIN.md"


def test_the_catalogue_has_the_seeds_16_indicators_word_for_word(db):
    catalogue = dict(Indicator.objects.values_list("code", "text"))

    assert catalogue == EXPECTED


def test_the_expected_texts_are_those_of_domain_md_when_it_is_at_hand():
    # The project's DOMAIN.md sits beside the checkout on the team's machines.
    if not DOMAIN_MD.exists():
        return
    text = DOMAIN_MD.read_text(encoding="utf-8")
    found = dict(re.findall(r"^- (\d\.\d) (.+)$", text, re.M))
    assert found == EXPECTED


def test_groups_carry_titles_products_and_solution_directions(db):
    groups = {g.number: g for g in IndicatorGroup.objects.all()}

    assert {n: g.title for n, g in groups.items()} == GROUP_TITLES
    assert groups[1].expected_products.startswith("Biên bản sinh hoạt chi bộ được chuẩn hóa")
    assert groups[2].solution_directions == [
        "Rà soát, đánh giá cán bộ",
        "Luân chuyển, thay thế",
        "Đào tạo, bồi dưỡng",
        "Đánh giá theo sản phẩm",
    ]
    assert [g.indicators.count() for g in groups.values()] == [5, 6, 5]


def test_an_indicator_used_by_a_review_cannot_be_deleted(review, board_user):
    from tests.helpers import weak_input

    review_services.review_save(
        review=review, data=weak_input(), by=board_user, expected_version=None
    )

    with pytest.raises(ProtectedError):
        Indicator.objects.get(code="1.1").delete()


def test_a_retired_indicator_leaves_later_rounds(review_round, ward, board_user):
    import datetime

    from tests.helpers import later_dates

    Indicator.objects.filter(code="1.5").update(retired_on=datetime.date(2027, 1, 1))
    later = review_services.round_open(
        ward=ward, name="Đợt 2027", period="2027", dates=later_dates(), by=board_user
    )

    assert "1.5" in {i.code for i in review_services.active_indicators(review_round)}
    assert "1.5" not in {i.code for i in review_services.active_indicators(later)}
