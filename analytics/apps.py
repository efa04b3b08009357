from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Supervisors' figures and reports"

    def ready(self):
        from analytics import timeline
        from casework import registry

        registry.register_sentences(timeline.SENTENCES)
        # Counts and rates only; its one free text is a rendering error message.
        registry.register_retention_exempt("analytics.MonthlyReport", "aggregates only")
        registry.register_file_column(
            registry.FileColumn("analytics.MonthlyReport", "pdf", "reports/")
        )
