"""Template filters of the rewards pages."""

from django import template

from rewards.eligibility import EligibilityStatus
from rewards.eligibility import eligibility_status as _eligibility_status

register = template.Library()


@register.filter
def eligibility_status(nomination) -> EligibilityStatus:
    """``{% with status=n|eligibility_status %}``: the one eligibility wording of list and detail."""
    return _eligibility_status(nomination)
