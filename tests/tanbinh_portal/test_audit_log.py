"""The audit log reads in Vietnamese: action names, field labels, values, local times, filters, pages."""

from __future__ import annotations

import ast
import datetime as dt
import pathlib
import unicodedata

import pytest
from django.urls import reverse

from campaigns.services import unit_save
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.audit_log import ACTIONS, PAGE_SIZE
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED


def _page(client, **params) -> str:
    return client.get(reverse("audit-log"), params).content.decode()


def test_actions_fields_and_values_are_in_vietnamese(campaign, client_as):
    html = _page(client_as("vanphong"), loai="campaigns.Campaign")
    assert "Phát động phong trào" in html and "campaign.launch" not in html
    assert "<strong>Trạng thái</strong>: Dự thảo → Đã phát động" in html
    assert "[&#x27;draft&#x27;" not in html and "draft" not in html


def test_import_counts_and_flags_read_as_words(campaign, officer, client_as):
    audit_record(actor=officer, action="kpi.import_checked", obj=campaign, changes={"dry_run": True, "added": 1234})
    html = _page(client_as("vanphong"))
    assert "Kiểm tra sổ theo dõi hồ sơ (không ghi)" in html
    assert "<strong>Chỉ kiểm tra</strong>: Có" in html and "<strong>Thêm mới</strong>: 1.234" in html
    assert "dry_run" not in html and "True" not in html


def test_every_action_has_a_vietnamese_name():
    assert set(ACTIONS) == set(AuditAction.values)
    for action in AuditAction:
        label = ACTIONS[action.value]
        assert label != action.value and label[0].isupper() and unicodedata.is_normalized("NFC", label), action
    assert len(set(ACTIONS.values())) == len(ACTIONS)  # two actions never read the same


def _audit_calls():
    """Every ``audit_record(…)`` call (and the ``action=`` of the helpers that pass it on) in the apps."""
    root = pathlib.Path(__file__).resolve().parents[2]
    for app in ("campaigns", "kpi", "rewards", "documents", "tanbinh_portal"):
        for path in sorted(root.glob(f"{app}/**/*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    for keyword in node.keywords:
                        if keyword.arg == "action":
                            yield path.relative_to(root), node, keyword.value


def test_every_audit_call_names_its_action_from_the_enum():
    """``action=`` is ``AuditAction.X``, a lookup in a table of members, or a parameter passing one on:
    never a string literal, an f-string or a concatenation like ``"kpi.import_" + status``."""
    offenders, members = [], 0
    for path, call, value in _audit_calls():
        if isinstance(value, ast.Attribute) and getattr(value.value, "id", "") == "AuditAction":
            assert value.attr in AuditAction.names, f"{path}:{call.lineno}: AuditAction.{value.attr}"
            members += 1
        elif isinstance(value, ast.Constant) and value.value in ("store_true", "store_false", "append"):
            continue  # argparse's add_argument(action=…), not an audit action
        elif not isinstance(value, (ast.Name, ast.Subscript)):
            offenders.append(f"{path}:{call.lineno}: {ast.unparse(value)}")
    assert not offenders, offenders
    assert members > 60  # the walk finds the services' calls


def test_every_way_an_import_ends_has_its_action():
    from kpi.models import ImportStatus
    from kpi.services.imports import OUTCOME_ACTIONS

    ends = {ImportStatus.APPLIED, ImportStatus.CHECKED, ImportStatus.UNCHANGED, ImportStatus.REJECTED}
    assert set(OUTCOME_ACTIONS) == ends
    assert all(OUTCOME_ACTIONS[status] == f"kpi.import_{status}" for status in ends)


def test_the_log_is_paginated(campaign, officer, client_as):
    for index in range(PAGE_SIZE + 5):
        audit_record(actor=officer, action="unit.update", obj=campaign, changes={"name": [str(index), "x"]})
    client = client_as("vanphong")
    first = _page(client)
    assert first.count("<tr>") == PAGE_SIZE + 1  # header row + one page
    assert "Trang sau" in first and "page=2" in first
    second = _page(client, page=2)
    assert "Trang trước" in second


def test_filters_by_person_date_and_object(campaign, officer, chairman, client_as):
    # An entry of another person and object type (the factory-built commune writes no audit rows).
    unit_save(
        actor=officer,
        commune=campaign.commune,
        data={"name": "Tổ thử", "unit_type": "other"},
        expected_version=UNCHECKED,
    )
    audit_record(actor=chairman, action="nomination.chairman", obj=campaign, changes={})
    event = AuditEvent.objects.latest("id")
    AuditEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2022, 6, 15, 17, 30, tzinfo=dt.UTC))
    client = client_as("vanphong")
    by_person = _page(client, nguoi=chairman.pk)
    assert "Chủ tịch phê duyệt" in by_person
    assert "Thêm tập thể" not in by_person
    # 17:30 UTC on 15/06 is 00:30 on 16/06 in Việt Nam: the day filter uses local days.
    by_day = _page(client, tu="2022-06-16", den="2022-06-16")
    assert "Chủ tịch phê duyệt" in by_day and "16/06/2022 00:30" in by_day
    assert "Chủ tịch phê duyệt" not in _page(client, tu="2022-06-15", den="2022-06-15")
    assert "Chủ tịch phê duyệt" in _page(client, tim="tân bình năm 2022", nguoi=chairman.pk)
    assert "Thêm tập thể" in _page(client, loai="campaigns.Unit")
    assert "Phong trào thi đua" in _page(client)  # the object type in words


