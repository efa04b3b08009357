import uuid

from django.db import migrations, models


def give_each_a_public_id(apps, schema_editor):
    # Row by row, so each row draws its own uuid4 on PostgreSQL and SQLite alike.
    for name in ("Organisation",):
        model = apps.get_model("casework", name)
        for row in model.objects.filter(public_id__isnull=True).only("pk").iterator():
            model.objects.filter(pk=row.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_case_first_petition_at")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
