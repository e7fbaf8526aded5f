"""Writing audit rows. Services call :func:`audit_record` inside their transaction.

Every action is a member of :class:`AuditAction`: its value is the technical code stored in the row
(``nomination.submit``), its label the Vietnamese name the audit log page shows. ``audit_record``
refuses a code that is not a member, so a new action is added here (with its name) or not at all.
The field itself carries no ``choices``: stored codes never change, and old rows stay readable.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from tanbinh_portal.models import AuditEvent
from tanbinh_portal.scoping import commune_id_of


class AuditAction(models.TextChoices):
    """The audit actions (value: the stored code; label: the Vietnamese name in the audit log)."""

    COMMUNE_CREATE = "commune.create", "Tạo xã"
    COMMUNE_MERGE = "commune.merge", "Sắp xếp xã (hợp nhất vào xã mới)"
    COMMUNE_CARRY_OVER = "commune.carry_over", "Chuyển tập thể, cán bộ, vai trò sang xã kế thừa"
    COMMUNE_CONTACT_SET = "commune.contact_set", "Cập nhật địa chỉ, điện thoại Bộ phận Một cửa"
    PROVINCE_CREATE = "province.create", "Tạo tỉnh"
    DISTRICT_CREATE = "district.create", "Tạo huyện"
    ROLE_GRANT = "role.grant", "Giao vai trò"
    ROLE_WITHDRAW = "role.withdraw", "Thu hồi vai trò"
    PLACE_SWITCH = "place.switch", "Chuyển nơi làm việc"
    CAMPAIGN_CREATE = "campaign.create", "Tạo kế hoạch"
    CAMPAIGN_COPY_NEXT_YEAR = "campaign.copy_next_year", "Tạo kế hoạch năm sau từ kế hoạch này"
    CAMPAIGN_UPDATE = "campaign.update", "Sửa kế hoạch"
    CAMPAIGN_LAUNCH = "campaign.launch", "Phát động phong trào"
    CAMPAIGN_CLOSE = "campaign.close", "Kết thúc phong trào"
    CAMPAIGN_SUMMARISE = "campaign.summarise", "Tổng kết phong trào"
    CAMPAIGN_AWARD_FORMS = "campaign.award_forms", "Sửa hình thức khen thưởng"
    CAMPAIGN_REGISTRATION_DEADLINE = "campaign.registration_deadline", "Đặt hạn đăng ký thi đua"
    CRITERION_CREATE = "criterion.create", "Thêm nội dung thi đua"
    CRITERION_UPDATE = "criterion.update", "Sửa nội dung thi đua"
    CRITERION_DELETE = "criterion.delete", "Xóa nội dung thi đua"
    STEP_SAVE = "step.save", "Sửa bước tổ chức thực hiện"
    UNIT_CREATE = "unit.create", "Thêm tập thể"
    UNIT_UPDATE = "unit.update", "Sửa tập thể"
    UNIT_RENAME = "unit.rename", "Đổi tên tập thể từ một ngày"
    PERSON_CREATE = "person.create", "Thêm cán bộ"
    PERSON_UPDATE = "person.update", "Sửa thông tin cán bộ"
    PERSON_IMPORT = "person.import", "Nhập danh sách cán bộ"
    REGISTRATION_CREATE = "registration.create", "Đăng ký thi đua"
    REGISTRATION_UPDATE = "registration.update", "Sửa đăng ký thi đua"
    REGISTRATION_REMIND = "registration.remind", "Nhắc đăng ký thi đua"
    MONTHLY_FIELD_CREATE = "monthly_field.create", "Thêm số liệu tháng"
    MONTHLY_FIELD_UPDATE = "monthly_field.update", "Sửa số liệu tháng"
    MONTHLY_FIELD_DELETE = "monthly_field.delete", "Xóa số liệu tháng"
    KPI_MONTHLY_SAVED = "kpi.monthly_saved", "Lưu số liệu tháng"
    KPI_MONTHLY_SUBMITTED = "kpi.monthly_submitted", "Gửi số liệu tháng"
    KPI_MONTHLY_LOCKED = "kpi.monthly_locked", "Khóa số liệu tháng"
    KPI_MONTHLY_UNLOCKED = "kpi.monthly_unlocked", "Mở khóa số liệu tháng"
    KPI_IMPORT_QUEUED = "kpi.import_queued", "Tải lên sổ theo dõi hồ sơ"
    KPI_IMPORT_APPLIED = "kpi.import_applied", "Nhập sổ theo dõi hồ sơ"
    KPI_IMPORT_CHECKED = "kpi.import_checked", "Kiểm tra sổ theo dõi hồ sơ (không ghi)"
    KPI_IMPORT_UNCHANGED = "kpi.import_unchanged", "Nhập sổ theo dõi hồ sơ (không có thay đổi)"
    KPI_IMPORT_REJECTED = "kpi.import_rejected", "Từ chối tệp sổ theo dõi hồ sơ"
    KPI_IMPORT_FILE_DELETED = "kpi.import_file_deleted", "Xóa tệp bị từ chối hết hạn lưu"
    KPI_IMPORT_FAILED = "kpi.import_failed", "Nhập sổ theo dõi hồ sơ bị lỗi"
    KPI_IMPORT_INTERRUPTED = "kpi.import_interrupted", "Nhập sổ theo dõi hồ sơ bị gián đoạn"
    KPI_IMPORT_RETRIED = "kpi.import_retried", "Nhập lại sổ theo dõi hồ sơ"
    KPI_ONE_STOP_UNIT_SET = "kpi.one_stop_unit_set", "Gán mã đơn vị một cửa cho xã"
    KPI_RATING_TICKET_ISSUED = "kpi.rating_ticket_issued", "Cấp mã QR đánh giá cho hồ sơ"
    KPI_RATING_GIVEN = "kpi.rating_given", "Người dân đánh giá hồ sơ"
    KPI_RATING_REPLACED = "kpi.rating_replaced", "Người dân đánh giá lại hồ sơ"
    QUOTA_CREATE = "quota.create", "Thêm chỉ tiêu khen thưởng"
    QUOTA_UPDATE = "quota.update", "Sửa chỉ tiêu khen thưởng"
    ELIGIBILITY_RULE_CREATE = "eligibility_rule.create", "Thêm điều kiện khen thưởng"
    ELIGIBILITY_RULE_DELETE = "eligibility_rule.delete", "Bỏ điều kiện khen thưởng"
    COUNCIL_MEMBER_ADD = "council_member.add", "Thêm thành viên Hội đồng"
    COUNCIL_MEMBER_UPDATE = "council_member.update", "Sửa thành viên Hội đồng"
    COUNCIL_MEMBER_REMOVE = "council_member.remove", "Bỏ thành viên Hội đồng"
    NOMINATION_CREATE = "nomination.create", "Lập đề nghị khen thưởng"
    NOMINATION_UPDATE = "nomination.update", "Sửa đề nghị khen thưởng"
    NOMINATION_SUBMIT = "nomination.submit", "Gửi đề nghị khen thưởng"
    NOMINATION_RETURN = "nomination.return", "Trả lại đề nghị để bổ sung"
    NOMINATION_ACCEPT = "nomination.accept", "Nhận đề nghị khen thưởng"
    NOMINATION_COUNCIL_VOTE = "nomination.council_vote", "Hội đồng biểu quyết"
    NOMINATION_OUTCOME = "nomination.outcome", "Ghi kết quả xét"
    NOMINATION_OVERRIDE = "nomination.override", "Điều chỉnh kết quả xét"
    NOMINATION_CHAIRMAN = "nomination.chairman", "Chủ tịch phê duyệt"
    NOMINATION_CHAIRMAN_RETURN = "nomination.chairman_return", "Chủ tịch trả lại"
    NOMINATION_UNAPPROVE = "nomination.unapprove", "Hủy phê duyệt"
    NOMINATION_PROPOSE = "nomination.propose", "Đề nghị cấp trên khen thưởng"
    NOMINATION_DECIDE = "nomination.decide", "Quyết định khen thưởng"
    EVIDENCE_FILE_ADD = "evidence_file.add", "Thêm tệp minh chứng"
    EVIDENCE_FILE_REPLACE = "evidence_file.replace", "Thay tệp minh chứng"
    EVIDENCE_FILE_DELETE = "evidence_file.delete", "Xóa tệp minh chứng"
    EVIDENCE_FILE_DOWNLOAD = "evidence_file.download", "Tải tệp minh chứng"
    MEETING_CREATE = "meeting.create", "Mở họp Hội đồng"
    MEETING_CONVENE = "meeting.convene", "Gửi giấy mời họp Hội đồng"
    COUNCIL_ESTABLISH = "council.establish", "Cấp số quyết định thành lập Hội đồng"
    MEETING_CLOSE = "meeting.close", "Kết thúc họp Hội đồng"
    BALLOT_PARTICIPATE = "ballot.participate", "Bỏ phiếu"
    BALLOT_TALLY = "ballot.tally", "Kiểm phiếu"
    BALLOT_CLOSE = "ballot.close", "Đóng bỏ phiếu"
    BALLOT_CORRECT = "ballot.correct", "Sửa kết quả kiểm phiếu"
    MEETING_MINUTES = "meeting.minutes", "Ghi giờ họp và ý kiến thảo luận"
    MEETING_TELLERS = "meeting.tellers", "Ghi Ban kiểm phiếu do Hội đồng bầu"
    APPROVAL_APPROVE = "approval.approve", "Phê duyệt danh sách khen thưởng"
    APPROVAL_RETURN = "approval.return", "Trả lại danh sách khen thưởng"
    APPROVAL_UNAPPROVE = "approval.unapprove", "Hủy phê duyệt danh sách"
    DECISION_ISSUE = "decision.issue", "Ban hành quyết định khen thưởng"
    DOCUMENT_REQUEST = "document.request", "Yêu cầu tạo văn bản"
    DOCUMENT_RENDER = "document.render", "Tạo văn bản"
    DOCUMENT_SIGN = "document.sign", "Ký số hồ sơ"
    DOCUMENT_NUMBER = "document.number", "Cấp số văn bản"
    DOCUMENT_RECEIVE = "document.receive", "Xác nhận đã nhận hồ sơ"
    SUBMISSION_SEND = "submission.send", "Gửi hồ sơ lên cấp trên"
    SUBMISSION_RECEIVE = "submission.receive", "Cấp trên tiếp nhận hồ sơ"
    SUBMISSION_RETURN = "submission.return", "Cấp trên trả lại hồ sơ để bổ sung, chỉnh sửa"
    SUBMISSION_OUTCOME = "submission.outcome", "Cấp trên ghi kết quả xét hồ sơ"
    DEADLINE_ANNOUNCE = "deadline.announce", "Thông báo hạn gửi hồ sơ"
    COMMUNE_QUOTA_SET = "commune_quota.set", "Giao chỉ tiêu khen thưởng cho xã"
    SIGNING_IMAGE_UPLOAD = "signing_image.upload", "Tải lên ảnh chữ ký, con dấu"
    SIGNING_IMAGE_DELETE = "signing_image.delete", "Xóa ảnh chữ ký, con dấu"
    SUMMARY_CREATE = "summary.create", "Lập báo cáo tổng kết"
    SUMMARY_SAVE = "summary.save", "Sửa báo cáo tổng kết"
    SUMMARY_SUBMIT = "summary.submit", "Trình báo cáo tổng kết"
    SUMMARY_APPROVE = "summary.approve", "Duyệt báo cáo tổng kết"
    ACCOUNT_PASSWORD_CHANGE = "account.password_change", "Đổi mật khẩu"
    ACCOUNT_PASSWORD_RESET = "account.password_reset", "Đặt lại mật khẩu"
    ACCOUNT_CREATE = "account.create", "Tạo tài khoản"
    ACCOUNT_UPDATE = "account.update", "Sửa thông tin tài khoản"
    ACCOUNT_DEACTIVATE = "account.deactivate", "Khóa tài khoản"
    ACCOUNT_REACTIVATE = "account.reactivate", "Mở khóa tài khoản"


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the change log."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def diff_fields(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field whose value would change."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def audit_record(
    *,
    actor,
    action: AuditAction,
    obj: models.Model,
    changes: dict | None = None,
    reason: str = "",
    commune=None,
) -> AuditEvent:
    """Write one audit row; ``action`` must be an :class:`AuditAction` (``ValueError`` otherwise).

    The row belongs to the commune of ``obj``; ``commune`` (a commune or its id) names it for an object
    that has none of its own: an account changed by a commune's administrator is in that commune's log.
    """
    if action not in AuditAction.values:
        raise ValueError(f"audit action {action!r} is not an AuditAction: add it (and its Vietnamese name)")
    code = AuditAction(action).value
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None,
        action=code,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        reason=reason,
        commune_id=getattr(commune, "pk", commune) if commune is not None else commune_id_of(obj),
    )
