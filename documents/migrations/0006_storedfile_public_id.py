import uuid

from django.db import migrations, models


def give_every_file_a_public_id(apps, schema_editor):
    StoredFile = apps.get_model("documents", "StoredFile")
    for stored in StoredFile.objects.filter(public_id__isnull=True).only("pk").iterator():
        StoredFile.objects.filter(pk=stored.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_petition_editors")]

    operations = [
        migrations.AddField(
            model_name="storedfile",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_every_file_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="storedfile",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
