import uuid

from django.db import migrations, models

from casework.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_case_first_petition_at")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids("casework", "Organisation"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
