"""The plan (Kế hoạch) as a document: the selector that gathers its data and the builder.

Registered in ``CampaignsConfig.ready`` under the code ``ke-hoach``.
"""

from __future__ import annotations

from collections.abc import Callable

from campaigns.models import Campaign
from tanbinh_portal.documents import DocumentFile, DocumentKind, register_document
from tanbinh_portal.documents.data import Header, PlanClause, PlanDocument, Signature
from tanbinh_portal.documents.render import render_plan
from tanbinh_portal.roles import ALL_ROLES, MANAGERS
from tanbinh_portal.templatetags.print_tags import vn_short_date

PLAN_CODE = "ke-hoach"


def _symbol(number: str) -> str:
    return number.split("/", 1)[1] if "/" in number else "KH-UBND"


def plan_document(campaign: Campaign) -> PlanDocument:
    """Everything the plan PDF prints, materialised (three queries)."""
    criteria = list(campaign.criteria.all())
    options = list(campaign.award_options.all())
    steps = list(campaign.steps.all())
    header = Header(
        parent_body=campaign.parent_body,
        issuing_body=campaign.issuing_body,
        number=campaign.document_number,
        symbol=_symbol(campaign.document_number),
        place=campaign.place_name,
        date=campaign.document_date,
        doc_type="KẾ HOẠCH",
        summary=campaign.title,
    )
    extra = []
    if campaign.registration_deadline:
        extra.append(f"Hạn đăng ký thi đua: {vn_short_date(campaign.registration_deadline)}.")
    return PlanDocument(
        header=header,
        introduction=campaign.introduction,
        purposes=campaign.purpose_paragraphs(),
        period_text=(
            f"Từ ngày {vn_short_date(campaign.start_date)} đến hết ngày {vn_short_date(campaign.end_date)}"
        ),
        slogan=campaign.slogan,
        extra_period_lines=extra,
        contents=[c.text for c in criteria],
        award_options=[o.wording for o in options],
        steps=[PlanClause(number=s.order, title=s.heading, paragraphs=s.paragraphs()) for s in steps],
        closing=campaign.closing_text,
        recipients=campaign.recipient_lines(),
        signature=Signature(
            authority=[line for line in (campaign.signatory_authority, campaign.signatory_position) if line],
            name=campaign.signatory_name,
        ),
    )


def build_plan(
    campaign: Campaign, progress: Callable[[int, int], None] | None = None, sign: bool = False
) -> list[DocumentFile]:
    document = plan_document(campaign)
    content = render_plan(document)
    if progress:
        progress(1, 1)
    return [DocumentFile(path="ke-hoach.pdf", title=f"Kế hoạch {campaign.document_number}".strip(), content=content)]


def register_documents() -> None:
    register_document(
        DocumentKind(
            code=PLAN_CODE,
            title="Kế hoạch phát động thi đua",
            order=10,
            build=build_plan,
            view_roles=ALL_ROLES,
            generate_roles=MANAGERS,
        )
    )
