from django.db import migrations

# Imports the seed list; rows are matched by kind and decision so a re-run adds nothing.
from documents.seed_timeline import RULES, SEED_REASON

FIELDS = (
    "kind", "effect", "valid_from", "valid_until", "decision", "decided_on", "source_title",
    "source_url", "certainty", "notes", "active",
)


def seed(apps, schema_editor):
    ValidityRule = apps.get_model("documents", "ValidityRule")
    Revision = apps.get_model("documents", "ValidityRuleRevision")
    for row in RULES:
        values = {"effect": "extends", "active": True, **row}
        if ValidityRule.objects.filter(kind=values["kind"], decision=values["decision"]).exists():
            continue
        rule = ValidityRule.objects.create(**values)
        Revision.objects.create(
            rule=rule, number=1, reason=SEED_REASON, changed_by_name="Panah (initial data)",
            **{name: values[name] for name in FIELDS},
        )


def unseed(apps, schema_editor):
    ValidityRule = apps.get_model("documents", "ValidityRule")
    Revision = apps.get_model("documents", "ValidityRuleRevision")
    seeded = ValidityRule.objects.filter(revisions__reason=SEED_REASON, revisions__number=1)
    Revision.objects.filter(rule__in=seeded).delete()
    ValidityRule.objects.filter(pk__in=list(seeded.values_list("pk", flat=True))).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_seed_petition_templates")]
    operations = [migrations.RunPython(seed, unseed)]
