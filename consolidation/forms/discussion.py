"""The forms of a discussion: a remark (with files and the thread it answers), an edit, a
reason to hide."""

from django import forms

from organizations.forms import StyledFormMixin

from ..files import EvidenceField


class RemarkForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="Ý kiến",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Gõ @tên_đăng_nhập để nhắc một đồng chí; người được nhắc nhận thông báo.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachments = EvidenceField(label="Tệp kèm theo")


class RemarkEditForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="Sửa ý kiến", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemarkHideForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do ẩn", max_length=300)
