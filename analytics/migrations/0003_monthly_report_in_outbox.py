from django.conf import settings
from django.db import migrations
from django.utils import timezone


def enqueue_waiting_reports(apps, schema_editor):
    """Reports asked for before the outbox existed, and still "rendering" (nothing sent a
    lost one again then), become outbox messages with their token."""
    MonthlyReport = apps.get_model("analytics", "MonthlyReport")
    OutboxMessage = apps.get_model("casework", "OutboxMessage")
    now = timezone.now()
    waiting = MonthlyReport.objects.filter(state="rendering").exclude(render_token="")
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"monthly-report:{pk}:{token}",
                task="analytics.tasks.render_monthly_report",
                # No language: the report is written in the default one.
                args=[pk, token, ""],
                queue=settings.PDF_QUEUE,
                created_at=now,
                available_at=now,
            )
            for pk, token in waiting.values_list("pk", "render_token")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0002_monthly_report_public_id"),
        ("casework", "0016_outbox"),
    ]

    operations = [migrations.RunPython(enqueue_waiting_reports, migrations.RunPython.noop)]
