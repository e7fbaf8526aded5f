"""“Tạo kế hoạch năm sau từ kế hoạch này”: a new draft campaign copied from an existing one.

The copy takes the plan's texts, criteria with their targets, monthly figure definitions, award forms,
steps and recipients, with the period and dates moved to the new year; award forms (and with them the
receiving bodies and deciding officials), the plan's wording about the district and the one-stop, and
the Căn cứ lines are resolved again from the dated rules of ``campaigns.reference_data`` for the new
dates. ``next_year_preview`` computes all of it without writing, so the officer sees what the rules
changed and why; ``campaign_copy_next_year`` writes exactly that preview (its fingerprint must match).

Parts owned by apps to the right (the rewards app's council, quotas, thresholds and eligibility rules)
are copied by *copiers* those apps register here from their ``AppConfig.ready()`` (``register_copier``):
campaigns cannot import them. Nothing of the source campaign changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import (
    AwardForm,
    AwardLevel,
    Campaign,
    CampaignAwardForm,
    CampaignStatus,
    Criterion,
    CriterionTarget,
    ImplementationStep,
    MonthlyField,
)
from campaigns.plan_revision import plan_changed
from campaigns.policies import NEXT_YEAR_COPIERS, NEXT_YEAR_COPIERS_ONLY
from campaigns.reference_data import TWO_LEVEL_GOVERNMENT_FROM, basis_lines_on, text_rules_between
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import require_role
from tanbinh_portal.service_errors import ServiceError

# Plan fields whose wording the dated rules may change (and whose "năm 2022" becomes the new year).
TEXT_FIELDS = ("parent_body", "title", "introduction", "purposes", "slogan", "closing_text", "recipients")
KEPT_FIELDS = ("issuing_body", "place_name", "signatory_authority", "signatory_position", "signatory_name")
DATE_FIELDS = ("start_date", "end_date", "document_date", "registration_deadline")
FIELD_LABELS = {
    "parent_body": "Cơ quan chủ quản",
    "title": "Trích yếu",
    "introduction": "Mở đầu",
    "purposes": "Mục đích, yêu cầu",
    "slogan": "Khẩu hiệu",
    "closing_text": "Đoạn kết",
    "recipients": "Nơi nhận",
    "start_date": "Từ ngày",
    "end_date": "Đến ngày",
    "document_date": "Ngày ban hành (dự kiến)",
    "registration_deadline": "Hạn đăng ký thi đua",
    "document_number": "Số, ký hiệu",
}
MAX_YEARS_AHEAD = 1  # a plan for next year at the latest (counted from today)


@dataclass(frozen=True)
class Change:
    """One thing the copy does differently from the source, with the reason shown to the officer."""

    part: str
    before: str
    after: str
    reason: str


@dataclass
class NextYearPlan:
    """Everything the copy will write, computed from the source without writing (the preview)."""

    source: Campaign
    year: int
    slug: str
    values: dict[str, Any]  # the new Campaign's plan fields
    criteria: list[dict[str, Any]]  # order, text, kind, targets [dict], fields [dict]
    award_options: list[tuple[AwardForm, str]]
    award_forms: dict[int, AwardForm | None]  # source award form id -> the one in force on the new dates
    steps: list[tuple[int, str, str]]
    rule_changes: list[Change] = field(default_factory=list)  # what the dated rules changed, and why
    moved: list[Change] = field(default_factory=list)  # the dates and year moved to the new year
    not_copied: list[str] = field(default_factory=list)
    bases_before: list[str] = field(default_factory=list)
    bases_after: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # what registered copiers computed, by copier name

    @property
    def fingerprint(self) -> str:
        """A digest of what will be written: the confirmed preview must still be what the copy writes."""
        payload = {
            "slug": self.slug,
            "values": self.values,
            "criteria": self.criteria,
            "award_options": [(f.pk, w) for f, w in self.award_options],
            "steps": self.steps,
            "extra": self.extra,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class Copier(Protocol):
    """A part of the campaign owned by an app to the right (registered with ``register_copier``)."""

    name: str

    def preview(self, plan: NextYearPlan) -> None:
        """Add to ``plan`` (``plan.extra[name]``, ``rule_changes``, ``not_copied``) without writing."""

    def copy(self, plan: NextYearPlan, *, campaign: Campaign, actor: User) -> dict[str, int]:
        """Write the part for the new ``campaign``; return counts for the audit row (keys labelled in
        ``tanbinh_portal.audit_log.KEYS``)."""


_COPIERS: dict[str, Copier] = {}


def register_copier(copier: Copier) -> None:
    """Called from an ``AppConfig.ready()``; registering the same name again replaces it (reloads)."""
    _COPIERS[copier.name] = copier


def registered_copiers() -> list[Copier]:
    return list(_COPIERS.values())


# --- Moving to the new year ----------------------------------------------------------------------


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    """The same day and month ``years`` later (29/02 becomes 28/02 in a common year)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_slug(source: Campaign, year: int) -> str:
    old = str(source.start_date.year)
    if old in source.slug:
        return source.slug.replace(old, str(year))
    return f"{source.slug[:74]}-{year}"


