from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents and petitions"

    def ready(self):
        from casework.health import register_check
        from documents.petitions.health import renders_check

        register_check("renders", renders_check)
