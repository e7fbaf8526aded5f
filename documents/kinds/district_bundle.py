"""The district bundle (hồ sơ trình huyện): every bundle kind merged, listed, signed and zipped
(:mod:`documents.engine.bundle`; file ``ho-so-trinh-huyen.zip``). Generating it is the chairman's
"Phê duyệt và ký số": the service finalises the tờ trình it encloses in the same transaction."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.bundle import BUNDLE_ZIP, build_bundle, bundle_size_warning
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.awards import proposed_nominations
from documents.sources.evidence import evidence_bytes, evidence_members
from documents.sources.signing_images import signing_images_for
from tanbinh_portal.roles import CHAIRMAN, DISTRICT, MANAGERS


def bundle_kinds() -> list[DocumentKind]:
    from documents.kinds import bundle_kinds as kinds  # the list of kinds includes this module

    return kinds()


def bundle_available(campaign: Campaign) -> bool:
    """A bundle needs a proposal document; the plan alone (always there) is not a bundle."""
    return any(kind.available(campaign) for kind in bundle_kinds() if kind.code != KindCode.PLAN)


def assemble_bundle(
    campaign: Campaign, built: dict[str, list[DocumentFile]], *, sign: bool, pin: str | None = None, signer=None
) -> DocumentFile:
    """The district bundle ZIP from already rendered files of the bundle kinds, in bundle order (``pin``:
    the signer's token PIN when signing through PKCS#11). Signed, it shows the chairman's signature and
    the seal uploaded in the portal (``signer``: only that user's signature image). Each proposed
    nomination's frozen evidence files join the ZIP and its manifest, their stored SHA-256 checked first."""
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
        annexes=evidence_members(proposed_nominations(campaign)),
    )
    return DocumentFile(path=BUNDLE_ZIP, title="Hồ sơ trình huyện", content=bundle.zip)


def build_district_bundle(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    """Render every available bundle kind, then merge, list, sign and zip them."""
    kinds = [kind for kind in bundle_kinds() if kind.available(campaign)]
    built: dict[str, list[DocumentFile]] = {}
    for count, kind in enumerate(kinds, start=1):
        built[kind.code] = kind.build(campaign, sign=False)
        done(progress, count, len(kinds) + 1)
    return [assemble_bundle(campaign, built, sign=sign)]


def bundle_notes(campaign: Campaign) -> list[str]:
    """Before the chairman approves: whether the evidence files alone already near or pass the limit the
    verifier applies (the generated bundle's own size is checked again on its version row)."""
    warning = bundle_size_warning(evidence_bytes(proposed_nominations(campaign)), estimate=True)
    return [warning] if warning else []


KIND = DocumentKind(
    code=KindCode.DISTRICT_BUNDLE,
    title="Hồ sơ đề nghị khen thưởng trình huyện (ký số)",
    order=900,
    build=build_district_bundle,
    view_roles=(*MANAGERS, DISTRICT),
    generate_roles=(CHAIRMAN,),
    available=bundle_available,
    signed=True,
    notes=bundle_notes,
)
