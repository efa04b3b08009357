import uuid

from django.db import migrations, models

from casework.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_monthly_report")]

    operations = [
        migrations.AddField(
            model_name="monthlyreport",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids("analytics", "MonthlyReport"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="monthlyreport",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
