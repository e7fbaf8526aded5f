"""How the commune's papers name the campaign and the award decision in running text.

Kept in rewards because the decision service stores the decision's title; the documents app prints it.
"""

from __future__ import annotations

from campaigns.models import Campaign

_TOPIC_PREFIXES = ("kế hoạch phát động ", "phát động ", "kế hoạch ")


def campaign_topic(campaign: Campaign) -> str:
    """The campaign as running text names it: "phong trào thi đua thực hiện cải cách hành chính … năm 2022".

    The plan's title says what the plan does ("Phát động thi đua …"); an award is for the phong trào
    thi đua itself, so "khen thưởng phát động thi đua" must never be printed.
    """
    topic = campaign.title.strip()
    topic = topic[0].lower() + topic[1:]
    for prefix in _TOPIC_PREFIXES:
        if topic.startswith(prefix):
            topic = topic[len(prefix) :]
            break
    if topic.startswith("phong trào "):
        return topic
    return f"phong trào {topic}" if topic.startswith("thi đua") else f"phong trào thi đua {topic}"


def decision_summary(campaign: Campaign) -> str:
    """The trích yếu of the quyết định khen thưởng."""
    return f"Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong {campaign_topic(campaign)}"
