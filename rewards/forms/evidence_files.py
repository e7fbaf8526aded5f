"""Forms of a nomination's evidence files: add and replace.

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from campaigns.models import CriterionKind
from rewards.evidence import shorten
from tanbinh_portal.text import SingleLineFormMixin


class EvidenceFileForm(SingleLineFormMixin, forms.Form):
    """A file to attach (its kind and size are checked by the service, from its content)."""

    file = forms.FileField(
        label="Tệp minh chứng",
        required=False,
        help_text="PDF, ảnh (JPEG, PNG…) hoặc văn bản Office; kiểm tra theo nội dung tệp, không theo tên.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,.gif,.tif,.tiff,.webp,.heic,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
            }
        ),
    )
    criterion = forms.ModelChoiceField(
        label="Cho nội dung thi đua (Hội đồng đánh giá)",
        queryset=None,
        required=False,
        empty_label="— Minh chứng chung của đề nghị —",
        error_messages={"invalid_choice": "Nội dung thi đua đã chọn không còn; hãy chọn lại."},
    )
    description = forms.CharField(label="Mô tả", max_length=300, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = campaign.criteria.filter(kind=CriterionKind.ASSESSED)
        self.fields["criterion"].label_from_instance = lambda c: f"{c.order}. {shorten(c.text, 90)}"


class EvidenceReplaceForm(forms.Form):
    file = forms.FileField(label="Tệp mới", required=False)
