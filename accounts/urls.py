from django.urls import path

from accounts import member_views, organisation_views, passkey_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/verify/", views.verify, name="verify"),
    path("accounts/language/", views.language_set, name="language"),
    path("accounts/enrol/", views.enrol, name="enrol"),
    path("accounts/reauthenticate/", views.reauth, name="reauth"),
    path("accounts/security/", views.security, name="security"),
    path("accounts/sessions/end-all/", views.sessions_end_all, name="sessions-end-all"),
    path("accounts/recovery-codes/", views.recovery_codes_new, name="recovery-codes"),
    path("accounts/passkeys/new/", passkey_views.passkey_new, name="passkey-new"),
    path(
        "accounts/passkeys/register/begin/",
        passkey_views.passkey_register_begin,
        name="passkey-register-begin",
    ),
    path(
        "accounts/passkeys/register/complete/",
        passkey_views.passkey_register_complete,
        name="passkey-register-complete",
    ),
    path(
        "accounts/passkeys/<uuid:passkey_id>/remove/",
        passkey_views.passkey_remove,
        name="passkey-remove",
    ),
    path(
        "accounts/verify/passkey/begin/",
        passkey_views.passkey_verify_begin,
        name="passkey-verify-begin",
    ),
    path(
        "accounts/verify/passkey/complete/",
        passkey_views.passkey_verify_complete,
        name="passkey-verify-complete",
    ),
    path("accounts/password/", views.password_change, name="password-change"),
    path("accounts/activate/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
    path(
        "organisations/<uuid:organisation_id>/settings/",
        organisation_views.organisation_settings,
        name="organisation-settings",
    ),
    path(
        "organisations/<uuid:organisation_id>/intake-duty/",
        organisation_views.intake_duty,
        name="intake-duty",
    ),
    path("members/", member_views.member_list, name="member-list"),
    path("members/new/", member_views.member_create, name="member-create"),
    path("members/<uuid:member_id>/", member_views.member_detail, name="member-detail"),
    path("members/<uuid:member_id>/role/", member_views.member_role, name="member-role"),
    path(
        "members/<uuid:member_id>/second-factor/reset/",
        member_views.member_second_factor_reset,
        name="member-second-factor-reset",
    ),
    path("members/<uuid:member_id>/revoke/", member_views.member_revoke, name="member-revoke"),
    path(
        "members/<uuid:member_id>/reinstate/",
        member_views.member_reinstate,
        name="member-reinstate",
    ),
]
