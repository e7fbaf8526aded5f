"""The receiving level's quotas per commune, award form and year (its communes only)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from campaigns.selectors import communes_visible_to
from campaigns.years import campaign_years
from rewards import services
from rewards.forms import CommuneQuotaForm
from rewards.forms.receiving import award_forms_of_year
from rewards.selectors import commune_quotas
from tanbinh_portal.access import role_required
from tanbinh_portal.params import query_int
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import DISTRICT, PROVINCE
from tanbinh_portal.service_calls import service_call


@role_required(DISTRICT, PROVINCE)
def commune_quota_list(request):
    """GET: the year's quotas of every commune the user sees, with their use; POST: set one."""
    communes = communes_visible_to(request.user).order_by("name")
    years = campaign_years(communes)
    year = query_int(request, "nam") or (years[0] if years else local_today().year)
    year = year if 2000 <= year <= 2100 else local_today().year
    form = CommuneQuotaForm(request.POST or None, communes=communes, year=year, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            services.commune_quota_set(
                actor=request.user,
                commune=data["commune"],
                award_form=data["award_form"],
                year=data["year"],
                quota=data["quota"],
            )
        if call.ok:
            messages.success(request, f"Đã lưu chỉ tiêu năm {data['year']} của xã {data['commune'].name}.")
            return redirect(f"{request.path}?nam={data['year']}")
    context = {
        "year": year,
        "years": years,
        "form": form,
        "uses": commune_quotas(communes, year),
        "award_forms": list(award_forms_of_year(year)),
    }
    return render(request, "rewards/commune_quota_list.html", context)
