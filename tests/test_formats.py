import datetime

from django import forms
from django.template import Context, Template
from django.utils import translation

from organizations.forms import DateInput


class _DateForm(forms.Form):
    day = forms.DateField(widget=DateInput)


def test_dates_are_typed_day_first():
    form = _DateForm({"day": "05/03/2026"})

    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 3, 5)


def test_a_date_that_does_not_exist_is_refused_in_vietnamese():
    form = _DateForm({"day": "31/02/2026"})

    assert not form.is_valid()
    assert "ngày/tháng/năm" in form.errors["day"][0]


def test_dates_are_shown_day_first():
    rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ d }}").render(
        Context({"d": datetime.date(2026, 3, 5)})
    )

    assert rendered == "05/03/2026 05/03/2026"


def test_the_week_starts_on_monday():
    from django.utils.formats import get_format

    with translation.override("vi"):
        assert get_format("FIRST_DAY_OF_WEEK") == 1


def test_the_date_widget_shows_the_vietnamese_format():
    form = _DateForm(initial={"day": datetime.date(2026, 3, 5)})

    html = str(form["day"])

    assert 'value="05/03/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_missing_django_messages_are_translated():
    with translation.override("vi"):
        assert translation.gettext("Enter a whole number.") == "Vui lòng nhập một số nguyên."
        assert (
            translation.gettext("That page contains no results") == "Trang này không có kết quả nào"
        )
