from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents and petitions"

    def ready(self):
        from casework import registry
        from documents import case_page, export, retention, timeline
        from documents.petitions import queues
        from documents.tasks import case_coverage_follow_settings

        registry.register_sentences(timeline.SENTENCES)
        registry.register_header_count("petitions_awaiting", queues.awaiting_rows)
        registry.register_header_count("petitions_returned", queues.returned_rows)
        registry.register_anonymiser(retention.ANONYMISER)
        registry.register_export_part(export.EXPORT_PART)
        for section in case_page.SECTIONS:
            registry.register_case_section(section)
        registry.register_settings_change_hook("case_coverage", case_coverage_follow_settings)
        # Where uploads and rendered PDFs are written (documents/services.py, petitions).
        registry.register_file_column(registry.FileColumn("documents.StoredFile", "file", "files/"))
        registry.register_file_column(
            registry.FileColumn("documents.Petition", "pdf", "petitions/")
        )
        for label, reason in retention.EXEMPT.items():
            registry.register_retention_exempt(label, reason)
