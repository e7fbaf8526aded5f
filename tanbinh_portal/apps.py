from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tanbinh_portal"
    verbose_name = "Cổng thi đua"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tanbinh_portal.accounts import session_start

        user_logged_in.connect(session_start, dispatch_uid="tanbinh_portal.session_start")
