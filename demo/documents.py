"""The demo's papers: the summary report drafted from the data and approved, the tờ trình signed, and
the sample signature and seal images the signed bundle shows.

The last step of ``seed_demo`` (this app is the last of the chain, so the command lives here): every
number is issued by the service that finalises its document, dated by the 2022 story.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Campaign
from demo.rewards import SUBMISSION_ON, SUMMARY_ON
from demo.signing_images import sample_seal_png, sample_signature_png
from documents.kinds import KindCode
from documents.models import (
    DocumentStatus,
    GeneratedDocument,
    SigningImage,
    SigningImageKind,
    Submission,
    SubmissionKind,
)
from documents.services import (
    document_render,
    document_request,
    signing_image_upload,
    submission_finalise,
    submission_receive,
    submission_return,
    submission_send,
)
from documents.sources.summary import suggested_sections
from rewards import services
from rewards.models import Nomination, NominationStatus, SummaryReport, SummaryStatus
from tanbinh_portal.optimistic import UNCHECKED


def ensure_summary_report(campaign: Campaign, users: dict[str, User]) -> None:
    """The officer drafts the summary report from the data, submits it, the chairman approves it; then the
    chairman signs the tờ trình."""
    report = SummaryReport.objects.filter(campaign=campaign).first()
    if report is None:
        sections = suggested_sections(campaign)
        sections["strengths"] = (sections["strengths"] + "\n" + SUMMARY_STRENGTHS).strip()
        sections["limitations"] = (sections["limitations"] + "\n" + SUMMARY_LIMITATIONS).strip()
        sections["recommendations"] = SUMMARY_RECOMMENDATIONS
        sections["assessments"] = SUMMARY_ASSESSMENTS
        report = services.summary_report_save(
            actor=users["vanphong"], campaign=campaign, sections=sections, expected_version=UNCHECKED
        )
    if report.status == SummaryStatus.DRAFT:
        report = services.summary_report_submit(actor=users["vanphong"], campaign=campaign)
    if report.status == SummaryStatus.SUBMITTED:
        services.summary_report_approve(actor=users["chutich"], campaign=campaign, issued_on=SUMMARY_ON)
    if Nomination.objects.filter(campaign=campaign, status=NominationStatus.PROPOSED).exists():
        # The chairman signs the tờ trình to the district the day after the report: it takes TTr 03.
        submission_finalise(actor=users["chutich"], campaign=campaign, issued_on=SUBMISSION_ON)


SUMMARY_STRENGTHS = (
    "Công chức Bộ phận Tiếp nhận và Trả kết quả tận tình hướng dẫn người dân, giải quyết hồ sơ đúng hạn."
)
SUMMARY_LIMITATIONS = "Một số hồ sơ còn phải bổ sung nhiều lần; tỷ lệ nộp trực tuyến chưa cao."
SUMMARY_RECOMMENDATIONS = (
    "Đề nghị Ủy ban nhân dân huyện tiếp tục tổ chức tập huấn sử dụng dịch vụ công trực tuyến cho công chức xã; "
    "hỗ trợ thay thế thiết bị đã cũ tại Bộ phận Tiếp nhận và Trả kết quả xã."
)
# The officer's assessment of each content the plan does not measure with figures, with its evidence.
SUMMARY_ASSESSMENTS = {
    "1": "Chủ tịch Ủy ban nhân dân xã trực tiếp chỉ đạo; cải cách hành chính là nội dung thường kỳ của giao ban "
    "hằng tháng; không có việc giao khoán cho công chức tham mưu (minh chứng: biên bản giao ban, lưu tại Văn phòng).",
    "3": "Trong năm Bộ phận Tiếp nhận và Trả kết quả không thay đổi nhân sự nên không phải kiện toàn; các công chức "
    "được phân công tiếp tục làm việc tại Bộ phận.",
    "5": "Công chức làm việc tại Bộ phận được bồi dưỡng nghiệp vụ; một công chức đang bị xem xét xử lý kỷ luật "
    "nên không được đề nghị khen thưởng.",
    "6": "Phối hợp với các cơ quan cấp huyện giải quyết hồ sơ liên thông; không có trường hợp đùn đẩy trách nhiệm "
    "được phản ánh.",
    "9": "Phối hợp với Phòng Nội vụ huyện duy trì hệ thống camera giám sát tại Bộ phận Tiếp nhận và Trả kết quả.",
    "10": "Người dân đánh giá mức độ hài lòng sau khi nhận kết quả; kết quả đánh giá được tổng hợp hằng tháng "
    "vào sổ theo dõi hồ sơ.",
}


def build_summary_report(campaign: Campaign, users: dict[str, User]) -> None:
    """The approved summary report (marks the closed campaign summarised) and the tờ trình's number."""
    with transaction.atomic():
        ensure_summary_report(campaign, users)


