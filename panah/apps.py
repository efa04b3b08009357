from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PanahConfig(AppConfig):
    # The top floor: pages and commands that compose every feature. Nothing imports it.
    default = True
    name = "panah"
    verbose_name = "Panah"


class PanahAdminConfig(admin_apps.AdminConfig):
    default = False
    # Superusers with a verified second factor only (panah/admin_site.py).
    default_site = "panah.admin_site.PanahAdminSite"
