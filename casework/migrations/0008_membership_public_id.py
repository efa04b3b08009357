import uuid

from django.db import migrations, models


def give_every_member_a_public_id(apps, schema_editor):
    Membership = apps.get_model("casework", "Membership")
    for membership in Membership.objects.filter(public_id__isnull=True).only("pk").iterator():
        Membership.objects.filter(pk=membership.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_case_status_reason")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_every_member_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
