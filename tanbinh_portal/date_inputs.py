"""The date input of every form: typed as dd/mm/yyyy, refused with one Vietnamese message."""

from __future__ import annotations

from django import forms

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_ERRORS = {"invalid": "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 02/01/2022."}
