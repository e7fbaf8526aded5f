"""The plan (Kế hoạch) as a document: the selector that gathers its data and the builder.

Registered in ``CampaignsConfig.ready`` under the code ``ke-hoach``.
"""

from __future__ import annotations

from collections.abc import Callable

from campaigns.models import Campaign
from tanbinh_portal.bundle import BUNDLE_ZIP, build_bundle
from tanbinh_portal.documents import DocumentFile, DocumentKind, bundle_kinds, register_document
from tanbinh_portal.documents.data import Header, PlanClause, PlanDocument, Signature
from tanbinh_portal.documents.render import render_plan
from tanbinh_portal.roles import ALL_ROLES, CHAIRMAN, DISTRICT, MANAGERS
from tanbinh_portal.templatetags.portal import vn_date_line

PLAN_CODE = "ke-hoach"
BUNDLE_CODE = "ho-so-trinh-huyen"


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


def build_plan(
    campaign: Campaign, progress: Callable[[int, int], None] | None = None, sign: bool = False
) -> list[DocumentFile]:
    document = plan_document(campaign)
    content = render_plan(document)
    if progress:
        progress(1, 1)
    return [DocumentFile(path="ke-hoach.pdf", title=f"Kế hoạch {campaign.document_number}".strip(), content=content)]


def bundle_available(campaign: Campaign) -> bool:
    """A bundle needs a proposal document; the plan alone (always there) is not a bundle."""
    return any(kind.available(campaign) for kind in bundle_kinds() if kind.code != PLAN_CODE)


def assemble_bundle(campaign: Campaign, built: dict[str, list[DocumentFile]], *, sign: bool) -> DocumentFile:
    """The district bundle ZIP from already rendered files of the bundle kinds, in bundle order."""
    kinds = [kind for kind in bundle_kinds() if kind.code in built]
    files = [item for kind in kinds for item in built[kind.code]]
    bundle_list = next((kind.bundle_list(campaign) for kind in kinds if kind.bundle_list), None)
    bundle = build_bundle(
        files,
        title=f"Hồ sơ đề nghị khen thưởng – {campaign.title}",
        bundle_list=bundle_list,
        sign=sign,
        location=campaign.place_name,
    )
    return DocumentFile(path=BUNDLE_ZIP, title="Hồ sơ trình huyện", content=bundle.zip)


def build_district_bundle(
    campaign: Campaign, progress: Callable[[int, int], None] | None = None, sign: bool = False
) -> list[DocumentFile]:
    """Render every available bundle kind, then merge, list, sign and zip them."""
    kinds = [kind for kind in bundle_kinds() if kind.available(campaign)]
    built: dict[str, list[DocumentFile]] = {}
    for done, kind in enumerate(kinds, start=1):
        built[kind.code] = kind.build(campaign, sign=False)
        if progress:
            progress(done, len(kinds) + 1)
    return [assemble_bundle(campaign, built, sign=sign)]


def register_documents() -> None:
    register_document(
        DocumentKind(
            code=PLAN_CODE,
            title="Kế hoạch phát động thi đua",
            order=10,
            build=build_plan,
            view_roles=ALL_ROLES,
            generate_roles=MANAGERS,
            # The district reads the proposals against the plan that launched the phong trào: it closes the bundle.
            bundle_order=5,
        )
    )
    register_document(
        DocumentKind(
            code=BUNDLE_CODE,
            title="Hồ sơ đề nghị khen thưởng trình huyện (ký số)",
            order=900,
            build=build_district_bundle,
            view_roles=(*MANAGERS, DISTRICT),
            generate_roles=(CHAIRMAN,),
            available=bundle_available,
        )
    )
