from django.contrib import admin

from detainees.models import PoliceAuthority


@admin.register(PoliceAuthority)
class PoliceAuthorityAdmin(admin.ModelAdmin):
    """Platform staff only: the Django admin is not an organisation's screen, and every
    organisation's petitions name these authorities."""

    list_display = ["province", "name", "name_ur"]
