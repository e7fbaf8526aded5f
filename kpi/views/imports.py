"""Import pages: upload (queued as a Celery task), progress polled by htmx, errors as XLSX."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import Commune
from campaigns.selectors import commune_for
from kpi.forms import DossierImportForm
from kpi.importer.columns import COLUMNS
from kpi.importer.template import template_workbook
from kpi.models import DossierImport
from kpi.selectors import dossier_import_as_shown, latest_imports
from kpi.services import dossier_import_create, dossier_import_retry
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, OFFICER, ONE_STOP, VICE_CHAIRMAN, has_role
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.spreadsheets import Column, Sheet, commune_heading, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who sees every import of the commune; the one-stop desk uploads the log it prepares and sees the
# imports it uploaded (its own results and error reports), the officer keeps the rest (retry).
ALL_IMPORTS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)
VIEWERS = (*ALL_IMPORTS, ONE_STOP)
UPLOADERS = (OFFICER, ONE_STOP)


@role_required(*VIEWERS)
def import_list(request):
    here = commune_for(request.user)
    communes = Commune.objects.filter(pk=here.pk) if here is not None else Commune.objects.none()
    form = DossierImportForm(request.POST or None, request.FILES or None, communes=communes)
    if request.method == "POST":
        if not has_role(request.user, *UPLOADERS):
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê và Bộ phận Một cửa được nhập sổ hồ sơ.")
        if form.is_valid():
            with service_call(request, form=form, field="file") as call:
                record = dossier_import_create(
                    actor=request.user,
                    commune=form.cleaned_data["commune"],
                    upload=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            # No flash message: the page's progress block says the file was received and, once the
            # import ends, what became of it (a "đang xử lý" banner would stay beside the result).
            if call.ok:
                return redirect("kpi:import-detail", record.pk)
    commune = form.fields["commune"].queryset.first()
    return render(
        request,
        "kpi/dossierimport_list.html",
        {
            "form": form,
            "imports": latest_imports(commune.pk, uploaded_by=_only_own(request.user)) if commune else [],
            "columns": COLUMNS,
            "can_upload": has_role(request.user, *UPLOADERS),
            "sees_all": _only_own(request.user) is None,
        },
    )


def _only_own(user):
    """The user whose imports are the only ones shown, or None when every import is."""
    return None if has_role(user, *ALL_IMPORTS) else user


def _record(request, pk: int) -> DossierImport:
    """An import the user may see; another's import answers 404, exactly like a missing one."""
    imports = DossierImport.objects.select_related("created_by")
    if (own := _only_own(request.user)) is not None:
        imports = imports.filter(created_by=own)
    # A run whose worker died shows as "Bị gián đoạn" at once, not "running" until the next sweep
    # (which stores it): the page only reads.
    return dossier_import_as_shown(get_object_or_404(imports, pk=pk))


def _progress_context(request, pk: int) -> dict:
    return {
        "record": _record(request, pk),
        "can_retry": has_role(request.user, OFFICER),
        "retention_days": settings.IMPORT_REJECTED_RETENTION_DAYS,
    }


@role_required(*VIEWERS)
def import_detail(request, pk: int):
    return render(request, "kpi/dossierimport_detail.html", _progress_context(request, pk))


@role_required(*VIEWERS)
def import_progress(request, pk: int):
    return render(request, "kpi/_import_progress.html", _progress_context(request, pk))


@require_POST
@role_required(OFFICER)
def import_retry(request, pk: int):
    record = get_object_or_404(DossierImport, pk=pk)
    with service_call(request) as call:
        dossier_import_retry(actor=request.user, record=record)
    if call.ok:
        messages.info(request, "Đã xếp lại lần nhập vào hàng đợi.")
    return redirect("kpi:import-detail", record.pk)


@role_required(*VIEWERS)
def import_errors(request, pk: int):
    record = _record(request, pk)
    heading = commune_heading(record.commune, f"Báo cáo lỗi nhập sổ theo dõi hồ sơ: {record.file_name}")
    sheets = []
    if record.errors or not record.warnings:
        rows = [[e["row"], e["column"], e["value"], e["reason"]] for e in record.errors]
        columns = ["Dòng", "Cột", Column("Giá trị", text=True), "Lý do"]
        sheets.append(Sheet("Lỗi nhập", columns, rows, heading=heading))
    if record.warnings:
        rows = [[w["row"], w["column"], w["value"], w["reason"]] for w in record.warnings]
        columns = ["Dòng", "Cột", Column("Giá trị", text=True), "Cảnh báo"]
        sheets.append(Sheet("Cảnh báo", columns, rows, heading=heading))
    data = write_xlsx(sheets)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{record.pk}.xlsx"'
    return response


@role_required(*VIEWERS)
def import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-so-theo-doi-ho-so.xlsx"'
    return response
