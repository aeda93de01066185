"""Forms and helpers more than one area uses."""

from django import forms

from organizations.forms import StyledFormMixin
from organizations.models import Unit
from organizations.selectors import units_visible_to


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def narrowed_to(user, pk) -> Unit | None:
    """The đảng bộ cơ sở a list is narrowed to (from the dashboard), if the user sees it."""
    return units_visible_to(user).filter(pk=pk).first() if pk else None
