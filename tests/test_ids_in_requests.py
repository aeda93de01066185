"""Ids typed into a URL or posted from ticked boxes: what is not an id chooses nothing and
never makes a server error ("²" passes str.isdigit() but not int(), and a long enough number
overflows the database's integer)."""

import pytest

from config.ids import BIGGEST, as_id

NOT_IDS = ["²", "①", "١٢", "", " 1", "1 ", "-1", "1.0", "0x1f", str(BIGGEST + 1), "9" * 40]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("007", 7), ("0", 0), (12, 12), (None, None), (str(BIGGEST), BIGGEST)]
    + [(text, None) for text in NOT_IDS],
)
def test_an_id_is_ascii_digits_within_a_big_integer(value, expected):
    assert as_id(value) == expected


@pytest.mark.parametrize("bad", NOT_IDS)
@pytest.mark.parametrize(
    "url", ["/", "/tong-quan/chi-tieu/approved/", "/tong-quan/canh-bao/", "/bao-cao/"]
)
def test_the_dashboard_and_reports_choose_nothing_for_a_bad_id(login, standing_user, url, bad):
    response = login(standing_user).get(url, {"under": bad, "dot": bad, "chon": bad})
    assert response.status_code == 200


@pytest.mark.parametrize("bad", ["²", str(BIGGEST + 1)])
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/bao-cao-quy/tiep-nhan-nhieu/", "update"),
        ("/bao-cao-quy/nhac-viec/", "unit"),
        ("/don-vi/giao-phu-trach/", "unit"),
    ],
)
def test_a_bulk_action_with_nothing_but_bad_ids_says_nothing_was_chosen(
    login, board_user, url, field, bad
):
    response = login(board_user).post(url, {field: [bad]}, follow=True)
    assert response.status_code == 200
    assert "Chưa chọn" in response.content.decode()


def test_a_round_board_confirms_nothing_for_bad_ids(login, board_user, review_round):
    response = login(board_user).post(
        f"/ra-soat/{review_round.pk}/xac-nhan-nhieu/", {"review": ["²"]}, follow=True
    )
    assert response.status_code == 200


@pytest.mark.parametrize("bad", ["²", str(BIGGEST + 1)])
def test_a_meeting_form_for_a_bad_cell_chooses_no_cell(login, board_user, unit, other_unit, bad):
    response = login(board_user).get("/sinh-hoat/ghi/", {"chi_bo": bad})
    assert response.status_code == 200


def test_an_id_past_the_databases_integer_matches_no_row(unit):
    from organizations.models import Unit

    assert list(Unit.objects.filter(pk__in=[unit.pk, BIGGEST + 1])) == [unit]
    assert list(Unit.objects.filter(pk__in=[BIGGEST + 1, -(BIGGEST + 2)])) == []


@pytest.mark.parametrize("bad", [str(BIGGEST + 1), "9" * 40])
def test_a_list_of_choices_posted_with_an_id_past_the_databases_integer_is_refused(
    login, plan, secretary, bad
):
    response = login(secretary).post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/", {"what": "Kiểm tra nghị quyết", "causes": [bad]}
    )
    assert response.status_code == 200  # the form again, naming the field at fault
    assert f"Khắc phục nguyên nhân: Lựa chọn “{bad}” không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("bad", ["", "²", str(BIGGEST + 1)])
def test_a_button_posted_with_a_bad_id_finds_nothing(
    login, ward, unit, office_user, inspection_user, bad
):
    from consolidation.models import ComplexCase
    from tests.consolidation.test_inspections import new_inspection

    case = ComplexCase.objects.create(unit=unit, kind="petition", description="Lối đi chung")
    done = {"action": "done", "mốc": bad}
    assert login(office_user).post(f"/so-theo-doi/vu-viec/{case.pk}/", done).status_code == 404
    inspection = new_inspection(ward, [unit], inspection_user)
    cite = {"action": "cite", "review": bad}
    response = login(inspection_user).post(f"/kiem-tra/{inspection.pk}/", cite)
    assert response.status_code == 404
