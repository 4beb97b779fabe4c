from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from commissioning import account_views
from commissioning.health import healthz
from decisions import home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-in/code/", account_views.verify_code, name="verify_code"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account_views.account, name="account"),
    path("account/session/", account_views.keep_alive, name="keep_alive"),
    path(
        "invitation/<uidb64>/<token>/",
        account_views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("account/two-factor/set-up/", account_views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/recovery-codes/",
        account_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        account_views.new_recovery_codes,
        name="new_recovery_codes",
    ),
    path(
        "account/two-factor/turn-off/",
        account_views.turn_off_two_factor,
        name="turn_off_two_factor",
    ),
    path("workspace/contracts/", include("contracts.urls")),
    path("workspace/decisions/", include("decisions.urls")),
    path("setup/", include("decisions.office_setup.urls")),
    path("alerts/", include("decisions.following.urls")),
    path("help/", include("decisions.help.urls")),
    path("admin/", admin.site.urls),
    path("", include("decisions.public.urls")),
]
