from django.apps import AppConfig

# Sign-in records of staff accounts: no client data, and not tied to any case.
RETENTION_EXEMPT = {
    "accounts.LoginThrottle": "keyed hashes of failed sign-ins",
    "accounts.UserSession": "staff members' own sessions",
    "accounts.Passkey": "staff members' own second factors (public keys)",
    "accounts.PasskeyAttestation": "what a staff member's authenticator said about itself",
    # django-otp-webauthn's own tables: its default credential models stay empty (ours
    # are the two above); the user handle is a random id given to a staff account.
    "django_otp_webauthn.WebAuthnCredential": "unused: passkeys live in accounts.Passkey",
    "django_otp_webauthn.WebAuthnAttestation": "unused: see accounts.PasskeyAttestation",
    "django_otp_webauthn.WebAuthnUserHandle": "a random id per staff account for passkeys",
}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, sign-in and sessions"

    def ready(self):
        from accounts import timeline
        from casework import registry

        registry.register_sentences(timeline.SENTENCES)
        for label, reason in RETENTION_EXEMPT.items():
            registry.register_retention_exempt(label, reason)
