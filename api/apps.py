from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "JSON API, access tokens and the intake inbox"

    def ready(self) -> None:
        from api import schema  # noqa: F401  (registers the bearer scheme with the generator)
