from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tanbinh_portal"
    verbose_name = "Cổng thi đua"
