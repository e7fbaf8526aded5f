"""The plan page's cached document: one variant per "may edit", gone as soon as the plan changes."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from campaigns import services
from campaigns.models import AwardForm, ImplementationStep, PlanRevision
from tanbinh_portal.optimistic import UNCHECKED

# A cached plan page: session, user, groups, campaign (with its plan revision), unread notifications,
# the campaigns of the picker.
CACHED_QUERIES = 6


def _plan(client, campaign) -> str:
    response = client.get(reverse("campaigns:campaign-detail", args=[campaign.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_second_request_serves_the_plan_in_a_fixed_number_of_queries(campaign, client_as, django_assert_num_queries):
    client = client_as("canbo")
    first = _plan(client, campaign)
    with django_assert_num_queries(CACHED_QUERIES):
        second = _plan(client, campaign)
    start = '<article class="plan-document'
    assert first[first.index(start) :] == second[second.index(start) :]


@pytest.mark.parametrize("first_user", ["vanphong", "chutich"])
def test_editing_links_are_never_served_to_a_reader_who_may_not_edit(campaign, client_as, first_user):
    edit = reverse("campaigns:criterion-edit", args=[campaign.slug, campaign.criteria.first().pk])
    pages = {name: _plan(client_as(name), campaign) for name in dict.fromkeys([first_user, "vanphong", "chutich"])}
    assert edit in pages["vanphong"]  # the officer edits the launched plan
    assert edit not in pages["chutich"]


def test_the_cached_document_holds_no_user_and_no_csrf_token(draft_campaign, client_as):
    html = _plan(client_as("chutich"), draft_campaign)
    assert "csrfmiddlewaretoken" in html  # the launch button, outside the cached part
    document = html[html.index('<article class="plan-document') :]
    assert "csrfmiddlewaretoken" not in document and "chutich" not in document


def test_a_change_through_the_services_shows_at_once_with_its_amendment(campaign, client_as, officer):
    client = client_as("canbo")
    assert "Khẩu hiệu mới" not in _plan(client, campaign)
    services.campaign_update(
        actor=officer,
        campaign=campaign,
        data={"slogan": "Khẩu hiệu mới"},
        reason="Theo huyện",
        expected_version=UNCHECKED,
    )
    html = _plan(client, campaign)
    assert "Khẩu hiệu mới" in html and "Lý do: Theo huyện" in html
    criterion = campaign.criteria.get(order=3)
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        criterion=criterion,
        data={"order": 3, "text": "Nội dung đã sửa", "kind": "assessed", "targets": []},
        reason="Đính chính",
    )
    services.step_save(actor=officer, campaign=campaign, order=1, heading="Bước đã sửa", body="Đoạn.", reason="Sửa")
    html = _plan(client, campaign)
    assert "Nội dung đã sửa" in html and "Bước đã sửa" in html


def test_a_change_made_outside_the_services_shows_at_once(campaign, client_as):
    # The admin or the shell: the models' signals raise the revision.
    client = client_as("canbo")
    _plan(client, campaign)
    step = ImplementationStep.objects.filter(campaign=campaign).first()
    step.heading = "Sửa trong trang quản trị"
    step.save()
    assert "Sửa trong trang quản trị" in _plan(client, campaign)
    award_form = AwardForm.objects.filter(pk__in=campaign.award_options.values("award_form")).first()
    award_form.legal_basis = "Căn cứ mới"
    award_form.save()
    assert "Căn cứ mới" in _plan(client, campaign)
    step.delete()
    assert "Sửa trong trang quản trị" not in _plan(client, campaign)


def test_a_campaign_without_a_revision_is_served_uncached(campaign, client_as):
    PlanRevision.objects.filter(campaign=campaign).delete()
    client = client_as("canbo")
    _plan(client, campaign)
    step = ImplementationStep.objects.filter(campaign=campaign).first()
    ImplementationStep.objects.filter(pk=step.pk).update(heading="Không qua tín hiệu")
    assert "Không qua tín hiệu" in _plan(client, campaign)


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there: every cache call fails
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_a_cache_outage_renders_the_page_uncached(campaign, client_as):
    cache.close()
    html = _plan(client_as("canbo"), campaign)
    assert "III. Nội dung thi đua" in html
