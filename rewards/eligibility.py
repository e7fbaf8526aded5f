"""Evaluating an award form's eligibility checklist, with one plain Vietnamese sentence per rule.

Not an automatic award engine (domain.md §5.2): the checklist informs the officer and the council;
an ineligible nomination reaches the council only with the chairman's written override.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from campaigns.models import Person, Unit
from rewards.models import EligibilityRule, RuleKind
from tanbinh_portal.comparators import meets
from tanbinh_portal.formatting import format_number


def rule_applies(rule: EligibilityRule, nominee: Unit | Person) -> bool:
    collective = isinstance(nominee, Unit)
    return rule.applies_to == "both" or (rule.applies_to == "collective") == collective


def evaluate(rules: list[EligibilityRule], nominee: Unit | Person, evidence: list[dict]) -> list[dict]:
    """``[{"rule", "passed", "explanation"}]`` for each rule that applies to the nominee."""
    results = []
    for rule in rules:
        if not rule_applies(rule, nominee):
            continue
        if rule.kind == RuleKind.REGISTERED:
            passed, text = _registered(evidence)
        elif rule.kind == RuleKind.NO_DISCIPLINE:
            passed, text = _no_discipline(nominee)
        else:
            passed, text = _threshold(rule, evidence)
        results.append({"rule": rule.describe(), "passed": passed, "explanation": text})
    return results


def _registered(evidence: list[dict]) -> tuple[bool, str]:
    item = next((i for i in evidence if i["code"] == "registration"), None)
    if item is None or not item["data"].get("registered"):
        return False, "Chưa đăng ký thi đua trong phong trào này nên chưa đủ điều kiện đề nghị khen thưởng."
    day = item["data"]["at"]
    return True, f"Đã đăng ký thi đua ngày {day[8:10]}/{day[5:7]}/{day[0:4]}."


def _no_discipline(nominee: Unit | Person) -> tuple[bool, str]:
    if isinstance(nominee, Person):
        if nominee.has_open_disciplinary_matter:
            return False, (
                "Đang trong thời gian bị xem xét kỷ luật hoặc điều tra: theo quy định, chưa xét khen thưởng "
                "cho đến khi có kết luận."
            )
        return True, "Không có vụ việc kỷ luật, điều tra nào đang xem xét."
    heads = [nominee.head] if nominee.head_id else []
    if any(person.has_open_disciplinary_matter for person in heads):
        return False, "Người đứng đầu tập thể đang bị xem xét kỷ luật hoặc điều tra nên tập thể chưa được xét."
    return True, "Tập thể và người đứng đầu không có vụ việc kỷ luật, điều tra nào đang xem xét."


CAMPAIGN_PERIOD = "campaign"  # kpi.periods.CAMPAIGN: the whole campaign period


def _matching_kpi(rule: EligibilityRule, evidence: list[dict]) -> list[dict]:
    """The KPI rows for the rule's indicator, whole-campaign rows first (else every period).

    A one-stop officer has one row per role (tiếp nhận, xử lý): the threshold must hold for each.
    """
    rows = [
        i["data"]
        for i in evidence
        if i["source"] == "kpi" and rule.evidence_code in (i["data"].get("code"), i["data"].get("indicator"))
    ]
    whole = [r for r in rows if r.get("period") == CAMPAIGN_PERIOD]
    return whole or rows


def _threshold(rule: EligibilityRule, evidence: list[dict]) -> tuple[bool, str]:
    label = rule.label or rule.evidence_code
    unit = rule.unit_label if rule.unit_label == "%" else f" {rule.unit_label}".rstrip()
    wanted = f"{rule.get_comparator_display()} {format_number(rule.threshold)}{unit}"
    rows = _matching_kpi(rule, evidence)
    if not rows or any(r.get("value") in (None, "") for r in rows):
        return False, f"Chưa có số liệu “{label}” nên chưa xác định được là đạt ngưỡng {wanted}; coi như chưa đạt."
    parts, passed = [], True
    for row in rows:
        try:
            value = Decimal(str(row["value"]))
        except InvalidOperation:
            return False, f"Số liệu “{label}” không đọc được ({row['value']}); coi như chưa đạt."
        passed = passed and meets(rule.comparator, value, rule.threshold)
        parts.append(f"{row.get('label') or label}: {format_number(value)}{unit}")
    verdict = "đạt" if passed else "chưa đạt"
    return passed, f"{'; '.join(parts)} — {verdict} ngưỡng {wanted}."


@dataclass(frozen=True)
class EligibilityStatus:
    """What the list and the detail page both say about a nomination's eligibility."""

    code: str
    label: str
    css: str
    explanation: str


NOT_EVALUATED = EligibilityStatus("not_evaluated", "Chưa xét", "text-muted", "Điều kiện được xét khi gửi đề nghị.")
NO_RULES = EligibilityStatus(
    "no_rules",
    "Đủ điều kiện (chưa đặt điều kiện)",
    "text-warning",
    "Khi gửi, hình thức khen thưởng này chưa có điều kiện nào được đặt, nên đề nghị được coi là đủ điều kiện "
    "mà không kiểm tra gì. Công chức Văn phòng – Thống kê đặt điều kiện ở trang “Cấu hình đợt khen thưởng”; "
    "điều kiện được xét lại khi đề nghị được gửi lại.",
)
ELIGIBLE = EligibilityStatus("eligible", "Đủ điều kiện", "text-success", "Đạt mọi điều kiện đã đặt khi gửi đề nghị.")
OVERRIDDEN = EligibilityStatus(
    "overridden", "Chủ tịch cho phép xét", "text-warning", "Chưa đạt điều kiện; Chủ tịch cho phép đưa ra Hội đồng."
)
NOT_ELIGIBLE = EligibilityStatus(
    "not_eligible", "Chưa đủ điều kiện", "text-danger", "Chưa đạt ít nhất một điều kiện đã đặt khi gửi đề nghị."
)


def eligibility_status(nomination) -> EligibilityStatus:
    """The one reading of ``is_eligible``/``eligibility``/``override_reason``, for every page.

    Needs only those three fields (the nomination list loads no more).
    """
    if nomination.is_eligible is None:
        return NOT_EVALUATED
    if nomination.is_eligible:
        return ELIGIBLE if nomination.eligibility else NO_RULES
    return OVERRIDDEN if nomination.override_reason else NOT_ELIGIBLE
