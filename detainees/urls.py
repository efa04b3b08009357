from django.urls import path

from detainees import risk_views, views

app_name = "detainees"

urlpatterns = [
    path("cases/<slug:reference>/person/", views.person_edit, name="person-edit"),
    path("cases/<slug:reference>/detention/", views.detention_edit, name="detention-edit"),
    path("cases/<slug:reference>/risk/", risk_views.risk_detail, name="risk-detail"),
    path("cases/<slug:reference>/risk/edit/", risk_views.risk_edit, name="risk-edit"),
    path(
        "cases/<slug:reference>/risk/referrals/new/",
        risk_views.referral_edit,
        name="referral-create",
    ),
    path(
        "cases/<slug:reference>/risk/referrals/<int:pk>/",
        risk_views.referral_edit,
        name="referral-edit",
    ),
]
