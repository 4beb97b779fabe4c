from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self):
        # Contracts write their contribution rows; the trail those writes go in is ours.
        from contracts import decision_links, services
        from decisions import audit, contract_links

        services.register_trail(audit.record_contribution_changes)
        # The contract pages list and offer decisions through these.
        decision_links.register(contract_links)

        # Whoever a route step names signs, so must use two-factor sign-in.
        from commissioning import two_factor
        from decisions.models import RouteStep

        two_factor.register_signing_roles(RouteStep.objects.naming)