def ensure_demo_signing_images(campaign: Campaign, users: dict[str, User]) -> None:
    """Sample signature and seal images drawn by code, each marked "MẪU – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" on
    the image itself, uploaded through the service like a real one (audited). Kept when present: the
    chairman may have replaced them."""
    chairman, commune = users["chutich"], campaign.commune
    present = set(SigningImage.objects.filter(commune=commune).values_list("kind", flat=True))
    if SigningImageKind.SIGNATURE not in present:
        signing_image_upload(
            actor=chairman,
            commune=commune,
            kind=SigningImageKind.SIGNATURE,
            data=sample_signature_png(campaign.signatory_name or chairman.get_full_name()),
        )
    if SigningImageKind.SEAL not in present:
        signing_image_upload(
            actor=users["vanphong"],
            commune=commune,
            kind=SigningImageKind.SEAL,
            data=sample_seal_png(f"UBND xã {commune.name}"),
        )


# --- The district's inbox: each commune's 2022 summary report sent to Phòng Nội vụ huyện in January 2023 ---
# Tân Bình's received, Thạnh Tây's returned for correction, Tân Phong's sent and waiting. The summary report
# is the paper every commune sends (only a signed bundle would carry an outcome, and the bundle needs the
# signing certificate `make setup` creates after the demo): one rendering per commune, through the same
# document service a request queues, run here at once.
SUMMARY_SENT_ON = dt.date(2023, 1, 13)
RECEIVED_ON = dt.date(2023, 1, 16)
RETURNED_ON = dt.date(2023, 1, 17)
RETURN_REASON = (
    "Báo cáo chưa nêu số hồ sơ trễ hạn của lĩnh vực Hộ tịch và nguyên nhân; đề nghị xã bổ sung, gửi lại trước "
    "ngày 31/01/2023."
)
# The communes' own reports, approved by their chairmen in January 2023.
OTHER_SUMMARY_ON = {"thanh-tay": dt.date(2023, 1, 9), "tan-phong": dt.date(2023, 1, 11)}


def _summary_document(campaign: Campaign, officer: User, chairman: User) -> GeneratedDocument:
    """The campaign's latest finished summary report, drafted, approved and rendered when there is none."""
    report = SummaryReport.objects.filter(campaign=campaign).first()
    if report is None:
        # The district's common model (Tân Bình's written parts), with the commune's own figures drafted.
        sections = suggested_sections(campaign)
        sections["recommendations"] = SUMMARY_RECOMMENDATIONS
        sections["assessments"] = {
            order: text.replace("Tân Bình", campaign.commune.name) for order, text in SUMMARY_ASSESSMENTS.items()
        }
        report = services.summary_report_save(
            actor=officer, campaign=campaign, sections=sections, expected_version=UNCHECKED
        )
    if report.status == SummaryStatus.DRAFT:
        report = services.summary_report_submit(actor=officer, campaign=campaign)
    if report.status == SummaryStatus.SUBMITTED:
        services.summary_report_approve(
            actor=chairman, campaign=campaign, issued_on=OTHER_SUMMARY_ON[campaign.commune.code]
        )
    kind = KindCode.SUMMARY_REPORT
    done = GeneratedDocument.objects.filter(campaign=campaign, kind=kind, status=DocumentStatus.DONE)
    document = done.order_by("-version").first()
    if document is None:
        document = document_request(actor=officer, campaign=campaign, kind=kind)
        document_render(document_id=document.pk)  # what the queued task does; the task finds it done
        document.refresh_from_db()
    return document


def build_inbox_submissions(stories: list[tuple[Campaign, User, User]], reviewer: User) -> list[Submission]:
    """``stories``: (2022 campaign, officer, chairman) of Tân Bình, Thạnh Tây and Tân Phong, in that order.
    Idempotent: a campaign that sent its summary report already is left as it is."""
    submissions = []
    for index, (campaign, officer, chairman) in enumerate(stories):
        submission = Submission.objects.filter(campaign=campaign, kind=SubmissionKind.SUMMARY).first()
        if submission is None:
            with transaction.atomic():
                document = _summary_document(campaign, officer, chairman)
                submission = submission_send(actor=chairman, document=document, on=SUMMARY_SENT_ON)
                if index == 0:
                    submission = submission_receive(actor=reviewer, submission=submission, on=RECEIVED_ON)
                elif index == 1:
                    submission = submission_return(
                        actor=reviewer, submission=submission, reason=RETURN_REASON, on=RETURNED_ON
                    )
        submissions.append(submission)
    return submissions
