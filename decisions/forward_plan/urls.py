"""The workspace's forward plan, inside the decisions namespace (decisions.urls)."""

from django.urls import path

from decisions.forward_plan import views

urlpatterns = [
    path("", views.notice_list, name="notices"),
    path("new/", views.notice_create, name="create_notice"),
    path("<int:pk>/", views.notice_detail, name="notice"),
    path("<int:pk>/edit/", views.notice_edit, name="edit_notice"),
    path("<int:pk>/publish/", views.notice_publish, name="publish_notice"),
    path("<int:pk>/due-date/", views.notice_due_date, name="notice_due_date"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="withdraw_notice"),
]
