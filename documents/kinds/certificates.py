"""One Giấy khen per awardee of the commune's decisions (renderer ``print/giay_khen.html``; files
``giay-khen/<NN-awardee>.pdf``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_certificate
from documents.kinds.award_state import has_decided
from documents.kinds.base import DocumentKind, KindCode, Progress, done, file_slug
from documents.sources.awards import certificate_documents, nominee_name
from tanbinh_portal.roles import COMMUNE_ROLES, MANAGERS

FOLDER = "giay-khen"


def build_certificates(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    certificates = certificate_documents(campaign)
    files = []
    for index, (nomination, document) in enumerate(certificates, start=1):
        files.append(
            DocumentFile(
                f"{FOLDER}/{index:02d}-{file_slug(str(nomination.nominee))}.pdf",
                f"Giấy khen – {nominee_name(nomination)}",
                render_certificate(document),
            )
        )
        done(progress, index, len(certificates))
    return files


KIND = DocumentKind(
    code=KindCode.CERTIFICATES,
    title="Giấy khen (từng tập thể, cá nhân)",
    order=70,
    build=build_certificates,
    view_roles=COMMUNE_ROLES,
    generate_roles=MANAGERS,
    available=has_decided,
    multi_file=True,
)
