from django.contrib import admin

from casework.models import Case, Event, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "reference_prefix", "time_zone"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "lead_lawyer", "opened_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "lead_lawyer"]
    raw_id_fields = ["person", "detention", "lead_lawyer", "opened_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "case", "actor", "verb"]
    list_filter = ["organisation", "verb"]

    # The timeline is append-only, even for superusers.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
