from django.apps import AppConfig


class DetaineesConfig(AppConfig):
    name = "detainees"
    verbose_name = "Detainees and detention"
