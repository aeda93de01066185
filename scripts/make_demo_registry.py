"""Write fixtures/demo_registry.json: the demo ward's registry.

Its grassroots units reproduce seed 001 exactly (01/03/2026): 84 units, 6,808 members,
2,967 women, 54 ethnic minorities, 1,545 exempted; by bloc 20 (6 đảng bộ, 14 chi bộ) / 812,
3 / 487, 1 / 18, 1 / 133, 59 / 5,358; 37 of 59 residential secretaries are also the
neighbourhood head. Names are plausible and clearly demo. Deterministic: run it again and
the file is the same. Usage: python scripts/make_demo_registry.py
"""

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "demo_registry.json"
AS_OF = "01/03/2026"
YEARS = (2023, 2024, 2025)
rng = random.Random(100)  # Kế hoạch 100-KH/ĐU

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Thành", "Công"]
MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Sơn",
    "Tuấn",
    "Hải",
    "Long",
    "Thắng",
    "Cường",
    "Nam",
    "Phong",
    "Toàn",
    "Việt",
]
GIVEN_F = [
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Hằng",
    "Thủy",
    "Ngân",
    "Yến",
    "Hạnh",
    "Loan",
    "Thảo",
    "Vân",
]
COMMITTEE = [
    "Nguyễn Văn Thành",
    "Trần Thị Thu Hà",
    "Lê Quang Huy",
    "Phạm Thị Minh Nguyệt",
    "Hoàng Đức Anh",
    "Vũ Thị Hải Yến",
    "Đặng Văn Khoa",
    "Bùi Thị Thanh Tâm",
]


def person():
    if rng.random() < 0.45:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def split(total, parts, low, high):
    """`parts` integers in [low, high] summing to `total`."""
    values = [rng.randint(low, high) for _ in range(parts)]
    while sum(values) != total:
        i = rng.randrange(parts)
        step = 1 if sum(values) < total else -1
        if low <= values[i] + step <= high:
            values[i] += step
    return values


def spread(total, weights, caps):
    """Distribute `total` in proportion to `weights`, never above `caps`."""
    values = [min(cap, int(total * w / sum(weights))) for w, cap in zip(weights, caps, strict=True)]
    i = 0
    while sum(values) < total:
        j = i % len(values)
        if values[j] < caps[j]:
            values[j] += 1
        i += 1
    return values