def year_choices(source: Campaign) -> list[int]:
    """The years a copy may be made for: after the source's, up to next year."""
    last = max(local_today().year, source.start_date.year) + MAX_YEARS_AHEAD
    return list(range(source.start_date.year + 1, last + 1))


def _year_rewriter(old: int, new: int) -> Callable[[str], tuple[str, int]]:
    pattern = re.compile(rf"\b(năm) {old}\b", re.IGNORECASE)
    return lambda text: pattern.subn(lambda m: f"{m.group(1)} {new}", text)


@dataclass
class _Rewriter:
    """Applies the year and the dated wording rules to every copied text, recording what changed."""

    old_year: int
    new_year: int
    rules: list
    changes: list[Change]
    moved: list[Change]

    def __call__(self, part: str, text: str, *, field_name: str = "") -> str:
        if not text:
            return text
        result, count = _year_rewriter(self.old_year, self.new_year)(text)
        if count:
            self.moved.append(Change(part, f"năm {self.old_year}", f"năm {self.new_year}", f"{count} chỗ"))
        for rule in self.rules:
            if rule.fields and field_name not in rule.fields:
                continue
            flags = re.IGNORECASE | (re.MULTILINE if rule.fields else 0)
            found = [m.group(0) for m in re.finditer(rule.pattern, result, flags)]
            if not found:
                continue
            result = re.sub(rule.pattern, rule.replacement, result, flags=flags)
            before = "; ".join(dict.fromkeys(f.strip() for f in found))
            self.changes.append(Change(part, before, rule.replacement or "(để trống)", rule.reason))
        return result


# --- The preview -----------------------------------------------------------------------------------


def resolve_award_form(old: AwardForm, day: dt.date) -> tuple[AwardForm | None, str]:
    """The award form of ``old``'s level in force on ``day``, and why it differs (empty: same form)."""
    if old.is_valid_on(day):
        return old, ""
    candidates = [f for f in AwardForm.objects.filter(level=old.level) if f.is_valid_on(day)]
    new = next((f for f in candidates if f.applies_to == old.applies_to), candidates[0] if candidates else None)
    if new is None:
        if old.level == AwardLevel.DISTRICT and day >= TWO_LEVEL_GOVERNMENT_FROM:
            return None, (
                "Từ 01/07/2025 chính quyền địa phương có hai cấp (tỉnh, xã), không còn cấp huyện: không còn hình "
                f"thức “{old.name}”; đề nghị khen thưởng cấp trên gửi Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)"
            )
        return None, f"Không có hình thức cấp “{old.get_level_display()}” còn hiệu lực vào ngày {day:%d/%m/%Y}"
    return new, f"Quy định có hiệu lực từ ngày {new.valid_from:%d/%m/%Y}: {new.legal_basis}"


def _award_changes(old: AwardForm, new: AwardForm | None, reason: str) -> list[Change]:
    part = f"Hình thức khen thưởng “{old.name}”"
    if new is None:
        return [Change(part, old.name, "(không sao chép)", reason)]
    changes = []
    for label, attr in (
        ("cơ quan tiếp nhận đề nghị", "receiving_body"),
        ("người quyết định", "decided_by"),
        ("căn cứ pháp lý", "legal_basis"),
    ):
        before, after = getattr(old, attr) or "(không có)", getattr(new, attr) or "(không có)"
        if before != after:
            changes.append(Change(f"{part}: {label}", before, after, reason))
    return changes


