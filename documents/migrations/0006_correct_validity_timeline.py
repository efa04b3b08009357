"""Correct the shared validity timeline against its sources (new versions, history kept),
and record for each earlier version which organisation its editor belonged to, so
other organisations see "another organisation" rather than a name."""

from django.db import migrations

from documents.seed_timeline import seed_validity_timeline


def correct(apps, schema_editor):
    Rule = apps.get_model("documents", "ValidityRule")
    Revision = apps.get_model("documents", "ValidityRuleRevision")
    Membership = apps.get_model("casework", "Membership")
    Revision.objects.filter(changed_by__isnull=True).update(by_platform_staff=True)
    editors = Revision.objects.filter(changed_by__isnull=False).values_list(
        "changed_by_id", flat=True
    )
    for user_id, organisation_id in Membership.objects.filter(user_id__in=set(editors)).values_list(
        "user_id", "organisation_id"
    ):
        Revision.objects.filter(changed_by_id=user_id).update(
            editor_organisation_id=organisation_id
        )
    seed_validity_timeline(Rule, Revision)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_audit_append_only"),
        ("documents", "0005_validity_rule_scope_and_assumptions"),
    ]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
