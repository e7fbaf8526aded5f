"""The tờ trình đề nghị khen thưởng with its list (renderer ``print/to_trinh.html``; the bundle's XLSX list).

Rendering never takes a number: a tờ trình not yet finalised prints "Số:    /TTr-UBND" and no date; the
number comes from :func:`documents.services.submission_finalise` (the chairman's signature).
"""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_submission
from documents.kinds.award_state import TO_DISTRICT, has_proposals
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.awards import missing_years_of_birth, proposed_nominations, submission_document, submission_list
from rewards.models import IssuedNumber
from tanbinh_portal.roles import MANAGERS

FILENAME = "to-trinh-de-nghi-khen-thuong.pdf"
SYMBOL = "TTr-UBND"


def issued_number(campaign: Campaign) -> IssuedNumber | None:
    """The tờ trình's number once it is finalised, else None (a draft)."""
    return IssuedNumber.objects.filter(campaign=campaign, code=KindCode.SUBMISSION).first()


def build_submission(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    if not proposed_nominations(campaign):
        return []
    number = issued_number(campaign)
    document = submission_document(campaign, number)
    content = render_submission(document)
    done(progress, 1, 1)
    reference = number.reference if number else f"    /{SYMBOL} (dự thảo, chưa cấp số)"
    return [DocumentFile(FILENAME, f"Tờ trình số {reference} và danh sách", content)]


def submission_notes(campaign: Campaign) -> list[str]:
    names = missing_years_of_birth(campaign)
    if not names:
        return []
    return [
        "Danh sách đề nghị khen thưởng gửi huyện để trống cột “Năm sinh” của: "
        + ", ".join(names)
        + ". Hãy ghi năm sinh ở trang Cán bộ, công chức trước khi tạo."
    ]


KIND = DocumentKind(
    code=KindCode.SUBMISSION,
    title="Tờ trình đề nghị khen thưởng (kèm danh sách)",
    order=40,
    build=build_submission,
    view_roles=TO_DISTRICT,
    generate_roles=MANAGERS,
    available=has_proposals,
    bundle_order=1,
    bundle_list=submission_list,
    notes=submission_notes,
)
