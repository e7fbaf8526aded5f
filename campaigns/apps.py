from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from campaigns.home import campaign_home_tasks
        from tanbinh_portal.home import register_home_provider

        register_home_provider(campaign_home_tasks)
