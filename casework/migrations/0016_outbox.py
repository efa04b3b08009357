from datetime import timedelta

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def enqueue_unemailed_notifications(apps, schema_editor):
    """Before the outbox, a sweeper emailed what a mail outage held back for a day: what it
    had not emailed yet becomes the outbox's to deliver."""
    Notification = apps.get_model("casework", "Notification")
    OutboxMessage = apps.get_model("casework", "OutboxMessage")
    now = timezone.now()
    unemailed = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__gte=now - timedelta(days=1),
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .values_list("pk", "key")
    )
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"email:{key}",
                task="casework.notifications.notification_email",
                args=[pk],
                queue=settings.CELERY_TASK_DEFAULT_QUEUE,
                created_at=now,
                available_at=now,
            )
            for pk, key in unemailed
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0015_audit_linked_after_commit")]

    operations = [
        migrations.CreateModel(
            name="OutboxMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=255, unique=True)),
                ("task", models.CharField(max_length=200)),
                ("args", models.JSONField(default=list)),
                ("queue", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("available_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("claimed_until", models.DateTimeField(blank=True, null=True)),
                ("delivered_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "indexes": [
                    models.Index(condition=models.Q(("delivered_at__isnull", True)), fields=["available_at"], name="outbox_due"),
                    models.Index(condition=models.Q(("delivered_at__isnull", True)), fields=["task", "created_at"], name="outbox_waiting_by_task"),
                ],
            },
        ),
        migrations.RunPython(enqueue_unemailed_notifications, migrations.RunPython.noop),
    ]
