"""The plan (Kế hoạch) and the registrations (bản đăng ký giao ước thi đua) as documents, and the bundle.

Registered in ``CampaignsConfig.ready`` under the codes ``ke-hoach``, ``dang-ky-thi-dua``, ``ho-so-trinh-huyen``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from campaigns.models import Campaign, Registration
from campaigns.signature_selectors import signing_images_for
from tanbinh_portal.bundle import BUNDLE_ZIP, build_bundle
from tanbinh_portal.documents import DocumentFile, DocumentKind, bundle_kinds, register_document
from tanbinh_portal.documents.data import Header, PlanClause, PlanDocument, PledgeDocument, Signature
from tanbinh_portal.documents.render import render_plan, render_pledge
from tanbinh_portal.roles import ALL_ROLES, CHAIRMAN, DISTRICT, MANAGERS
from tanbinh_portal.templatetags.portal import vn_date_line

PLAN_CODE = "ke-hoach"
PLEDGES_CODE = "dang-ky-thi-dua"
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


def pledge_documents(campaign: Campaign) -> list[tuple[Registration, PledgeDocument]]:
    """Each registration as the registrant's bản đăng ký giao ước thi đua, dated by its form (two queries)."""
    registrations = (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit", "unit__head", "person", "person__unit", "campaign__commune")
        .prefetch_related("commitments__criterion")
        .order_by("person_id", "unit__name", "person__full_name")
    )
    commune = campaign.commune.name
    plan = f"Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)}"
    out = []
    for registration in registrations:
        if registration.unit_id:
            unit = registration.unit
            head = unit.head.full_name if unit.head_id else ""
            who, signer = f"tập thể {_unit_name(unit.name, commune)}", Signature(["THỦ TRƯỞNG ĐƠN VỊ"], head)
        else:
            person = registration.person
            who = f"{person.full_name}, {person.position}"
            signer = Signature(["NGƯỜI ĐĂNG KÝ"], person.full_name)
        header = Header(
            # A collective pledges under its own name; a person under the agency they work for.
            issuing_body=_unit_name(registration.unit.name, commune) if registration.unit_id else campaign.issuing_body,
            doc_type="BẢN ĐĂNG KÝ GIAO ƯỚC THI ĐUA",
            summary=f"Hưởng ứng {_phong_trao(campaign.title)}",
            place=campaign.place_name,
            date=registration.registered_on,
            show_number=False,
        )
        out.append(
            (
                registration,
                PledgeDocument(
                    header=header,
                    introduction=f"Thực hiện {plan} của Ủy ban nhân dân xã {commune}, {who} đăng ký giao ước "
                    "thi đua các nội dung sau:",
                    commitments=[
                        (f"Nội dung {c.criterion.order}: {c.criterion.text}", c.target_text or "Thực hiện")
                        for c in registration.commitments.all()
                    ],
                    commitment_text=registration.commitment_text,
                    signature=signer,
                ),
            )
        )
    return out


def _unit_name(name: str, commune: str) -> str:
    """ "Hội Liên hiệp Phụ nữ xã" → "Hội Liên hiệp Phụ nữ xã Tân Bình"; "Ấp Tân Đông" → "Ấp Tân Đông, xã …"."""
    if commune in name:
        return name
    if name.endswith(" xã"):
        return f"{name} {commune}"
    return f"{name}, xã {commune}" if name.startswith("Ấp ") else f"{name} xã {commune}"


def _phong_trao(title: str) -> str:
    """ "Phát động thi đua thực hiện …" → "phong trào thi đua thực hiện …"."""
    topic = title[0].lower() + title[1:]
    topic = topic.removeprefix("phát động ")
    return topic if topic.startswith("phong trào ") else f"phong trào {topic}"


def _slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "dang-ky"


def build_pledges(
    campaign: Campaign, progress: Callable[[int, int], None] | None = None, sign: bool = False
) -> list[DocumentFile]:
    documents = pledge_documents(campaign)
    files = []
    for index, (registration, document) in enumerate(documents, start=1):
        name = str(registration.unit or registration.person)
        files.append(
            DocumentFile(
                f"dang-ky-thi-dua/{index:02d}-{_slug(name)}.pdf",
                f"Bản đăng ký thi đua – {name}",
                render_pledge(document),
            )
        )
        if progress:
            progress(index, len(documents))
    return files


def bundle_available(campaign: Campaign) -> bool:
    """A bundle needs a proposal document; the plan alone (always there) is not a bundle."""
    return any(kind.available(campaign) for kind in bundle_kinds() if kind.code != PLAN_CODE)


def assemble_bundle(
    campaign: Campaign, built: dict[str, list[DocumentFile]], *, sign: bool, pin: str | None = None, signer=None
) -> DocumentFile:
    """The district bundle ZIP from already rendered files of the bundle kinds, in bundle order (``pin``:
    the signer's token PIN when signing through PKCS#11). Signed, it shows the chairman's signature and
    the seal uploaded in the portal (``signer``: only that user's signature image)."""
    kinds = [kind for kind in bundle_kinds() if kind.code in built]
    files = [item for kind in kinds for item in built[kind.code]]
    bundle_list = next((kind.bundle_list(campaign) for kind in kinds if kind.bundle_list), None)
    bundle = build_bundle(
        files,
        title=f"Hồ sơ đề nghị khen thưởng – {campaign.title}",
        bundle_list=bundle_list,
        sign=sign,
        location=campaign.place_name,
        pin=pin,
        images=signing_images_for(campaign.commune, signer) if sign else None,
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
            code=PLEDGES_CODE,
            title="Bản đăng ký giao ước thi đua (từng tập thể, cá nhân)",
            order=15,
            build=build_pledges,
            view_roles=ALL_ROLES,
            generate_roles=MANAGERS,
            available=lambda campaign: campaign.registrations.exists(),
            multi_file=True,
        )
    )
    register_document(
        DocumentKind(
            code=PLAN_CODE,
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
