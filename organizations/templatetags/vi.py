"""Template filters for Vietnamese display: numbers with "." thousands, percentages."""

from django import template

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
def querystring_without(query: str, key: str) -> str:
    from urllib.parse import parse_qsl, urlencode

    return urlencode([(k, v) for k, v in parse_qsl(query) if k != key])


@register.filter
def rating_label(level: str) -> str:
    from organizations.models import RatingLevel

    try:
        return RatingLevel(level).label
    except ValueError:
        return level


@register.filter
def person(user) -> str:
    from organizations.selectors import display_name

    return display_name(user)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def abs_value(value):
    return abs(value)


@register.filter
def bloc_label(value: str) -> str:
    from organizations.models import Bloc

    try:
        return Bloc(value).label
    except ValueError:
        return value or "–"
