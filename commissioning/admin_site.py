"""The admin behind the product's own sign-in: the same two steps, then staff only."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url


class VerifiedAdminSite(AdminSite):
    site_header = "OPCC decisions administration"
    site_title = "OPCC decisions"

    def has_permission(self, request):
        # Checked here as well as by TwoFactorMiddleware, so the admin stays closed to an
        # unverified session even if the middleware list is changed.
        user = request.user
        return user.is_active and user.is_staff and getattr(user, "is_verified", lambda: False)()

    def login(self, request, extra_context=None):
        """The admin has no sign-in page of its own: anyone not yet signed in uses the
        product's; a signed-in person who may not use the admin is refused."""
        if self.has_permission(request):
            return redirect("admin:index")
        if request.user.is_authenticated:
            raise PermissionDenied("Only administrators can use this.")
        next_url = request.GET.get("next") or resolve_url("admin:index")
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


class VerifiedAdminConfig(AdminConfig):
    """Installed in place of django.contrib.admin so that admin.site is a VerifiedAdminSite."""

    default_site = "commissioning.admin_site.VerifiedAdminSite"
