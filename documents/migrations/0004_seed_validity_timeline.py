from django.db import migrations

from documents.seed_timeline import SEED_REASON, seed_validity_timeline


def seed(apps, schema_editor):
    seed_validity_timeline(
        apps.get_model("documents", "ValidityRule"),
        apps.get_model("documents", "ValidityRuleRevision"),
    )


def unseed(apps, schema_editor):
    ValidityRule = apps.get_model("documents", "ValidityRule")
    Revision = apps.get_model("documents", "ValidityRuleRevision")
    seeded = list(
        ValidityRule.objects.filter(revisions__reason=SEED_REASON, revisions__number=1).values_list(
            "pk", flat=True
        )
    )
    Revision.objects.filter(rule_id__in=seeded).delete()
    ValidityRule.objects.filter(pk__in=seeded).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_seed_petition_templates")]
    operations = [migrations.RunPython(seed, unseed)]
