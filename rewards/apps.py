from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from campaigns.next_year import register_copier
        from rewards.home import rewards_home_tasks
        from rewards.next_year import RewardsCopier
        from tanbinh_portal.home import register_home_provider
        from tanbinh_portal.navigation import NavItem, register_nav
        from tanbinh_portal.roles import ALL_ROLES, COMMUNE_ROLES

        register_home_provider(rewards_home_tasks)
        # Next year's plan copies the council, quotas, thresholds and eligibility rules (campaigns.next_year).
        register_copier(RewardsCopier())
        register_nav(NavItem("Khen thưởng", "rewards:index", ALL_ROLES, order=30))
        register_nav(NavItem("Tiến độ của tôi", "rewards:progress-home", COMMUNE_ROLES, order=12))
