"""The fixed catalogue: Nhóm 1/2/3 and their 16 indicators, word for word from seed 000
(Kế hoạch 100-KH/ĐU, IV.1), with each group's products (IV.2) and the solution directions of
Phụ lục 1, VI. Reference data: loaded by the migration, not by a fixture."""

from django.db import migrations

GROUPS = [
    {
        "number": 1,
        "title": (
            "TCCSĐ có vấn đề trong thực hiện nguyên tắc tập trung dân chủ; đoàn kết nội bộ trong "
            "tập thể lãnh đạo cơ quan, đơn vị; hạn chế về đổi mới phương thức lãnh đạo của cấp ủy."
        ),
        "short_title": "Nguyên tắc tập trung dân chủ, đoàn kết nội bộ, phương thức lãnh đạo",
        "expected_products": (
            "Biên bản sinh hoạt chi bộ được chuẩn hóa, bảo đảm đầy đủ nội dung, đúng quy định. "
            "Quy chế làm việc của cấp ủy, chi bộ được rà soát, bổ sung, cập nhật phù hợp với tình "
            "hình mới."
        ),
        "solution_directions": [
            "Hoàn thiện quy chế làm việc",
            "Nâng cao chất lượng sinh hoạt cấp ủy, chi bộ",
            "Đổi mới phương thức lãnh đạo",
            "Đẩy mạnh chuyển đổi số",
        ],
        "indicators": [
            "Chưa thực hiện nghiêm nguyên tắc tập thể lãnh đạo, cá nhân phụ trách; có biểu hiện vi phạm quy chế làm việc; người đứng đầu còn áp đặt, lấn sân, bao biện, làm thay hoặc buông lỏng vai trò lãnh đạo.",
            "Việc tiến hành tự phê bình và phê bình không nghiêm túc; nội bộ có biểu hiện cục bộ, bè phái, thiếu thống nhất, nhất là trong công tác cán bộ.",
            "Việc cụ thể hóa thực hiện Nghị quyết Đại hội Đảng các cấp, nghị quyết của cấp ủy cấp trên còn chậm, thiếu tính khả thi, hiệu quả thấp.",
            "Việc cải cách lề lối làm việc còn chậm, chưa chuyển mạnh từ tư duy quản lý, điều hành sang tư duy kiến tạo, phục vụ; thực hiện phương châm “làm nhanh, làm đúng, làm hiệu quả, làm đến cùng”.",
            "Việc triển khai chuyển đổi số, ứng dụng công nghệ thông tin trong lãnh đạo, điều hành còn chậm; hiệu quả chưa cao.",
        ],
    },
    {
        "number": 2,
        "title": "TCCSĐ có vấn đề về cán bộ, nhất là người đứng đầu cơ quan, đơn vị.",
        "short_title": "Đội ngũ cán bộ",
        "expected_products": (
            "Danh sách cán bộ được rà soát, kiện toàn, bố trí, sắp xếp theo thẩm quyền. Hồ sơ đánh "
            "giá cán bộ theo sản phẩm, kết quả công việc, làm căn cứ cho công tác cán bộ."
        ),
        "solution_directions": [
            "Rà soát, đánh giá cán bộ",
            "Luân chuyển, thay thế",
            "Đào tạo, bồi dưỡng",
            "Đánh giá theo sản phẩm",
        ],
        "indicators": [
            "Hạn chế về phẩm chất chính trị, đạo đức công vụ; thiếu gương mẫu; ý thức chấp hành kỷ luật, kỷ cương chưa nghiêm; còn biểu hiện né tránh, đùn đẩy trách nhiệm; tinh thần phục vụ Nhân dân chưa cao.",
            "Hạn chế về kiến thức, năng lực chuyên môn; chưa nắm vững chủ trương, chính sách; năng lực quản lý, chuyên môn chưa đáp ứng yêu cầu; chậm thích ứng với yêu cầu chuyển đổi số.",
            "Hạn chế về kinh nghiệm thực tiễn, năng lực tổ chức thực thi: xử lý tình huống còn lúng túng; hiệu quả tổ chức thực hiện nhiệm vụ chưa cao.",
            "Hạn chế về tư duy chiến lược, tầm nhìn phát triển; tư duy còn ngắn hạn; năng lực dự báo yếu; chưa cụ thể hóa định hướng thành kế hoạch khả thi.",
            "Hạn chế về năng lực lãnh đạo, điều hành, quy tụ; phân công, kiểm soát công việc chưa hiệu quả; thiếu khả năng tạo đồng thuận trong tập thể.",
            "Hạn chế về tư duy số, đổi mới sáng tạo và bản lĩnh trách nhiệm: còn e ngại đổi mới; chuyển đổi số hình thức; thiếu sáng kiến đột phá trong thực thi nhiệm vụ.",
        ],
    },
    {
        "number": 3,
        "title": "TCCSĐ có hạn chế trong lãnh đạo thực hiện nhiệm vụ chính trị.",
        "short_title": "Lãnh đạo thực hiện nhiệm vụ chính trị",
        "expected_products": (
            "Báo cáo kết quả xử lý các vụ việc tồn đọng, phức tạp, điểm nóng theo từng giai đoạn. "
            "Danh mục nhiệm vụ đã hoàn thành, có đánh giá kết quả, chất lượng và mức độ hoàn thành."
        ),
        "solution_directions": [
            "Cụ thể hóa nghị quyết",
            "Giao việc rõ trách nhiệm",
            "Xử lý điểm nghẽn",
            "Tăng cường kiểm tra, giám sát",
        ],
        "indicators": [
            "Không hoàn thành các chỉ tiêu, nhiệm vụ hàng năm về phát triển kinh tế xã hội và công tác xây dựng Đảng.",
            "Việc tổ chức thực hiện các nhiệm vụ trọng tâm, nhiệm vụ do Thành phố giao không bảo đảm tiến độ theo yêu cầu và không hoàn thành kế hoạch.",
            "Việc chỉ đạo giải quyết điểm nghẽn, những tồn tại, những vấn đề dân sinh bức xúc không kịp thời.",
            "Trên địa bàn có vụ việc mất ANCT-TTATXH (điểm nóng), đơn thư khiếu nại, tố cáo phức tạp kéo dài chưa giải quyết.",
            "Việc thực hiện các kết luận thanh tra, kiểm tra của cấp có thẩm quyền thiếu quyết liệt, kịp thời, xử lý dứt điểm.",
        ],
    },
]


def load(apps, schema_editor):
    IndicatorGroup = apps.get_model("consolidation", "IndicatorGroup")
    Indicator = apps.get_model("consolidation", "Indicator")
    for data in GROUPS:
        group, _ = IndicatorGroup.objects.update_or_create(
            number=data["number"],
            defaults={
                "title": data["title"],
                "short_title": data["short_title"],
                "expected_products": data["expected_products"],
                "solution_directions": data["solution_directions"],
            },
        )
        for order, text in enumerate(data["indicators"], start=1):
            Indicator.objects.update_or_create(
                code=f"{data['number']}.{order}",
                defaults={"group": group, "text": text, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("consolidation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
