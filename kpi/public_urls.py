"""Public pages of the kpi app (no login): the citizen's rating page and the campaign's results."""

from django.urls import path

from kpi.views import public_results, ratings

app_name = "public"

urlpatterns = [
    path("danh-gia/<str:token>/", ratings.rating_page, name="rating"),
    path("danh-gia/<str:token>/da-gui/", ratings.rating_done, name="rating-done"),
    path("dg/", ratings.short_code_page, name="rating-short"),
    path("cong-khai/<slug:commune>/<slug:slug>/", public_results.results_page, name="results"),
]
