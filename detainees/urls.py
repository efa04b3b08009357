from django.urls import path

from detainees import views
from detainees.bail import views as bail_views
from detainees.hearings import application_views
from detainees.hearings import views as hearing_views
from detainees.risk import views as risk_views
from detainees.unhcr import views as unhcr_views

app_name = "detainees"

urlpatterns = [
    path("cases/<slug:reference>/person/", views.person_edit, name="person-edit"),
    path("cases/<slug:reference>/detention/", views.detention_edit, name="detention-edit"),
    path("cases/<slug:reference>/custody/new/", views.custody_change_add, name="custody-add"),
    # Hearings, outcomes, agendas, calendar feed (detainees/hearings/views.py).
    path(
        "cases/<slug:reference>/hearings/new/", hearing_views.hearing_create, name="hearing-create"
    ),
    path(
        "cases/<slug:reference>/hearings/<uuid:hearing_id>/",
        hearing_views.hearing_edit,
        name="hearing-edit",
    ),
    path(
        "cases/<slug:reference>/hearings/<uuid:hearing_id>/cancel/",
        hearing_views.hearing_cancel,
        name="hearing-cancel",
    ),
    path(
        "cases/<slug:reference>/hearings/<uuid:hearing_id>/result/",
        hearing_views.hearing_result,
        name="hearing-result",
    ),
    path(
        "cases/<slug:reference>/outcomes/new/", hearing_views.outcome_create, name="outcome-create"
    ),
    path(
        "cases/<slug:reference>/outcomes/<uuid:outcome_id>/review/",
        hearing_views.outcome_review,
        name="outcome-review",
    ),
    path(
        "cases/<slug:reference>/applications/new/",
        application_views.application_edit,
        name="application-create",
    ),
    path(
        "cases/<slug:reference>/applications/<uuid:application_id>/",
        application_views.application_edit,
        name="application-edit",
    ),
    path(
        "cases/<slug:reference>/applications/<uuid:application_id>/release-order/",
        bail_views.release_order_edit,
        name="release-order",
    ),
    # Sureties and the next friend (detainees/bail/views.py).
    path(
        "cases/<slug:reference>/contacts/new/<slug:role>/",
        bail_views.contact_edit,
        name="contact-create",
    ),
    path(
        "cases/<slug:reference>/contacts/<uuid:contact_id>/",
        bail_views.contact_edit,
        name="contact-edit",
    ),
    path(
        "cases/<slug:reference>/contacts/<uuid:contact_id>/remove/",
        bail_views.contact_remove,
        name="contact-remove",
    ),
    path(
        "cases/<slug:reference>/unhcr/new/",
        unhcr_views.unhcr_request_edit,
        name="unhcr-request-create",
    ),
    path(
        "cases/<slug:reference>/unhcr/<uuid:request_id>/",
        unhcr_views.unhcr_request_edit,
        name="unhcr-request-edit",
    ),
    path("hearings/", hearing_views.hearing_list, name="hearing-list"),
    path("hearings/diary/", hearing_views.court_diary, name="court-diary"),
    path("hearings/calendar/", hearing_views.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", hearing_views.calendar_feed_ics, name="calendar-feed"),
    path("outcomes/review/", hearing_views.outcome_queue, name="outcome-queue"),
    path("cases/<slug:reference>/risk/", risk_views.risk_detail, name="risk-detail"),
    path("cases/<slug:reference>/risk/edit/", risk_views.risk_edit, name="risk-edit"),
    path(
        "cases/<slug:reference>/risk/referrals/new/",
        risk_views.referral_edit,
        name="referral-create",
    ),
    path(
        "cases/<slug:reference>/risk/referrals/<uuid:referral_id>/",
        risk_views.referral_edit,
        name="referral-edit",
    ),
]