def _criteria_preview(source: Campaign, rewrite: _Rewriter, plan_notes: list[str]) -> list[dict[str, Any]]:
    fields_by_criterion: dict[int, list[MonthlyField]] = {}
    inactive = set()
    for monthly_field in MonthlyField.objects.filter(campaign=source).order_by("order", "id"):
        if not monthly_field.is_active:
            inactive.add(monthly_field.key)
            plan_notes.append(f"Số liệu tháng “{monthly_field.label}” (đã ngừng thu thập)")
            continue
        fields_by_criterion.setdefault(monthly_field.criterion_id, []).append(monthly_field)
    criteria = []
    for criterion in source.criteria.prefetch_related("targets").order_by("order"):
        part = f"Nội dung thi đua {criterion.order}"
        targets = []
        for target in criterion.targets.all():
            if target.indicator in inactive:
                plan_notes.append(f"Chỉ tiêu của nội dung {criterion.order} theo số liệu tháng đã ngừng thu thập")
                continue
            targets.append(
                {
                    "indicator": target.indicator,
                    "comparator": target.comparator,
                    "target": None if target.target is None else str(target.target),
                    "unit_label": target.unit_label,
                }
            )
        fields = [
            {
                "key": f.key,
                "label": rewrite(f"Số liệu tháng “{f.label}”", f.label),
                "unit": f.unit,
                "help_text": rewrite(f"Hướng dẫn nhập “{f.label}”", f.help_text),
                "order": f.order,
                "aggregation": f.aggregation,
            }
            for f in fields_by_criterion.get(criterion.pk, [])
        ]
        kind = criterion.kind if targets or criterion.kind != "measured" else "assessed"
        criteria.append(
            {
                "order": criterion.order,
                "text": rewrite(part, criterion.text),
                "kind": kind,
                "targets": targets,
                "fields": fields,
            }
        )
    return criteria


def next_year_preview(*, source: Campaign, year: int) -> NextYearPlan:
    """What copying ``source`` into ``year`` writes, and what the dated rules change, without writing."""
    if year not in year_choices(source):
        raise ServiceError(
            f"Năm của kế hoạch mới phải sau năm {source.start_date.year} và không quá năm "
            f"{local_today().year + MAX_YEARS_AHEAD}.",
            code="bad_year",
        )
    years = year - source.start_date.year
    start = shift_year(source.start_date, years)
    rule_changes: list[Change] = []
    moved: list[Change] = []
    rewrite = _Rewriter(source.start_date.year, year, text_rules_between(source.start_date, start), rule_changes, moved)
    values: dict[str, Any] = {name: getattr(source, name) for name in KEPT_FIELDS}
    for name in TEXT_FIELDS:
        values[name] = rewrite(FIELD_LABELS[name], getattr(source, name), field_name=name)
    for name in DATE_FIELDS:
        old = getattr(source, name)
        values[name] = shift_year(old, years)
        if old:
            moved.append(Change(FIELD_LABELS[name], f"{old:%d/%m/%Y}", f"{values[name]:%d/%m/%Y}", ""))
    values["document_number"] = ""
    if source.document_number:
        moved.append(
            Change(FIELD_LABELS["document_number"], source.document_number, "(để trống)", "Số văn bản cấp khi ban hành")
        )
    not_copied: list[str] = []
    criteria = _criteria_preview(source, rewrite, not_copied)
    award_forms: dict[int, AwardForm | None] = {}
    award_options = []
    for option in source.award_options.select_related("award_form").order_by("order"):
        new, reason = resolve_award_form(option.award_form, start)
        award_forms[option.award_form_id] = new
        rule_changes.extend(_award_changes(option.award_form, new, reason))
        if new is not None:
            award_options.append((new, rewrite("Hình thức khen thưởng trong kế hoạch", option.wording)))
    steps = [
        (step.order, rewrite(f"Tổ chức thực hiện, mục {step.order}", step.heading),
         rewrite(f"Tổ chức thực hiện, mục {step.order}", step.body))
        for step in source.steps.order_by("order")
    ]  # fmt: skip
    plan = NextYearPlan(
        source=source,
        year=year,
        slug=next_slug(source, year),
        values=values,
        criteria=criteria,
        award_options=award_options,
        award_forms=award_forms,
        steps=steps,
        rule_changes=rule_changes,
        moved=moved,
        not_copied=not_copied,
        bases_before=basis_lines_on(source.document_date or source.start_date),
        bases_after=basis_lines_on(values["document_date"] or start),
    )
    if start < TWO_LEVEL_GOVERNMENT_FROM <= values["end_date"]:
        plan.warnings.append(
            "Đợt thi đua kéo dài qua ngày 01/07/2025 (chính quyền hai cấp): hình thức khen thưởng được xác định "
            "theo ngày bắt đầu đợt; hãy kiểm tra lại các hình thức cấp huyện."
        )
    commune = source.commune.on(start)
    if commune != source.commune:
        plan.moved.append(
            Change(
                "Xã ban hành kế hoạch",
                source.commune.place_name,
                f"{commune} ({commune.province})",
                f"{source.commune} đã được sắp xếp vào {commune} từ ngày "
                f"{commune.valid_from or start:%d/%m/%Y}: kế hoạch mới thuộc xã mới",
            )
        )
    if Campaign.objects.filter(slug=plan.slug).exists():
        plan.warnings.append(f"Đã có phong trào mã “{plan.slug}”: không thể tạo thêm kế hoạch năm {year} từ mã này.")
    for copier in registered_copiers():
        copier.preview(plan)
    return plan


