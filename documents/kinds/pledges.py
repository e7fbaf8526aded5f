"""The registrations as documents: one bản đăng ký giao ước thi đua per registrant
(renderer ``print/dang_ky_thi_dua.html``; files ``dang-ky-thi-dua/<NN-registrant>.pdf``)."""

from __future__ import annotations

from campaigns.models import Campaign, Registration
from documents.engine import DocumentFile
from documents.engine.data import Header, PledgeDocument, Signature
from documents.engine.render import render_pledge
from documents.kinds.base import DocumentKind, KindCode, Progress, done, file_slug
from documents.sources.signers import collective_parent_body as _parent_body
from documents.sources.signers import unit_signature
from tanbinh_portal.roles import ALL_ROLES, MANAGERS
from tanbinh_portal.templatetags.portal import vn_date_line

FOLDER = "dang-ky-thi-dua"


def pledge_documents(campaign: Campaign) -> list[tuple[Registration, PledgeDocument]]:
    """Each registration as the registrant's bản đăng ký giao ước thi đua, dated by its form, a collective
    under the name it bore that day and its cơ quan chủ quản above it (three queries)."""
    registrations = (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit", "unit__head", "person", "person__unit", "campaign__commune")
        .prefetch_related("commitments__criterion", "unit__dated_names")
        .order_by("person_id", "unit__name", "person__full_name")
    )
    commune = campaign.commune.name
    plan = f"Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)}"
    out = []
    for registration in registrations:
        day = registration.registered_on
        parent = ""
        if registration.unit_id:
            unit = registration.unit
            name = _unit_name(unit.name_on(day), commune)
            parent = _parent_body(unit, campaign, day)
            who, signer = f"tập thể {name}", unit_signature(unit, unit.name_on(day))
            closing = "Chúng tôi cam kết thực hiện đầy đủ các nội dung đã đăng ký"
        else:
            person = registration.person
            who = f"tôi là {person.full_name}, {person.position},"
            signer = Signature(["NGƯỜI ĐĂNG KÝ"], person.full_name)
            closing = "Tôi cam kết thực hiện đầy đủ các nội dung đã đăng ký"
        header = Header(
            # A collective pledges under its own name; a person under the agency they work for.
            issuing_body=name if registration.unit_id else campaign.issuing_body,
            parent_body=parent,
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
                    closing=closing,
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


def build_pledges(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    documents = pledge_documents(campaign)
    files = []
    for index, (registration, document) in enumerate(documents, start=1):
        # A collective's file is named as its pledge is headed: by the name it bore on the pledge's date.
        unit = registration.unit
        name = unit.name_on(registration.registered_on) if unit else str(registration.person)
        files.append(
            DocumentFile(
                f"{FOLDER}/{index:02d}-{file_slug(name, 'dang-ky')}.pdf",
                f"Bản đăng ký thi đua – {name}",
                render_pledge(document),
            )
        )
        done(progress, index, len(documents))
    return files


KIND = DocumentKind(
    code=KindCode.PLEDGES,
    title="Bản đăng ký giao ước thi đua (từng tập thể, cá nhân)",
    order=15,
    build=build_pledges,
    view_roles=ALL_ROLES,
    generate_roles=MANAGERS,
    available=lambda campaign: campaign.registrations.exists(),
    multi_file=True,
)
