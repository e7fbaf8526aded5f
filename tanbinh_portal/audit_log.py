"""Reading the audit log as people do: Vietnamese action names, field labels and values, local times,
filters by person, date and object, one page at a time.

The rows keep their technical codes (``nomination.submit``, ``{"status": ["draft", "submitted"]}``);
this module only translates them for display, so nothing stored ever changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from tanbinh_portal.audit import AuditAction
from tanbinh_portal.formatting import format_number, format_target
from tanbinh_portal.models import AuditEvent

PAGE_SIZE = 50

# The Vietnamese name of each action code (from the enum the services write with).
ACTIONS = {action.value: action.label for action in AuditAction}

# Keys written by services that are not model fields.
FIELDS = {
    "added": "Thêm mới",
    "updated": "Cập nhật",
    "unchanged": "Không đổi",
    "errors": "Số dòng lỗi",
    "dry_run": "Chỉ kiểm tra",
    "tally": "Số phiếu (đồng ý, không đồng ý, không hợp lệ)",
    "approved": "Đề nghị được duyệt",
    "commitments": "Cam kết",
    "targets": "Chỉ tiêu",
    "criterion": "Nội dung thi đua",
    "award_forms": "Hình thức khen thưởng",
    "present": "Số thành viên có mặt",
    "members": "Số thành viên",
    "ballots": "Số phiếu",
    "minutes": "Biên bản",
    "rule": "Điều kiện",
    "count": "Số lượng",
    "recipients": "Người nhận",
    "unreachable": "Không liên lạc được",
    "file": "Tệp",
    "month": "Tháng",
    "values": "Số liệu",
    "copied": "Đã sao chép",
    "rule_changes": "Quy định mới thay đổi",
    "pixels": "Kích thước ảnh (điểm ảnh)",
}

# Indicator codes in words; the kpi app registers its labels at start-up (no import from apps here).
INDICATOR_LABELS: dict[str, str] = {}


def register_indicator_labels(labels: dict[str, str]) -> None:
    INDICATOR_LABELS.update(labels)


# Codes defined as data by an app (a plan's monthly-field keys such as "tthc_cong_khai"): a resolver
# takes a set of codes and answers the labels it knows, in one query for the whole page.
KEY_RESOLVERS: list[Callable[[set[str]], Mapping[str, str]]] = []


def register_key_labels(resolver: Callable[[set[str]], Mapping[str, str]]) -> None:
    if resolver not in KEY_RESOLVERS:
        KEY_RESOLVERS.append(resolver)


def data_key_labels(keys: Iterable[str]) -> dict[str, str]:
    """The labels the registered resolvers give for ``keys`` (codes nobody knows are left out)."""
    wanted = {key for key in keys if isinstance(key, str) and key}
    labels: dict[str, str] = {}
    for resolver in KEY_RESOLVERS:
        if not wanted - set(labels):
            break
        labels.update({k: v for k, v in resolver(wanted - set(labels)).items() if k not in labels})
    return labels


# Keys inside stored dict values (a registration's commitments).
KEYS = {
    "text": "Nội dung",
    "criteria": "Theo nội dung thi đua",
    "target": "Chỉ tiêu",
    "criterion": "Nội dung",
    # What "Tạo kế hoạch năm sau từ kế hoạch này" copied (campaign.copy_next_year).
    "criterion_count": "Nội dung thi đua",
    "target_count": "Chỉ tiêu",
    "monthly_field_count": "Số liệu tháng",
    "award_form_count": "Hình thức khen thưởng",
    "step_count": "Mục tổ chức thực hiện",
    "council_member_count": "Thành viên Hội đồng",
    "quota_count": "Chỉ tiêu khen thưởng",
    "rule_count": "Điều kiện khen thưởng",
}
DECIMAL = re.compile(r"^-?\d+\.\d+$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


def object_type_label(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name).capitalize() if model else label


# Audit rows keep the model label they were written with; a model that moved to another app is found under
# its new label (rows are never rewritten).
MOVED_MODELS = {"campaigns.GeneratedDocument": "documents.GeneratedDocument"}


def _model(label: str):
    try:
        return apps.get_model(MOVED_MODELS.get(label, label))
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model, name: str, labels: Mapping[str, str] | None = None) -> str:
    if name in FIELDS:
        return FIELDS[name]
    field = _field(model, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose:
        return str(verbose).capitalize()
    if labels and name in labels:
        return labels[name]
    if name in INDICATOR_LABELS:
        return INDICATOR_LABELS[name]
    return name.replace("_", " ").capitalize()


def value_text(value: Any, field=None) -> str:
    """A stored value as a reader sees it: choices by their label, Có/Không, local dates, 1.234,5."""
    if value is None or value == "" or value == [] or value == {}:
        return "(trống)"
    choices = dict(getattr(field, "flatchoices", None) or [])
    if not isinstance(value, list | dict) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list):
        return "; ".join(value_text(item) if not isinstance(item, list) else _tuple(item) for item in value)
    if isinstance(value, dict):
        pairs = [(KEYS.get(key, key), item) for key, item in value.items() if item not in ("", None, {}, [])]
        return "; ".join(f"{key}: {value_text(item)}" for key, item in pairs)
    text = str(value)
    if DECIMAL.match(text):
        return format_number(text)
    if ISO_MOMENT.match(text):
        try:
            return f"{timezone.localtime(dt.datetime.fromisoformat(text)):%d/%m/%Y %H:%M}"
        except ValueError:
            return text
    if ISO_DATE.match(text):
        return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
    return text


def _tuple(items: list) -> str:
    return "(" + ", ".join(value_text(item) for item in items if item is not None) + ")"


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None for a value that is not a before/after pair
    new: str


def _targets_text(targets, labels: Mapping[str, str] | None = None) -> str:
    """A criterion's targets ``[[indicator, comparator, target, unit], …]`` as the plan prints them;
    an indicator is a computed rate or count, or one of the plan's monthly fields (``labels``)."""
    if not isinstance(targets, list) or not targets:
        return value_text(targets)
    indicators = {**(labels or {}), **INDICATOR_LABELS}
    parts = []
    for item in targets:
        if not (isinstance(item, list) and len(item) == 4):
            return value_text(targets)
        indicator, comparator, target, unit = item
        parts.append(f"{indicators.get(indicator, indicator)}: {format_target(comparator, target, unit or '%')}")
    return "; ".join(parts)


