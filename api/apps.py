from django.apps import AppConfig

RETENTION_EXEMPT = {
    # Not tied to a case: never-accepted entries are deleted by api.tasks.inbox_purge after
    # INBOX_RETENTION_DAYS, and an accepted entry is blanked the moment its case opens.
    "api.InboxEntry": "purged by api.tasks.inbox_purge; blanked on acceptance",
    "api.ApiToken": "a staff member's own label and a token hash",
    "api.InboxToken": "a partner's name and a token hash",
}


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "JSON API, access tokens and the intake inbox"

    def ready(self) -> None:
        from api import (
            schema,  # noqa: F401  (registers the bearer scheme with the generator)
            services,
            timeline,
        )
        from casework import registry

        registry.register_sentences(timeline.SENTENCES)
        registry.register_token_revoker("api_tokens", services.tokens_revoke_for_user)
        for label, reason in RETENTION_EXEMPT.items():
            registry.register_retention_exempt(label, reason)
