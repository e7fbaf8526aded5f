"""The plan (Kế hoạch phát động thi đua): its data builder, renderer (``print/ke_hoach.html``) and file name."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.data import Header, PlanClause, PlanDocument, Signature
from documents.engine.render import render_plan
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from tanbinh_portal.roles import ALL_ROLES, MANAGERS
from tanbinh_portal.templatetags.portal import vn_date_line

FILENAME = "ke-hoach.pdf"


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
        extra.append(f"Hạn đăng ký thi đua: {vn_date_line(campaign.registration_deadline)}.")
    return PlanDocument(
        header=header,
        introduction=campaign.introduction,
        purposes=campaign.purpose_paragraphs(),
        period_text=(f"Từ {vn_date_line(campaign.start_date)} đến hết {vn_date_line(campaign.end_date)}"),
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


def build_plan(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = plan_document(campaign)
    content = render_plan(document)
    done(progress, 1, 1)
    return [DocumentFile(path=FILENAME, title=f"Kế hoạch {campaign.document_number}".strip(), content=content)]


KIND = DocumentKind(
    code=KindCode.PLAN,
    title="Kế hoạch phát động thi đua",
    order=10,
    build=build_plan,
    view_roles=ALL_ROLES,
    generate_roles=MANAGERS,
    # Rendered before the launch, the plan is a draft (possibly changed before it was issued).
    official_from=lambda campaign: campaign.launched_at,
    # The district reads the proposals against the plan that launched the phong trào: it closes the bundle.
    bundle_order=5,
)
