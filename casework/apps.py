from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import case_page, health, outbox, registry, retention, timeline

        registry.register_sentences(timeline.CORE_SENTENCES)
        registry.register_anonymiser(retention.CORE_ANONYMISER)
        for section in case_page.SECTIONS:
            registry.register_case_section(section)
        for label, reason in retention.EXEMPT.items():
            registry.register_retention_exempt(label, reason)
        health.register_check("jobs", outbox.jobs_check)
