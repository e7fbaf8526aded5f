from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tanbinh_portal import views
from tanbinh_portal.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/doi/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "mat-khau/doi/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password-change-done",
    ),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification-open"),
    path("nhat-ky/", views.audit_log, name="audit-log"),
    path("", include("campaigns.urls")),
    path("chi-so/", include("kpi.urls")),
    path("", include("kpi.public_urls")),  # public (no login): danh-gia/<code>/, cong-khai/<commune>/<campaign>/
    path("", include("documents.urls")),  # paths under phong-trao/, khen-thuong/ and kiem-tra-ho-so/ as before
    path("khen-thuong/", include("rewards.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "tanbinh_portal.errors.permission_denied"
handler404 = "tanbinh_portal.errors.page_not_found"
handler500 = "tanbinh_portal.errors.server_error"