def data_keys_of(event: AuditEvent) -> set[str]:
    """The codes in an event that only an app's data can name: change names that are neither
    service keys nor model fields (a month's figures are keyed by field), and target indicators."""
    model = _model(event.object_type)
    keys = set()
    for name, change in (event.changes or {}).items():
        if name == "targets" and isinstance(change, list):
            for side in change:
                keys |= {item[0] for item in side or [] if isinstance(item, list) and len(item) == 4}
        elif name not in FIELDS and _field(model, name) is None:
            keys.add(name)
    return keys - set(INDICATOR_LABELS)


def changes_of(event: AuditEvent, labels: Mapping[str, str] | None = None) -> list[Change]:
    """The event's changes in words; ``labels`` names the data codes (see ``data_keys_of``)."""
    model = _model(event.object_type)
    if labels is None:
        labels = data_key_labels(data_keys_of(event))
    out = []
    for name, change in (event.changes or {}).items():
        field = _field(model, name)
        label = field_label(model, name, labels)
        if name == "targets" and isinstance(change, list) and len(change) == 2:
            out.append(Change(label, _targets_text(change[0], labels), _targets_text(change[1], labels)))
            continue
        if isinstance(change, list) and len(change) == 2:
            out.append(Change(label, value_text(change[0], field), value_text(change[1], field)))
        else:
            out.append(Change(label, None, value_text(change, field)))
    return out


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    object_type: str = ""
    search: str = ""
    day_from: dt.date | None = None
    day_to: dt.date | None = None


def audit_events_filtered(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    if filters.actor_id:
        events = events.filter(actor_id=filters.actor_id)
    if filters.object_type:
        moved_from = [old for old, new in MOVED_MODELS.items() if new == filters.object_type]
        events = events.filter(object_type__in=[filters.object_type, *moved_from])
    if filters.search:
        events = events.filter(object_repr__icontains=filters.search)
    zone = timezone.get_current_timezone()
    if filters.day_from:
        events = events.filter(at__gte=dt.datetime.combine(filters.day_from, dt.time(), zone))
    if filters.day_to:
        events = events.filter(at__lt=dt.datetime.combine(filters.day_to + dt.timedelta(days=1), dt.time(), zone))
    return events


def audit_page(filters: AuditFilters, page_number) -> Page:
    """One page of events, each with ``action_label``, ``type_label`` and ``change_list`` attached."""
    page = Paginator(audit_events_filtered(filters), PAGE_SIZE).get_page(page_number)
    events = list(page.object_list)
    labels = data_key_labels(set().union(*(data_keys_of(event) for event in events)))
    for event in events:
        event.action_label = action_label(event.action)
        event.type_label = object_type_label(event.object_type)
        event.change_list = changes_of(event, labels)
    page.object_list = events
    return page


def audit_filter_choices() -> dict:
    """The people who appear in the log and the kinds of object, both in words."""
    users = get_user_model().objects.filter(pk__in=AuditEvent.objects.values("actor_id")).order_by("username")
    stored = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
    types = {MOVED_MODELS.get(label, label) for label in stored}
    return {
        "actors": [(u.pk, u.get_full_name() or u.username) for u in users],
        "types": sorted(((t, object_type_label(t)) for t in types), key=lambda item: item[1]),
    }
