"""The receiving level's quotas per commune and year (rewards/services/receiving.py) and the chairman's
approval that checks them (rewards/services/approval.py), with the page that sets them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import AwardForm
from rewards import services
from rewards.models import CommuneQuota, NominationStatus
from tanbinh_portal.audit import AuditAction
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tests.factories import CommuneFactory, DistrictFactory, make_user
from tests.rewards.conftest import XA

YEAR = 2022  # the demo campaign's year


def _quota(users, campaign, quota, code=XA):
    return services.commune_quota_set(
        actor=users["noivu"],
        commune=campaign.commune,
        award_form=AwardForm.objects.get(code=code),
        year=YEAR,
        quota=quota,
    )


def test_the_district_sets_a_quota_audited_and_the_commune_is_told(users, configured):
    row = _quota(users, configured, 3)
    assert (row.quota, row.year, row.set_by) == (3, YEAR, users["noivu"])
    event = AuditEvent.objects.get(action=AuditAction.COMMUNE_QUOTA_SET)
    assert event.changes == {"quota": [None, 3]}
    assert Notification.objects.filter(recipient=users["chutich"], title__contains="chỉ tiêu 3").exists()
    assert _quota(users, configured, 2).quota == 2
    assert _quota(users, configured, None) is None
    assert not CommuneQuota.objects.exists()


def test_only_the_communes_receiving_level_sets_quotas(users, configured, db):
    with pytest.raises(NotPermitted):
        services.commune_quota_set(
            actor=users["chutich"],
            commune=configured.commune,
            award_form=AwardForm.objects.get(code=XA),
            year=YEAR,
            quota=3,
        )
    other = DistrictFactory(code="chau-thanh", name="Châu Thành")
    stranger = make_user("noivu-chau-thanh", "Phòng Nội vụ huyện", district=other)
    with pytest.raises(NotPermitted):
        services.commune_quota_set(
            actor=stranger, commune=configured.commune, award_form=AwardForm.objects.get(code=XA), year=YEAR, quota=3
        )


def test_a_quota_must_be_a_sane_number(users, configured):
    with pytest.raises(ServiceError) as error:
        _quota(users, configured, -1)
    assert error.value.code == "bad_quota"


def test_the_chairman_cannot_approve_beyond_the_communes_quota(passed_list, users, configured):
    _quota(users, configured, 2)  # three Giấy khen xã passed
    xa = [n.pk for n in passed_list if n.award_form.code == XA]
    with pytest.raises(ServiceError) as error:
        services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=xa)
    assert error.value.code == "commune_quota"
    message = str(error.value)
    assert "Vượt chỉ tiêu khen thưởng cấp trên giao cho xã năm 2022" in message
    assert "chỉ tiêu 2" in message and "danh sách chọn 3" in message and "bỏ chọn bớt 1 đề nghị" in message
    assert all(n.status == NominationStatus.PASSED for n in type(passed_list[0]).objects.filter(pk__in=xa))
    # Within the quota the approval passes (the per-campaign AwardQuota was already applied by the ballot).
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=xa[:2])
    assert type(passed_list[0]).objects.filter(pk__in=xa, status=NominationStatus.APPROVED).count() == 2


def test_the_approval_page_shows_the_communes_quota_and_its_use(passed_list, users, configured, client_as):
    _quota(users, configured, 2)
    page = client_as("chutich").get(reverse("rewards:approval", args=[configured.slug])).content.decode()
    assert "Đã phê duyệt 0/2 chỉ tiêu cấp trên giao năm 2022" in page


def test_the_quota_page_for_the_district_and_nobody_else(users, configured, client_as, client):
    url = reverse("rewards:commune-quotas")
    assert client.get(url).status_code == 302
    assert client_as("chutich").get(url).status_code == 403
    form = AwardForm.objects.get(code=XA)
    response = client_as("noivu").post(
        f"{url}?nam={YEAR}",
        {"commune": configured.commune.pk, "award_form": form.pk, "year": YEAR, "quota": "4"},
    )
    assert response.status_code == 302
    assert CommuneQuota.objects.get().quota == 4
    page = client_as("noivu").get(f"{url}?nam={YEAR}").content.decode()
    assert form.name in page and configured.commune.name in page


def test_the_quota_page_refuses_bad_input_and_another_districts_commune(users, configured, client_as, db):
    far = CommuneFactory(code="xa-xa", name="Xa Xôi", district=DistrictFactory(code="chau-thanh", name="Châu Thành"))
    form = AwardForm.objects.get(code=XA)
    url = reverse("rewards:commune-quotas")
    response = client_as("noivu").post(url, {"commune": far.pk, "award_form": form.pk, "year": YEAR, "quota": "1"})
    assert response.status_code == 200
    assert "Không có xã này trong các xã bạn tiếp nhận." in response.content.decode()
    response = client_as("noivu").post(
        url, {"commune": configured.commune.pk, "award_form": form.pk, "year": YEAR, "quota": "ba"}
    )
    assert "Chỉ tiêu phải là số nguyên, ví dụ 3." in response.content.decode()
    assert not CommuneQuota.objects.exists()