ADMIN = [
    ("HC-01", "Đảng bộ các cơ quan Đảng phường", "Đảng bộ cơ sở", "Các cơ quan Đảng phường"),
    ("HC-02", "Đảng bộ Ủy ban nhân dân phường", "Đảng bộ cơ sở", "Ủy ban nhân dân phường"),
    ("HC-03", "Đảng bộ Y tế phường", "Đảng bộ cơ sở", "Trạm Y tế và các cơ sở y tế công lập"),
    ("HC-04", "Đảng bộ Trường Trung học cơ sở số 1", "Đảng bộ cơ sở", "Trường THCS số 1"),
    ("HC-05", "Đảng bộ Trường Trung học cơ sở số 2", "Đảng bộ cơ sở", "Trường THCS số 2"),
    ("HC-06", "Đảng bộ Trường Tiểu học số 1", "Đảng bộ cơ sở", "Trường Tiểu học số 1"),
    ("HC-07", "Chi bộ Trường Tiểu học số 2", "Chi bộ cơ sở", "Trường Tiểu học số 2"),
    ("HC-08", "Chi bộ Trường Tiểu học số 3", "Chi bộ cơ sở", "Trường Tiểu học số 3"),
    ("HC-09", "Chi bộ Trường Tiểu học số 10", "Chi bộ cơ sở", "Trường Tiểu học số 10"),
    ("HC-10", "Chi bộ Trường Mầm non Hoa Sen", "Chi bộ cơ sở", "Trường Mầm non Hoa Sen"),
    ("HC-11", "Chi bộ Trường Mầm non Hoa Mai", "Chi bộ cơ sở", "Trường Mầm non Hoa Mai"),
    ("HC-12", "Chi bộ Trường Mầm non số 2", "Chi bộ cơ sở", "Trường Mầm non số 2"),
    ("HC-13", "Chi bộ Trường Mầm non số 10", "Chi bộ cơ sở", "Trường Mầm non số 10"),
    (
        "HC-14",
        "Chi bộ Trung tâm Văn hóa – Thể thao phường",
        "Chi bộ cơ sở",
        "Trung tâm Văn hóa – Thể thao",
    ),
    (
        "HC-15",
        "Chi bộ Ủy ban Mặt trận Tổ quốc phường",
        "Chi bộ cơ sở",
        "Ủy ban MTTQ và các đoàn thể",
    ),
    ("HC-16", "Chi bộ Bảo hiểm xã hội khu vực", "Chi bộ cơ sở", "Bảo hiểm xã hội khu vực"),
    ("HC-17", "Chi bộ Kho bạc Nhà nước khu vực", "Chi bộ cơ sở", "Kho bạc Nhà nước khu vực"),
    ("HC-18", "Chi bộ Thư viện phường", "Chi bộ cơ sở", "Thư viện phường"),
    ("HC-19", "Chi bộ Ban Quản lý chợ phường", "Chi bộ cơ sở", "Ban Quản lý chợ"),
    (
        "HC-20",
        "Chi bộ Trung tâm Phục vụ hành chính công phường",
        "Chi bộ cơ sở",
        "Trung tâm Phục vụ hành chính công",
    ),
]
ENTERPRISE = [
    ("DN-01", "Đảng bộ Doanh nghiệp phường", "Các doanh nghiệp ngoài khu vực nhà nước"),
    ("DN-02", "Đảng bộ Công ty Cổ phần Môi trường Đô thị phường", "Công ty CP Môi trường Đô thị"),
    ("DN-03", "Đảng bộ Công ty TNHH Một thành viên Thoát nước số 2", "Công ty Thoát nước số 2"),
]
ENTERPRISE_CELLS = [
    "Công ty Cổ phần Xây dựng An Phát",
    "Công ty TNHH Thương mại Hồng Hà",
    "Công ty Cổ phần Dược phẩm Kim Liên",
    "Công ty TNHH Dịch vụ Bảo vệ Thăng Long",
    "Công ty Cổ phần In Hà Nội số 3",
    "Công ty Cổ phần Nha khoa Hòa Bình",
    "Công ty TNHH Tư vấn Thiết kế Đông Á",
    "Công ty Cổ phần Vận tải Phương Mai",
    "Công ty TNHH Điện máy Khương Thượng",
    "Công ty Cổ phần Thực phẩm Trung Tự",
    "Công ty TNHH Giáo dục Sao Mai",
    "Công ty Cổ phần Công nghệ Văn Chương",
    "Công ty TNHH Kiến trúc Nam Đồng",
    "Công ty Cổ phần Du lịch Quốc Tử Giám",
    "Công ty TNHH Kế toán Hào Nam",
    "Công ty Cổ phần Cơ khí Láng Hạ",
    "Công ty TNHH May mặc Thái Hà",
    "Công ty Cổ phần Bất động sản Ô Chợ Dừa",
    "Công ty TNHH Truyền thông Xã Đàn",
    "Công ty Cổ phần Thiết bị Y tế Kim Hoa",
    "Công ty TNHH Nhà hàng Hồ Đắc Di",
    "Công ty Cổ phần Bảo hiểm Tôn Đức Thắng",
]
POLICE_CELLS = [
    "Chi bộ Cảnh sát khu vực",
    "Chi bộ An ninh",
    "Chi bộ Cảnh sát trật tự",
    "Chi bộ Cảnh sát phòng cháy, chữa cháy",
    "Chi bộ Tổng hợp",
]
# Units whose recent rating failed; the demo's consolidation scenario builds on them.
FAILED = {("KDC-07", 2025), ("KDC-41", 2025), ("HC-19", 2025), ("KDC-23", 2024), ("DN-02", 2025)}


def ratings(code):
    result = {}
    for year in YEARS:
        if (code, year) in FAILED:
            level = "KHTNV"
        else:
            roll = rng.random()
            level = "HTXSNV" if roll < 0.15 else "HTNV" if roll > 0.88 else "HTTNV"
        result[f"Xếp loại {year}"] = level
    return result


