"""Views of units (tập thể) and people (cán bộ, công chức), and the staff import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from campaigns import selectors, services
from campaigns.forms import OneStopContactForm, PersonForm, StaffImportForm, UnitForm
from campaigns.models import Person, Unit
from campaigns.staff_import import COLUMNS, staff_import_apply
from tanbinh_portal.access import role_required
from tanbinh_portal.params import query_int, query_text
from tanbinh_portal.roles import MANAGERS, OFFICER, has_role
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.spreadsheets import XLSX_TYPE, Column, Sheet, write_xlsx


def _commune(request):
    commune = selectors.commune_for(request.user)
    if commune is None:
        raise PermissionDenied("Tài khoản chưa gắn với xã nào.")
    return commune


@role_required(*MANAGERS)
def unit_list(request):
    return render(request, "campaigns/unit_list.html", {"units": selectors.units_for(_commune(request))})


@role_required(OFFICER)
def unit_edit(request, pk: int | None = None):
    commune = _commune(request)
    unit = get_object_or_404(Unit, pk=pk, commune=commune) if pk else None
    initial = (
        {
            "name": unit.name,
            "unit_type": unit.unit_type,
            "head": unit.head_id,
            "member_count": unit.member_count,
            "is_active": unit.is_active,
            "version": unit.version,
        }
        if unit
        else {"is_active": True}
    )
    form = UnitForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "unit_type", "head", "member_count", "is_active")}
        with service_call(request, form=form) as call:
            services.unit_save(
                actor=request.user, commune=commune, data=data, unit=unit, expected_version=form.cleaned_data["version"]
            )
        if call.ok:
            messages.success(request, "Đã lưu tập thể.")
            return redirect("campaigns:unit-list")
    return render(request, "campaigns/unit_form.html", {"form": form, "unit": unit})


@role_required(*MANAGERS)
def person_list(request):
    commune = _commune(request)
    unit_id = query_int(request, "tap_the")
    query = query_text(request, "q")
    people = selectors.people_for(commune, unit_id=unit_id, query=query)
    return render(
        request,
        "campaigns/person_list.html",
        {
            "people": people,
            "units": Unit.objects.filter(commune=commune).prefetch_related("dated_names").order_by("name"),
            "unit_id": str(unit_id or ""),
            "query": query,
        },
    )


@role_required(OFFICER)
def person_edit(request, pk: int | None = None):
    commune = _commune(request)
    person = get_object_or_404(Person, pk=pk, commune=commune) if pk else None
    fields = (
        "full_name",
        "position",
        "unit",
        "sex",
        "year_of_birth",
        "user",
        "has_open_disciplinary_matter",
        "disciplinary_note",
        "is_active",
    )
    initial = {f: getattr(person, f) for f in fields} | {"version": person.version} if person else {"is_active": True}
    form = PersonForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        with service_call(request, form=form) as call:
            services.person_save(
                actor=request.user,
                commune=commune,
                data=data,
                person=person,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, "Đã lưu thông tin cán bộ.")
            return redirect("campaigns:person-list")
    return render(request, "campaigns/person_form.html", {"form": form, "person": person})


@role_required(OFFICER)
def staff_import(request):
    commune = _commune(request)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with service_call(request, form=form, field="file") as call:
            result = staff_import_apply(
                actor=request.user,
                commune=commune,
                stream=upload,
                file_name=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        if call.ok and result.applied:
            messages.success(
                request,
                f"Đã nhập danh sách: thêm {result.created}, cập nhật {result.updated}, không đổi {result.unchanged}.",
            )
            return redirect("campaigns:person-list")
    return render(request, "campaigns/staff_import.html", {"form": form, "result": result, "columns": COLUMNS})


@role_required(OFFICER)
def staff_import_template(request):
    """An empty staff list with the expected headers and one example row."""
    example = {
        "full_name": "Nguyễn Văn A",
        "position": "Công chức Tư pháp – Hộ tịch",
        "unit": "Ủy ban nhân dân xã",
        "sex": "Nam",
        "year_of_birth": "1985",
    }
    example = [example.get(key, "") for key in COLUMNS]
    # No title rows: the file comes back through the import, which reads the header from row 1.
    columns = [Column(header, text=True) for header in COLUMNS.values()]
    content = write_xlsx([Sheet("Danh sách cán bộ", columns, [example])])
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    return response


@role_required(*MANAGERS)
def one_stop_contact(request):
    """The address and phone of the commune's one-stop counter: the office officer edits them; the
    chairman and vice-chairmen see them (docs/permissions.md)."""
    commune = _commune(request)
    can_edit = has_role(request.user, OFFICER)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê của xã cập nhật địa chỉ Bộ phận Một cửa.")
    initial = {"address": commune.one_stop_address, "phone": commune.one_stop_phone}
    form = OneStopContactForm(request.POST or None, initial=initial) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.commune_contact_set(
                actor=request.user,
                commune=commune,
                address=form.cleaned_data["address"],
                phone=form.cleaned_data["phone"],
            )
        if call.ok:
            messages.success(request, "Đã lưu địa chỉ và số điện thoại của Bộ phận Một cửa.")
            return redirect("campaigns:one-stop-contact")
    return render(request, "campaigns/one_stop_contact.html", {"form": form, "commune": commune})
