"""URLs of the kpi app (mounted under /chi-so/)."""

from django.urls import path

from kpi.views import comparison, dashboard, desk, imports, monthly, ratings

app_name = "kpi"

urlpatterns = [
    path("", dashboard.dashboard_index, name="index"),
    path("nhap-ho-so/", imports.import_list, name="import-list"),
    path("nhap-ho-so/mau-nhap.xlsx", imports.import_template, name="import-template"),
    path("nhap-ho-so/<int:pk>/", imports.import_detail, name="import-detail"),
    path("nhap-ho-so/<int:pk>/tien-do/", imports.import_progress, name="import-progress"),
    path("nhap-ho-so/<int:pk>/thu-lai/", imports.import_retry, name="import-retry"),
    path("nhap-ho-so/<int:pk>/loi.xlsx", imports.import_errors, name="import-errors"),
    path("mot-cua/", desk.desk, name="desk"),
    path("mot-cua/ho-so/<int:pk>/cap-ma/", desk.dossier_ticket, name="dossier-ticket"),
    path("mot-cua/ho-so/<int:pk>/giay-tiep-nhan/", desk.dossier_receipt, name="dossier-receipt"),
    path("mot-cua/ho-so/<int:pk>/phieu-danh-gia/", desk.dossier_slip, name="dossier-slip"),
    path("mot-cua/ho-so/<int:pk>/man-hinh/", desk.dossier_screen, name="dossier-screen"),
    # Before the campaign pages: "so-sanh-cac-xa" is no campaign's slug.
    path("so-sanh-cac-xa/", comparison.comparison, name="comparison"),
    path("so-sanh-cac-xa/xuat-excel/", comparison.comparison_export, name="comparison-export"),
    path("<slug:slug>/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/xuat-excel/", dashboard.dashboard_export, name="dashboard-export"),
    path("<slug:slug>/linh-vuc/", dashboard.by_field, name="by-field"),
    path("<slug:slug>/can-bo/", dashboard.by_officer, name="by-officer"),
    path("<slug:slug>/ho-so/", dashboard.drilldown, name="drilldown"),
    path("<slug:slug>/danh-gia/", ratings.ratings_overview_page, name="ratings"),
    path("<slug:slug>/so-lieu-thang/", monthly.monthly_list, name="monthly-list"),
    path("<slug:slug>/so-lieu-thang/<str:month>/", monthly.monthly_edit, name="monthly-edit"),
    path("<slug:slug>/so-lieu-thang/<str:month>/gui/", monthly.monthly_submit, name="monthly-submit"),
    path("<slug:slug>/so-lieu-thang/<str:month>/khoa/", monthly.monthly_lock, name="monthly-lock"),
    path("<slug:slug>/so-lieu-thang/<str:month>/mo-khoa/", monthly.monthly_unlock, name="monthly-unlock"),
]
