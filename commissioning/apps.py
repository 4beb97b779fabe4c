from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Offices, organisations and people"

    def ready(self):
        from commissioning import reauth  # noqa: F401  (connects the sign-in signal)
