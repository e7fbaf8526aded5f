"""A CR/LF in a plan's title: refused at the door, and harmless in the mails of an older plan."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, CampaignStatus, Unit
from tanbinh_portal.models import EmailStatus, Notification
from tanbinh_portal.optimistic import UNCHECKED
from tests.campaigns.test_services_plan import _complete


def test_the_plan_service_refuses_a_title_with_a_line_break(draft_campaign, officer):
    with pytest.raises(ValidationError) as error:
        services.campaign_update(
            actor=officer,
            campaign=draft_campaign,
            data={"title": "Kế hoạch\r\nBcc: ai@do.vn"},
            expected_version=UNCHECKED,
        )
    assert error.value.code == "control_characters" and "Trích yếu" in error.value.messages[0]
    draft_campaign.refresh_from_db()
    assert "\n" not in draft_campaign.title


def test_the_plan_form_explains_a_title_with_a_line_break(draft_campaign, client_as):
    url = reverse("campaigns:campaign-edit", args=[draft_campaign.slug])
    page = client_as("vanphong").get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="Kế hoạch\r\nnăm 2023", document_date="", start_date="02/01/2023", end_date="31/12/2023")
    response = client_as("vanphong").post(url, data)
    assert response.status_code == 200
    assert "chỉ được ghi trên một dòng" in response.content.decode()


def test_unit_names_with_control_characters_are_refused(world, officer):
    with pytest.raises(ValidationError, match="Tên tập thể"):
        services.unit_save(
            actor=officer,
            commune=world["campaign"].commune,
            data={"name": "Ấp\nTân Nam", "unit_type": "hamlet"},
            expected_version=0,
        )
    assert not Unit.objects.filter(name__startswith="Ấp\n").exists()


def test_launching_an_older_plan_with_a_line_break_in_its_title_mails_everyone(
    draft_campaign, officer, chairman, django_capture_on_commit_callbacks
):
    _complete(draft_campaign, officer)
    # Written before titles were checked.
    Campaign.objects.filter(pk=draft_campaign.pk).update(title="Phát động thi đua\r\nnăm 2023")
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_launch(actor=chairman, campaign=draft_campaign)
    assert campaign.status == CampaignStatus.LAUNCHED
    notifications = Notification.objects.filter(title="Phát động: Phát động thi đua năm 2023")
    assert notifications.exists()
    assert all("\n" not in n.title for n in notifications)
    with_address = notifications.exclude(recipient__email="")
    assert len(mail.outbox) == with_address.count() > 0
    assert all(n.email_status == EmailStatus.SENT and n.emailed_at for n in with_address)
    assert all(
        n.email_status == EmailStatus.NO_ADDRESS and n.emailed_at is None
        for n in notifications.filter(recipient__email="")
    )
