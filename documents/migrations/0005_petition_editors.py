from django.conf import settings
from django.db import migrations, models


def editors_from_the_trail(apps, schema_editor):
    """Petitions drafted before editors were recorded: take them from the audit trail."""
    Petition = apps.get_model("documents", "Petition")
    Event = apps.get_model("casework", "Event")
    Through = Petition.editors.through
    pairs = set(Petition.objects.exclude(drafted_by=None).values_list("pk", "drafted_by_id"))
    for object_id, actor_id in Event.objects.filter(
        object_type="documents.petition",
        verb__in=["petition.drafted", "petition.edited", "petition.refreshed"],
        actor__isnull=False,
    ).values_list("object_id", "actor_id"):
        if object_id.isdigit():
            pairs.add((int(object_id), actor_id))
    existing = set(Petition.objects.values_list("pk", flat=True))
    Through.objects.bulk_create(
        [Through(petition_id=p, user_id=u) for p, u in pairs if p in existing],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_seed_validity_timeline"),
        ("casework", "0004_audit_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="editors",
            field=models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(editors_from_the_trail, migrations.RunPython.noop),
    ]
