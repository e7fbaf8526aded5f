"""Issue 6: a form posted twice (a double click, a resent request) is harmless.

The second post of the same action answers with a page or a redirect carrying a message, never a
server error, and leaves the state, the audit trail and the notifications as the first post left them.
"""

from __future__ import annotations

from django.urls import reverse

from rewards.models import BallotParticipation, Nomination, NominationStatus, SealedChoice
from tanbinh_portal.models import AuditEvent, Notification
from tests.rewards.conftest import lan_rows


def trail():
    return AuditEvent.objects.count(), Notification.objects.count()


def post_twice(client, url, data=None):
    first = client.post(url, data or {}, follow=True)
    after_first = trail()
    second = client.post(url, data or {}, follow=True)
    assert first.status_code == 200 and second.status_code in (200, 403)
    assert trail() == after_first, "the second post must not add audit events or notifications"
    return second.content.decode()


def test_submitting_and_accepting_a_nomination_twice(nominate, client_as, kpi_log):
    kpi_log(lan_rows(20))
    nomination = nominate("Võ Thị Lan")
    base = f"/khen-thuong/{nomination.campaign.slug}/de-nghi/{nomination.pk}/"
    officer = client_as("vanphong")
    page = post_twice(officer, base + "gui/")
    assert "không sửa được" in page
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    post_twice(officer, base + "tiep-nhan/")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED


def test_voting_twice_in_an_online_ballot_counts_one_vote(online_ballot, configured, client_as):
    ballot = online_ballot
    url = reverse("rewards:ballot-vote", args=[configured.slug, ballot.pk])
    post_twice(client_as("phochutich"), url, {"choice": "agree"})
    assert SealedChoice.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


def test_approving_the_list_twice_approves_it_once(passed_list, configured, client_as):
    url = reverse("rewards:approval-approve", args=[configured.slug])
    post_twice(client_as("chutich"), url, {"nominations": [n.pk for n in passed_list], "comment": "Đồng ý."})
    statuses = set(Nomination.objects.filter(pk__in=[n.pk for n in passed_list]).values_list("status", flat=True))
    assert statuses == {NominationStatus.APPROVED}
