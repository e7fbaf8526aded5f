"""Frozen evidence reads naturally: Vietnamese numbers, no technical period key, no word cut in half."""

from __future__ import annotations

import pytest

from rewards.evidence import evidence_display, shorten


def test_kpi_values_read_in_vietnamese_and_lose_the_period_key():
    label = "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn – toàn xã (cả đợt thi đua) (campaign)"
    shown = evidence_display(label, "96.81", {"indicator": "on_time_rate"})
    assert shown == ("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn – toàn xã (cả đợt thi đua)", "96,81%")
    assert evidence_display("Văn bản điện tử (2022-03)", "1234", {"indicator": "e_documents"}) == (
        "Văn bản điện tử",
        "1.234",
    )
    assert evidence_display("Số liệu (campaign)", "", {"indicator": "e_documents"})[1] == "—"


def test_text_evidence_is_left_as_it_is():
    assert evidence_display("Đăng ký thi đua", "Đã đăng ký ngày 05/01/2022.", {"registered": True}) == (
        "Đăng ký thi đua",
        "Đã đăng ký ngày 05/01/2022.",
    )


def test_long_criterion_texts_are_cut_between_words():
    text = "Đảm bảo sự hài lòng của tổ chức, cá nhân đối với sự phục vụ của Bộ phận tiếp nhận và trả kết quả xã."
    short = shorten(text, 60)
    assert len(short) <= 60 and short.endswith("…")
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "
    assert shorten("Ngắn gọn.", 60) == "Ngắn gọn."


@pytest.mark.with_award_round
def test_the_nomination_page_shows_frozen_kpi_evidence_in_vietnamese(campaign, client_as):
    import re

    from django.urls import reverse

    from rewards.models import EvidenceItem, Nomination
    from tests.rewards.helpers import ensure_award_round

    ensure_award_round(campaign)
    nomination = Nomination.objects.filter(campaign=campaign, evidence__isnull=False).first()
    # A value frozen as the KPI selector writes it (the test commune has no one-stop log).
    item = EvidenceItem.objects.create(
        nomination=nomination,
        source="kpi",
        code="kpi:on_time_rate:commune:commune:campaign:campaign",
        label="Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn – toàn xã (cả đợt thi đua) (campaign)",
        value="96.81",
        fingerprint="0" * 64,
        data={"indicator": "on_time_rate", "period": "campaign"},
    )
    url = reverse("rewards:nomination-detail", args=[campaign.slug, item.nomination_id])
    html = client_as("chutich").get(url).content.decode()
    assert "(campaign)" not in html and f">{item.value}<" not in html
    assert ">96,81%<" in html and "toàn xã (cả đợt thi đua)<" in html
    assert re.search(r">\d+,\d+%<", html)


@pytest.mark.with_award_round
def test_the_minutes_page_keeps_the_communes_name_in_capitals(campaign, client_as):
    from django.urls import reverse

    from rewards.models import CouncilMeeting
    from tests.rewards.helpers import ensure_award_round

    ensure_award_round(campaign)
    meeting = CouncilMeeting.objects.filter(campaign=campaign).first()
    html = client_as("hoidong").get(reverse("rewards:meeting-minutes", args=[campaign.slug, meeting.pk])).content
    text = html.decode()
    assert "trong phát động thi đua" in text and "xã Tân Bình" in text and "xã tân bình" not in text