# --- The copy ----------------------------------------------------------------------------------------


def _write_plan(plan: NextYearPlan, campaign: Campaign) -> None:
    for data in plan.criteria:
        criterion = Criterion.objects.create(
            campaign=campaign, order=data["order"], text=data["text"], kind=data["kind"]
        )
        MonthlyField.objects.bulk_create(
            MonthlyField(campaign=campaign, criterion=criterion, **f) for f in data["fields"]
        )
        CriterionTarget.objects.bulk_create(CriterionTarget(criterion=criterion, **t) for t in data["targets"])
    for order, (award_form, wording) in enumerate(plan.award_options, start=1):
        CampaignAwardForm.objects.create(campaign=campaign, award_form=award_form, order=order, wording=wording)
    for order, heading, body in plan.steps:
        ImplementationStep.objects.create(campaign=campaign, order=order, heading=heading, body=body)


def campaign_copy_next_year(*, actor: User, source: Campaign, year: int, fingerprint: str) -> Campaign:
    """Create next year's draft from ``source`` exactly as the confirmed preview showed it.

    ``fingerprint``: the preview's; a source changed since the preview is refused (look again). The new
    campaign records ``copied_from``; one audit row lists what was copied and what the rules changed.
    """
    require_role(actor, *NEXT_YEAR_COPIERS, message=NEXT_YEAR_COPIERS_ONLY, at=source.commune)
    with transaction.atomic():
        source = Campaign.objects.select_for_update(of=("self",)).select_related("commune").get(pk=source.pk)
        # A commune merged since the source ran: next year's plan belongs to its successor (Commune.on).
        commune = source.commune.on(shift_year(source.start_date, year - source.start_date.year))
        if commune != source.commune:
            require_role(actor, *NEXT_YEAR_COPIERS, message=NEXT_YEAR_COPIERS_ONLY, at=commune)
        if source.status == CampaignStatus.DRAFT:
            raise ServiceError("Chỉ tạo kế hoạch năm sau từ một kế hoạch đã phát động.", code="source_draft")
        plan = next_year_preview(source=source, year=year)
        if fingerprint != plan.fingerprint:
            raise ServiceError(
                "Kế hoạch gốc vừa thay đổi sau khi bạn xem trước: hãy xem lại các thay đổi rồi xác nhận.",
                code="stale_preview",
            )
        if Campaign.objects.filter(slug=plan.slug).exists():
            raise ServiceError(f"Đã có phong trào mã “{plan.slug}”.", code="duplicate_slug")
        campaign = Campaign.objects.create(
            commune=commune, slug=plan.slug, copied_from=source, status=CampaignStatus.DRAFT, **plan.values
        )
        _write_plan(plan, campaign)
        counts = {
            "criterion_count": len(plan.criteria),
            "target_count": sum(len(c["targets"]) for c in plan.criteria),
            "monthly_field_count": sum(len(c["fields"]) for c in plan.criteria),
            "award_form_count": len(plan.award_options),
            "step_count": len(plan.steps),
        }
        for copier in registered_copiers():
            counts.update(copier.copy(plan, campaign=campaign, actor=actor))
        plan_changed(campaign.pk)  # bulk_create sends no signal
        audit_record(
            actor=actor,
            action=AuditAction.CAMPAIGN_COPY_NEXT_YEAR,
            obj=campaign,
            changes={
                "copied_from": [None, source.slug],
                "commune": [source.commune.code, commune.code],
                "slug": [None, campaign.slug],
                "copied": counts,
                "rule_changes": [None, [f"{c.part}: {c.before} → {c.after}" for c in plan.rule_changes]],
            },
        )
    return campaign
