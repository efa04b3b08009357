from django.apps import AppConfig


class PanahConfig(AppConfig):
    # The top floor: pages and commands that compose every feature. Nothing imports it.
    name = "panah"
    verbose_name = "Panah"
