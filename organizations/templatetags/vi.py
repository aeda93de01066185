"""Template filters for Vietnamese display: numbers with "." thousands, percentages."""

from django import template

from organizations.models import Bloc, RatingLevel
from organizations.selectors import display_name

register = template.Library()


@register.filter
def vnum(value):
    """6808 -> "6.808"; None -> "–"."""
    if value is None or value == "":
        return "–"
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,}".replace(",", ".")


@register.filter
def vpercent(value, digits=0):
    """0.8 -> "80 %"; 0.845 with digits=1 -> "84,5 %"."""
    if value is None:
        return "–"
    text = f"{float(value) * 100:.{int(digits)}f}".replace(".", ",")
    return f"{text} %"


@register.filter
def rating_label(level: str) -> str:
    try:
        return RatingLevel(level).label
    except ValueError:
        return level


@register.filter
def person(user) -> str:
    return display_name(user)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def abs_value(value):
    return abs(value)


@register.filter
def lines(value: object) -> list[str]:
    """A message's lines: the first is its sentence, any further ones a list under it (a
    refusal with several reasons is one alert, not one alert per reason)."""
    return [line for line in str(value).splitlines() if line.strip()]


@register.filter
def bloc_label(value: str) -> str:
    try:
        return Bloc(value).label
    except ValueError:
        return value or "–"


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context, *forms, problems=None, title="Chưa lưu được"):
    """One box at the top of a page whose forms were refused: every problem, each field's
    linked to the field, so a person on a phone sees at once what to fix and where (the
    fields keep their own messages too). `forms` may hold forms and formsets; `problems`
    adds messages of the page's own (a service's refusal). The edit-conflict message has a
    box of its own and is not repeated here."""
    conflict = str(context.get("conflict") or "")
    items: list[dict] = [{"text": p} for p in (problems or [])]
    for form in forms:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            items += [{"text": e} for e in form.non_form_errors()]
            for index, member in enumerate(form.forms, start=1):
                items += _form_errors(member, prefix=f"Dòng {index}: ")
        else:
            items += _form_errors(form)
    items = [i for i in items if i["text"] != conflict]
    seen, unique = set(), []
    for item in items:
        key = (item["text"], item.get("href"))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return {"items": unique, "title": title}


def _form_errors(form, prefix: str = "") -> list[dict]:
    if not form.is_bound or not form.errors:
        return []
    items = [{"text": f"{prefix}{e}"} for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        label = bound.label or name
        widget = bound.field.widget
        target = bound.auto_id
        # Radio buttons and checkbox lists have no element with the field's own id.
        if getattr(widget, "input_type", "") in ("radio", "checkbox") and hasattr(
            widget, "choices"
        ):
            target = f"{bound.auto_id}_0"
        for error in errors:
            items.append(
                {"text": f"{prefix}{label}: {error}", "href": f"#{target}" if target else ""}
            )
    return items
