from django.apps import AppConfig


class DetaineesConfig(AppConfig):
    name = "detainees"
    verbose_name = "Detainees and detention"

    def ready(self):
        from casework import registry
        from detainees import case_page, export, retention, timeline
        from detainees.hearings import calendar_feed

        registry.register_sentences(timeline.SENTENCES)
        registry.register_token_revoker("calendar_feed", calendar_feed.calendar_feed_revoke)
        registry.register_anonymiser(retention.ANONYMISER)
        registry.register_export_part(export.EXPORT_PART)
        for section in case_page.SECTIONS:
            registry.register_case_section(section)
        for label, reason in retention.EXEMPT.items():
            registry.register_retention_exempt(label, reason)
