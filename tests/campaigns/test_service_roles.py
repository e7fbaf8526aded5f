"""The services check the actor's role themselves, not only the views' decorators.

Each write is called directly (as a command, a task or another service would) by an account whose role
does not allow it: the refusal is ``NotPermitted`` (a 403 for a page) and nothing is written.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from campaigns import monthly_fields, next_year, services
from campaigns.models import AwardForm, Campaign, CampaignStatus
from kpi.models import DossierImport
from kpi.services import imports, monthly
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED
from tanbinh_portal.service_errors import NotPermitted


def _plan_data():
    return {
        "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
        "place_name": "Tân Bình",
        "title": "Phát động thi đua năm 2024",
        "purposes": "Mục đích.",
        "start_date": dt.date(2024, 1, 2),
        "end_date": dt.date(2024, 12, 31),
        "recipients": "UBND huyện",
        "signatory_name": "Lê Văn Tài",
    }


CALLS = {
    "campaign_create": (
        "chutich",
        lambda c, d: services.campaign_create(actor=ACTOR, commune=c.commune, slug="cchc-2024", data=_plan_data()),
    ),
    "campaign_update": (
        "chutich",
        lambda c, d: services.campaign_update(
            actor=ACTOR, campaign=d, data={"title": "Sửa"}, expected_version=UNCHECKED
        ),
    ),
    "criterion_save": (
        "canbo",
        lambda c, d: services.criterion_save(
            actor=ACTOR, campaign=d, data={"order": 1, "text": "Nội dung", "kind": "assessed", "targets": []}
        ),
    ),
    "criterion_delete": (
        "chutich",
        lambda c, d: services.criterion_delete(actor=ACTOR, criterion=c.criteria.first(), reason="Bỏ"),
    ),
    "campaign_set_award_forms": (
        "phochutich",
        lambda c, d: services.campaign_set_award_forms(
            actor=ACTOR, campaign=d, options=[(AwardForm.objects.get(code="giay-khen-chu-tich-xa-2017"), "Giấy khen")]
        ),
    ),
    "step_save": (
        "hoidong",
        lambda c, d: services.step_save(actor=ACTOR, campaign=d, order=1, heading="Tổ chức", body="Nội dung"),
    ),
    "campaign_launch": ("vanphong", lambda c, d: services.campaign_launch(actor=ACTOR, campaign=d)),
    "campaign_close": ("vanphong", lambda c, d: services.campaign_close(actor=ACTOR, campaign=c)),
    "campaign_mark_summarised": ("phochutich", lambda c, d: services.campaign_mark_summarised(actor=ACTOR, campaign=c)),
    "campaign_set_registration_deadline": (
        "chutich",
        lambda c, d: services.campaign_set_registration_deadline(actor=ACTOR, campaign=c, deadline=dt.date(2022, 3, 1)),
    ),
    "registration_remind": ("motcua", lambda c, d: services.registration_remind(actor=ACTOR, campaign=c)),
    "unit_save": (
        "chutich",
        lambda c, d: services.unit_save(
            actor=ACTOR, commune=c.commune, data={"name": "Tổ mới", "unit_type": "other"}, expected_version=UNCHECKED
        ),
    ),
    "person_save": (
        "canbo",
        lambda c, d: services.person_save(
            actor=ACTOR, commune=c.commune, data={"full_name": "Nguyễn Văn Mới"}, expected_version=UNCHECKED
        ),
    ),
    "monthly_field_create": (
        "phochutich",
        lambda c, d: monthly_fields.monthly_field_create(
            actor=ACTOR, campaign=c, data={"key": "so_moi", "label": "Số mới", "unit": "buổi"}, reason="Thêm"
        ),
    ),
    "monthly_field_delete": (
        "canbo",
        lambda c, d: monthly_fields.monthly_field_delete(actor=ACTOR, field=c.monthly_fields.first(), reason="Bỏ"),
    ),
    "campaign_copy_next_year": (
        "phochutich",
        lambda c, d: next_year.campaign_copy_next_year(actor=ACTOR, source=c, year=2023, fingerprint="x"),
    ),
    "monthly_values_save": (
        "chutich",
        lambda c, d: monthly.monthly_values_save(
            actor=ACTOR, campaign=c, month="2022-03", values={"e_documents": 1}, expected_version=UNCHECKED
        ),
    ),
    "monthly_report_submit": (
        "phochutich",
        lambda c, d: monthly.monthly_report_submit(actor=ACTOR, campaign=c, month="2022-03"),
    ),
    "monthly_report_lock": (
        "vanphong",
        lambda c, d: monthly.monthly_report_lock(actor=ACTOR, campaign=c, month="2022-03"),
    ),
    "monthly_report_unlock": (
        "vanphong",
        lambda c, d: monthly.monthly_report_unlock(actor=ACTOR, campaign=c, month="2022-03", reason="Sửa"),
    ),
    "dossier_import_retry": (
        "motcua",
        lambda c, d: imports.dossier_import_retry(
            actor=ACTOR, record=DossierImport.objects.create(commune=c.commune, file_name="so.xlsx", sha256="0" * 64)
        ),
    ),
}
ACTOR = None  # set per test: the lambdas read it when they run


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_wrong_role_is_refused_by_the_service_itself(name, campaign, draft_campaign, users, monkeypatch):
    username, call = CALLS[name]
    monkeypatch.setitem(globals(), "ACTOR", users[username])
    statuses = dict(Campaign.objects.values_list("pk", "status"))
    events = AuditEvent.objects.count()
    with pytest.raises(NotPermitted) as refused:
        call(campaign, draft_campaign)
    assert isinstance(refused.value, PermissionDenied) and refused.value.code == "not_permitted"
    assert str(refused.value).startswith("Chỉ ")  # says who may, in Vietnamese
    assert AuditEvent.objects.count() == events
    assert dict(Campaign.objects.values_list("pk", "status")) == statuses
    assert not Campaign.objects.filter(slug="cchc-2024").exists()


def test_an_anonymous_or_missing_actor_is_refused_too(campaign, draft_campaign):
    with pytest.raises(NotPermitted):
        services.campaign_update(actor=None, campaign=draft_campaign, data={"title": "Sửa"}, expected_version=UNCHECKED)
    with pytest.raises(NotPermitted):
        services.campaign_launch(actor=AnonymousUser(), campaign=draft_campaign)
    assert Campaign.objects.get(pk=draft_campaign.pk).status == CampaignStatus.DRAFT


def test_the_right_role_still_passes_the_check(campaign, draft_campaign, officer, chairman):
    services.campaign_update(actor=officer, campaign=draft_campaign, data={"title": "Sửa"}, expected_version=UNCHECKED)
    closed = services.campaign_close(actor=chairman, campaign=campaign)
    assert closed.status == CampaignStatus.CLOSED
