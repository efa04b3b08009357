from django.apps import AppConfig

# Sign-in records of staff accounts: no client data, and not tied to any case.
RETENTION_EXEMPT = {
    "accounts.LoginThrottle": "keyed hashes of failed sign-ins",
    "accounts.UserSession": "staff members' own sessions",
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
