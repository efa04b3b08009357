"""Celery application. Tasks take primary keys, never model instances."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

app = Celery("panah")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
