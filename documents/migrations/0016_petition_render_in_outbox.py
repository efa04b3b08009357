from django.conf import settings
from django.db import migrations
from django.utils import timezone


def enqueue_waiting_renders(apps, schema_editor):
    """Renders asked for before the outbox existed become outbox messages, with the same
    token, so that none of them stays "rendering"."""
    Petition = apps.get_model("documents", "Petition")
    OutboxMessage = apps.get_model("casework", "OutboxMessage")
    now = timezone.now()
    waiting = Petition.objects.filter(state="rendering").exclude(render_token="")
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"petition-render:{pk}:{token}",
                task="documents.petitions.tasks.render_petition",
                args=[pk, token],
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
        ("documents", "0015_document_rule_template_public_ids"),
        ("casework", "0016_outbox"),
    ]

    operations = [
        migrations.RunPython(enqueue_waiting_renders, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="petition", name="petition_render_waiting"),
        migrations.RemoveField(model_name="petition", name="render_queued_at"),
    ]
