"""Import pages: upload (queued as a Celery task), progress polled by htmx, errors as XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kpi.forms import DossierImportForm
from kpi.importer.columns import COLUMNS
from kpi.models import DossierImport
from kpi.selectors import latest_imports
from kpi.services import dossier_import_create, dossier_import_retry, dossier_imports_mark_interrupted
from kpi.services.imports import ImportNotRetryable
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, OFFICER, ONE_STOP, VICE_CHAIRMAN, has_role
from tanbinh_portal.spreadsheets import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEWERS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)

SAMPLE_ROWS = [
    ["TB-220303-00001", "1.001", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "1",
     "03/03/2022 08:15", "03/03/2022", "03/03/2022 09:00", "03/03/2022 09:05", "10", "0",
     "Võ Thị Lan", "Võ Thị Lan", "Rất hài lòng", "", "x"],
    ["TB-220304-00002", "2.001", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến",
     "2022-03-04T10:00:00+07:00", "2022-03-08", "", "2022-03-10T02:00:00Z", "Đã trả kết quả", "",
     "Huỳnh Văn Sang", "Phan Thị Ngọc", "KHL", "Cán bộ gây phiền hà, hẹn nhiều lần", ""],
    ["TB-220305-00003", "3.002", "Xác nhận hiện trạng sử dụng đất", "Đất đai", "3",
     "05/03/2022 14:00", "12/03/2022 16:30", "", "", "5", "1",
     "Lâm Thị Thu", "Đặng Văn Minh", "", "", "0"],
]  # fmt: skip


@role_required(*VIEWERS)
def import_list(request):
    form = DossierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not has_role(request.user, OFFICER):
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê được nhập sổ hồ sơ.")
        if form.is_valid():
            record = dossier_import_create(
                actor=request.user,
                commune=form.cleaned_data["commune"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            messages.info(request, f"Đã nhận tệp “{record.file_name}”. Tiến độ và kết quả hiện ở dưới.")
            return redirect("kpi:import-detail", record.pk)
    commune = form.fields["commune"].queryset.first()
    return render(
        request,
        "kpi/dossierimport_list.html",
        {
            "form": form,
            "imports": latest_imports(commune.pk) if commune else [],
            "columns": COLUMNS,
            "can_upload": has_role(request.user, OFFICER),
        },
    )


def _record(pk: int) -> DossierImport:
    # A run whose worker died shows as "Bị gián đoạn" at once, not "running" until the next sweep.
    dossier_imports_mark_interrupted(import_ids=[pk])
    return get_object_or_404(DossierImport.objects.select_related("created_by"), pk=pk)


@role_required(*VIEWERS)
def import_detail(request, pk: int):
    record = _record(pk)
    context = {"record": record, "can_upload": has_role(request.user, OFFICER)}
    return render(request, "kpi/dossierimport_detail.html", context)


@role_required(*VIEWERS)
def import_progress(request, pk: int):
    context = {"record": _record(pk), "can_upload": has_role(request.user, OFFICER)}
    return render(request, "kpi/_import_progress.html", context)


@require_POST
@role_required(OFFICER)
def import_retry(request, pk: int):
    record = get_object_or_404(DossierImport, pk=pk)
    try:
        dossier_import_retry(actor=request.user, record=record)
    except ImportNotRetryable as error:
        messages.error(request, str(error))
    else:
        messages.info(request, "Đã xếp lại lần nhập vào hàng đợi.")
    return redirect("kpi:import-detail", record.pk)


@role_required(*VIEWERS)
def import_errors(request, pk: int):
    record = _record(pk)
    rows = [[e["row"], e["column"], e["value"], e["reason"]] for e in record.errors]
    data = write_xlsx([("Lỗi nhập", ["Dòng", "Cột", "Giá trị", "Lý do"], rows)])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{record.pk}.xlsx"'
    return response


@role_required(*VIEWERS, ONE_STOP)
def import_template(request):
    headers = [c.header for c in COLUMNS]
    aliases = [[c.header, c.alias, "có" if c.required else "không"] for c in COLUMNS]
    data = write_xlsx([("Hồ sơ", headers, SAMPLE_ROWS), ("Cột", ["Tiêu đề", "Tên trường DVCQG", "Bắt buộc"], aliases)])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-so-theo-doi-ho-so.xlsx"'
    return response
