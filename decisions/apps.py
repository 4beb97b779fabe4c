from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self):
        # Contracts write their contribution rows; the trail those writes go in is ours.
        from contracts import services
        from decisions import audit

        services.register_trail(audit.record_contribution_changes)
