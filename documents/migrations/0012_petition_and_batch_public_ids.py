import uuid

from django.db import migrations, models


def give_each_a_public_id(apps, schema_editor):
    for name in ("Petition", "PetitionBatch"):
        model = apps.get_model("documents", name)
        for row in model.objects.filter(public_id__isnull=True).only("pk").iterator():
            model.objects.filter(pk=row.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("documents", "0011_unhcr_letter_needs_consent")]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="petitionbatch",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="petition",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="petitionbatch",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