def row(code, name, kind, bloc, parent, members, women, ethnic, exempted, area, local_head=False):
    record = {
        "Mã đơn vị": code,
        "Tên tổ chức": name,
        "Loại tổ chức": kind,
        "Khối": bloc,
        "Mã đơn vị cấp trên": parent,
        "Số đảng viên": members,
        "Đảng viên nữ": women,
        "Đảng viên dân tộc thiểu số": ethnic,
        "Miễn sinh hoạt": exempted,
        "Ngày số liệu": AS_OF,
        "Bí thư": person(),
        "Điện thoại": f"0900{rng.randint(100000, 999999)}",
        "Bí thư kiêm trưởng khu dân cư": "x" if local_head else "",
        "Địa bàn, cơ quan": area,
        "Cấp ủy viên phụ trách": rng.choice(COMMITTEE) if not parent else "",
    }
    record.update(ratings(code))
    return record


def block(units, members_total, women_total, ethnic_total, exempted_total, low, high, women_share):
    members = split(members_total, len(units), low, high)
    women = spread(women_total, [m * women_share for m in members], members)
    ethnic = spread(ethnic_total, members, members)
    exempted = spread(exempted_total, members, [m - w for m, w in zip(members, women, strict=True)])
    return list(zip(units, members, women, ethnic, exempted, strict=True))


def children(parent_code, names, totals, low, high):
    members, women, ethnic, exempted = totals
    rows = []
    for i, (name, m, w, e, x) in enumerate(
        block(names, members, women, ethnic, exempted, low, high, 1), start=1
    ):
        code = f"{parent_code}-{i:02d}"
        full = name if name.startswith("Chi bộ") else f"Chi bộ {name}"
        rows.append(row(code, full, "Chi bộ trực thuộc", "", parent_code, m, w, e, x, name))
    return rows


def main():
    records = []
    admin_bloc = "Cơ quan hành chính, đơn vị sự nghiệp"
    for (code, name, kind, area), m, w, e, x in block(ADMIN, 812, 430, 12, 15, 18, 80, 1.2):
        records.append(row(code, name, kind, admin_bloc, "", m, w, e, x, area))

    dn_members = [262, 125, 100]
    dn_women = [80, 30, 21]
    dn_ethnic = [5, 2, 1]
    dn_exempted = [6, 2, 2]
    for i, (code, name, area) in enumerate(ENTERPRISE):
        records.append(
            row(
                code,
                name,
                "Đảng bộ cơ sở",
                "Doanh nghiệp",
                "",
                dn_members[i],
                dn_women[i],
                dn_ethnic[i],
                dn_exempted[i],
                area,
            )
        )
        if code == "DN-01":
            records.extend(children(code, ENTERPRISE_CELLS, (262, 80, 5, 6), 5, 20))

    records.append(
        row(
            "QS-01",
            "Chi bộ Quân sự phường",
            "Chi bộ cơ sở",
            "Quân đội",
            "",
            18,
            1,
            1,
            0,
            "Ban Chỉ huy Quân sự phường",
        )
    )
    records.append(
        row(
            "CA-01",
            "Đảng bộ Công an phường",
            "Đảng bộ cơ sở",
            "Công an",
            "",
            133,
            14,
            4,
            0,
            "Công an phường",
        )
    )
    records.extend(children("CA-01", POLICE_CELLS, (133, 14, 4, 0), 18, 40))

    residential = [
        (f"KDC-{n:02d}", f"Chi bộ Khu dân cư số {n}", f"Tổ dân phố số {n}") for n in range(1, 60)
    ]
    local_heads = set(rng.sample(range(59), 37))
    for i, ((code, name, area), m, w, e, x) in enumerate(
        block(
            residential,
            5358,
            2967 - 430 - 131 - 1 - 14,
            54 - 12 - 8 - 1 - 4,
            1545 - 15 - 10,
            60,
            125,
            1,
        )
    ):
        records.append(
            row(code, name, "Chi bộ cơ sở", "Khu dân cư", "", m, w, e, x, area, i in local_heads)
        )

    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    grassroots = [r for r in records if not r["Mã đơn vị cấp trên"]]
    for key in ("Số đảng viên", "Đảng viên nữ", "Đảng viên dân tộc thiểu số", "Miễn sinh hoạt"):
        print(key, sum(r[key] for r in grassroots))
    print("units", len(grassroots), "all rows", len(records))


if __name__ == "__main__":
    main()
