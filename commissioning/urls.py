from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from commissioning import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/contracts/", include("contracts.urls")),
    path("workspace/decisions/", include("decisions.urls")),
    path("admin/", admin.site.urls),
    path("", include("decisions.public_urls")),
]
