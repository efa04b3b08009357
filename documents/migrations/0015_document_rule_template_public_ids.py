import uuid

from django.db import migrations, models

from casework.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("documents", "0014_case_first_petition")]

    operations = [
        migrations.AddField(
            model_name="identitydocument",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="validityrule",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="petitiontemplate",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids("documents", "IdentityDocument", "ValidityRule", "PetitionTemplate"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="identitydocument",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="validityrule",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="petitiontemplate",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