def test_unreadable_filters_get_a_message_not_an_error(campaign, client_as):
    client = client_as("vanphong")
    response = client.get(reverse("audit-log"), {"tu": "31/02/2022", "nguoi": "abc", "loai": "x.Y"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()
    response = client.get(reverse("audit-log"), {"tu": "2022-06-16", "den": "2022-06-01"})
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”" in response.content.decode()


def test_import_labels_use_local_time(campaign, officer, tmp_path):
    from kpi.services import dossier_import_from_path
    from tests.kpi.conftest import row, write_csv

    record = dossier_import_from_path(
        actor=officer, commune=campaign.commune, path=write_csv(tmp_path / "so.csv", [row("A")]), dry_run=True
    )
    from django.utils import timezone

    assert f"({timezone.localtime(record.created_at):%d/%m/%Y %H:%M})" in str(record)


def test_targets_commitments_and_decimals_read_as_the_plan_prints_them(campaign, officer, client_as):
    criterion = campaign.criteria.get(order=2)
    changes = {
        "targets": [[], [["on_time_rate", "gte", "95", "%"], ["dissatisfaction_rate", "lt", "1.3", "%"]]],
        "commitments": [None, {"text": "Cam kết", "criteria": {"2": "≥ 95%"}}],
    }
    audit_record(actor=officer, action="criterion.update", obj=criterion, changes=changes)
    html = _page(client_as("vanphong"), loai="campaigns.Criterion")
    assert "≥ 95%" in html and "&lt; 1,3%" in html and "on_time_rate" not in html and "1.3" not in html
    assert "Nội dung: Cam kết; Theo nội dung thi đua: 2: ≥ 95%" in html


def _month(campaign, officer):
    from kpi.services.monthly import monthly_values_save
    from tanbinh_portal.optimistic import UNCHECKED

    return monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 3}, expected_version=UNCHECKED
    )


def test_monthly_field_keys_read_as_the_plans_field_labels(campaign, officer, client_as):
    criterion = campaign.criteria.get(order=7)
    changes = {"targets": [[], [["promotion_sessions", "gte", "2", "buổi"]]]}
    audit_record(actor=officer, action="criterion.update", obj=criterion, changes=changes)
    report = _month(campaign, officer)
    audit_record(
        actor=officer, action="kpi.monthly_saved", obj=report, changes={"e_documents": [3, 5], "b06a_8": [1, 2]}
    )
    client = client_as("vanphong")
    html = _page(client, loai="campaigns.Criterion")
    assert "Buổi tuyên truyền dịch vụ công trực tuyến: ≥ 2 buổi" in html and "promotion_sessions" not in html
    html = _page(client, loai="kpi.MonthlyReport")
    label = campaign.monthly_fields.get(key="e_documents").label
    assert f"<strong>{label}</strong>: 3 → 5" in html
    assert "<strong>Biểu II.06a, cột 8: Trước hạn</strong>: 1 → 2" in html
    assert "e_documents" not in html and "E documents" not in html and "b06a" not in html


@pytest.mark.full_demo  # reads the audit rows the demo's monthly fields were created with
def test_a_monthly_fields_criterion_reads_in_vietnamese(campaign, client_as):
    html = _page(client_as("vanphong"), loai="campaigns.MonthlyField")
    assert "<strong>Nội dung thi đua</strong>" in html and "<strong>Criterion</strong>" not in html


def test_the_field_labels_of_a_whole_page_take_one_query(campaign, officer, django_assert_num_queries):
    from tanbinh_portal.audit_log import AuditFilters, audit_page

    report = _month(campaign, officer)
    for value in range(5):
        audit_record(actor=officer, action="kpi.monthly_saved", obj=report, changes={"e_documents": [value, 9]})
    with django_assert_num_queries(3):  # count, page, labels
        page = audit_page(AuditFilters(object_type="kpi.MonthlyReport"), 1)
    labels = {c.label for event in page.object_list for c in event.change_list}
    assert campaign.monthly_fields.get(key="e_documents").label in labels


def test_a_code_nobody_knows_keeps_a_readable_fallback(campaign, officer):
    from tanbinh_portal.audit_log import changes_of

    event = audit_record(actor=officer, action="campaign.update", obj=campaign, changes={"no_such_key": [1, 2]})
    assert [(c.label, c.old, c.new) for c in changes_of(event)] == [("No such key", "1", "2")]


def test_rows_written_before_a_model_moved_app_read_and_filter_as_the_moved_model(campaign, officer):
    from tanbinh_portal.audit_log import AuditFilters, audit_events_filtered, audit_filter_choices, object_type_label

    old = AuditEvent.objects.create(
        actor=officer, action="document.render", object_type="campaigns.GeneratedDocument", object_id="1"
    )
    new = AuditEvent.objects.create(
        actor=officer, action="document.render", object_type="documents.GeneratedDocument", object_id="2"
    )
    assert object_type_label(old.object_type) == object_type_label(new.object_type) == "Văn bản đã tạo"
    types = [label for label, _ in audit_filter_choices()["types"]]
    assert "documents.GeneratedDocument" in types and "campaigns.GeneratedDocument" not in types
    found = audit_events_filtered(AuditFilters(object_type="documents.GeneratedDocument"))
    assert set(found.values_list("pk", flat=True)) == {old.pk, new.pk}
