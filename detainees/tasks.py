"""Periodic work for the 24-hour clock, hearing and remand reminders, and bail not followed
by release. Each task only calls a service; every one is idempotent, so overlapping runs
send nothing twice."""

from celery import shared_task

from casework.outbox import outbox_task
from detainees.alerts import custody_notices_send
from detainees.bail.release import bail_release_alerts_send
from detainees.clock import detention_clock_alerts_send
from detainees.custody_reminders import remand_reminders_send, remand_run_out_alerts_send
from detainees.hearings.reminders import hearing_reminders_send


@shared_task
def detention_clock_check() -> int:
    return detention_clock_alerts_send()


@shared_task
def hearing_reminders() -> list[int]:
    return list(hearing_reminders_send())


@shared_task
def remand_reminders() -> int:
    return remand_reminders_send()


@shared_task
def remand_run_out_alerts() -> int:
    return remand_run_out_alerts_send()


@shared_task
def bail_release_alerts() -> int:
    return bail_release_alerts_send()


@outbox_task(kind="custody_notices")
def custody_notices(notices: list[list]) -> int:
    return custody_notices_send(notices)
